// The deploy sequence with an in-memory Lambda (the HTTP-level behaviour is
// covered against moto in test/integration/lambda-deploy.test.ts): guards that
// are hard to provoke through a real service.
import { CancelledError, recordingLog, virtualTime } from '@mlship/action-kit';
import type { Inputs } from '../src/inputs';
import type { AliasState, FunctionState, LambdaApi } from '../src/lambda-api';
import { emptyResult, run } from '../src/deploy/run';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fn';

interface FakeOptions {
  shaAfterWait?: string;
  updateTakesMs?: number;
  clock: { now(): number };
  /** GetFunction answers 503 while the clock is in [from, to) after the update started. */
  outage?: { fromMs: number; toMs: number };
  /** GetFunction after the update never answers; time passes by this much while it hangs. */
  hangForMs?: number;
  advance?: (ms: number) => void;
}

function fakeLambda(options: FakeOptions) {
  let updatedAt = -Infinity;
  const calls: string[] = [];
  // Revisions as Lambda keeps them: a new RevisionId on every write.
  let revision = 1;
  let alias: AliasState | undefined = { arn: `${ARN}:live`, name: 'live', version: '4', weights: {}, revisionId: 'r1' };
  const base: FunctionState = {
    arn: ARN,
    name: 'fn',
    version: '$LATEST',
    packageType: 'Zip',
    state: 'Active',
    lastUpdateStatus: 'Successful',
    codeSha256: 'old',
  };
  const api: LambdaApi = {
    async getFunction(_name, signal) {
      calls.push('GetFunction');
      const since = options.clock.now() - updatedAt;
      if (options.outage && since >= options.outage.fromMs && since < options.outage.toMs) {
        throw Object.assign(new Error('Service unavailable'), { name: 'ServiceException', $metadata: { httpStatusCode: 503 } });
      }
      if (options.hangForMs !== undefined && updatedAt > -Infinity) {
        return new Promise<FunctionState>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })));
          options.advance?.(options.hangForMs as number);
        });
      }
      const busy = options.clock.now() < updatedAt + (options.updateTakesMs ?? 0);
      return {
        ...base,
        lastUpdateStatus: busy ? 'InProgress' : 'Successful',
        codeSha256: updatedAt > -Infinity ? (busy ? 'ours' : (options.shaAfterWait ?? 'ours')) : 'old',
      };
    },
    async getVersion(_name, version) {
      calls.push(`GetVersion ${version}`);
      return { ...base, version };
    },
    async updateCode() {
      calls.push('UpdateFunctionCode');
      updatedAt = options.clock.now();
      return { ...base, lastUpdateStatus: 'InProgress', codeSha256: 'ours' };
    },
    async publishVersion(_name, sha) {
      calls.push(`PublishVersion ${sha}`);
      return { ...base, version: '5', state: 'Active' };
    },
    async getAlias() {
      calls.push('GetAlias');
      return alias;
    },
    async createAlias(_n, name, version, weights) {
      calls.push(`CreateAlias ${version}`);
      alias = { arn: `${ARN}:${name}`, name, version, weights, revisionId: `r${++revision}` };
      return alias;
    },
    async updateAlias(_n, name, version, weights) {
      calls.push(`UpdateAlias ${version} ${JSON.stringify(weights)}`);
      alias = { arn: `${ARN}:${name}`, name, version, weights, revisionId: `r${++revision}` };
      return alias;
    },
  };
  return { api, calls };
}

const inputs = (over: Partial<Inputs> = {}): Inputs => ({
  functionName: 'fn',
  source: { kind: 's3', bucket: 'b', key: 'k' },
  publish: true,
  versionDescription: 'test',
  waitTimeoutMs: 60_000,
  pollIntervalMs: 1000,
  dryRun: false,
  region: 'us-east-1',
  ...over,
});

it('publishes with the CodeSha256 of the code it deployed and reports the update time at poll resolution', async () => {
  const time = virtualTime(0);
  const { api, calls } = fakeLambda({ clock: time.clock, updateTakesMs: 3500 });
  const result = await run(inputs({ alias: 'live', canaryWeight: 0.25 }), { api, log: recordingLog(), time });
  expect(calls).toContain('PublishVersion ours');
  expect(calls.at(-1)).toBe('UpdateAlias 4 {"5":0.25}');
  expect(result).toMatchObject({ version: '5', previousVersion: '4', updateSeconds: 4, alias: { version: '4', weights: { '5': 0.25 } } });
});

it('does not publish when the code changed under it while waiting (someone else deployed)', async () => {
  const time = virtualTime(0);
  const { api, calls } = fakeLambda({ clock: time.clock, updateTakesMs: 2000, shaAfterWait: 'theirs' });
  const result = emptyResult(inputs());
  await expect(run(inputs(), { api, log: recordingLog(), time }, result)).rejects.toThrow(
    "The code of fn changed while waiting (CodeSha256 theirs, ours ours): another deploy overwrote it; not publishing it under this run's name",
  );
  expect(calls.some((c) => c.startsWith('PublishVersion'))).toBe(false);
  expect(result.functionArn).toBe(ARN);
});

it('refuses a canary onto the version the alias already serves', async () => {
  const time = virtualTime(0);
  const { api, calls } = fakeLambda({ clock: time.clock });
  await expect(
    run(inputs({ source: { kind: 'none' }, alias: 'live', version: '4', canaryWeight: 0.1 }), { api, log: recordingLog(), time }),
  ).rejects.toThrow('alias live already points at version 4: a canary needs a different version');
  expect(calls.filter((c) => c.startsWith('Update'))).toEqual([]);
});

it('in a dry run reads only', async () => {
  const time = virtualTime(0);
  const { api, calls } = fakeLambda({ clock: time.clock });
  const log = recordingLog();
  const result = await run(inputs({ alias: 'live', dryRun: true }), { api, log, time });
  expect(calls).toEqual(['GetFunction', 'GetAlias']);
  expect(result.steps).toEqual([
    'would update the code of fn from s3-bucket + s3-key',
    'would publish a new version',
    'would update alias live',
  ]);
});

const failure = (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => Promise.reject(new Error('expected a failure')),
    (e: Error) => e,
  );

describe('timing: the cadence and wait-timeout, on a virtual clock', () => {
  const polls = (calls: string[]) => calls.slice(calls.indexOf('UpdateFunctionCode') + 1).filter((c) => c === 'GetFunction').length;

  it.each([
    [1000, 11],
    [2000, 6],
    [250, 41],
  ])('polls every poll-interval: %ims over a 10 s update is %i polls', async (pollIntervalMs, expected) => {
    const time = virtualTime(0);
    const { api, calls } = fakeLambda({ clock: time.clock, updateTakesMs: 10_000 });
    const result = await run(inputs({ pollIntervalMs, publish: false }), { api, log: recordingLog(), time });
    expect(polls(calls)).toBe(expected);
    expect(result.updateSeconds).toBe(10);
  });

  it('gives up at wait-timeout, not before and not after, and names the last state', async () => {
    const time = virtualTime(0);
    const { api, calls } = fakeLambda({ clock: time.clock, updateTakesMs: 3_600_000 });
    const err = await failure(run(inputs({ waitTimeoutMs: 60_000, pollIntervalMs: 1000 }), { api, log: recordingLog(), time }));
    expect(err.message).toBe(
      'Timed out after 1m00s waiting for the update of fn (wait-timeout): LastUpdateStatus InProgress, State Active',
    );
    expect(time.clock.now()).toBe(60_000);
    expect(polls(calls)).toBe(61);
  });

  it('keeps polling through an outage shorter than wait-timeout (30 s of 503 in a 40 s update, 60 s budget)', async () => {
    const time = virtualTime(0);
    const { api } = fakeLambda({ clock: time.clock, updateTakesMs: 40_000, outage: { fromMs: 1000, toMs: 31_000 } });
    const log = recordingLog();
    const result = await run(inputs({ waitTimeoutMs: 60_000 }), { api, log, time });
    expect(result.version).toBe('5');
    expect(result.updateSeconds).toBe(40);
    expect(log.lines.filter((l) => l.level === 'warning').length).toBeGreaterThan(5);
  });

  it('names the last failure when an outage outlasts wait-timeout', async () => {
    const time = virtualTime(0);
    const { api } = fakeLambda({ clock: time.clock, updateTakesMs: 40_000, outage: { fromMs: 1000, toMs: 3_600_000 } });
    const err = await failure(run(inputs({ waitTimeoutMs: 30_000 }), { api, log: recordingLog(), time }));
    expect(err.message).toMatch(
      /^Timed out after 2\d\.\ds waiting for the update of fn \(wait-timeout\): LastUpdateStatus InProgress, State Active; \d+ polls failed, the last with GetFunction failed: ServiceException: Service unavailable$/,
    );
    expect(time.clock.now()).toBeLessThanOrEqual(30_000);
  });

  it('aborts a poll still in flight when wait-timeout passes', async () => {
    const time = virtualTime(0);
    const { api } = fakeLambda({ clock: time.clock, updateTakesMs: 40_000, hangForMs: 3_600_000, advance: time.advance });
    const err = await failure(run(inputs({ waitTimeoutMs: 20_000 }), { api, log: recordingLog(), time }));
    expect(err.message).toMatch(/^Timed out after .* waiting for the update of fn \(wait-timeout\): no successful poll$/);
  });

  it('stops at once when the job is cancelled during the wait', async () => {
    const time = virtualTime(0);
    const controller = new AbortController();
    const { api, calls } = fakeLambda({ clock: time.clock, updateTakesMs: 600_000 });
    const sleep: typeof time.sleep = async (ms, signal) => {
      if (time.clock.now() >= 5000) controller.abort();
      return time.sleep(ms, signal);
    };
    const err = await failure(run(inputs(), { api, log: recordingLog(), time: { ...time, sleep, signal: controller.signal } }));
    expect(err).toBeInstanceOf(CancelledError);
    expect(polls(calls)).toBe(6);
  });
});

it('promotes with the RevisionId it read, and stops without writing when someone moved the alias in between', async () => {
  const time = virtualTime(0);
  const { api } = fakeLambda({ clock: time.clock });
  // The first read (before the write) sees version 4; another run then promotes its version 6.
  const views = [
    { arn: `${ARN}:live`, name: 'live', version: '4', weights: {}, revisionId: 'r1' },
    { arn: `${ARN}:live`, name: 'live', version: '6', weights: {}, revisionId: 'r2' },
  ];
  let reads = 0;
  api.getAlias = async () => views[Math.min(reads++, 1)];
  const sent: Array<string | undefined> = [];
  api.updateAlias = async (_n, _a, _v, _w, _s, revisionId) => {
    sent.push(revisionId);
    throw Object.assign(new Error('The Revision Id provided does not match the latest Revision Id.'), {
      name: 'PreconditionFailedException',
    });
  };
  await expect(run(inputs({ source: { kind: 'none' }, alias: 'live', version: '5' }), { api, log: recordingLog(), time })).rejects.toThrow(
    'alias live of fn was changed by someone else after this run read it (RevisionId r1): it now points at version 6 (100%). Not overwriting it',
  );
  expect(sent).toEqual(['r1']);
});

it('with version set to the primary version of a split alias, drops the split: 100% on it, said as a rollback', async () => {
  const time = virtualTime(0);
  const { api, calls } = fakeLambda({ clock: time.clock });
  const held = { arn: `${ARN}:live`, name: 'live', version: '4', weights: { '5': 0.1 }, revisionId: 'r1' };
  api.getAlias = async () => held;
  const result = await run(inputs({ source: { kind: 'none' }, alias: 'live', version: '4' }), { api, log: recordingLog(), time });
  expect(calls.at(-1)).toBe('UpdateAlias 4 {}');
  expect(result.rolledBackHold).toBe(true);
  expect(result.steps.at(-1)).toBe(
    'alias live: rolled back to version 4 (100%); the held split (version 4 (90%) and 10% on version 5) dropped',
  );
  expect(result.alias).toMatchObject({ version: '4', weights: {} });
});
