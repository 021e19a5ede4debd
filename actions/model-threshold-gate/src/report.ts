import {
  OUTPUT_BUDGET_BYTES,
  fitList,
  mdText,
  type GateBaselineRecord,
  type GateReport,
  type GateRuleResult,
  type Log,
} from '@mlship/action-kit';
import { gateSection } from '@mlship/action-kit/gate-section';
import type { GateResult } from './gate';
import type { GateInputs } from './inputs';

const VERDICT: Record<GateRuleResult['verdict'], string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skip: '⏭️ skip' };

export function headline(result: GateResult): string {
  const total = result.rules.length;
  const failed = result.rules.filter((r) => r.verdict === 'fail').length;
  const warned = result.rules.filter((r) => r.verdict === 'warn').length;
  const skipped = result.rules.filter((r) => r.verdict === 'skip').length;
  const extra = `${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}${skipped ? `, ${skipped} skipped` : ''}`;
  const passed = result.rules.filter((r) => r.verdict === 'pass').length;
  if (failed === 0) return `Model gate passed: ${passed} of ${total} rules passed${extra}`;
  const note = result.mode === 'report' ? ' (report mode: the job continues)' : '';
  return `Model gate failed: ${failed} of ${total} rules failed (${result.failedMetrics.join(', ')})${extra}${note}`;
}

/**
 * One line per rule. Failed rules are errors in enforce mode; in report mode
 * they are warnings, since the job is meant to go on.
 */
export function announce(result: GateResult, log: Log): void {
  for (const rule of result.rules) {
    const text = rule.message ?? rule.metric;
    if (rule.verdict === 'fail') (result.mode === 'enforce' ? log.error : log.warning)(text);
    else if (rule.verdict === 'warn') log.warning(text);
    else log.info(`${VERDICT[rule.verdict]}: ${text}`);
  }
}

/** The report's and the results output's share of `toJSON(steps)` (one 128 KiB environment variable for all steps). */
const RULES_BYTES = { report: 12 * 1024, results: 16 * 1024 };
const isProblem = (r: GateRuleResult): boolean => r.verdict === 'fail' || r.verdict === 'warn';

/** The `results` output: every rule when they fit, else failures and warnings first. */
export function resultsJson(result: GateResult): { json: string; omitted: number } {
  const fitted = fitList(result.rules, Math.min(RULES_BYTES.results, OUTPUT_BUDGET_BYTES), isProblem);
  return { json: JSON.stringify(fitted.items), omitted: fitted.omitted };
}

export function buildReport(result: GateResult, inputs: GateInputs, baselineRecord?: GateBaselineRecord): GateReport {
  const failing = !result.passed && result.mode === 'enforce';
  const rules = fitList(result.rules, RULES_BYTES.report, isProblem);
  return {
    action: 'model-threshold-gate',
    schema: 1,
    outcome: failing ? 'failure' : 'success',
    headline: headline(result),
    ...(failing ? { error: result.rules.find((r) => r.verdict === 'fail')?.message } : {}),
    passed: result.passed,
    mode: result.mode,
    rules: rules.items,
    ...(rules.omitted ? { rulesOmitted: rules.omitted } : {}),
    failed: result.failedMetrics,
    metricsSource: inputs.metrics.source,
    baselineSource: inputs.baseline?.source,
    ...(baselineRecord ? { baselineRecord } : {}),
  };
}

/**
 * The action's job summary: its title and headline, then the kind's one
 * section (the same deployment-summary shows), over every rule: the report
 * may have cut its list to fit its output.
 */
export function summaryMarkdown(report: GateReport, rules: GateRuleResult[] = report.rules): string {
  const icon = report.passed ? '✅' : report.mode === 'report' ? '⚠️' : '❌';
  const all = { ...report, rules, rulesOmitted: rules === report.rules ? report.rulesOmitted : undefined };
  return [`### ${icon} Model gate`, '', mdText(report.headline), '', gateSection(all, {}), ''].join('\n');
}
