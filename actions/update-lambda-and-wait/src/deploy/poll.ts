import { isAbort, throwIfCancelled } from '@mlship/action-kit';
import type { Timing } from './timing';

/** A probe's answer: settled, or not yet; `failed` when the probe's call failed for a passing reason. */
export type Probe<T, S> = () => Promise<{ done: true; value: T } | { done: false; state: S; failed?: boolean }>;

export class PollTimeout<S> extends Error {
  constructor(
    readonly waitedMs: number,
    readonly lastState: S | undefined,
    readonly polls: number,
  ) {
    super(`still waiting after ${waitedMs}ms`);
  }
}

/** Failed polls back off: 1, 2, 4... intervals apart, capped here (or at the interval, if that is longer). */
export const BACKOFF_CAP_MS = 5000;

export function backoffMs(intervalMs: number, failuresInARow: number): number {
  return Math.min(Math.max(intervalMs, BACKOFF_CAP_MS), intervalMs * 2 ** (failuresInARow - 1));
}

/**
 * Probes on a fixed schedule: start, start + interval, start + 2 * interval...
 * A slow probe skips the slots it overran instead of bunching calls, so there
 * is never more than one probe per interval; the lag between the awaited
 * change and its detection is at most one interval plus one round trip.
 * While probes fail (throttling, 5xx, network) it backs off, and goes back to
 * the schedule at the first answer. Ends at the deadline (PollTimeout, also
 * when the deadline cut a probe short) or on cancellation (CancelledError).
 */
export async function pollOnSchedule<T, S>(
  probe: Probe<T, S>,
  timing: Pick<Timing, 'clock' | 'sleep' | 'signal' | 'deadline' | 'intervalMs'>,
): Promise<{ value: T; waitedMs: number; polls: number }> {
  const { intervalMs, deadline, clock, sleep, signal } = timing;
  const start = clock.now();
  let slot = 0;
  let polls = 0;
  let failures = 0;
  let lastState: S | undefined;
  for (;;) {
    throwIfCancelled(signal);
    let outcome: Awaited<ReturnType<Probe<T, S>>>;
    try {
      outcome = await probe();
    } catch (err) {
      throwIfCancelled(signal);
      if (isAbort(err) && clock.now() >= deadline) throw new PollTimeout(clock.now() - start, lastState, polls + 1);
      throw err;
    }
    polls++;
    const now = clock.now();
    if (outcome.done) return { value: outcome.value, waitedMs: now - start, polls };
    lastState = outcome.state;
    failures = outcome.failed ? failures + 1 : 0;
    let next: number;
    if (failures > 0) {
      next = now + backoffMs(intervalMs, failures);
      // The schedule resumes after the backoff, not from a slot already passed.
      slot = Math.ceil((next - start) / intervalMs);
    } else {
      slot = Math.max(slot + 1, Math.ceil((now - start) / intervalMs));
      next = start + slot * intervalMs;
    }
    if (next > deadline) throw new PollTimeout(now - start, lastState, polls);
    await sleep(next - now, signal);
  }
}
