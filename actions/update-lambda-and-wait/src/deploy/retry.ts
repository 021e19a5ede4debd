import { ActionFailure, formatDuration, isAbort, throwIfCancelled, type Log } from '@mlship/action-kit';
import { awsErrorCode, describeAwsError, failureName, transientKind } from '@mlship/aws-kit';
import type { Timing } from './timing';

export type ErrorKind = 'update-in-progress' | 'throttled' | 'transient' | 'fatal';

/** What to do about a failed Lambda call. */
export function classifyError(err: unknown): ErrorKind {
  if (isAbort(err)) return 'fatal';
  const message = (err as Error | undefined)?.message ?? '';
  // "Alias already exists" is a ResourceConflictException too, and retrying it never helps.
  if (awsErrorCode(err) === 'ResourceConflictException') return /in progress/i.test(message) ? 'update-in-progress' : 'fatal';
  return transientKind(err) ?? 'fatal';
}

/** One Lambda call, given the signal that bounds it (cancel and deadline). */
export type Call<T> = (signal: AbortSignal) => Promise<T>;

export interface RetryDeps {
  log: Log;
  timing: Timing;
  /** Waits until the function's update in progress is over (someone else's or ours). */
  waitForIdle: (operation: string) => Promise<void>;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;
/** Conflicts mean waiting out an update each time; a deploy racing a loop of others still ends. */
const MAX_CONFLICTS = 10;

/** The ActionFailure for a call the deadline (wait-timeout) cut short or left no time to retry. */
function outOfTime(operation: string, timing: Timing, last: unknown, tries: number): ActionFailure {
  const lastFailure = last === undefined ? 'it was still in flight' : `the last try failed: ${describeAwsError('lambda', operation, last)}`;
  return new ActionFailure(`${operation} did not succeed within wait-timeout (${tries} tr${tries === 1 ? 'y' : 'ies'}); ${lastFailure}`);
}

/**
 * Calls a Lambda operation. An update in progress is waited out, then the
 * call is retried; throttling and 5xx/network errors are retried with
 * exponential backoff for as long as wait-timeout allows (not a fixed count:
 * an outage shorter than the wait must not fail the deploy); anything else
 * fails at once with the AWS error explained. A call still in flight at the
 * deadline is aborted.
 */
export async function withRetries<T>(operation: string, call: Call<T>, deps: RetryDeps): Promise<T> {
  const { timing, log } = deps;
  let failures = 0;
  let conflicts = 0;
  let last: unknown;
  for (let tries = 1; ; tries++) {
    throwIfCancelled(timing.signal);
    try {
      return await call(timing.callSignal());
    } catch (err) {
      throwIfCancelled(timing.signal);
      if (isAbort(err) && timing.expired()) throw outOfTime(operation, timing, last, tries);
      const kind = classifyError(err);
      if (kind === 'fatal') throw new ActionFailure(describeAwsError('lambda', operation, err));
      if (kind === 'update-in-progress') {
        if (++conflicts > MAX_CONFLICTS) {
          throw new ActionFailure(
            `${operation} failed: the function was busy with another update ${MAX_CONFLICTS} times in a row (ResourceConflictException)`,
          );
        }
        log.info(
          `${operation}: another update of the function is in progress (ResourceConflictException); waiting for it to finish, then retrying`,
        );
        await deps.waitForIdle(operation);
        continue;
      }
      last = err;
      failures++;
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - 1));
      if (timing.clock.now() + delay >= timing.deadline) throw outOfTime(operation, timing, err, tries);
      log.warning(
        `${operation}: ${kind === 'throttled' ? 'throttled' : 'transient error'}: ${failureName(err)}; retry ${failures} in ${formatDuration(delay)} (until wait-timeout)`,
      );
      await timing.sleep(delay, timing.signal);
    }
  }
}
