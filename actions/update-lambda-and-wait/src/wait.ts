import { ActionFailure, CancelledError, formatDuration, type Clock, type Log, type Sleep } from '@mlship/action-kit';
import { describeAwsError } from '@mlship/aws-kit';
import type { FunctionState, LambdaApi } from './lambda-api';
import { PollTimeout, pollOnSchedule } from './poll';
import { classifyError } from './retry';

export interface WaitDeps {
  api: LambdaApi;
  log: Log;
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
  intervalMs: number;
  deadline: number;
}

/** Polls that fail for a passing reason (throttling, 5xx) count as missed slots, up to this many in a row. */
const MAX_FAILED_POLLS = 10;

type Settled = (state: FunctionState) => boolean;

async function waitFor(what: string, read: () => Promise<FunctionState | undefined>, settled: Settled, deps: WaitDeps): Promise<{ state: FunctionState; waitedMs: number; polls: number }> {
  let failedInARow = 0;
  let last: FunctionState | undefined;
  try {
    const { value, waitedMs, polls } = await pollOnSchedule<FunctionState, FunctionState | undefined>(
      async () => {
        try {
          const sentAt = deps.clock.now();
          const state = await read();
          // Epoch times, so a run can be lined up with the service's log (bench/lambda-detection-lag).
          deps.log.debug(`poll sent ${Math.round(sentAt)} answered ${Math.round(deps.clock.now())}: ${state ? describeState(state) : 'not found'}`);
          if (state === undefined) throw new ActionFailure(`${what}: the function or version disappeared while waiting`);
          failedInARow = 0;
          last = state;
          return settled(state) ? { done: true, value: state } : { done: false, state };
        } catch (err) {
          // An aborted request is the job being cancelled, not a failed call.
          if (deps.signal?.aborted) throw new CancelledError();
          const kind = classifyError(err);
          if (err instanceof ActionFailure || kind === 'fatal' || kind === 'update-in-progress') {
            throw err instanceof ActionFailure ? err : new ActionFailure(describeAwsError('lambda', 'GetFunction', err));
          }
          if (++failedInARow >= MAX_FAILED_POLLS) {
            throw new ActionFailure(`${describeAwsError('lambda', 'GetFunction', err)} (${MAX_FAILED_POLLS} polls in a row failed while waiting for ${what})`);
          }
          deps.log.warning(`GetFunction failed (${kind}); polling again at the next interval`);
          return { done: false, state: last };
        }
      },
      { intervalMs: deps.intervalMs, deadline: deps.deadline, clock: deps.clock, sleep: deps.sleep, signal: deps.signal },
    );
    return { state: value, waitedMs, polls };
  } catch (err) {
    if (!(err instanceof PollTimeout)) throw err;
    const state = last ? describeState(last) : 'no successful poll';
    throw new ActionFailure(`Timed out after ${formatDuration(err.waitedMs)} waiting for ${what} (wait-timeout): ${state}`, [
      `Polled ${err.polls} times, every ${formatDuration(deps.intervalMs)}. Raise wait-timeout if updates of this function take longer.`,
    ]);
  }
}

export function describeState(state: FunctionState): string {
  const parts = [`LastUpdateStatus ${state.lastUpdateStatus ?? 'unknown'}`, `State ${state.state ?? 'unknown'}`];
  if (state.lastUpdateStatusReason) parts.push(`reason: ${state.lastUpdateStatusReason}`);
  return parts.join(', ');
}

const updateOver: Settled = (s) => s.lastUpdateStatus !== 'InProgress' && s.state !== 'Pending';

/** Waits until no update is in progress on the function (ours or anyone's). */
export function waitForUpdate(name: string, deps: WaitDeps): Promise<{ state: FunctionState; waitedMs: number; polls: number }> {
  return waitFor(`the update of ${name}`, () => deps.api.getFunction(name), updateOver, deps);
}

/** Waits until a published version is Active; fails if it turns Failed. */
export async function waitForVersionActive(name: string, version: string, deps: WaitDeps): Promise<{ state: FunctionState; waitedMs: number }> {
  const result = await waitFor(`version ${version} of ${name} to become Active`, () => deps.api.getVersion(name, version), (s) => s.state !== 'Pending', deps);
  if (result.state.state === 'Failed' || result.state.state === 'Inactive') {
    throw new ActionFailure(`Version ${version} of ${name} ended ${result.state.state}: ${result.state.stateReason ?? 'no reason given'}`);
  }
  return result;
}
