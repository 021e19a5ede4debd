import { loadToolkit, runMain } from '@mlship/action-kit';
import { runGate } from './gate';
import { readInputs } from './inputs';
import { loadJmes } from './jmes';
import { announce, buildReport, resultsJson, summaryMarkdown } from './report';

runMain(async () => {
  const inputs = await readInputs(process.env, process.cwd(), loadJmes);
  const result = runGate(inputs, { jmes: await loadJmes() });
  const kit = await loadToolkit();
  await kit.log.group(`Model gate: ${result.rules.length} rules`, async () => announce(result, kit.log));
  const results = resultsJson(result);
  if (results.omitted > 0)
    kit.log.warning(
      `The results output lists ${result.rules.length - results.omitted} of ${result.rules.length} rules (failures and warnings first) to stay within the output size limit; the job summary lists all.`,
    );
  kit.setOutputs({
    passed: result.passed,
    failed: result.failedMetrics.join(', '),
    results: results.json,
  });
  kit.setReport(buildReport(result, inputs));
  await kit.writeSummary(summaryMarkdown(result, inputs));
  // Each failed rule already has its own ::error:: line; failing the step must not add another.
  if (!result.passed && result.mode === 'enforce') process.exitCode = 1;
});
