import { ActionFailure, formatDuration, throwIfCancelled, type Clock, type Log, type Sleep } from '@mlship/action-kit';
import type { Ecr, Repository } from './ecr';
import type { GateSeverity } from './names';
import { describeCounts, failingSeverities, type SeverityCounts } from './severity';

export interface ScanOutcome {
  status: string;
  findings: SeverityCounts;
  threshold: GateSeverity;
  passed: boolean;
  /** Severities at or above the threshold that have findings. */
  failing: string[];
  startedByUs: boolean;
}

export interface ScanWait {
  timeoutMs: number;
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
  log: Log;
  /** How often to ask ECR. */
  intervalMs?: number;
  /** With scan-on-push, how long to wait for ECR's own scan to show before starting one. */
  graceMs?: number;
}

/**
 * Waits for the ECR scan of one digest and applies the severity gate.
 * Without scan-on-push (or when its scan never shows) it starts the scan.
 */
export async function scanGate(ecr: Ecr, repo: Repository, digest: string, threshold: GateSeverity, wait: ScanWait): Promise<ScanOutcome> {
  const { clock, sleep, log } = wait;
  const interval = wait.intervalMs ?? 2000;
  const grace = repo.scanOnPush ? (wait.graceMs ?? 5000) : 0;
  const started = clock.now();
  const deadline = started + wait.timeoutMs;
  let startedByUs = false;
  let attemptedStart = false;
  let last: string;
  for (;;) {
    throwIfCancelled(wait.signal);
    const state = await ecr.scanState(repo, digest);
    if (state.kind === 'complete') {
      const failing = failingSeverities(state.counts, threshold);
      log.info(`Scan of ${digest}: ${describeCounts(state.counts)}`);
      return { status: 'COMPLETE', findings: state.counts, threshold, passed: failing.length === 0, failing, startedByUs };
    }
    if (state.kind === 'failed') {
      throw new ActionFailure(`The ECR scan of ${digest} ended with ${state.status}: ${state.reason}`);
    }
    last = state.kind === 'in-progress' ? state.status : 'no scan yet';
    if (state.kind === 'missing' && !attemptedStart && clock.now() - started >= grace) {
      attemptedStart = true;
      startedByUs = await ecr.startScan(repo, digest);
      log.info(
        startedByUs
          ? `Started an image scan of ${digest} (StartImageScan)`
          : `ECR says a scan of ${digest} already ran today; waiting for its findings`,
      );
      continue;
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new ActionFailure(
        `The ECR scan of ${digest} did not complete within ${formatDuration(wait.timeoutMs)} (last status: ${last}). Raise scan-timeout, or set scan: false.`,
      );
    }
    await sleep(Math.min(interval, remaining), wait.signal);
  }
}
