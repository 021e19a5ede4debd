// The deploy's bake phase (src/bake/bake-alias.ts) through run(), with an
// in-memory Lambda that guards UpdateAlias by RevisionId as Lambda does and a
// BakeWiring whose CloudWatch answers are in memory. The engine's own rules
// are in bake-engine*.test.ts; here: which version is baked, what the wiring
// is told, and what the deploy's result says afterwards.
// (Until this file, only test/integration/lambda-bake.test.ts reached bake-alias.ts,
// and the mutation run counts no integration test but two.)
import { ActionFailure, recordingLog, virtualTime } from '@mlship/action-kit';
import type { Inputs } from '../src/inputs';
import type { AliasState, FunctionState, LambdaApi } from '../src/lambda-api';
import { emptyResult, run } from '../src/deploy/run';
import type { BakeWiring, MetricsPort, VersionNumbers } from '../src/bake/ports';
import type { BakeSettings } from '../src/bake/settings';
import type { AliasView } from '../src/alias/writer';
import { bakeSettings } from '../../../test/support/bake-settings';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fn';
const MIN = 60_000;

interface LambdaOptions {
  /** The version PublishVersion answers (Lambda answers the latest one when nothing changed). */
  publishes?: string;
  /** Without it the Lambda has no Invoke (probes cannot be sent). */
  invoke?: (qualifier: string, payload: string) => { status: number; functionError?: string; body: string };
}

function fakeLambda(options: LambdaOptions = {}) {
  const calls: string[] = [];
  let revision = 1;
  let alias: AliasState = { arn: `${ARN}:live`, name: 'live', version: '4', weights: {}, revisionId: 'r1' };
  const base: FunctionState = {
    arn: ARN,
    name: 'fn',
    version: '$LATEST',
    packageType: 'Zip',
    state: 'Active',
    lastUpdateStatus: 'Successful',
  };
  const invokes: Array<{ name: string; qualifier: string; payload: string }> = [];
  const api: LambdaApi = {
    async getFunction() {
      return { ...base, codeSha256: 'ours' };
    },
    async getVersion(_name, version) {
      return { ...base, version };
    },
    async updateCode() {
      calls.push('UpdateFunctionCode');
      return { ...base, codeSha256: 'ours' };
    },
    async publishVersion() {
      calls.push('PublishVersion');
      return { ...base, version: options.publishes ?? '5', state: 'Active' };
    },
    async getAlias() {
      return { ...alias, weights: { ...alias.weights } };
    },
    async createAlias() {
      throw new Error('the alias exists');
    },
    async updateAlias(_n, _name, version, weights, _signal, revisionId) {
      if (revisionId !== alias.revisionId) {
        throw Object.assign(new Error('The RevisionId provided does not match the latest RevisionId'), {
          name: 'PreconditionFailedException',
          $metadata: { httpStatusCode: 412 },
        });
      }
      calls.push(`UpdateAlias ${version} ${JSON.stringify(weights)}`);
      alias = { ...alias, version, weights: { ...weights }, revisionId: `r${++revision}` };
      return { ...alias, weights: { ...alias.weights } };
    },
  };
  if (options.invoke) {
    const answer = options.invoke;
    api.invoke = async (name, qualifier, payload) => {
      invokes.push({ name, qualifier, payload });
      return answer(qualifier, payload);
    };
  }
  return { api, calls, invokes, alias: () => alias };
}

/** The CloudWatch side in memory, and what the wiring was told. */
function fakeWiring(numbers: (version: string, startMs: number) => VersionNumbers = () => ({ invocations: 100, errors: 0 })) {
  const asked: Array<{ functionName: string; alias: string }> = [];
  const written: Array<{ version: string; weights: Record<string, number>; open: boolean; versions: unknown }> = [];
  const metrics: MetricsPort = {
    async window(q) {
      return { versions: Object.fromEntries(q.versions.map((v) => [v, numbers(v, q.startMs)])), custom: [] };
    },
    async alarms() {
      return {};
    },
  };
  const wiring: BakeWiring = {
    async metrics(functionName, alias) {
      asked.push({ functionName, alias });
      return metrics;
    },
    onAliasWritten(view: AliasView, open, versions) {
      written.push({ version: view.version, weights: view.weights, open, versions });
    },
  };
  return { wiring, asked, written };
}

const bake = (over: Partial<BakeSettings> = {}): BakeSettings =>
  bakeSettings({ steps: [{ weight: 10, bakeMs: 2 * MIN }], maxErrorRate: 0.05, ...over });

const inputs = (over: Partial<Inputs> = {}): Inputs => ({
  functionName: 'fn',
  source: { kind: 's3', bucket: 'b', key: 'k' },
  publish: true,
  versionDescription: 'test',
  waitTimeoutMs: 60_000,
  pollIntervalMs: 1000,
  dryRun: false,
  region: 'us-east-1',
  alias: 'live',
  bake: bake(),
  ...over,
});

describe('the bake phase of a deploy', () => {
  it('bakes the version this run published, tells the wiring each write, and reports the alias and the judged windows', async () => {
    const lambda = fakeLambda();
    const cw = fakeWiring();
    const log = recordingLog();
    const result = await run(inputs(), { api: lambda.api, log, time: virtualTime(0), bake: cw.wiring });
    expect(lambda.calls).toEqual(['UpdateFunctionCode', 'PublishVersion', 'UpdateAlias 4 {"5":0.1}', 'UpdateAlias 5 {}']);
    expect(cw.asked).toEqual([{ functionName: 'fn', alias: 'live' }]);
    expect(cw.written).toEqual([
      { version: '4', weights: { '5': 0.1 }, open: true, versions: { previousVersion: '4', newVersion: '5' } },
      { version: '5', weights: {}, open: false, versions: { previousVersion: '4', newVersion: '5' } },
    ]);
    expect(result.alias).toEqual({ arn: `${ARN}:live`, name: 'live', version: '5', weights: {}, revisionId: 'r3' });
    expect(result.bake?.timeline.result).toBe('promoted');
    expect(result.version).toBe('5');
    expect(result.versionArn).toBe(`${ARN}:5`);
    expect(result.steps.at(-1)).toBe('bake of version 5: promoted after 2 judged windows');
    expect(log.lines).toContainEqual({ level: 'group', message: 'Baking version 5 behind alias live' });
    expect(result.stoppedAt).toBeUndefined();
  });

  it('bakes an existing version given as version, and reports its ARN', async () => {
    const lambda = fakeLambda();
    const cw = fakeWiring();
    const result = await run(inputs({ source: { kind: 'none' }, version: '7' }), {
      api: lambda.api,
      log: recordingLog(),
      time: virtualTime(0),
      bake: cw.wiring,
    });
    expect(lambda.calls).toEqual(['UpdateAlias 4 {"7":0.1}', 'UpdateAlias 7 {}']);
    expect(result).toMatchObject({ version: '7', versionArn: `${ARN}:7`, alias: { version: '7', weights: {} } });
    expect(result.steps).toEqual(['bake of version 7: promoted after 2 judged windows']);
  });

  it('reads the metrics under the function name from its ARN, whatever form function-name took', async () => {
    const lambda = fakeLambda();
    const cw = fakeWiring();
    await run(inputs({ functionName: ARN }), { api: lambda.api, log: recordingLog(), time: virtualTime(0), bake: cw.wiring });
    expect(cw.asked).toEqual([{ functionName: 'fn', alias: 'live' }]);
  });

  it('a failed bake still reports where the alias is, the windows judged (one: singular) and why it rolled back', async () => {
    const lambda = fakeLambda();
    const cw = fakeWiring((version) => ({ invocations: 100, errors: version === '5' ? 60 : 0 }));
    const result = emptyResult(inputs());
    const err = await run(inputs(), { api: lambda.api, log: recordingLog(), time: virtualTime(0), bake: cw.wiring }, result).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ActionFailure);
    expect((err as Error).message).toMatch(/^Bake of version 5 failed: Window 1 .*Rolled back: alias live points at version 4 \(100%\)$/);
    expect(lambda.alias()).toMatchObject({ version: '4', weights: {} });
    expect(result.alias).toEqual({ arn: `${ARN}:live`, name: 'live', version: '4', weights: {}, revisionId: 'r3' });
    expect(result.steps.at(-1)).toMatch(
      /^bake of version 5: rolled-back after 1 judged window \(Window 1 \(step 1, 10% on version 5\): error rate: .*\)$/,
    );
    expect(result.stoppedAt).toBe('Baking version 5 behind alias live');
  });

  it('a bake that never started reports no judged windows and no reason in parentheses', async () => {
    const lambda = fakeLambda();
    const cw = fakeWiring();
    const result = emptyResult(inputs());
    await expect(
      run(
        inputs({ bake: bake({ alarms: ['gone'] }) }),
        { api: lambda.api, log: recordingLog(), time: virtualTime(0), bake: cw.wiring },
        result,
      ),
    ).rejects.toThrow(
      'Bake of version 5 not started: alarm gone does not exist in CloudWatch (check the alarms input); alias live left at version 4 (100%)',
    );
    expect(result.steps.at(-1)).toBe('bake of version 5: stopped after 0 judged windows');
    expect(result.alias).toMatchObject({ version: '4', weights: {}, revisionId: 'r1' });
  });

  it('refuses to bake when publishing gave back the version the alias already serves (the code did not change)', async () => {
    const lambda = fakeLambda({ publishes: '4' });
    const cw = fakeWiring();
    await expect(run(inputs(), { api: lambda.api, log: recordingLog(), time: virtualTime(0), bake: cw.wiring })).rejects.toThrow(
      new ActionFailure('alias live already points at version 4: a bake needs a different version'),
    );
    expect(lambda.calls.some((c) => c.startsWith('UpdateAlias'))).toBe(false);
    expect(cw.asked).toEqual([]);
  });

  it('bakes nothing when no version was published (publish: false): the alias is not touched', async () => {
    const lambda = fakeLambda();
    const cw = fakeWiring();
    const result = await run(inputs({ publish: false }), { api: lambda.api, log: recordingLog(), time: virtualTime(0), bake: cw.wiring });
    expect(lambda.calls).toEqual(['UpdateFunctionCode']);
    expect(result.bake).toBeUndefined();
    expect(result.version).toBe('$LATEST');
    expect(cw.asked).toEqual([]);
  });

  it('needs the CloudWatch wiring: without it nothing is shifted', async () => {
    const lambda = fakeLambda();
    await expect(run(inputs(), { api: lambda.api, log: recordingLog(), time: virtualTime(0) })).rejects.toThrow(
      'bakeAlias: no CloudWatch wiring given',
    );
    expect(lambda.calls.some((c) => c.startsWith('UpdateAlias'))).toBe(false);
  });

  it('probes invoke the new version of this function through Lambda Invoke', async () => {
    const lambda = fakeLambda({ invoke: () => ({ status: 200, body: '{"ok":true}' }) });
    const cw = fakeWiring();
    const result = await run(inputs({ bake: bake({ probe: { payload: '{"text":"hi"}', count: 1 } }) }), {
      api: lambda.api,
      log: recordingLog(),
      time: virtualTime(0),
      bake: cw.wiring,
    });
    expect(lambda.invokes[0]).toEqual({ name: 'fn', qualifier: '5', payload: '{"text":"hi"}' });
    expect(result.bake?.timeline.probes?.sent).toBe(lambda.invokes.length);
    expect(result.bake?.timeline.result).toBe('promoted');
  });

  it('a Lambda without Invoke bakes without probes rather than failing them', async () => {
    const lambda = fakeLambda();
    const cw = fakeWiring();
    const result = await run(inputs({ bake: bake({ probe: { payload: '{}', count: 1 } }) }), {
      api: lambda.api,
      log: recordingLog(),
      time: virtualTime(0),
      bake: cw.wiring,
    });
    expect(result.bake?.timeline.result).toBe('promoted');
    expect(result.bake?.timeline.probes).toBeUndefined();
  });

  it('a failing rollback write leaves the split, says so, and reports the alias as last written', async () => {
    const lambda = fakeLambda();
    const cw = fakeWiring((version) => ({ invocations: 100, errors: version === '5' ? 60 : 0 }));
    const update = lambda.api.updateAlias.bind(lambda.api);
    lambda.api.updateAlias = async (n, name, version, weights, signal, revisionId) => {
      if (version === '4' && Object.keys(weights).length === 0) throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
      return update(n, name, version, weights, signal, revisionId);
    };
    const result = emptyResult(inputs());
    await expect(run(inputs(), { api: lambda.api, log: recordingLog(), time: virtualTime(0), bake: cw.wiring }, result)).rejects.toThrow(
      /the rollback failed: .*AccessDeniedException.*; alias live may still send 10% to version 5$/,
    );
    expect(lambda.alias()).toMatchObject({ version: '4', weights: { '5': 0.1 } });
    expect(result.bake?.timeline.result).toBe('held');
    expect(result.alias).toMatchObject({ version: '4', weights: { '5': 0.1 } });
    expect(result.steps.at(-1)).toBe('bake of version 5: held after 1 judged window');
  });

  it('an alias write that is throttled once is retried after a wait, and said so', async () => {
    const lambda = fakeLambda();
    const cw = fakeWiring();
    const update = lambda.api.updateAlias.bind(lambda.api);
    let throttled = false;
    lambda.api.updateAlias = async (...args) => {
      if (!throttled) {
        throttled = true;
        throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
      }
      return update(...args);
    };
    const log = recordingLog();
    const time = virtualTime(0);
    const result = await run(inputs(), { api: lambda.api, log, time, bake: cw.wiring });
    expect(result.bake?.timeline.result).toBe('promoted');
    expect(log.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      expect.stringMatching(/^UpdateAlias: .*try 2 of 5 in 500ms$/),
    ]);
  });

  it('a wiring without a post-step hook bakes all the same', async () => {
    const lambda = fakeLambda();
    const { wiring } = fakeWiring();
    const result = await run(inputs(), { api: lambda.api, log: recordingLog(), time: virtualTime(0), bake: { metrics: wiring.metrics } });
    expect(result.bake?.timeline.result).toBe('promoted');
  });

  it('CloudWatch that cannot be set up fails the deploy with its own error, the alias untouched and not reported', async () => {
    const lambda = fakeLambda();
    const result = emptyResult(inputs());
    const wiring: BakeWiring = {
      metrics: async () => {
        throw new Error('no CloudWatch client');
      },
    };
    await expect(run(inputs(), { api: lambda.api, log: recordingLog(), time: virtualTime(0), bake: wiring }, result)).rejects.toThrow(
      'no CloudWatch client',
    );
    expect(result.alias).toBeUndefined();
    expect(result.steps.at(-1)).toBe('bake of version 5: stopped after 0 judged windows');
    expect(lambda.calls.some((c) => c.startsWith('UpdateAlias'))).toBe(false);
  });
});
