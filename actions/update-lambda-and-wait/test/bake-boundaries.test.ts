/**
 * Every bake limit at its exact boundary, and the input rules that guard them.
 * A comparison turned from `>` to `>=` (or `<` to `<=`) fails one of these:
 * a value exactly at a documented limit passes, one step beyond it does not.
 */
import { judgeErrors, type ErrorLimit } from '../src/bake/evidence';
import { decideAfterWindow, decideFaults, decideStepEnd } from '../src/bake/decide';
import { emptyTally, judgeWindow, toStats } from '../src/bake/judge';
import { InputReader } from '@mlship/action-kit';
import { readBakeSettings, type BakeSettings } from '../src/bake/settings';
import { bakeSettings } from '../../../test/support/bake-settings';
import { readInputs } from '../src/inputs';

const MIN = 60_000;

const settings = (overrides: Partial<BakeSettings> = {}): BakeSettings =>
  bakeSettings({ maxErrorRate: 0.01, minInvocations: 100, ...overrides });

const tally = (n: number, e: number, pn = 0, pe = 0) => ({
  fresh: { invocations: n, errors: e },
  previous: { invocations: pn, errors: pe },
});

describe('max-error-rate at its boundary', () => {
  it('1 error in 100 at 1% passes the step; 2 in 100 fails it', () => {
    expect(decideStepEnd(settings(), tally(100, 1), 'Step 1')).toEqual({
      kind: 'pass',
      errors: expect.objectContaining({ state: 'pass' }),
    });
    const over = decideStepEnd(settings(), tally(100, 2), 'Step 1');
    expect(over.kind).toBe('fail');
  });

  it('max-error-rate 0%: a window without errors is not a breach, one error at the step end is', () => {
    const zero: ErrorLimit = { kind: 'absolute', rate: 0 };
    expect(judgeErrors(zero, { invocations: 30, errors: 0 }, { invocations: 0, errors: 0 }, false, 10).state).toBe('open');
    expect(judgeErrors(zero, { invocations: 30, errors: 0 }, { invocations: 0, errors: 0 }, true, 10).state).toBe('pass');
    expect(judgeErrors(zero, { invocations: 30, errors: 1 }, { invocations: 0, errors: 0 }, true, 10).state).toBe('fail');
  });

  it('previous +1%: exactly one point over the previous version passes at the step end, two points fail', () => {
    const relative: ErrorLimit = { kind: 'relative', points: 0.01 };
    expect(judgeErrors(relative, { invocations: 100, errors: 6 }, { invocations: 100, errors: 5 }, true, 10).state).toBe('pass');
    expect(judgeErrors(relative, { invocations: 100, errors: 7 }, { invocations: 100, errors: 5 }, true, 10).state).toBe('fail');
  });
});

describe('min-invocations at its boundary', () => {
  it('exactly min-invocations is judged at the step end; one fewer is too thin', () => {
    expect(decideStepEnd(settings(), tally(100, 0), 'Step 1').kind).toBe('pass');
    const thin = decideStepEnd(settings(), tally(99, 0), 'Step 1');
    expect(thin).toMatchObject({
      kind: 'thin',
      reason: 'Step 1: 99 invocations of the new version in the step, fewer than min-invocations (100)',
    });
    expect(decideStepEnd(settings({ minInvocations: 2 }), tally(1, 0), 'Step 1')).toMatchObject({
      reason: 'Step 1: 1 invocation of the new version in the step, fewer than min-invocations (2)',
    });
  });
});

describe('max-latency at its boundary', () => {
  const numbers = (ms: number, previousMs = 100) => ({
    fresh: toStats('5', { invocations: 100, errors: 0, latencyMs: ms }, 'p99'),
    previous: toStats('4', { invocations: 900, errors: 0, latencyMs: previousMs }, 'p99'),
  });

  it('absolute: exactly the limit is healthy, a tenth of a millisecond over is a breach', () => {
    const s = settings({ maxLatency: { stat: 'p99', kind: 'absolute', ms: 300 } });
    expect(judgeWindow(s, emptyTally(), numbers(300)).verdict).toBe('healthy');
    const slow = judgeWindow(s, emptyTally(), numbers(300.1));
    expect(slow.ruleFailures).toEqual(['p99 300.1ms > 300ms']);
  });

  it('relative: exactly the previous version +20% is healthy, above it a breach', () => {
    const s = settings({ maxLatency: { stat: 'p99', kind: 'relative', percent: 20 } });
    expect(judgeWindow(s, emptyTally(), numbers(120)).verdict).toBe('healthy');
    expect(judgeWindow(s, emptyTally(), numbers(121)).ruleFailures).toEqual(['p99 121ms > previous 100ms +20% (120ms)']);
  });
});

describe('failure-limit and inconclusive-limit at their boundaries', () => {
  const slow = () =>
    judgeWindow(settings({ maxLatency: { stat: 'p99', kind: 'absolute', ms: 1 } }), emptyTally(), {
      fresh: toStats('5', { invocations: 100, errors: 0, latencyMs: 5 }, 'p99'),
      previous: toStats('4', { invocations: 100, errors: 0, latencyMs: 5 }, 'p99'),
    });

  it('failure-limit 2: the second failed window goes on, the third fails and says which', () => {
    expect(decideAfterWindow(settings({ failureLimit: 2 }), slow(), 1, 'Window 2').kind).toBe('continue');
    expect(decideAfterWindow(settings({ failureLimit: 2 }), slow(), 2, 'Window 3')).toEqual({
      kind: 'fail',
      reason: 'Window 3: p99 5ms > 1ms (failed window 3, failure-limit 2)',
    });
  });

  it('inconclusive-limit 1: the first failed read fails the bake', () => {
    expect(decideFaults(settings({ inconclusiveLimit: 1 }), 1, { service: 'CloudWatch', code: 'Throttling' }).kind).toBe('fail');
    expect(decideFaults(settings({ inconclusiveLimit: 1 }), 0, undefined).kind).toBe('continue');
  });
});

describe('bake inputs: the rules behind the limits', () => {
  const env = (extra: Record<string, string>) => ({
    'INPUT_FUNCTION-NAME': 'fn',
    'INPUT_S3-BUCKET': 'b',
    'INPUT_S3-KEY': 'k',
    INPUT_ALIAS: 'live',
    'INPUT_TRAFFIC-STEPS': '10%:5m',
    'INPUT_ANALYSIS-INTERVAL': '1m',
    'INPUT_METRICS-DELAY': '2m',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
    ...extra,
  });

  it('max-error-rate takes 0% to 100%, both ends included, and nothing above', () => {
    expect(readInputs(env({ 'INPUT_MAX-ERROR-RATE': '100%' })).bake?.maxErrorRate).toBe(1);
    expect(readInputs(env({ 'INPUT_MAX-ERROR-RATE': '0%' })).bake?.maxErrorRate).toBe(0);
    expect(() => readInputs(env({ 'INPUT_MAX-ERROR-RATE': '100.5%' }))).toThrow(
      "Input 'max-error-rate' must be a percentage from 0% to 100%, or previous +N%: '100.5%'",
    );
  });

  it('a bake needs publish: true when it deploys code, and not when it bakes an existing version', () => {
    // inputs.ts refuses publish: false with an alias first; the bake's own rule stands behind it.
    const reader = new InputReader(env({}));
    expect(() => readBakeSettings(reader, { alias: 'live', publish: false, hasCode: true })).toThrow(
      "Input 'traffic-steps' needs publish: true: traffic moves to a published version",
    );
    expect(readBakeSettings(reader, { alias: 'live', publish: false, hasCode: false })?.steps).toEqual([{ weight: 10, bakeMs: 5 * MIN }]);
  });

  it.each(['x10%:5m', '10%:5m later', '10%:5m,20%:5m x'])('a step must be WEIGHT%%:BAKE and nothing around it: %s', (steps) => {
    expect(() => readInputs(env({ 'INPUT_TRAFFIC-STEPS': steps }))).toThrow("Input 'traffic-steps' has a step that is not WEIGHT%:BAKE");
  });

  it('an alarm name is 1 to 255 characters without control characters, anywhere in it', () => {
    expect(readInputs(env({ INPUT_ALARMS: 'a'.repeat(255) })).bake?.alarms).toEqual(['a'.repeat(255)]);
    expect(() => readInputs(env({ INPUT_ALARMS: 'a'.repeat(256) }))).toThrow(
      "Input 'alarms' has a name that is not a CloudWatch alarm name",
    );
    expect(() => readInputs(env({ INPUT_ALARMS: 'model\u0007errors' }))).toThrow(
      "Input 'alarms' has a name that is not a CloudWatch alarm name",
    );
  });
});
