// update-lambda-and-wait with traffic-steps, end to end: the committed bundle,
// run as the runner runs it, against moto behind the Lambda fault proxy
// (RevisionIds, weighted routing) and the CloudWatch front (percentiles,
// late metrics), with steady traffic recording per-version metrics. Windows
// and delays are a second long so every outcome takes a few seconds.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetAliasCommand, UpdateAliasCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { actionDefaults, nodeRuntimes, runAction, type RunOptions, type RunResult } from '../support/run-action';
import { handlerZip, lambdaClient } from '../stack/fault-proxy/fixtures.mjs';
import { startBakeStack, startTraffic } from '../stack/cloudwatch/stack.mjs';

type BakeStack = Awaited<ReturnType<typeof startBakeStack>>;
type Traffic = ReturnType<typeof startTraffic>;
type Window = { verdict: string; step: number; weight: number; start: string; end: string; reason?: string; new: { invocations: number } };
type Timeline = { result: string; windows: Window[] };

const ACTION = 'update-lambda-and-wait';
const [node24] = nodeRuntimes();
let stack: BakeStack;
let lambda: LambdaClient;
let workspace: string;
let counter = 0;
const traffic: Traffic[] = [];

beforeAll(async () => {
  // Metrics show up 400 ms late; the action waits metrics-delay 1s after each window.
  stack = await startBakeStack({ delayMs: 400 });
  lambda = await lambdaClient(stack.proxy.url);
  workspace = mkdtempSync(join(tmpdir(), 'ulw-bake-'));
  writeFileSync(join(workspace, 'v2.zip'), handlerZip('v2'));
});

afterEach(async () => {
  await Promise.all(traffic.splice(0).map((t) => t.stop()));
});

afterAll(async () => {
  lambda?.destroy();
  await stack?.stop();
});

async function setUp(rate = 60, versions: Record<string, { errorRate?: number; latencyMs?: number }> = {}) {
  const name = `bake-${++counter}`;
  await stack.functionWithAlias(name);
  const t = startTraffic({
    lambdaUrl: stack.proxy.url,
    cloudwatchUrl: stack.front.url,
    functionName: name,
    alias: 'live',
    ratePerSecond: rate,
    versions: { '1': { errorRate: 0, latencyMs: 100 }, '2': { errorRate: 0, latencyMs: 100 }, ...versions },
    seed: counter,
  });
  traffic.push(t);
  // A new function's first invokes are slow in moto (and slower on a loaded machine): the bake
  // starts once a second's worth of calls has been answered, so its first window sees the set rate.
  const until = Date.now() + 20_000;
  while ((t.totals()['1']?.invocations ?? 0) < rate) {
    if (Date.now() > until) throw new Error(`traffic to ${name} never reached ${rate} calls: ${JSON.stringify(t.totals())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { name, traffic: t };
}

const BAKE = {
  'traffic-steps': '20%:2s, 50%:2s',
  'analysis-interval': '1s',
  'metrics-delay': '1s',
  'min-invocations': '3',
  'max-error-rate': '5%',
};

function deploy(inputs: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
  return runAction(ACTION, {
    node: node24?.path,
    cwd: workspace,
    timeoutMs: 60_000,
    ...options,
    inputs: { ...actionDefaults(ACTION), alias: 'live', 'zip-file': 'v2.zip', ...inputs },
    env: { ...stack.env, ...(options.env ?? {}) },
  });
}

async function alias(name: string) {
  const out = await lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }));
  return { version: out.FunctionVersion, weights: out.RoutingConfig?.AdditionalVersionWeights ?? {}, revisionId: out.RevisionId };
}

/** Resolves once the alias sends traffic to version 2 (the first step is live). */
async function firstStepLive(name: string, timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await alias(name)).weights['2'] !== undefined) return Date.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`alias live of ${name} never split`);
}

const timelineOf = (result: RunResult) => JSON.parse(result.outputs['bake'] ?? 'null') as Timeline;

it('promotes a healthy canary through two steps', async () => {
  const { name } = await setUp();
  const result = await deploy({ 'function-name': name, ...BAKE, 'max-latency': 'p99 +50%' });
  expect(result.errors).toEqual([]);
  expect(result.code).toBe(0);
  expect(await alias(name)).toMatchObject({ version: '2', weights: {} });
  const timeline = timelineOf(result);
  expect(timeline.result).toBe('promoted');
  // Two one-second windows per step; the first may hold the sliver before the split, and then spans both.
  const steps = timeline.windows.map((w) => [w.step, w.weight, w.verdict]);
  expect([3, 4]).toContain(steps.length);
  expect(steps.slice(-2)).toEqual([
    [2, 50, 'healthy'],
    [2, 50, 'healthy'],
  ]);
  for (const s of steps.slice(0, -2)) expect(s).toEqual([1, 20, 'healthy']);
  for (const w of timeline.windows) expect(w.new.invocations).toBeGreaterThanOrEqual(3);
  expect(result.outputs['rolled-back']).toBe('false');
  expect(result.report()).toMatchObject({ outcome: 'success', rolledBack: false, bake: { result: 'promoted' }, alias: { version: '2' } });
  expect(result.summary).toContain(`after 2 steps (${steps.length} windows judged)`);
  // The final shift came after the last window's data was in: end + metrics-delay.
  const last = timeline.windows.at(-1) as Window;
  expect(Date.now()).toBeGreaterThan(Date.parse(last.end) + 1000);
});

it('rolls back an error spike at the first window with the bad data', async () => {
  const { name, traffic: t } = await setUp();
  const run = deploy({ 'function-name': name, ...BAKE });
  const live = await firstStepLive(name);
  // Windows are a second long on whole seconds; the first one began on the edge before the split
  // and, holding the sliver before the next edge, may last two. Version 2 fails half its calls
  // from 200 ms into the window after that on: never in the first one.
  const badFrom = Math.floor(live / 1000) * 1000 + 2200;
  await new Promise((r) => setTimeout(r, badFrom - Date.now()));
  t.set('2', { errorRate: 0.5 });
  const result = await run;
  expect(result.code).toBe(1);
  const timeline = timelineOf(result);
  // The first window holding bad data (badFrom may fall between steps: a step begins once its predecessor's data is judged).
  const bad = timeline.windows.findIndex((w) => badFrom < Date.parse(w.end));
  expect(bad).toBeGreaterThanOrEqual(1);
  const first = timeline.windows[bad] as Window;
  expect(result.errors).toEqual([
    expect.stringMatching(
      new RegExp(
        `^Bake of version 2 failed: Window ${bad + 1} \\(step ${first.step}, ${first.weight}% on version 2\\): error rate: \\d+ errors in \\d+ invocations \\(\\d+(\\.\\d+)?%\\); 95% lower bound \\d+(\\.\\d+)?% is over 5%: failed.*Rolled back: alias live points at version 1 \\(100%\\)`,
      ),
    ),
  ]);
  expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
  expect(timeline.result).toBe('rolled-back');
  // Judged up to the first bad window, and no further: the rest never came.
  expect(timeline.windows.map((w) => w.verdict)).toEqual(
    timeline.windows.map((_, i) => (i < bad ? 'healthy' : i === bad ? 'breach' : 'pending')),
  );
  expect(result.outputs['rolled-back']).toBe('true');
  expect(result.outputs['rollback-reason']).toMatch(/error rate: .* is over 5%: failed/);
  expect(result.report()).toMatchObject({ outcome: 'failure', rolledBack: true, rollbackReason: expect.stringMatching(/error rate/) });
});

it('a CloudWatch read answered by an HTML error page holds the traffic, asks for the same window again, then promotes', async () => {
  const { name } = await setUp();
  const run = deploy({ 'function-name': name, ...BAKE });
  await firstStepLive(name);
  // Every try of one read (the SDK makes 3) gets the page: that window is inconclusive once.
  stack.front.configure({ fail: { op: 'GetMetricData', count: 3, status: 503 } });
  const result = await run;
  expect(result.errors).toEqual([]);
  expect(result.code).toBe(0);
  expect(result.warnings.some((w) => /inconclusive: the metrics could not be read \(CloudWatch GetMetricData, HTTP 503\)/.test(w))).toBe(
    true,
  );
  expect(result.stdout).not.toMatch(/<html>/);
  const timeline = timelineOf(result);
  expect(timeline.result).toBe('promoted');
  expect(timeline.windows.map((w) => w.verdict)).not.toContain('inconclusive');
  expect(await alias(name)).toMatchObject({ version: '2', weights: {} });
});

it('three failed CloudWatch reads in a row fail the bake as metrics unavailable and never promote', async () => {
  const { name } = await setUp();
  const run = deploy({ 'function-name': name, ...BAKE });
  await firstStepLive(name);
  stack.front.configure({ fail: { op: 'GetMetricData', count: 1000, status: 502 } });
  try {
    const result = await run;
    expect(result.code).toBe(1);
    expect(result.errors[0]).toMatch(
      /failed: metrics unavailable: CloudWatch GetMetricData, HTTP 502 .*Rolled back: alias live points at version 1/,
    );
    expect(result.errors[0]).not.toMatch(/html/i);
    expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
    const timeline = timelineOf(result);
    expect(timeline.windows.map((w) => w.verdict)).toContain('inconclusive');
    expect(timeline.windows.some((w) => w.step === 2)).toBe(false);
  } finally {
    stack.front.configure({ fail: undefined });
  }
});

it('a custom metric over its limit rolls back, read with four more rules in one GetMetricData call per window', async () => {
  const { name } = await setUp();
  const namespace = `MLService-${name}`;
  const cw = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: stack.front.url,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  // The model publishes its prediction errors per version: version 2 reports 2 every 200 ms, version 1 none.
  let publishing = true;
  const publisher = (async () => {
    while (publishing) {
      await cw.send(
        new PutMetricDataCommand({
          Namespace: namespace,
          MetricData: ['1', '2'].flatMap((v) => [
            {
              MetricName: 'PredictionErrors',
              Dimensions: [{ Name: 'ModelVersion', Value: v }],
              Value: v === '2' ? 2 : 0,
              Timestamp: new Date(),
            },
            {
              MetricName: 'ScoreLatency',
              Dimensions: [
                { Name: 'Function', Value: name },
                { Name: 'ModelVersion', Value: v },
              ],
              Value: 120,
              Timestamp: new Date(),
            },
          ]),
        }),
      );
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  stack.front.clearLog();
  try {
    const rules = [
      `${namespace}/PredictionErrors Sum <= 3 ModelVersion={version}`,
      `${namespace}/ScoreLatency Average < 300 Function={function} ModelVersion={version}`,
      `${namespace}/ScoreLatency Maximum < 1000 Function={function} ModelVersion={version}`,
      `${namespace}/ScoreLatency SampleCount >= 0 Function={function} ModelVersion={version}`,
      `${namespace}/ScoreLatency Minimum >= 0 Function={function} ModelVersion={version}`,
    ];
    const result = await deploy({ 'function-name': name, ...BAKE, metrics: rules.join('\n') });
    expect(result.code).toBe(1);
    expect(result.errors[0]).toMatch(
      new RegExp(`Window \\d .*PredictionErrors Sum <= 3 ModelVersion=\\{version\\}: \\d+ does not keep it.*Rolled back`),
    );
    expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
    const timeline = timelineOf(result);
    const judged = timeline.windows.filter((w) => w.verdict !== 'pending').length;
    // One GetMetricData call per judged window, for Lambda's metrics and all five rules.
    expect(stack.front.requests('GetMetricData')).toHaveLength(judged);
  } finally {
    publishing = false;
    await publisher;
    cw.destroy();
  }
});

it('a crashing version with no traffic is stopped by its probe before any traffic moves', async () => {
  const name = `bake-${++counter}`;
  await stack.functionWithAlias(name);
  stack.proxy.configure({ functions: { [name]: { crashVersions: ['2'] } } });
  const result = await deploy({ 'function-name': name, ...BAKE, 'probe-payload': '{"text": "hello"}', 'probe-count': '2' });
  expect(result.code).toBe(1);
  expect(result.errors[0]).toMatch(
    /not started: a probe of version 2 failed before any traffic moved \(FunctionError Unhandled: Runtime.ExitError: version 2 crashed\)/,
  );
  expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
  const invokes = stack.proxy.requests('Invoke', name) as Array<{ qualifier?: string }>;
  expect(invokes).toHaveLength(2);
  expect(result.summary).toMatch(/\*\*Probes\*\* \| 2 sent, 2 failed; first error: FunctionError Unhandled/);
});

it('rolls back a latency regression (p99 against the previous version in the same window)', async () => {
  const { name } = await setUp(60, { '2': { latencyMs: 400 } });
  const result = await deploy({ 'function-name': name, ...BAKE, 'max-error-rate': '', 'max-latency': 'p99 +20%' });
  expect(result.code).toBe(1);
  expect(result.errors[0]).toMatch(/Window \d .*p99 \d+(\.\d+)?ms > previous \d+(\.\d+)?ms \+20% .*Rolled back/);
  expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
  expect(timelineOf(result).windows.find((w) => w.verdict === 'breach')).toMatchObject({ new: { latency: { stat: 'p99' } } });
});

it('rolls back when an alarm goes into ALARM', async () => {
  const { name } = await setUp();
  const alarm = `${name}-errors`;
  await stack.alarm(alarm, 'OK');
  const run = deploy({ 'function-name': name, ...BAKE, alarms: alarm });
  await firstStepLive(name);
  await stack.setAlarm(alarm, 'ALARM');
  const result = await run;
  expect(result.code).toBe(1);
  expect(result.errors[0]).toMatch(new RegExp(`alarm ${alarm} in ALARM.*Rolled back`));
  expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
  expect(timelineOf(result).windows.some((w) => w.verdict === 'breach')).toBe(true);
});

it('too little traffic with insufficient-traffic: warn promotes and says so, once per step', async () => {
  const { name } = await setUp(3);
  const result = await deploy({ 'function-name': name, ...BAKE, 'min-invocations': '20' });
  expect(result.code).toBe(0);
  const windows = timelineOf(result).windows;
  expect(windows.length).toBeGreaterThanOrEqual(3);
  expect(result.warnings.filter((w) => /^Step \d .*fewer than min-invocations \(20\).*insufficient-traffic: warn/.test(w))).toHaveLength(2);
  // min-invocations counts per step: the last window of each step carries the step's verdict.
  for (const step of [1, 2]) expect(windows.filter((w) => w.step === step).at(-1)?.verdict).toBe('insufficient-traffic');
  expect(windows.map((w) => w.verdict)).not.toContain('breach');
  expect(result.summary).toMatch(/\d+ windows judged, \d+ with too little traffic/);
  expect(await alias(name)).toMatchObject({ version: '2', weights: {} });
});

it('too little traffic with insufficient-traffic: fail rolls back', async () => {
  const { name } = await setUp(3);
  const result = await deploy({ 'function-name': name, ...BAKE, 'min-invocations': '20', 'insufficient-traffic': 'fail' });
  expect(result.code).toBe(1);
  expect(result.errors[0]).toMatch(/Step 1 .*in the step, fewer than min-invocations \(20\) \(insufficient-traffic: fail\).*Rolled back/);
  expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
});

it('a cancel mid-bake puts the alias back before the step exits', async () => {
  const { name } = await setUp();
  let child: import('node:child_process').ChildProcess | undefined;
  const run = deploy({ 'function-name': name, ...BAKE }, { onSpawn: (c) => (child = c) });
  await firstStepLive(name);
  child?.kill('SIGINT');
  const result = await run;
  expect(result.code).toBe(1);
  expect(result.errors.at(-1)).toMatch(/^Cancelled/);
  expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
  expect(timelineOf(result).result).toBe('cancelled');
  expect(result.outputs['rolled-back']).toBe('true');
  // The post step then finds nothing open.
  const post = await deploy({ 'function-name': name }, { post: true, workdir: result.workdir });
  expect(post.stdout).toContain('Nothing to clean up');
});

it('the post step puts back an alias a killed main step left split, and only if nobody changed it', async () => {
  const { name } = await setUp();
  let child: import('node:child_process').ChildProcess | undefined;
  const workdir = mkdtempSync(join(tmpdir(), 'ulw-bake-killed-'));
  const run = deploy({ 'function-name': name, ...BAKE }, { workdir, onSpawn: (c) => (child = c) });
  await firstStepLive(name);
  // Killed once the split is saved for the post step (right after the write's answer reaches the action).
  const until = Date.now() + 10_000;
  while (!/^bake<</m.test(readFileSync(join(workdir, 'state'), 'utf8')) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  child?.kill('SIGKILL');
  const killed = await run;
  expect((await alias(name)).weights).toEqual({ '2': 0.2 });
  const post = await deploy({ 'function-name': name }, { post: true, workdir: killed.workdir });
  expect(post.code).toBe(0);
  expect(post.warnings.join('\n')).toMatch(/put back to version 1 \(100%\) by the post step/);
  expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
  // Run again: the alias's revision moved on, so the post step leaves it.
  const again = await deploy({ 'function-name': name }, { post: true, workdir: killed.workdir });
  expect(again.stdout).toMatch(/changed after this run's last write/);
});

it('stops without overwriting when someone else changes the alias mid-bake', async () => {
  const { name } = await setUp();
  const run = deploy({ 'function-name': name, ...BAKE });
  await firstStepLive(name);
  // Another run promotes version 2 at once, through the API as any deploy would.
  const before = await alias(name);
  await lambda.send(
    new UpdateAliasCommand({
      FunctionName: name,
      Name: 'live',
      FunctionVersion: '2',
      RoutingConfig: { AdditionalVersionWeights: {} },
      RevisionId: before.revisionId,
    }),
  );
  const result = await run;
  expect(result.code).toBe(1);
  expect(result.errors[0]).toMatch(
    /Alias live was changed by someone else during the bake of version 2: it now points at version 2 \(100%\).*without touching it/,
  );
  expect(await alias(name)).toMatchObject({ version: '2', weights: {} });
  expect(timelineOf(result)).toMatchObject({ result: 'stopped' });
  expect(result.outputs['rolled-back']).toBe('false');
});

it('guards the canary-weight path with the RevisionId too', async () => {
  const { name } = await setUp(1);
  // A stale revision: the proxy answers PreconditionFailedException like Lambda.
  const stale = await lambda
    .send(new UpdateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1', RevisionId: 'not-the-revision' }))
    .catch((err: Error) => err);
  expect((stale as Error).name).toBe('PreconditionFailedException');
  const result = await deploy({ 'function-name': name, 'canary-weight': '0.1' });
  expect(result.code).toBe(0);
  expect(await alias(name)).toMatchObject({ version: '1', weights: { '2': 0.1 } });
  const writes = stack.proxy.requests('UpdateAlias', name) as Array<{ status: number; revisionId?: string }>;
  expect(writes.map((w) => w.status)).toEqual([412, 201]);
  // The action's write named the revision it read.
  expect(writes[1]?.revisionId).toMatch(/^[0-9a-f-]{36}$/);
});

it('with metrics-delay shorter than the metrics arrive late, no window passes as healthy on missing data', async () => {
  // CloudWatch shows the data 2.5 s late, but the action judges 0 s after each window.
  stack.front.configure({ delayMs: 2500 });
  try {
    const { name } = await setUp();
    const result = await deploy({ 'function-name': name, ...BAKE, 'metrics-delay': '0s' });
    const verdicts = timelineOf(result).windows.map((w) => w.verdict);
    expect(verdicts).not.toContain('healthy');
    expect(verdicts).toContain('insufficient-traffic');
  } finally {
    stack.front.configure({ delayMs: 400 });
  }
});

describe('traffic-steps ending in hold, then a later run', () => {
  /** Bakes version 2 at 20% and holds: the alias stays split, the step succeeds. */
  async function holdAt20(name: string) {
    const result = await deploy({ 'function-name': name, ...BAKE, 'traffic-steps': '20%:2s, hold' });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs['held']).toBe('true');
    expect(JSON.parse(result.outputs['weights'] ?? '{}')).toEqual({ '1': 0.8, '2': 0.2 });
    expect(await alias(name)).toMatchObject({ version: '1', weights: { '2': 0.2 } });
    expect(timelineOf(result).result).toBe('held');
    expect(result.summary).toContain('held on purpose');
    expect(result.summary).not.toContain('on-failure: hold');
    // The post step leaves a deliberate hold as it is.
    const post = await deploy({ 'function-name': name }, { post: true, workdir: result.workdir });
    expect(post.stdout).toContain('Nothing to clean up');
    expect(await alias(name)).toMatchObject({ version: '1', weights: { '2': 0.2 } });
    return result;
  }

  it('a run with version set to the held version resumes from the held split and ends at 100%', async () => {
    const { name } = await setUp();
    await holdAt20(name);
    const resumed = await deploy({ 'function-name': name, ...BAKE, 'zip-file': '', version: '2' });
    expect(resumed.errors).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(await alias(name)).toMatchObject({ version: '2', weights: {} });
    expect(resumed.outputs['held']).toBe('false');
    expect(JSON.parse(resumed.outputs['weights'] ?? '{}')).toEqual({ '2': 1 });
    const timeline = timelineOf(resumed) as Timeline & { resumedFrom?: number };
    expect(timeline).toMatchObject({ result: 'promoted', resumedFrom: 20 });
    // The 20% step was skipped: every window is the 50% step's.
    expect(timeline.windows.length).toBeGreaterThan(0);
    for (const w of timeline.windows) expect([w.step, w.weight]).toEqual([2, 50]);
  });

  it('a run with version set to the previous version rolls back: 100% on it, no routing', async () => {
    const { name } = await setUp();
    await holdAt20(name);
    const back = await deploy({ 'function-name': name, ...BAKE, 'zip-file': '', version: '1' });
    expect(back.errors).toEqual([]);
    expect(back.code).toBe(0);
    expect(await alias(name)).toMatchObject({ version: '1', weights: {} });
    expect(back.outputs['rolled-back']).toBe('true');
    expect(back.outputs['held']).toBe('false');
    expect(JSON.parse(back.outputs['weights'] ?? '{}')).toEqual({ '1': 1 });
    expect(back.outputs['bake']).toBeUndefined();
    expect(back.summary).toMatch(/rolled back to version 1 \(100%\); the held split \(version 1 \(80%\) and 20% on version 2\) dropped/);
  });
});
