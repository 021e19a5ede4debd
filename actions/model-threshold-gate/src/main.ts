import { runAction } from '@mlship/action-kit/lifecycle';
import { firstDeploymentNotice, runGate, type GateResult } from './gate';
import { readInputs, type GateInputs } from './inputs';
import { loadJmes, type Jmes } from './jmes';
import type { Output } from './names';
import { readLedgerBaseline, type LedgerBaseline } from './ledger-baseline';
import { createLedgerApi, hasAwsCredentials, lambdaAliasCheck } from './ledger-clients';
import { announce, buildReport, resultsJson, summaryMarkdown } from './report';

interface Gated {
  result: GateResult;
  ledger?: LedgerBaseline;
  results: { json: string; omitted: number };
}

void runAction<{ inputs: GateInputs; jmes: Jmes }, Gated>({
  inputs: async () => ({ inputs: await readInputs(process.env, process.cwd(), loadJmes), jmes: await loadJmes() }),
  secrets: ({ inputs }) => [inputs.baselineEnvironment?.token],
  async core({ inputs: { inputs, jmes }, kit, signal }) {
    let ledger: LedgerBaseline | undefined;
    const from = inputs.baselineEnvironment;
    if (from) {
      ledger = await readLedgerBaseline(from.name, {
        api: () => createLedgerApi(from.token, process.env, signal, kit.log),
        jmes,
        alias: hasAwsCredentials(process.env) ? lambdaAliasCheck(signal) : undefined,
        region: process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'] || undefined,
        warning: (message) => kit.log.warning(message),
        info: (message) => kit.log.info(message),
      });
      inputs.baseline = ledger.baseline;
      if (ledger.report.firstDeployment) {
        const policy =
          inputs.baselineMissing === 'pass' ? 'rules that need it are skipped' : 'rules that need it fail (baseline-missing: fail)';
        kit.log.notice(`${firstDeploymentNotice(from.name)}; ${policy}`);
      }
    }
    const result = runGate(inputs, { jmes });
    await kit.log.group(`Model gate: ${result.rules.length} rules`, async () => announce(result, kit.log));
    const results = resultsJson(result);
    if (results.omitted > 0)
      kit.log.warning(
        `The results output lists ${result.rules.length - results.omitted} of ${result.rules.length} rules (failures and warnings first) to stay within the output size limit; the job summary lists all.`,
      );
    return { result, ledger, results };
  },
  publish({ inputs: { inputs } }, ending) {
    if ('error' in ending) return {};
    const { result, ledger, results } = ending.result;
    const report = buildReport(result, inputs, ledger?.report);
    return {
      outputs: { passed: result.passed, failed: result.failedMetrics.join(', '), results: results.json } satisfies Record<Output, unknown>,
      report,
      summary: summaryMarkdown(report, result.rules),
      // Each failed rule already has its own ::error:: line; failing the step must not add another.
      fail: !result.passed && result.mode === 'enforce' ? true : undefined,
    };
  },
});
