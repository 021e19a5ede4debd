import { ActionFailure, formatDuration, isAbort, type Log } from '@mlship/action-kit';
import { describeAwsError, failureName } from '@mlship/aws-kit';
import type { FunctionState, LambdaApi } from '../lambda-api';
import { PollTimeout, pollOnSchedule } from './poll';
import { classifyError, type Call } from './retry';
import type { Timing } from './timing';

export interface WaitDeps {
  api: LambdaApi;
  log: Log;
  timing: Timing;
}

type Settled = (state: FunctionState) => boolean;

export interface Waited {
  state: FunctionState;
  waitedMs: number;
  polls: number;
}

/**
 * Polls until `settled`, through throttling, 5xx and connection errors, for
 * as long as wait-timeout allows. A timeout names the last state seen and the
 * last failure, so a deploy that gave up during an outage says so.
 */
async function waitFor(what: string, read: Call<FunctionState | undefined>, settled: Settled, deps: WaitDeps): Promise<Waited> {
  const { log, timing } = deps;
  let last: FunctionState | undefined;
  let lastFailure: unknown;
  let failedPolls = 0;
  try {
    const { value, waitedMs, polls } = await pollOnSchedule<FunctionState, FunctionState | undefined>(async () => {
      try {
        const sentAt = timing.clock.now();
        const state = await read(timing.callSignal());
        // Epoch times, so a run can be lined up with the service's log (bench/lambda-detection-lag).
        log.debug(
          `poll sent ${Math.round(sentAt)} answered ${Math.round(timing.clock.now())}: ${state ? describeState(state) : 'not found'}`,
        );
        if (state === undefined) throw new ActionFailure(`${what}: the function or version disappeared while waiting`);
        last = state;
        return settled(state) ? { done: true, value: state } : { done: false, state };
      } catch (err) {
        // A cancel or the deadline: pollOnSchedule turns it into CancelledError or PollTimeout.
        if (isAbort(err)) throw err;
        const kind = classifyError(err);
        if (err instanceof ActionFailure || kind === 'fatal' || kind === 'update-in-progress') {
          throw err instanceof ActionFailure ? err : new ActionFailure(describeAwsError('lambda', 'GetFunction', err));
        }
        lastFailure = err;
        failedPolls++;
        log.warning(`GetFunction failed (${failureName(err)}); polling again with backoff until wait-timeout`);
        return { done: false, state: last, failed: true };
      }
    }, timing);
    return { state: value, waitedMs, polls };
  } catch (err) {
    if (!(err instanceof PollTimeout)) throw err;
    const state = last ? describeState(last) : 'no successful poll';
    const failure =
      lastFailure === undefined
        ? ''
        : `; ${failedPolls} poll${failedPolls === 1 ? '' : 's'} failed, the last with ${describeAwsError('lambda', 'GetFunction', lastFailure)}`;
    throw new ActionFailure(`Timed out after ${formatDuration(err.waitedMs)} waiting for ${what} (wait-timeout): ${state}${failure}`, [
      `Polled ${err.polls} times, every ${formatDuration(timing.intervalMs)}. Raise wait-timeout if updates of this function take longer.`,
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
export function waitForUpdate(name: string, deps: WaitDeps): Promise<Waited> {
  return waitFor(`the update of ${name}`, (signal) => deps.api.getFunction(name, signal), updateOver, deps);
}

/** Waits until a published version is Active; fails if it turns Failed. */
export async function waitForVersionActive(name: string, version: string, deps: WaitDeps): Promise<Waited> {
  const result = await waitFor(
    `version ${version} of ${name} to become Active`,
    (signal) => deps.api.getVersion(name, version, signal),
    (s) => s.state !== 'Pending',
    deps,
  );
  if (result.state.state === 'Failed' || result.state.state === 'Inactive') {
    throw new ActionFailure(`Version ${version} of ${name} ended ${result.state.state}: ${result.state.stateReason ?? 'no reason given'}`);
  }
  return result;
}
