import {
  OUTPUT_BUDGET_BYTES,
  code,
  fitList,
  mdText,
  table,
  type GateBaselineRecord,
  type GateReport,
  type GateRuleResult,
  type Log,
} from '@mlship/action-kit';
import { fmt, fmtPercent, type GateResult } from './gate';
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

function number(value: number | null | undefined, text?: string): string {
  if (text) return text;
  return value === undefined || value === null ? '' : fmt(value);
}

function signed(value: number | null | undefined, pct?: number | null): string {
  if (value === undefined || value === null) return '';
  const sign = value > 0 ? '+' : '';
  const percent = pct === undefined || pct === null ? '' : ` (${pct > 0 ? '+' : ''}${fmtPercent(pct)})`;
  return `${sign}${fmt(value)}${percent}`;
}

function bar(rule: GateRuleResult): string {
  if (rule.kind === 'threshold') return `${rule.op} ${number(rule.bar)}`;
  return `regression ≤ ${rule.allowed} (${rule.direction} is better)`;
}

export function summaryMarkdown(result: GateResult, inputs: GateInputs, baselineRecord?: GateBaselineRecord): string {
  const icon = result.passed ? '✅' : result.mode === 'report' ? '⚠️' : '❌';
  const rows = result.rules.map((rule) => [
    code(rule.metric),
    number(rule.value, rule.valueText),
    bar(rule),
    number(rule.baseline, rule.baselineText),
    signed(rule.delta, rule.deltaPercent),
    VERDICT[rule.verdict],
  ]);
  // Messages quote the metrics document (keys, values): foreign text.
  const notes = result.rules.filter((r) => r.verdict !== 'pass' && r.message).map((r) => `- ${VERDICT[r.verdict]}: ${mdText(r.message)}`);
  const sources = mdText(
    `Metrics from ${inputs.metrics.source}${inputs.baseline ? `, baseline from ${inputs.baseline.source}` : ''}; mode: ${result.mode}.`,
  );
  const moved =
    baselineRecord?.aliasMoved === true
      ? [
          '',
          `> ⚠️ ${mdText(`${baselineRecord.environment} changed outside the pipeline: alias ${baselineRecord.alias} serves version ${baselineRecord.aliasVersionNow}, the record says ${baselineRecord.version}.`)}`,
        ]
      : [];
  const used = baselineRecord ? ['', mdText(baselineUsed(baselineRecord))] : [];
  return [
    '## Model gate',
    '',
    `### ${icon} ${mdText(headline(result))}`,
    '',
    table(['Metric', 'Value', 'Bar', 'Baseline', 'Delta', 'Verdict'], rows),
    '',
    sources,
    ...used,
    ...moved,
    ...(notes.length ? ['', ...notes] : []),
    '',
  ].join('\n');
}

/** Which recorded deployment was the baseline (id, commit, date), or that there was none and why. */
export function baselineUsed(record: GateBaselineRecord): string {
  if (!record.found) return `Baseline: none (${record.problem ?? `nothing recorded for ${record.environment}`}).`;
  const parts = [
    `deployment ${record.deploymentId}`,
    record.commit ? `commit ${record.commit.slice(0, 7)}` : '',
    record.version ? `version ${record.version}` : '',
    record.date ? `deployed ${record.date}` : '',
  ].filter(Boolean);
  return `Baseline: ${record.environment}'s ${parts.join(', ')}.`;
}
