import { CancelledError } from './errors';

export interface Clock {
  /** Milliseconds, monotonic enough for measuring waits. */
  now(): number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A signal that aborts `ms` from now (AbortSignal.timeout in production, virtual time in tests). */
export type Timeout = (ms: number) => AbortSignal;

export const systemClock: Clock = { now: () => performance.timeOrigin + performance.now() };

export const systemTimeout: Timeout = (ms) => AbortSignal.timeout(Math.max(0, Math.ceil(ms)));

/** A sleep that ends early, with CancelledError, when the job is cancelled. */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}

/** True when the error is a cancelled or aborted operation (ours, fetch's, the SDK's, Octokit's). */
export function isAbort(err: unknown): boolean {
  if (err instanceof CancelledError) return true;
  const name = (err as { name?: unknown } | undefined)?.name;
  return name === 'AbortError' || (err as { code?: unknown } | undefined)?.code === 'ABORT_ERR';
}

/** `signal` and a timeout combined: aborted by whichever comes first. */
export function withTimeout(signal: AbortSignal | undefined, ms: number, timeout: Timeout = systemTimeout): AbortSignal {
  return signal ? AbortSignal.any([signal, timeout(ms)]) : timeout(ms);
}

/**
 * A signal aborted when the runner cancels the job. The runner sends SIGINT,
 * then SIGTERM about 7.5 s later, then SIGKILL; either signal stops every
 * wait at once. The listeners stay: a second signal must not kill the process
 * mid-cleanup (runMain bounds the cleanup instead).
 */
export function cancellationSignal(proc: NodeJS.Process = process): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => {
    if (!controller.signal.aborted) controller.abort(new CancelledError());
  };
  proc.on('SIGINT', abort);
  proc.on('SIGTERM', abort);
  return controller.signal;
}

/**
 * A clock, sleep and timeout for tests: sleeping advances time instantly, and
 * a timeout's signal aborts once virtual time reaches it (during a sleep or
 * an `advance`), so a deadline that cuts a call short is testable too.
 */
export function virtualTime(start = 0): { clock: Clock; sleep: Sleep; timeout: Timeout; advance(ms: number): void } {
  let current = start;
  const timers: Array<{ at: number; controller: AbortController }> = [];
  const move = (ms: number): void => {
    current += Math.max(0, ms);
    for (const timer of timers.filter((t) => t.at <= current)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    }
  };
  return {
    clock: { now: () => current },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new CancelledError();
      move(ms);
    },
    timeout: (ms) => {
      const controller = new AbortController();
      timers.push({ at: current + Math.max(0, ms), controller });
      if (ms <= 0) move(0);
      return controller.signal;
    },
    advance: move,
  };
}
