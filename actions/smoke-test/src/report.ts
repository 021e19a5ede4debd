/** Turns a SmokeResult into the report output, error lines and the summary section. */
import {
  EXCERPT_BYTES,
  OUTPUT_BUDGET_BYTES,
  REPORT_SCHEMA,
  clipBytes,
  fitList,
  mdText,
  nameList,
  tailLines,
  verdictIcon,
  type SmokeCheckResult,
  type SmokeReport,
} from '@mlship/action-kit';
import { smokeSection } from '@mlship/action-kit/smoke-section';
import { targetOf, toResult, type SmokeResult } from './run';

const LOG_TAIL_LINES = 15;
/** Foreign text kept per check in the report and results (a reason, expected, actual). */
const FIELD_BYTES = 300;
/**
 * The report's share of `toJSON(steps)`, which deployment-summary reads as one
 * environment variable (128 KiB) together with every other step's outputs.
 * The `results` output gets its own, larger share.
 */
const REPORT_CHECKS_BYTES = 12 * 1024;
const RESULTS_BYTES = 16 * 1024;

const isProblem = (c: SmokeCheckResult): boolean => !c.passed;

export function allResults(result: SmokeResult, redact: (text: string) => string): SmokeCheckResult[] {
  return result.outcomes.map((outcome) => clipFields(toResult(outcome, redact)));
}

function clipFields(c: SmokeCheckResult): SmokeCheckResult {
  const clip = (text: string | undefined): string | undefined => (text === undefined ? undefined : clipBytes(text, FIELD_BYTES));
  return {
    ...c,
    name: clipBytes(c.name, 200),
    target: clipBytes(c.target, FIELD_BYTES),
    reason: clip(c.reason),
    expected: clip(c.expected),
    actual: clip(c.actual),
  };
}

/**
 * The report: counts over every check, and the checks themselves as far as
 * they fit its share, failures first. It holds no second copy of `results`.
 */
export function buildReport(
  result: SmokeResult,
  redact: (text: string) => string,
  checks: SmokeCheckResult[] = allResults(result, redact),
): SmokeReport {
  const total = checks.length;
  const skipped = checks.filter((c) => c.skipped).length;
  const passedCount = checks.filter((c) => c.passed).length;
  const failedNames = result.failed.map(redact);
  const headline = result.passed
    ? `${total} of ${total} ${plural(total, 'check')} passed`
    : `${failedNames.length} of ${total} ${plural(total, 'check')} failed: ${nameList(failedNames)}${skipped ? ` (${skipped} skipped)` : ''}`;
  const fitted = fitList(checks, REPORT_CHECKS_BYTES, isProblem);
  const failedChecks = fitList(failedNames, 4 * 1024);
  return {
    action: 'smoke-test',
    schema: REPORT_SCHEMA,
    outcome: result.passed ? 'success' : 'failure',
    headline,
    ...(result.passed ? {} : { error: headline }),
    passed: result.passed,
    checks: fitted.items,
    ...(fitted.omitted ? { checksOmitted: fitted.omitted } : {}),
    totals: { checks: total, passed: passedCount, failed: failedNames.length, skipped },
    failedChecks: failedChecks.items,
    durationMs: Math.round(result.durationMs),
  };
}

/** The `results` output: per check status, latency percentiles, attempts and reason; failures kept first when cut. */
export function resultsJson(checks: SmokeCheckResult[]): { json: string; omitted: number } {
  const results = checks.map(({ name, kind, target, passed, skipped, status, p50Ms, p95Ms, maxMs, attempts, reason, ...rest }) => ({
    name,
    kind,
    target,
    passed,
    ...(skipped ? { skipped } : {}),
    status: status ?? null,
    p50Ms: p50Ms ?? null,
    p95Ms: p95Ms ?? null,
    maxMs: maxMs ?? null,
    attempts,
    reason: reason ?? null,
    ...(rest.failedRequests === undefined
      ? {}
      : { requestsSent: rest.requestsSent, failedRequests: rest.failedRequests, errorRatePercent: rest.errorRatePercent }),
  }));
  const fitted = fitList(results, Math.min(RESULTS_BYTES, OUTPUT_BUDGET_BYTES), (r) => !r.passed);
  return { json: JSON.stringify(fitted.items), omitted: fitted.omitted };
}

/** The `failed-checks` output: every failed name when it fits, else as many as fit and a count. */
export function failedChecksText(names: string[]): string {
  const fitted = fitList(names, 8 * 1024);
  return fitted.omitted ? `${fitted.items.join(', ')}, and ${fitted.omitted} more` : names.join(', ');
}

/** One message per failed check: name, target, expected vs actual, an excerpt of the body, the log tail; all bounded. */
export function failureMessages(result: SmokeResult, redact: (text: string) => string): string[] {
  const messages: string[] = [];
  for (const { check, verdict } of result.outcomes) {
    if (!verdict || verdict.passed) continue;
    const lines = [
      `Check '${check.name}' failed: ${clipBytes(verdict.reason ?? '', EXCERPT_BYTES)} (${targetOf(check)}, ${verdict.attempts} ${plural(verdict.attempts, 'attempt')})`,
    ];
    if (verdict.body !== undefined && verdict.body !== '')
      lines.push(`Body (first ${EXCERPT_BYTES} bytes): ${clipBytes(verdict.body, EXCERPT_BYTES)}`);
    if (verdict.logTail) lines.push(`Log tail:\n${tailLines(verdict.logTail, LOG_TAIL_LINES)}`);
    messages.push(redact(lines.join('\n')));
  }
  return messages;
}

/** The summary holds every check (the runner allows 1 MiB; 1,000 rows take about 200 kB): the kind's one section over all of them. */
export function summaryMarkdown(report: SmokeReport, checks: SmokeCheckResult[] = report.checks): string {
  const title = `### ${verdictIcon(report.passed)} Smoke test`;
  // Given every check run, none is left out; given the report's, its own count of those that were stands.
  const all = { ...report, checks, checksOmitted: checks === report.checks ? report.checksOmitted : undefined };
  const lines = [title, '', mdText(report.headline), '', smokeSection(all, {})];
  if (report.error && report.error !== report.headline) lines.push('', `**Error:** ${mdText(report.error)}`);
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
