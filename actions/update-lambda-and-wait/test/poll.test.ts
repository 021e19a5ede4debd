import { CancelledError, recordingLog, virtualTime } from '@mlship/action-kit';
import { PollTimeout, pollOnSchedule } from '../src/deploy/poll';
import { classifyError, withRetries } from '../src/deploy/retry';
import { startTiming } from '../src/deploy/timing';

describe('pollOnSchedule', () => {
  it('probes at start + k * interval and stops at the first settled answer', async () => {
    const time = virtualTime(1000);
    const at: number[] = [];
    const result = await pollOnSchedule(
      async () => {
        at.push(time.clock.now());
        return at.length === 4 ? { done: true as const, value: 'ok' } : { done: false as const, state: 'InProgress' };
      },
      { intervalMs: 1000, deadline: 1000 + 60_000, ...time },
    );
    expect(at).toEqual([1000, 2000, 3000, 4000]);
    expect(result).toEqual({ value: 'ok', waitedMs: 3000, polls: 4 });
  });

  it('keeps the cadence when a probe is slow, skipping the slots it overran instead of bunching calls', async () => {
    const time = virtualTime(0);
    const at: number[] = [];
    await pollOnSchedule(
      async () => {
        at.push(time.clock.now());
        time.advance(at.length === 2 ? 2500 : 100);
        return at.length === 4 ? { done: true as const, value: 1 } : { done: false as const, state: 0 };
      },
      { intervalMs: 1000, deadline: 60_000, ...time },
    );
    expect(at).toEqual([0, 1000, 4000, 5000]);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
  });

  it('never probes more than once per interval, and never past the deadline', async () => {
    const time = virtualTime(0);
    const at: number[] = [];
    const err = await pollOnSchedule(
      async () => {
        at.push(time.clock.now());
        return { done: false as const, state: 'InProgress' };
      },
      { intervalMs: 250, deadline: 10_000, ...time },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PollTimeout);
    expect((err as PollTimeout<string>).lastState).toBe('InProgress');
    expect((err as PollTimeout<string>).waitedMs).toBe(10_000);
    expect(at).toHaveLength(41);
    expect(Math.max(...at)).toBeLessThanOrEqual(10_000);
  });

  it('backs off while probes fail (1, 2, 4 intervals, capped at 5 s) and goes back to the schedule at the first answer', async () => {
    const time = virtualTime(0);
    const at: number[] = [];
    await pollOnSchedule(
      async () => {
        at.push(time.clock.now());
        if (at.length === 8) return { done: true as const, value: 'ok' };
        return { done: false as const, state: 'x', failed: at.length <= 5 };
      },
      { intervalMs: 1000, deadline: 60_000, ...time },
    );
    expect(at).toEqual([0, 1000, 3000, 7000, 12_000, 17_000, 18_000, 19_000]);
  });

  it('turns a probe the deadline cut short into PollTimeout', async () => {
    const time = virtualTime(0);
    const err = await pollOnSchedule(
      async () => {
        time.advance(10_000);
        throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      },
      { intervalMs: 1000, deadline: 5000, ...time },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PollTimeout);
    expect((err as PollTimeout<string>).waitedMs).toBe(10_000);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    const time = virtualTime(0);
    let polls = 0;
    const promise = pollOnSchedule(
      async () => {
        if (++polls === 3) controller.abort();
        return { done: false as const, state: 'InProgress' };
      },
      { intervalMs: 1000, deadline: 600_000, ...time, signal: controller.signal },
    );
    await expect(promise).rejects.toBeInstanceOf(CancelledError);
    expect(polls).toBe(3);
  });
});

function awsError(name: string, status: number | undefined, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });
}

describe('classifyError', () => {
  it.each([
    [
      awsError(
        'ResourceConflictException',
        409,
        'The operation cannot be performed at this time. An update is in progress for resource: arn:...',
      ),
      'update-in-progress',
    ],
    [awsError('ResourceConflictException', 409, 'Alias already exists: live'), 'fatal'],
    [awsError('TooManyRequestsException', 429), 'throttled'],
    [awsError('ServiceException', 500), 'transient'],
    [awsError('ServiceUnavailableException', 503), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [awsError('ResourceNotFoundException', 404), 'fatal'],
    [awsError('AccessDeniedException', 403), 'fatal'],
  ])('%s is %s', (err, kind) => {
    expect(classifyError(err)).toBe(kind);
  });
});

describe('withRetries', () => {
  const deps = (waitTimeoutMs = 60_000) => {
    const time = virtualTime(0);
    const log = recordingLog();
    const idle: string[] = [];
    const timing = startTiming(time, { waitTimeoutMs, pollIntervalMs: 1000 });
    return { time, log, idle, retry: { log, timing, waitForIdle: async (op: string) => void idle.push(op) } };
  };

  it('waits for the update in progress and retries after a conflict, telling the log', async () => {
    const { idle, log, retry } = deps();
    let calls = 0;
    const value = await withRetries(
      'PublishVersion',
      async () => {
        if (++calls < 3) throw awsError('ResourceConflictException', 409, 'An update is in progress for resource: x');
        return 'v7';
      },
      retry,
    );
    expect(value).toBe('v7');
    expect(idle).toEqual(['PublishVersion', 'PublishVersion']);
    expect(log.text()).toContain(
      'PublishVersion: another update of the function is in progress (ResourceConflictException); waiting for it to finish, then retrying',
    );
  });

  it('backs off on throttling and 5xx', async () => {
    const { time, log, retry } = deps();
    let calls = 0;
    await withRetries(
      'UpdateFunctionCode',
      async () => {
        if (++calls <= 3) throw awsError(calls === 2 ? 'ServiceException' : 'TooManyRequestsException', calls === 2 ? 500 : 429);
        return true;
      },
      retry,
    );
    expect(time.clock.now()).toBe(500 + 1000 + 2000);
    expect(log.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      'UpdateFunctionCode: throttled: TooManyRequestsException (HTTP 429); retry 1 in 500ms (until wait-timeout)',
      'UpdateFunctionCode: transient error: ServiceException (HTTP 500); retry 2 in 1.0s (until wait-timeout)',
      'UpdateFunctionCode: throttled: TooManyRequestsException (HTTP 429); retry 3 in 2.0s (until wait-timeout)',
    ]);
  });

  it('keeps retrying an outage for as long as wait-timeout allows, not a fixed count', async () => {
    const { time, retry } = deps(60_000);
    let calls = 0;
    const value = await withRetries(
      'UpdateFunctionCode',
      async () => {
        // Down for the first 30 s.
        calls++;
        if (time.clock.now() < 30_000) throw awsError('ServiceException', 503);
        return 'ok';
      },
      retry,
    );
    expect(value).toBe('ok');
    expect(calls).toBeGreaterThan(6);
    expect(time.clock.now()).toBeGreaterThanOrEqual(30_000);
    expect(time.clock.now()).toBeLessThan(40_000);
  });

  it('gives up at wait-timeout, naming the last failure', async () => {
    const { time, retry } = deps(3000);
    const err = await withRetries(
      'GetFunction',
      async () => Promise.reject(awsError('TooManyRequestsException', 429, 'Rate exceeded')),
      retry,
    ).catch((e: Error) => e);
    expect(err.message).toBe(
      'GetFunction did not succeed within wait-timeout (3 tries); the last try failed: GetFunction failed: TooManyRequestsException: Rate exceeded',
    );
    expect(time.clock.now()).toBe(1500);
  });

  it('aborts a call still in flight at the deadline', async () => {
    const { time, retry } = deps(5000);
    const err = await withRetries(
      'GetFunction',
      (signal) =>
        new Promise<never>((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })));
          // A server that never answers: time passes while the call hangs.
          time.advance(6000);
        }),
      retry,
    ).catch((e: Error) => e);
    expect(err.message).toBe('GetFunction did not succeed within wait-timeout (1 try); it was still in flight');
  });

  it('fails at once on an error retrying cannot fix', async () => {
    const { retry } = deps();
    let calls = 0;
    const err = await withRetries(
      'GetAlias',
      async () => {
        calls++;
        throw awsError('AccessDeniedException', 403, 'not allowed');
      },
      retry,
    ).catch((e: Error) => e);
    expect(calls).toBe(1);
    expect(err.message).toBe('GetAlias failed: AccessDeniedException: not allowed (grant lambda:GetAlias to the role this job assumes)');
  });
});
