// traffic-steps and the bake inputs: every mistake is one clear input error
// before any network call (the bundle-level check of the same is in
// test/integration/lambda-inputs.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../src/inputs';

const env = (extra: Record<string, string>) => ({
  'INPUT_FUNCTION-NAME': 'fn',
  'INPUT_S3-BUCKET': 'b',
  'INPUT_S3-KEY': 'k',
  INPUT_ALIAS: 'live',
  // What the runner fills in from action.yml.
  'INPUT_ANALYSIS-INTERVAL': '1m',
  'INPUT_METRICS-DELAY': '2m',
  'INPUT_MIN-INVOCATIONS': '10',
  'INPUT_INSUFFICIENT-TRAFFIC': 'warn',
  'INPUT_ON-FAILURE': 'rollback',
  'INPUT_FAILURE-LIMIT': '0',
  'INPUT_INCONCLUSIVE-LIMIT': '3',
  'INPUT_PROBE-COUNT': '1',
  'INPUT_ALARMS-ALREADY-FIRING': 'fail',
  AWS_REGION: 'us-east-1',
  // A local stack: seconds-long windows are allowed (real AWS widens them to a minute).
  AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
  ...extra,
});

it('reads steps, rules and timing', () => {
  const { bake } = readInputs(
    env({
      'INPUT_TRAFFIC-STEPS': '10%:5m, 50%:90s',
      'INPUT_MAX-ERROR-RATE': '1.5%',
      'INPUT_MAX-LATENCY': 'p99 +20%',
      INPUT_ALARMS: 'model-errors\nmodel latency p99\n',
      'INPUT_ANALYSIS-INTERVAL': '5s',
      'INPUT_METRICS-DELAY': '2s',
      'INPUT_ON-FAILURE': 'hold',
      'INPUT_INSUFFICIENT-TRAFFIC': 'fail',
    }),
  );
  expect(bake).toEqual({
    steps: [
      { weight: 10, bakeMs: 300_000 },
      { weight: 50, bakeMs: 90_000 },
    ],
    alarms: ['model-errors', 'model latency p99'],
    maxErrorRate: 0.015,
    maxLatency: { stat: 'p99', kind: 'relative', percent: 20 },
    analysisIntervalMs: 5000,
    metricsDelayMs: 2000,
    minInvocations: 10,
    insufficientTraffic: 'fail',
    metricRules: [],
    failureLimit: 0,
    inconclusiveLimit: 3,
    alarmsAlreadyFiring: 'fail',
    onFailure: 'hold',
  });
});

it('reads a last step hold: the steps before it, and the bake ends holding the split', () => {
  const { bake } = readInputs(env({ 'INPUT_TRAFFIC-STEPS': '10%:5m, 25%:5m, HOLD' }));
  expect(bake?.steps).toEqual([
    { weight: 10, bakeMs: 300_000 },
    { weight: 25, bakeMs: 300_000 },
  ]);
  expect(bake?.hold).toBe(true);
  expect(readInputs(env({ 'INPUT_TRAFFIC-STEPS': '10%:5m' })).bake?.hold).toBeUndefined();
});

it.each([
  ['10%:5m, hold, 50%:5m', 'has hold before its last step'],
  ['hold', 'has hold without a step before it'],
  ['hold, hold', 'has hold before its last step'],
])('traffic-steps %s: one input error with a right example', (steps, problem) => {
  expect(() => readInputs(env({ 'INPUT_TRAFFIC-STEPS': steps }))).toThrow(
    new RegExp(`^Input 'traffic-steps' ${problem}.*Example: traffic-steps: 10%:5m, hold$`),
  );
});

it.each([
  ['p99 1500ms', { stat: 'p99', kind: 'absolute', ms: 1500 }],
  ['p95 2s', { stat: 'p95', kind: 'absolute', ms: 2000 }],
  ['P99.9 +10%', { stat: 'p99.9', kind: 'relative', percent: 10 }],
])('max-latency %s', (text, rule) => {
  expect(readInputs(env({ 'INPUT_TRAFFIC-STEPS': '10%:1m', 'INPUT_MAX-LATENCY': text })).bake?.maxLatency).toEqual(rule);
});

it('keeps today’s behaviour without traffic-steps, defaults and all', () => {
  expect(readInputs(env({})).bake).toBeUndefined();
});

it.each([
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', INPUT_ALIAS: '' }, "Input 'traffic-steps' needs alias"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_CANARY-WEIGHT': '0.1' }, "Input 'canary-weight' cannot be combined with traffic-steps"],
  [{ 'INPUT_TRAFFIC-STEPS': '50%:5m, 10%:5m' }, "Input 'traffic-steps' weights must increase step by step: 10% comes after 50%"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m, 10%:5m' }, 'weights must increase'],
  [{ 'INPUT_TRAFFIC-STEPS': '100%:5m' }, "Input 'traffic-steps' has a weight outside 0% to 100%"],
  [{ 'INPUT_TRAFFIC-STEPS': '0%:5m' }, 'has a weight outside 0% to 100%'],
  [
    { 'INPUT_TRAFFIC-STEPS': '10%' },
    "Input 'traffic-steps' has a step that is not WEIGHT%:BAKE: '10%'. Example: traffic-steps: 10%:5m, 50%:5m",
  ],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:soon' }, 'is not WEIGHT%:BAKE'],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:30s' }, 'shorter than analysis-interval'],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_MAX-ERROR-RATE': '0.01' }, "Input 'max-error-rate' must be a percentage"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_MAX-LATENCY': 'p99' }, "Input 'max-latency' is not 'pNN +X%' or 'pNN <duration>'"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_ANALYSIS-INTERVAL': '500ms' }, "Input 'analysis-interval' must be a duration at least 1000ms"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_ON-FAILURE': 'revert' }, "Input 'on-failure' must be one of rollback, hold"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_INSUFFICIENT-TRAFFIC': 'ignore' }, "Input 'insufficient-traffic' must be one of warn, fail"],
  [{ 'INPUT_MAX-ERROR-RATE': '1%' }, "Input 'max-error-rate' only applies to a bake: set traffic-steps too"],
  [{ INPUT_ALARMS: 'a' }, "Input 'alarms' only applies to a bake"],
  [{ 'INPUT_ON-FAILURE': 'hold' }, "Input 'on-failure' only applies to a bake"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_MAX-ERROR-RATE': 'previous 1%' }, 'or previous +N%'],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_FAILURE-LIMIT': '-1' }, "Input 'failure-limit'"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_INCONCLUSIVE-LIMIT': '0' }, "Input 'inconclusive-limit'"],
  [{ 'INPUT_FAILURE-LIMIT': '2' }, "Input 'failure-limit' only applies to a bake"],
  [
    { 'INPUT_TRAFFIC-STEPS': '10%:5m', INPUT_METRICS: 'PredictionErrors Sum <= 5' },
    "Input 'metrics' has a rule that does not start with NAMESPACE/METRIC",
  ],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', INPUT_METRICS: 'ML/Errors Total <= 5' }, 'whose STAT is not Sum, Average'],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', INPUT_METRICS: 'ML/Errors Sum == 5' }, 'whose operator is not one of < <= > >='],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', INPUT_METRICS: 'ML/Errors Sum <= five' }, 'whose LIMIT is not a number'],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', INPUT_METRICS: 'ML/Errors Sum <= 5 ModelVersion' }, 'with a dimension that is not NAME=VALUE'],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', INPUT_METRICS: 'ML/Errors Sum <= 5 V={versoin}' }, 'unknown placeholder {versoin}'],
  [{ INPUT_METRICS: 'ML/Errors Sum <= 5' }, "Input 'metrics' only applies to a bake"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_PROBE-PAYLOAD': '{text: hi}' }, "Input 'probe-payload' is not JSON"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_PROBE-PAYLOAD': '@no/such/payload.json' }, "Input 'probe-payload' names a file that"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_PROBE-PAYLOAD': '{}', 'INPUT_PROBE-COUNT': '0' }, "Input 'probe-count'"],
  [{ 'INPUT_PROBE-PAYLOAD': '{}' }, "Input 'probe-payload' only applies to a bake"],
  [{ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_ALARMS-ALREADY-FIRING': 'skip' }, "Input 'alarms-already-firing' must be one of fail, ignore"],
])('%o: %s', (extra, message) => {
  expect(() => readInputs(env(extra))).toThrow(message);
});

it.each([
  ['previous +1%', { errorRateOverPrevious: 0.01 }],
  ['previous+0.5 %', { errorRateOverPrevious: 0.005 }],
  ['2%', { maxErrorRate: 0.02 }],
])('max-error-rate: %s', (text, expected) => {
  const bake = readInputs(env({ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_MAX-ERROR-RATE': text, 'INPUT_FAILURE-LIMIT': '2' })).bake;
  expect(bake).toMatchObject({ ...expected, failureLimit: 2, inconclusiveLimit: 3 });
});

it('reads custom metric rules, one a line', () => {
  const bake = readInputs(
    env({
      'INPUT_TRAFFIC-STEPS': '10%:5m',
      INPUT_METRICS:
        'MLService/PredictionErrors Sum <= 5 ModelVersion={version}\nAWS/SageMaker/ScoreLatency p95.5 < 300.5 Function={function} Version={version}',
    }),
  ).bake;
  expect(bake?.metricRules).toEqual([
    {
      text: 'MLService/PredictionErrors Sum <= 5 ModelVersion={version}',
      namespace: 'MLService',
      metric: 'PredictionErrors',
      stat: 'Sum',
      op: '<=',
      limit: 5,
      dimensions: [{ name: 'ModelVersion', value: '{version}' }],
    },
    {
      text: 'AWS/SageMaker/ScoreLatency p95.5 < 300.5 Function={function} Version={version}',
      namespace: 'AWS/SageMaker',
      metric: 'ScoreLatency',
      stat: 'p95.5',
      op: '<',
      limit: 300.5,
      dimensions: [
        { name: 'Function', value: '{function}' },
        { name: 'Version', value: '{version}' },
      ],
    },
  ]);
});

it('reads probe-payload as JSON or from @path', () => {
  const inline = readInputs(
    env({ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_PROBE-PAYLOAD': '{"text": "hi"}', 'INPUT_PROBE-COUNT': '3' }),
  ).bake;
  expect(inline?.probe).toEqual({ payload: '{"text": "hi"}', count: 3 });
  const dir = mkdtempSync(join(tmpdir(), 'probe-'));
  writeFileSync(join(dir, 'payload.json'), '{"features": [1, 2]}');
  const fromFile = readInputs(env({ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_PROBE-PAYLOAD': `@${join(dir, 'payload.json')}` })).bake;
  expect(fromFile?.probe).toEqual({ payload: '{"features": [1, 2]}', count: 1 });
});

it('on real AWS (no endpoint override) widens an analysis-interval under 1 minute to 1 minute', () => {
  const real = { ...env({ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_ANALYSIS-INTERVAL': '10s' }), AWS_ENDPOINT_URL: '' };
  expect(readInputs(real).bake).toMatchObject({ analysisIntervalMs: 60_000, intervalWidenedFromMs: 10_000 });
  const local = env({ 'INPUT_TRAFFIC-STEPS': '10%:5m', 'INPUT_ANALYSIS-INTERVAL': '10s' });
  expect(readInputs(local).bake?.analysisIntervalMs).toBe(10_000);
  expect(readInputs(local).bake?.intervalWidenedFromMs).toBeUndefined();
});

it('works in alias-only mode: bake an existing version', () => {
  const inputs = readInputs({ ...env({ 'INPUT_TRAFFIC-STEPS': '25%:2m' }), 'INPUT_S3-BUCKET': '', 'INPUT_S3-KEY': '', INPUT_VERSION: '7' });
  expect(inputs.bake?.steps).toEqual([{ weight: 25, bakeMs: 120_000 }]);
});
