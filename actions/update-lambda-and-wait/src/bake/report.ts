import { mdText, table, type BakeTimeline, type BakeVersionStats, type BakeWindow } from '@mlship/action-kit';
import { percentText } from './settings';

/**
 * Most windows the report and the `bake` output keep: the report has a 24 KiB
 * budget and one window is about 350 bytes. Long bakes keep every window that
 * was not healthy and the latest healthy ones, and count what they left out.
 */
export const MAX_REPORTED_WINDOWS = 40;

/** Bytes of timeline the report can hold beside the rest of the deploy. */
const TIMELINE_BUDGET_BYTES = 18 * 1024;

export function compactTimeline(timeline: BakeTimeline, max = MAX_REPORTED_WINDOWS): BakeTimeline {
  const fewer = fewerWindows(timeline, max);
  if (JSON.stringify(fewer).length <= TIMELINE_BUDGET_BYTES) return fewer;
  // Many alarms in many windows: keep only the alarms that were not OK.
  return { ...fewer, windows: fewer.windows.map((w) => (w.alarms ? { ...w, alarms: w.alarms.filter((a) => a.state !== 'OK') } : w)) };
}

function fewerWindows(timeline: BakeTimeline, max: number): BakeTimeline {
  if (timeline.windows.length <= max) return timeline;
  const keep = new Set<BakeWindow>(timeline.windows.filter((w) => w.verdict !== 'healthy').slice(-max));
  for (const w of [...timeline.windows].reverse()) {
    if (keep.size >= max) break;
    keep.add(w);
  }
  const windows = timeline.windows.filter((w) => keep.has(w));
  return { ...timeline, windows, omittedWindows: timeline.windows.length - windows.length };
}

const VERDICT_ICON: Record<BakeWindow['verdict'], string> = {
  healthy: '✅ healthy',
  breach: '❌ breach',
  pending: '⏳ pending',
  'insufficient-traffic': '⚠️ too little traffic',
};

function rate(s: BakeVersionStats | undefined): string {
  if (!s) return '—';
  const r = s.errorRate === undefined ? 'no calls' : `${percentText(s.errorRate)} (${s.errors}/${s.invocations})`;
  return s.latency ? `${r}, ${s.latency.stat} ${s.latency.ms} ms` : r;
}

/** The compact timeline table of the job summary (deployment-summary draws the richer one, with a chart). */
export function bakeMarkdown(timeline: BakeTimeline): string {
  const rows = timeline.windows.map((w, i) => [
    String(i + 1),
    w.start.slice(11, 19),
    `${w.weight}%`,
    rate(w.new),
    rate(w.previous),
    w.alarms?.length ? w.alarms.map((a) => `${a.name}: ${a.state}`).join(', ') : '—',
    VERDICT_ICON[w.verdict],
    w.reason ?? '',
  ]);
  const few = timeline.windows.filter((w) => w.verdict === 'insufficient-traffic').length;
  const lines = [
    `**Bake:** ${timeline.result} · ${timeline.steps.map((s) => `${s.weight}% for ${s.bakeSeconds}s`).join(', ')}, then 100% · window ${timeline.analysisIntervalSeconds}s, metrics-delay ${timeline.metricsDelaySeconds}s`,
    '',
    `**Rules:** ${mdText(timeline.rules.join('; '))}`,
    '',
    table(['#', 'Start (UTC)', 'Weight', 'New version', 'Previous version', 'Alarms', 'Verdict', 'Why'], rows),
  ];
  if (few > 0) lines.push('', `⚠️ ${few} window${few === 1 ? '' : 's'} had too little traffic to judge the rates.`);
  if (timeline.omittedWindows) lines.push('', `${timeline.omittedWindows} earlier healthy windows are left out.`);
  return lines.join('\n');
}
