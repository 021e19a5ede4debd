import { CancelledError, recordingLog, virtualTime } from '@mlship/action-kit';
import type { Ecr, Repository, ScanState } from '../src/ecr';
import { scanGate } from '../src/scan';

const repo: Repository = { name: 'ml/model', uri: 'r/ml/model', registryId: '123456789012', mutability: 'MUTABLE', scanOnPush: false };

/** An in-memory ECR scan: a script of states, and a record of StartImageScan calls. */
function scripted(states: ScanState[], afterStart?: ScanState[]) {
  let queue = [...states];
  const starts: string[] = [];
  const ecr = {
    scanState: async () => (queue.length > 1 ? (queue.shift() as ScanState) : (queue[0] as ScanState)),
    startScan: async (_repo: Repository, digest: string) => {
      starts.push(digest);
      if (afterStart) queue = [...afterStart];
      return true;
    },
  } as unknown as Ecr;
  return { ecr, starts };
}

describe('scanGate', () => {
  it('starts a scan when scan-on-push is off and none exists, then gates on its findings', async () => {
    const time = virtualTime();
    const { ecr, starts } = scripted(
      [{ kind: 'missing' }],
      [
        { kind: 'in-progress', status: 'IN_PROGRESS' },
        { kind: 'complete', counts: { HIGH: 1 } },
      ],
    );
    const outcome = await scanGate(ecr, repo, 'sha256:d', 'HIGH', { timeoutMs: 60_000, ...time, log: recordingLog() });
    expect(starts).toEqual(['sha256:d']);
    expect(outcome).toMatchObject({ passed: false, failing: ['HIGH'], findings: { HIGH: 1 }, startedByUs: true });
  });

  it('waits for scan-on-push before starting a scan itself', async () => {
    const time = virtualTime();
    const { ecr, starts } = scripted([{ kind: 'missing' }, { kind: 'missing' }, { kind: 'complete', counts: {} }]);
    const outcome = await scanGate(ecr, { ...repo, scanOnPush: true }, 'sha256:d', 'CRITICAL', {
      timeoutMs: 60_000,
      ...time,
      log: recordingLog(),
      intervalMs: 1000,
      graceMs: 5000,
    });
    expect(starts).toEqual([]);
    expect(outcome.passed).toBe(true);
  });

  it('times out with the last status and what to do', async () => {
    const time = virtualTime();
    const { ecr } = scripted([{ kind: 'in-progress', status: 'IN_PROGRESS' }]);
    await expect(scanGate(ecr, repo, 'sha256:d', 'CRITICAL', { timeoutMs: 10_000, ...time, log: recordingLog() })).rejects.toThrow(
      /did not complete within 10.0s \(last status: IN_PROGRESS\)\. Raise scan-timeout/,
    );
    expect(time.clock.now()).toBe(10_000);
  });

  it('reports a failed scan', async () => {
    const time = virtualTime();
    const { ecr } = scripted([{ kind: 'failed', status: 'UNSUPPORTED_IMAGE', reason: 'The operating system is not supported' }]);
    await expect(scanGate(ecr, repo, 'sha256:d', 'CRITICAL', { timeoutMs: 10_000, ...time, log: recordingLog() })).rejects.toThrow(
      /UNSUPPORTED_IMAGE: The operating system/,
    );
  });

  it('stops at once when the job is cancelled', async () => {
    const time = virtualTime();
    const controller = new AbortController();
    controller.abort();
    const { ecr } = scripted([{ kind: 'in-progress', status: 'IN_PROGRESS' }]);
    await expect(
      scanGate(ecr, repo, 'sha256:d', 'CRITICAL', { timeoutMs: 10_000, ...time, signal: controller.signal, log: recordingLog() }),
    ).rejects.toBeInstanceOf(CancelledError);
  });
});
