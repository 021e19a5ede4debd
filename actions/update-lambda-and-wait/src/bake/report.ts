import type { BakeTimeline, BakeWindow } from '@mlship/action-kit';

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
