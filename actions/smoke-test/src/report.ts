/** Turns a SmokeResult into the report output, error lines and the summary section. */
import { escapeCell, formatDuration, formatMs, REPORT_SCHEMA, table, truncateBytes, verdictIcon, type SmokeCheckResult, type SmokeReport } from '@mlship/action-kit';
import { targetOf, toResult, type SmokeResult } from './run';

const BODY_LIMIT = 500;
const LOG_TAIL_LINES = 15;

export function buildReport(result: SmokeResult, redact: (text: string) => string): SmokeReport {
  const checks = result.outcomes.map((outcome) => toResult(outcome, redact));
  const total = checks.length;
  const skipped = checks.filter((c) => c.skipped).length;
  const headline = result.passed
    ? `${total} of ${total} ${plural(total, 'check')} passed`
    : `${result.failed.length} of ${total} ${plural(total, 'check')} failed: ${result.failed.join(', ')}${skipped ? ` (${skipped} skipped)` : ''}`;
  return {
    action: 'smoke-test',
    schema: REPORT_SCHEMA,
    outcome: result.passed ? 'success' : 'failure',
    headline,
    ...(result.passed ? {} : { error: headline }),
    passed: result.passed,
    checks,
    failedChecks: result.failed,
    durationMs: Math.round(result.durationMs),
  };
}

/** The `results` output: per check status, latency percentiles, attempts and reason. */
export function resultsJson(report: SmokeReport): string {
  const results = report.checks.map(({ name, kind, target, passed, skipped, status, p50Ms, p95Ms, maxMs, attempts, reason }) => ({
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
  }));
  return JSON.stringify(results);
}

/** One message per failed check: name, target, expected vs actual, first 500 bytes of the body, log tail. */
export function failureMessages(result: SmokeResult, redact: (text: string) => string): string[] {
  const messages: string[] = [];
  for (const { check, verdict } of result.outcomes) {
    if (!verdict || verdict.passed) continue;
    const lines = [`Check '${check.name}' failed: ${verdict.reason} (${targetOf(check)}, ${verdict.attempts} ${plural(verdict.attempts, 'attempt')})`];
    if (verdict.body !== undefined && verdict.body !== '') lines.push(`Body (first ${BODY_LIMIT} bytes): ${truncateBytes(verdict.body, BODY_LIMIT)}`);
    if (verdict.logTail) lines.push(`Log tail:\n${verdict.logTail.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n')}`);
    messages.push(redact(lines.join('\n')));
  }
  return messages;
}

export function summaryMarkdown(report: SmokeReport): string {
  const rows = report.checks.map((c: SmokeCheckResult) => [
    escapeCell(c.name),
    c.skipped ? `${verdictIcon(undefined)} skipped` : `${verdictIcon(c.passed)} ${c.passed ? 'passed' : 'failed'}`,
    c.status,
    ms(c.p50Ms),
    ms(c.p95Ms),
    c.attempts,
    c.reason ?? (c.waitedMs ? `up after ${formatDuration(c.waitedMs)}` : ''),
  ]);
  const title = `### ${verdictIcon(report.passed)} Smoke test: ${report.headline}`;
  const took = report.durationMs === undefined ? '' : `\n\nTook ${formatDuration(report.durationMs)}.`;
  return `${title}\n\n${table(['Check', 'Verdict', 'Status', 'p50', 'p95', 'Attempts', 'Reason'], rows)}${took}\n`;
}

function ms(value: number | undefined): string | undefined {
  return value === undefined ? undefined : formatMs(value);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
