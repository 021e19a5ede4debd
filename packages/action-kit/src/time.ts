import { CancelledError } from './errors';

export interface Clock {
  /** Milliseconds, monotonic enough for measuring waits. */
  now(): number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemClock: Clock = { now: () => performance.timeOrigin + performance.now() };

/** A sleep that ends early, with CancelledError, when the job is cancelled. */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}

/**
 * A signal aborted when the runner cancels the job. The runner sends SIGINT,
 * then SIGTERM a few seconds later; either stops every wait at once.
 */
export function cancellationSignal(proc: NodeJS.Process = process): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => controller.abort(new CancelledError());
  proc.once('SIGINT', abort);
  proc.once('SIGTERM', abort);
  return controller.signal;
}

/** A clock and sleep pair for tests: sleeping advances time instantly. */
export function virtualTime(start = 0): { clock: Clock; sleep: Sleep; advance(ms: number): void } {
  let current = start;
  return {
    clock: { now: () => current },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new CancelledError();
      current += Math.max(0, ms);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
