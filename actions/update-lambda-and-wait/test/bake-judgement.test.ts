// The bake's pure parts, table-driven: the evidence rule (Wilson bound over
// the step), where windows lie, one window's verdict, and what comes next.
import { differenceInterval, judgeErrors, wilson, type ErrorLimit } from '../src/bake/evidence';
import { decideAfterWindow, decideFaults, decideStepEnd, faultCode } from '../src/bake/decide';
import { emptyTally, judgeWindow, toStats } from '../src/bake/judge';
import { planWindows } from '../src/bake/plan';
import type { BakeSettings } from '../src/bake/settings';
import { bakeSettings } from '../../../test/support/bake-settings';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at2: ErrorLimit = { kind: 'absolute', rate: 0.02 };

const settings = (overrides: Partial<BakeSettings> = {}): BakeSettings =>
  bakeSettings({ maxErrorRate: 0.02, minInvocations: 30, ...overrides });

describe('wilson', () => {
  it.each([
    [0, 30, 0, 0.1135],
    [1, 30, 0.0059, 0.1667],
    [10, 30, 0.1923, 0.5122],
    [3, 90, 0.0114, 0.0935],
    [0, 0, 0, 1],
  ])('%i errors in %i invocations: [%f, %f]', (errors, n, lower, upper) => {
    const i = wilson(errors, n);
    expect(i.lower).toBeCloseTo(lower, 3);
    expect(i.upper).toBeCloseTo(upper, 3);
  });

  it('the difference interval of equal rates straddles 0', () => {
    const d = differenceInterval({ invocations: 100, errors: 5 }, { invocations: 100, errors: 5 });
    expect(d.lower).toBeLessThan(0);
    expect(d.upper).toBeGreaterThan(0);
  });
});

describe('judgeErrors: the error rate over the step so far', () => {
  it.each<[string, ErrorLimit, [number, number], [number, number], boolean, number, string, string]>([
    ['10 in 30 at 2% fails in the first window', at2, [30, 10], [270, 0], false, 10, 'fail', '95% lower bound 19.2% is over 2%: failed'],
    [
      '1 in 30 at 2% goes on',
      at2,
      [30, 1],
      [270, 0],
      false,
      10,
      'open',
      '1 error in 30 invocations (3.3%); 95% lower bound 0.6% is under 2%: not yet conclusive',
    ],
    [
      "the issue's example",
      at2,
      [90, 3],
      [810, 0],
      false,
      10,
      'open',
      '3 errors in 90 invocations (3.3%); 95% lower bound 1.1% is under 2%: not yet conclusive',
    ],
    ['1 in 300 at the step end passes', at2, [300, 1], [2700, 0], true, 10, 'pass', 'at or under 2%: passed'],
    [
      'exactly at the limit passes',
      at2,
      [100, 2],
      [900, 0],
      true,
      10,
      'pass',
      "2 errors in 100 invocations (2%) at the step's end: the rate is at or under 2%: passed",
    ],
    ['just over the limit at the step end fails', at2, [99, 3], [900, 0], true, 10, 'fail', 'over 2%: failed'],
    ['exactly min-invocations is judged', at2, [10, 0], [90, 0], true, 10, 'pass', 'passed'],
    ['one fewer is too thin', at2, [9, 0], [90, 0], true, 10, 'thin', 'fewer than min-invocations (10): not judged'],
    ['conclusive even below min-invocations', at2, [5, 5], [45, 0], false, 10, 'fail', 'failed'],
    [
      'relative: same rate as before goes on',
      { kind: 'relative', points: 0.01 },
      [100, 5],
      [900, 45],
      false,
      10,
      'open',
      'against 45 errors in 900 invocations (5%) on the previous version',
    ],
    [
      'relative: 20 points over fails',
      { kind: 'relative', points: 0.01 },
      [100, 25],
      [900, 45],
      false,
      10,
      'fail',
      'is over +1 point: failed',
    ],
    [
      'relative: within 1 point at the end passes',
      { kind: 'relative', points: 0.01 },
      [200, 11],
      [1800, 90],
      true,
      10,
      'pass',
      'at or under +1 point: passed',
    ],
    [
      'relative: 2 points over at the end fails',
      { kind: 'relative', points: 0.01 },
      [200, 14],
      [1800, 90],
      true,
      10,
      'fail',
      'over +1 point: failed',
    ],
  ])('%s', (_name, limit, [n, e], [pn, pe], ended, min, state, text) => {
    const evidence = judgeErrors(limit, { invocations: n, errors: e }, { invocations: pn, errors: pe }, ended, min);
    expect(evidence.state).toBe(state);
    expect(evidence.sentence).toContain(text);
  });
});

describe('planWindows', () => {
  it.each([
    [
      'minute windows on minute edges',
      { stepStartMs: T0, bakeMs: 5 * MIN, intervalMs: MIN, first: true },
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 5],
      ],
    ],
    [
      'the first step folds the sliver into its first window',
      { stepStartMs: T0 + 55_000, bakeMs: 3 * MIN, intervalMs: MIN, first: true },
      [
        [0, 2],
        [2, 3],
      ],
    ],
    [
      'only the first window takes the sliver: the rest are one interval each',
      { stepStartMs: T0 + 55_000, bakeMs: 5 * MIN, intervalMs: MIN, first: true },
      [
        [0, 2],
        [2, 3],
        [3, 4],
        [4, 5],
      ],
    ],
    [
      'a later step does not',
      { stepStartMs: T0 + 55_000, bakeMs: 3 * MIN, intervalMs: MIN, first: false },
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    ],
    [
      'the step end cut back to its last whole minute',
      { stepStartMs: T0, bakeMs: 150_000, intervalMs: MIN, first: false },
      [
        [0, 1],
        [1, 2],
      ],
    ],
  ])('%s', (_name, plan, minutes) => {
    expect(planWindows(plan).map((w) => [(w.startMs - T0) / MIN, (w.endMs - T0) / MIN])).toEqual(minutes);
  });

  it('second-long windows align on whole seconds, the last one cut at the step end', () => {
    const spans = planWindows({ stepStartMs: T0 + 1_500, bakeMs: 5_000, intervalMs: 2_000, first: false });
    expect(spans.map((w) => [w.startMs - T0, w.endMs - T0])).toEqual([
      [1000, 3000],
      [3000, 5000],
      [5000, 6000],
    ]);
  });
});

describe('judgeWindow and decideAfterWindow', () => {
  const window = (n: number, e: number, ms: number, prevMs = 100) => ({
    fresh: toStats('5', { invocations: n, errors: e, latencyMs: ms }, 'p99'),
    previous: toStats('4', { invocations: n * 9, errors: 0, latencyMs: prevMs }, 'p99'),
  });
  const latency = settings({ maxLatency: { stat: 'p99', kind: 'absolute', ms: 300 } });

  it.each<[string, BakeSettings, number, [number, number, number], string, string]>([
    ['clean', latency, 0, [30, 0, 200], 'healthy', 'continue'],
    ['no invocations: nothing to judge', latency, 0, [0, 0, 200], 'insufficient-traffic', 'continue'],
    ['one error in 30: not conclusive', latency, 0, [30, 1, 200], 'healthy', 'continue'],
    ['ten errors in 30: fails at once', latency, 0, [30, 10, 200], 'breach', 'fail'],
    ['a slow window with failure-limit 0 fails', latency, 0, [30, 0, 400], 'breach', 'fail'],
    ['a slow window within failure-limit 1 goes on', { ...latency, failureLimit: 1 }, 0, [30, 0, 400], 'breach', 'continue'],
    ['the second slow window over failure-limit 1 fails', { ...latency, failureLimit: 1 }, 1, [30, 0, 400], 'breach', 'fail'],
  ])('%s', (_name, s, before, [n, e, ms], verdict, decision) => {
    const judgement = judgeWindow(s, emptyTally(), window(n, e, ms));
    expect(judgement.verdict).toBe(verdict);
    expect(decideAfterWindow(s, judgement, before, 'Window 1').kind).toBe(decision);
  });

  it('the tally carries over the step', () => {
    const first = judgeWindow(settings(), emptyTally(), window(30, 1, 100));
    const second = judgeWindow(settings(), first.tally, window(60, 2, 100));
    expect(second.tally.fresh).toEqual({ invocations: 90, errors: 3 });
    expect(second.errors?.sentence).toBe('3 errors in 90 invocations (3.3%); 95% lower bound 1.1% is under 2%: not yet conclusive');
  });
});

describe('decideStepEnd', () => {
  it.each<[string, Partial<BakeSettings>, [number, number], string, RegExp]>([
    ['enough calls under the limit pass', {}, [300, 1], 'pass', /./],
    ['over the limit fails', {}, [300, 9], 'fail', /Step 1: error rate: 9 errors in 300 invocations \(3%\).*failed/],
    ['too few with warn go on', {}, [29, 0], 'thin', /29 invocations of the new version in the step, fewer than min-invocations \(30\)/],
    ['too few with fail fail', { insufficientTraffic: 'fail' }, [29, 0], 'fail', /insufficient-traffic: fail/],
    ['no error rule: only min-invocations', { maxErrorRate: undefined }, [30, 30], 'pass', /./],
  ])('%s', (_name, overrides, [n, e], kind, reason) => {
    const decision = decideStepEnd(
      settings(overrides),
      { fresh: { invocations: n, errors: e }, previous: { invocations: 0, errors: 0 } },
      'Step 1',
    );
    expect(decision.kind).toBe(kind);
    if (decision.kind !== 'pass') expect(decision.reason).toMatch(reason);
  });
});

describe('faults', () => {
  it.each([
    [Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }), 'Throttling'],
    [Object.assign(new Error('<html>bad gateway</html>'), { name: 'SyntaxError', $metadata: { httpStatusCode: 502 } }), 'HTTP 502'],
    [Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'timeout'],
    [Object.assign(new Error('UnknownError'), { name: 'CloudWatchServiceException', $metadata: { httpStatusCode: 503 } }), 'HTTP 503'],
    [new Error('\u001b[31m<b>boom</b>'), 'unreadable answer'],
    [Object.assign(new Error('x'), { name: '<script>' }), 'unreadable answer'],
  ])('%s is named %s', (err, code) => {
    expect(faultCode(err)).toBe(code);
  });

  it.each([
    [2, 'continue'],
    [3, 'fail'],
  ])('%i failed reads in a row with inconclusive-limit 3: %s', (inARow, kind) => {
    const decision = decideFaults(settings(), inARow, { service: 'CloudWatch GetMetricData', code: 'Throttling' });
    expect(decision.kind).toBe(kind);
    if (decision.kind === 'fail') expect(decision.reason).toMatch(/^metrics unavailable: CloudWatch GetMetricData, Throttling/);
  });
});
