import { CancelledError, recordingLog, virtualTime } from '@mlship/action-kit';
import { PollTimeout, pollOnSchedule } from '../src/poll';
import { classifyError, withRetries } from '../src/retry';

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
    [awsError('ResourceConflictException', 409, 'The operation cannot be performed at this time. An update is in progress for resource: arn:...'), 'update-in-progress'],
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
  const deps = () => {
    const time = virtualTime(0);
    const log = recordingLog();
    const idle: string[] = [];
    return { time, log, idle, retry: { ...time, log, deadline: 60_000, waitForIdle: async (op: string) => void idle.push(op) } };
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
    expect(log.text()).toContain('PublishVersion: another update of the function is in progress (ResourceConflictException); waiting for it to finish, then retrying');
  });

  it('backs off on throttling and 5xx within the attempt budget', async () => {
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
      'UpdateFunctionCode: throttled: TooManyRequestsException (HTTP 429); retry 1/5 in 500ms',
      'UpdateFunctionCode: transient error: ServiceException (HTTP 500); retry 2/5 in 1.0s',
      'UpdateFunctionCode: throttled: TooManyRequestsException (HTTP 429); retry 3/5 in 2.0s',
    ]);
  });

  it('gives up when the budget is spent, saying how often it tried', async () => {
    const { retry } = deps();
    const err = await withRetries('GetFunction', async () => Promise.reject(awsError('TooManyRequestsException', 429, 'Rate exceeded')), { ...retry, attempts: 3 }).catch((e: Error) => e);
    expect(err.message).toBe('GetFunction failed: TooManyRequestsException: Rate exceeded (gave up after 3 attempts)');
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
