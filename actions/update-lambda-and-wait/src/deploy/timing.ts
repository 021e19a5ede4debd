import { systemTimeout, withTimeout, type Clock, type Sleep, type Timeout } from '@mlship/action-kit';

/** Where time comes from: the system in production, virtualTime() in tests. */
export interface TimeSource {
  clock: Clock;
  sleep: Sleep;
  /** Aborted when the job is cancelled. */
  signal?: AbortSignal;
  /** Defaults to AbortSignal.timeout. */
  timeout?: Timeout;
}

/**
 * The one timing context of a deploy: a clock, a sleep, the cancel signal,
 * the wait-timeout deadline and the poll cadence. Every wait, retry and call
 * of the run reads its time from here.
 */
export interface Timing {
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
  /** Absolute, on `clock`: when wait-timeout runs out. */
  deadline: number;
  /** The fixed poll cadence (poll-interval). */
  intervalMs: number;
  /** For one call: aborted by a cancel, or when the deadline passes while the call is in flight. */
  callSignal(): AbortSignal;
  /** Whether the deadline has passed. */
  expired(): boolean;
}

export function startTiming(source: TimeSource, budget: { waitTimeoutMs: number; pollIntervalMs: number }): Timing {
  const { clock, sleep, signal } = source;
  const timeout = source.timeout ?? systemTimeout;
  const deadline = clock.now() + budget.waitTimeoutMs;
  return {
    clock,
    sleep,
    signal,
    deadline,
    intervalMs: budget.pollIntervalMs,
    callSignal: () => withTimeout(signal, deadline - clock.now(), timeout),
    expired: () => clock.now() >= deadline,
  };
}
