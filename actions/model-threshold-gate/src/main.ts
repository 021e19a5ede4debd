import { InputReader, loadToolkit, runMain } from '@mlship/action-kit';

runMain(async () => {
  const reader = new InputReader();
  const thresholds = reader.required('thresholds', { example: 'thresholds: accuracy >= 0.90' });
  const kit = await loadToolkit();
  kit.log.info(`rules: ${thresholds}`);
  kit.setReport({ action: 'model-threshold-gate', schema: 1, outcome: 'success', headline: 'stub', passed: true, mode: 'enforce', rules: [] });
  await kit.writeSummary('## Model gate\n\nstub\n');
});
