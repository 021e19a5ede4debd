// The deploy sequence with an in-memory Lambda (the HTTP-level behaviour is
// covered against moto in test/integration/lambda-deploy.test.ts): guards that
// are hard to provoke through a real service.
import { recordingLog, virtualTime } from '@mlship/action-kit';
import type { Inputs } from '../src/inputs';
import type { AliasState, FunctionState, LambdaApi } from '../src/lambda-api';
import { emptyResult, run } from '../src/run';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fn';

function fakeLambda(options: { shaAfterWait?: string; updateTakesMs?: number; clock: { now(): number } }) {
  let updatedAt = -Infinity;
  const calls: string[] = [];
  let alias: AliasState | undefined = { arn: `${ARN}:live`, name: 'live', version: '4', weights: {} };
  const base: FunctionState = { arn: ARN, name: 'fn', version: '$LATEST', packageType: 'Zip', state: 'Active', lastUpdateStatus: 'Successful', codeSha256: 'old' };
  const api: LambdaApi = {
    async getFunction() {
      calls.push('GetFunction');
      const busy = options.clock.now() < updatedAt + (options.updateTakesMs ?? 0);
      return { ...base, lastUpdateStatus: busy ? 'InProgress' : 'Successful', codeSha256: updatedAt > -Infinity ? (busy ? 'ours' : (options.shaAfterWait ?? 'ours')) : 'old' };
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
      alias = { arn: `${ARN}:${name}`, name, version, weights };
      return alias;
    },
    async updateAlias(_n, name, version, weights) {
      calls.push(`UpdateAlias ${version} ${JSON.stringify(weights)}`);
      alias = { arn: `${ARN}:${name}`, name, version, weights };
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
  const result = await run(inputs({ alias: 'live', canaryWeight: 0.25 }), { api, log: recordingLog(), ...time });
  expect(calls).toContain('PublishVersion ours');
  expect(calls.at(-1)).toBe('UpdateAlias 4 {"5":0.25}');
  expect(result).toMatchObject({ version: '5', previousVersion: '4', updateSeconds: 4, alias: { version: '4', weights: { '5': 0.25 } } });
});

it('does not publish when the code changed under it while waiting (someone else deployed)', async () => {
  const time = virtualTime(0);
  const { api, calls } = fakeLambda({ clock: time.clock, updateTakesMs: 2000, shaAfterWait: 'theirs' });
  const result = emptyResult(inputs());
  await expect(run(inputs(), { api, log: recordingLog(), ...time }, result)).rejects.toThrow(
    'The code of fn changed while waiting (CodeSha256 theirs, ours ours): another deploy overwrote it; not publishing it under this run\'s name',
  );
  expect(calls.some((c) => c.startsWith('PublishVersion'))).toBe(false);
  expect(result.functionArn).toBe(ARN);
});

it('refuses a canary onto the version the alias already serves', async () => {
  const time = virtualTime(0);
  const { api, calls } = fakeLambda({ clock: time.clock });
  await expect(run(inputs({ source: { kind: 'none' }, alias: 'live', version: '4', canaryWeight: 0.1 }), { api, log: recordingLog(), ...time })).rejects.toThrow(
    'alias live already points at version 4: a canary needs a different version',
  );
  expect(calls.filter((c) => c.startsWith('Update'))).toEqual([]);
});

it('in a dry run reads only', async () => {
  const time = virtualTime(0);
  const { api, calls } = fakeLambda({ clock: time.clock });
  const log = recordingLog();
  const result = await run(inputs({ alias: 'live', dryRun: true }), { api, log, ...time });
  expect(calls).toEqual(['GetFunction', 'GetAlias']);
  expect(result.steps).toEqual(['would update the code of fn from s3-bucket + s3-key', 'would publish a new version', 'would update alias live']);
});
