/** Where the analysis windows of one traffic step lie: pure arithmetic on epoch milliseconds. */

export interface WindowSpan {
  startMs: number;
  endMs: number;
}

export interface StepPlan {
  /** When the step's split was written. */
  stepStartMs: number;
  bakeMs: number;
  intervalMs: number;
  /** The first step of the bake: its first window takes in the sliver before the first edge. */
  first: boolean;
}

/**
 * Window edges on whole seconds, or whole minutes for minute-long windows:
 * CloudWatch buckets data by period from such edges, so a window then matches
 * its buckets exactly.
 */
export function edgeUnit(intervalMs: number): number {
  return intervalMs % 60_000 === 0 ? 60_000 : 1000;
}

/**
 * The windows of one step, from the edge at or before its start to the edge
 * at or before its end. The first window of the first step begins on the edge
 * before the split, so it may hold a sliver of the new version's traffic (a
 * split at 12:00:55 leaves it 5 s of a minute): that sliver would read as too
 * little traffic, so it joins the next window instead.
 */
export function planWindows(plan: StepPlan): WindowSpan[] {
  const unit = edgeUnit(plan.intervalMs);
  const align = (ms: number): number => Math.floor(ms / unit) * unit;
  const lastEnd = align(plan.stepStartMs + plan.bakeMs);
  const sliver = plan.first && plan.stepStartMs - align(plan.stepStartMs) > 0 ? unit : 0;
  const spans: WindowSpan[] = [];
  for (let start = align(plan.stepStartMs); start < lastEnd;) {
    const end = Math.min(start + plan.intervalMs + (spans.length === 0 ? sliver : 0), lastEnd);
    spans.push({ startMs: start, endMs: end });
    start = end;
  }
  return spans;
}
