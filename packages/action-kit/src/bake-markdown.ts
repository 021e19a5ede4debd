/**
 * The bake timeline of a progressive delivery (traffic-steps) as markdown:
 * the outcome, the rules, a table with one row per analysis window, and two
 * mermaid `xychart-beta` charts (error rate and latency per window, new
 * version against the previous one). One rendering, used by
 * update-lambda-and-wait's job summary and by deployment-summary (summary and
 * PR comment), so a bake reads the same everywhere.
 *
 * Foreign text (alarm names, reasons) goes through the markdown sink; chart
 * labels are ours and still go through the mermaid sink. GitHub's
 * `xychart-beta` has no legend and no gaps, so the lines are named in a
 * caption, and a window without data for a version is drawn at 0 and said
 * so; the table beside the charts always has the exact numbers.
 */
import { unreachable } from './errors';
import { formatDuration, formatMs, formatPercent } from './format';
import { facts, table } from './markdown';
import type { BakeTimeline, BakeVersionStats, BakeWindow, LambdaReport } from './reports/lambda';
import { xyChart } from './sinks/mermaid';
import { code, md, mdJoin, type Markdown, type MdValue } from './sinks/markdown';
import { nameList } from './sinks/output';

export interface BakeMarkdownOptions {
  /** Table rows kept (breaches first, then the latest windows); the rest is counted. Default: all. */
  maxRows?: number;
  /** Where the rows left out can be read, e.g. a link to the full job summary. */
  moreAt?: MdValue;
  /** Windows drawn in the charts, the latest ones. Default 60. */
  maxChartWindows?: number;
  /** False leaves the charts out (a compact rendering). Default true. */
  charts?: boolean;
}

/** What the rendering needs from a report: the timeline and how it ended. */
export type BakeSubject = Pick<LambdaReport, 'rolledBack' | 'rollbackReason' | 'alias'> & { bake: BakeTimeline };

export const DEFAULT_CHART_WINDOWS = 60;
/** Alarms named in one table cell; the rest are counted. */
const ALARMS_PER_CELL = 5;
/** New version first (red: the one being judged), previous second (blue). */
const COLORS = ['#d62728', '#1f77b4'];

const RESULT: Record<BakeTimeline['result'], string> = {
  promoted: '✅ **Promoted**',
  'rolled-back': '↩️ **Rolled back**',
  held: '⏸️ **Held**',
  cancelled: '🚫 **Cancelled**',
  stopped: '🛑 **Stopped**',
};

const VERDICT: Record<BakeWindow['verdict'], string> = {
  healthy: '✅ healthy',
  breach: '❌ breach',
  pending: '⏳ pending',
  'insufficient-traffic': '⚠️ too little traffic',
  inconclusive: '❔ inconclusive',
};

/** The whole bake block: outcome, rules, timeline table, charts. */
export function bakeMarkdown(subject: BakeSubject, opts: BakeMarkdownOptions = {}): string {
  const { bake } = subject;
  const parts = [bakeOutcome(subject), bakeRules(bake), bakeTable(bake, opts)];
  if (opts.charts !== false) parts.push(bakeCharts(bake, opts));
  return parts.filter(Boolean).join('\n\n');
}

/** One line: how the bake ended and why. */
export function bakeOutcome(subject: BakeSubject): string {
  const { bake } = subject;
  const { newVersion, previousVersion } = versions(bake);
  const judged = bake.windows.filter((w) => w.verdict !== 'pending').length;
  const pending = bake.windows.length - judged;
  const thin = bake.windows.filter((w) => w.verdict === 'insufficient-traffic').length;
  // insufficient-traffic: warn judges only what was seen: said here, not only in a table row.
  const counts = `${judged} window${judged === 1 ? '' : 's'} judged${thin > 0 ? `, ${thin} with too little traffic` : ''}${pending > 0 ? `, ${pending} pending` : ''}`;
  const alias = subject.alias?.name;
  const reason = subject.rollbackReason ?? bake.windows.find((w) => w.verdict === 'breach')?.reason;
  let what: Markdown;
  switch (bake.result) {
    case 'promoted':
      what = md`${newVersion ? md`version ${newVersion}` : 'the new version'} took 100%${alias ? md` of ${code(alias)}` : ''} after ${bake.steps.length} step${bake.steps.length === 1 ? '' : 's'}`;
      break;
    case 'rolled-back':
    case 'cancelled':
      what = subject.rolledBack
        ? md`${alias ? code(alias) : 'the alias'} is back on ${backOn(subject, previousVersion)}`
        : md`${alias ? code(alias) : 'the alias'} was not put back`;
      break;
    // Fixed sentences go in as values: prettier reflows a md`` literal as markdown (line breaks in the line).
    case 'held':
      what = bake.heldSplit ? heldOnPurpose(bake.heldSplit, alias) : md`${'weights left as they were (on-failure: hold)'}`;
      break;
    case 'stopped':
      what = md`${'someone else changed the alias; it was not overwritten'}`;
      break;
    default:
      return unreachable(bake.result);
  }
  const why = reason && bake.result !== 'promoted' && !bake.heldSplit ? md`: ${clip(reason, 500)}` : '';
  return `${RESULT[bake.result]}: ${what}${why} (${counts}).`;
}

/** The steps and rules as configured. */
export function bakeRules(bake: BakeTimeline): string {
  const steps = bake.steps.map((s) => `${s.weight}% for ${formatDuration(s.bakeSeconds * 1000)}`);
  return facts([
    ['Steps', `${[...steps, bake.hold ? 'hold' : '100%'].join(' → ')}`],
    ['Resumed', bake.resumedFrom !== undefined ? `from the held split (${bake.resumedFrom}%): steps at or under it skipped` : undefined],
    ['Rules', bake.rules.length > 0 ? mdJoin(bake.rules, ' · ') : 'none'],
    ...(bake.probes
      ? [
          [
            'Probes',
            md`${String(bake.probes.sent)} sent, ${String(bake.probes.failed)} failed${bake.probes.firstError ? md`; first error: ${clip(bake.probes.firstError, 200)}` : ''}`,
          ] as [string, Markdown],
        ]
      : []),
    [
      'Analysis',
      `every ${formatDuration(bake.analysisIntervalSeconds * 1000)}, judged once the data is ${formatDuration(bake.metricsDelaySeconds * 1000)} old`,
    ],
  ]);
}

/** One row per window; breaches and the latest windows kept when `maxRows` cuts. */
export function bakeTable(bake: BakeTimeline, opts: BakeMarkdownOptions = {}): string {
  const stat = bake.windows.find((w) => w.new.latency)?.new.latency?.stat ?? 'Latency';
  const { newVersion, previousVersion } = versions(bake);
  const kept = keepRows(bake.windows, opts.maxRows ?? Number.POSITIVE_INFINITY);
  const withEvidence = bake.windows.some((w) => w.evidence);
  const withMetrics = bake.windows.some((w) => w.metrics?.length);
  const rows = kept.map((w) => [
    windowTime(w, bake),
    `${w.step} · ${w.weight}%`,
    pair(w, (s) => String(s.invocations)),
    pair(w, (s) => String(s.errors)),
    pair(w, (s) => rate(s.errorRate)),
    pair(w, (s) => (s.latency ? formatMs(s.latency.ms) : undefined)),
    alarms(w.alarms),
    w.reason ? mdJoin([VERDICT[w.verdict], `: ${clip(w.reason, 300)}`], '') : VERDICT[w.verdict],
    ...(withEvidence ? [w.evidence ? clip(w.evidence.sentence, 300) : undefined] : []),
    ...(withMetrics ? [metricCell(w.metrics)] : []),
  ]);
  const who = `${newVersion ? `new ${newVersion}` : 'new'} / ${previousVersion ? `previous ${previousVersion}` : 'previous'}`;
  const headers = ['Window (UTC)', 'Step', `Invocations (${who})`, 'Errors', 'Error rate', `${stat}`, 'Alarms', 'Verdict'];
  if (withEvidence) headers.push('Error rate over the step so far (95% bound)');
  if (withMetrics) headers.push('Metrics rules');
  const notes: string[] = [];
  const cut = bake.windows.length - kept.length;
  if (cut > 0) notes.push(`_${cut} more window${cut === 1 ? '' : 's'} not shown here${opts.moreAt ? md`: see ${opts.moreAt}` : ''}._`);
  if (bake.omittedWindows)
    notes.push(
      `_${bake.omittedWindows} healthy window${bake.omittedWindows === 1 ? ' was' : 's were'} left out of the report to keep it under the output size limit._`,
    );
  return [table(headers, rows), ...notes].join('\n\n');
}

/** Error rate and latency per judged window, new against previous. */
export function bakeCharts(bake: BakeTimeline, opts: BakeMarkdownOptions = {}): string {
  const judged = bake.windows.filter((w) => w.verdict !== 'pending');
  if (judged.length === 0) return '_No window judged yet: nothing to chart._';
  const max = Math.max(1, opts.maxChartWindows ?? DEFAULT_CHART_WINDOWS);
  const charted = judged.slice(-max);
  const { newVersion, previousVersion } = versions(bake);
  const categories = charted.map((w) => clock(w.end, bake.analysisIntervalSeconds));
  const series = (pick: (s: BakeVersionStats) => number | undefined): { lines: number[][]; gaps: boolean } => {
    let gaps = false;
    const line = (stats: (w: BakeWindow) => BakeVersionStats | undefined): number[] =>
      charted.map((w) => {
        const s = stats(w);
        const v = s ? pick(s) : undefined;
        if (v === undefined) gaps = true;
        return v ?? 0;
      });
    return { lines: [line((w) => w.new), line((w) => w.previous)], gaps };
  };
  const errors = series((s) => (s.errorRate === undefined ? undefined : s.errorRate * 100));
  const latency = series((s) => s.latency?.ms);
  // A chart only for what was measured against a rule: no latency chart of zeros without max-latency.
  const stat = charted.find((w) => w.new.latency)?.new.latency?.stat;
  const errorRule = bake.rules.length === 0 || bake.rules.some((r) => r.startsWith('error rate'));
  const caption = md`Lines: 🟥 new version${newVersion ? md` ${newVersion}` : ''} (first), 🟦 previous version${previousVersion ? md` ${previousVersion}` : ''} (second).`;
  const notes = [caption.markup];
  if (judged.length > charted.length) notes.push(`The charts show the last ${charted.length} of ${judged.length} judged windows.`);
  if ((errorRule && errors.gaps) || (stat && latency.gaps))
    notes.push('A window without data for a version is drawn at 0 (the table shows it as —).');
  if (judged.length < bake.windows.length) notes.push('Pending windows are not charted.');
  const top = (lines: number[][], floor: number): number => niceMax(Math.max(floor, ...lines.flat()));
  const charts: string[] = [];
  if (errorRule) {
    charts.push(
      xyChart({
        title: 'Error rate per window (%)',
        xTitle: 'window end (UTC)',
        categories,
        yTitle: 'error rate (%)',
        yMax: top(errors.lines, 1),
        lines: errors.lines,
        colors: COLORS,
      }),
    );
  }
  if (stat) {
    charts.push(
      xyChart({
        title: `Latency ${stat} per window (ms)`,
        xTitle: 'window end (UTC)',
        categories,
        yTitle: `${stat} (ms)`,
        yMax: top(latency.lines, 10),
        lines: latency.lines,
        colors: COLORS,
        decimals: 0,
      }),
    );
  }
  if (charts.length === 0) return '';
  return [`_${notes.join(' ')}_`, ...charts].join('\n\n');
}

/** A bake that ended in its `hold` step: the split stays on purpose, and how a later run promotes or rolls back. */
function heldOnPurpose(split: NonNullable<BakeTimeline['heldSplit']>, alias: string | undefined): Markdown {
  const where = alias ? code(alias) : 'the alias';
  return md`version ${split.newVersion} keeps ${`${split.weight}%`} of ${where} and version ${split.previousVersion} the rest, held on purpose (the steps end in hold). To promote, run again with ${code(`version: ${split.newVersion}`)} and traffic-steps (it resumes from ${`${split.weight}%`}); to roll back, with ${code(`version: ${split.previousVersion}`)}`;
}

/** Where a rollback left the alias, said with what is known: the version, or the alias as read. */
function backOn(subject: BakeSubject, previousVersion: string | undefined): Markdown | string {
  const version =
    previousVersion ?? (subject.alias?.version && !Object.keys(subject.alias.weights ?? {}).length ? subject.alias.version : undefined);
  return version ? md`version ${version}` : 'the version it pointed at before the bake';
}

/** The version numbers, from the first window that names them. */
function versions(bake: BakeTimeline): { newVersion?: string; previousVersion?: string } {
  return {
    newVersion: bake.windows.find((w) => w.new.version)?.new.version,
    previousVersion: bake.windows.find((w) => w.previous?.version)?.previous?.version,
  };
}

/** Breaches and too-little-traffic windows first, then the latest ones; in time order. */
function keepRows(windows: BakeWindow[], max: number): BakeWindow[] {
  if (windows.length <= max) return windows;
  const keep = new Set<number>();
  windows.forEach((w, i) => {
    if (w.verdict === 'breach' && keep.size < max) keep.add(i);
  });
  for (let i = windows.length - 1; i >= 0 && keep.size < max; i--) keep.add(i);
  return windows.filter((_, i) => keep.has(i));
}

function pair(w: BakeWindow, value: (s: BakeVersionStats) => string | undefined): string {
  // A pending window with no data at all yet: nothing to show, and no zero that reads as healthy.
  if (w.verdict === 'pending' && w.new.invocations === 0 && !w.previous?.invocations) return '…';
  return `${value(w.new) ?? '—'} / ${w.previous ? (value(w.previous) ?? '—') : '—'}`;
}

/** Each custom metric rule of a window: kept, broken, or no data; one a line. */
function metricCell(list: BakeWindow['metrics']): string | undefined {
  if (!list || list.length === 0) return undefined;
  const shown = list.map((m) =>
    m.value === undefined
      ? `⚪ ${clip(m.rule, 120)}: no data`
      : `${m.passed ? '🟢' : '🔴'} ${clip(m.rule, 120)}: ${Math.round(m.value * 1000) / 1000}`,
  );
  return nameList(shown, ALARMS_PER_CELL, '\n');
}

function rate(r: number | undefined): string | undefined {
  if (r === undefined) return undefined;
  return formatPercent(r);
}

function alarms(list: BakeWindow['alarms']): string | undefined {
  if (!list || list.length === 0) return undefined;
  // Alarms in ALARM first: they are why a window failed. One per line (the cell turns newlines into <br>).
  const sorted = [...list].sort((a, b) => Number(b.state === 'ALARM') - Number(a.state === 'ALARM'));
  const shown = sorted.map(
    (a) => `${a.state === 'ALARM' ? '🔴' : a.state === 'OK' ? '🟢' : '⚪'} ${clip(a.name, 120)}: ${clip(a.state, 20)}`,
  );
  return nameList(shown, ALARMS_PER_CELL, '\n');
}

/** Keeps one long foreign string (a reason, an alarm name) from swallowing the table. */
function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

function windowTime(w: BakeWindow, bake: BakeTimeline): string {
  return `${clock(w.start, bake.analysisIntervalSeconds)}–${clock(w.end, bake.analysisIntervalSeconds)}`;
}

/** `12:04` for minute windows, `12:04:05` when windows are seconds long; the ISO text as is when it is no date. */
function clock(iso: string, intervalSeconds: number): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return String(iso);
  const text = at.toISOString().slice(11, 19);
  return intervalSeconds % 60 === 0 && text.endsWith(':00') ? text.slice(0, 5) : text;
}

/** A round axis top a little above `value`: 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^n. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= value * 1.1) ?? 10;
  return Number((step * power).toPrecision(3));
}
