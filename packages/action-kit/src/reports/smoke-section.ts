/** smoke-test's section: the one rendering of a SmokeReport's markdown (see section.ts). */
import { clipText, formatDuration, formatMs, optional } from '../format';
import { table, verdictIcon } from '../markdown';
import { code, type MdValue } from '../sinks/markdown';
import { omittedNote, plural, shorten, type SectionOptions } from './section';
import type { SmokeCheckResult, SmokeReport } from './smoke';

const ms = optional(formatMs);

/**
 * The counts, then one row per check (failures kept first when `maxRows`
 * cuts the table). The action passes every check it ran; a report read back
 * holds those that fitted its output, and says how many were left out.
 */
export function smokeSection(r: SmokeReport, opts: SectionOptions): string {
  const rows = r.checks.map((c) => [
    c.name,
    c.skipped ? `${verdictIcon(undefined)} skipped` : `${verdictIcon(c.passed)} ${c.passed ? 'passed' : 'failed'}`,
    c.status,
    ms(c.p50Ms),
    ms(c.p95Ms),
    c.attempts,
    clipText(c.reason, 300) ?? [tolerated(c), c.waitedMs ? `up after ${formatDuration(c.waitedMs)}` : ''].filter(Boolean).join('; '),
    code(c.target),
  ]);
  const shown = shorten<MdValue[]>(
    rows,
    r.checks.map((c) => !c.passed && !c.skipped),
    opts,
  );
  return [
    countLine(r),
    table(['Check', 'Verdict', 'Status', 'p50', 'p95', 'Attempts', 'Reason', 'Target'], shown.rows),
    omittedNote(r.checksOmitted, 'check'),
    shown.note,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Counted over every check run (the report's totals), not only the rows it kept. */
function countLine(r: SmokeReport): string {
  const totals = r.totals ?? {
    checks: r.checks.length,
    passed: r.checks.filter((c) => c.passed).length,
    skipped: r.checks.filter((c) => !c.passed && c.skipped).length,
  };
  const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
  const took = r.durationMs === undefined ? '' : ` Took ${formatDuration(r.durationMs)}.`;
  return `${totals.passed} of ${totals.checks} ${plural(totals.checks, 'check')} passed${skipped}.${took}`;
}

/** A passed check's tolerated failures: `1 of 50 requests failed (2%, max-error-rate 2%)`. */
export function tolerated(c: SmokeCheckResult): string {
  if (!c.failedRequests) return '';
  return `${c.failedRequests} of ${c.requestsSent} requests failed (${c.errorRatePercent}%, max-error-rate ${c.maxErrorRatePercent}%)`;
}
