import { ActionFailure, CancelledError, formatDuration, throwIfCancelled, type Clock, type Log, type Sleep } from '@mlship/action-kit';
import { awsErrorCode, awsHttpStatus, describeAwsError } from '@mlship/aws-kit';

export type ErrorKind = 'update-in-progress' | 'throttled' | 'transient' | 'fatal';

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded']);
const NETWORK = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up|timed? ?out|network/i;

/** What to do about a failed Lambda call. */
export function classifyError(err: unknown): ErrorKind {
  if (err instanceof CancelledError || (err as Error | undefined)?.name === 'AbortError') return 'fatal';
  const code = awsErrorCode(err) ?? '';
  const status = awsHttpStatus(err);
  const message = (err as Error | undefined)?.message ?? '';
  // "Alias already exists" is a ResourceConflictException too, and retrying it never helps.
  if (code === 'ResourceConflictException') return /in progress/i.test(message) ? 'update-in-progress' : 'fatal';
  if (THROTTLING.has(code) || status === 429) return 'throttled';
  if (status !== undefined && status >= 500) return 'transient';
  if (status === undefined && (NETWORK.test(message) || NETWORK.test(code) || NETWORK.test(String((err as { code?: string }).code ?? '')))) return 'transient';
  return 'fatal';
}

export interface RetryDeps {
  log: Log;
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
  /** Absolute deadline on `clock` for retries and waits. */
  deadline: number;
  /** Attempts for throttling and transient errors, including the first. */
  attempts?: number;
  /** Waits until the function's update in progress is over (someone else's or ours). */
  waitForIdle: (operation: string) => Promise<void>;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;
/** Conflicts mean waiting out an update each time; a deploy racing a loop of others still ends. */
const MAX_CONFLICTS = 10;

/**
 * Calls a Lambda operation. An update in progress is waited out, then the
 * call is retried; throttling and 5xx/network errors are retried with
 * exponential backoff within the attempt budget and the deadline; anything
 * else fails at once with the AWS error explained.
 */
export async function withRetries<T>(operation: string, call: () => Promise<T>, deps: RetryDeps): Promise<T> {
  const attempts = deps.attempts ?? 6;
  let failures = 0;
  let conflicts = 0;
  for (;;) {
    throwIfCancelled(deps.signal);
    try {
      return await call();
    } catch (err) {
      if (deps.signal?.aborted) throw new CancelledError();
      const kind = classifyError(err);
      if (kind === 'fatal') throw new ActionFailure(describeAwsError('lambda', operation, err));
      if (kind === 'update-in-progress') {
        if (++conflicts > MAX_CONFLICTS) {
          throw new ActionFailure(`${operation} failed: the function was busy with another update ${MAX_CONFLICTS} times in a row (ResourceConflictException)`);
        }
        deps.log.info(`${operation}: another update of the function is in progress (ResourceConflictException); waiting for it to finish, then retrying`);
        await deps.waitForIdle(operation);
        continue;
      }
      failures++;
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - 1));
      const reason = `${awsErrorCode(err) ?? 'network error'}${awsHttpStatus(err) ? ` (HTTP ${awsHttpStatus(err)})` : ''}`;
      if (failures >= attempts || deps.clock.now() + delay > deps.deadline) {
        throw new ActionFailure(`${describeAwsError('lambda', operation, err)} (gave up after ${failures} attempt${failures === 1 ? '' : 's'})`);
      }
      deps.log.warning(`${operation}: ${kind === 'throttled' ? 'throttled' : 'transient error'}: ${reason}; retry ${failures}/${attempts - 1} in ${formatDuration(delay)}`);
      await deps.sleep(delay, deps.signal);
    }
  }
}
