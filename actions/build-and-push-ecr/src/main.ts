import { InputReader, loadToolkit, runMain } from '@mlship/action-kit';

runMain(async () => {
  const reader = new InputReader();
  reader.required('repository', { example: 'repository: my-model' });
  const kit = await loadToolkit();
  kit.log.info('skeleton');
});
