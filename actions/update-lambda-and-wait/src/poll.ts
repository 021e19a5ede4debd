import { throwIfCancelled, type Clock, type Sleep } from '@mlship/action-kit';

export interface PollTiming {
  intervalMs: number;
  /** Absolute deadline on `clock`. */
  deadline: number;
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
}

export type Probe<T, S> = () => Promise<{ done: true; value: T } | { done: false; state: S }>;

export class PollTimeout<S> extends Error {
  constructor(
    readonly waitedMs: number,
    readonly lastState: S | undefined,
    readonly polls: number,
  ) {
    super(`still waiting after ${waitedMs}ms`);
  }
}

/**
 * Probes on a fixed schedule: start, start + interval, start + 2 * interval...
 * A slow probe skips the slots it overran instead of bunching calls, so there
 * is never more than one probe per interval; the lag between the awaited
 * change and its detection is at most one interval plus one round trip.
 * Ends at the deadline (PollTimeout) or on cancellation (CancelledError).
 */
export async function pollOnSchedule<T, S>(probe: Probe<T, S>, timing: PollTiming): Promise<{ value: T; waitedMs: number; polls: number }> {
  const { intervalMs, deadline, clock, sleep, signal } = timing;
  const start = clock.now();
  let slot = 0;
  let polls = 0;
  let lastState: S | undefined;
  for (;;) {
    throwIfCancelled(signal);
    const outcome = await probe();
    polls++;
    const now = clock.now();
    if (outcome.done) return { value: outcome.value, waitedMs: now - start, polls };
    lastState = outcome.state;
    slot = Math.max(slot + 1, Math.ceil((now - start) / intervalMs));
    const next = start + slot * intervalMs;
    if (next > deadline) throw new PollTimeout(now - start, lastState, polls);
    await sleep(next - now, signal);
  }
}
