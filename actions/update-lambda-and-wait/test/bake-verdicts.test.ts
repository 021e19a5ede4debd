// The bake's verdicts word for word (src/bake/evidence.ts, judge.ts and
// decide.ts): what each rule says in the log and the report, the edge cases
// of the evidence (no calls, one call, a previous version without traffic),
// and what each decision carries.
import { differenceInterval, judgeErrors, type ErrorLimit } from '../src/bake/evidence';
import { decideAfterProbes, decideAfterWindow, decideStepEnd, faultCode } from '../src/bake/decide';
import { emptyTally, errorLimit, judgeWindow, latencyFailures, toStats } from '../src/bake/judge';
import { parseMetricRules } from '../src/bake/metric-rules';
import type { BakeSettings } from '../src/bake/settings';
import { bakeSettings } from '../../../test/support/bake-settings';

const none = { invocations: 0, errors: 0 };
const relative1: ErrorLimit = { kind: 'relative', points: 0.01 };

describe("differenceInterval: Newcombe's hybrid score interval", () => {
  it("gives Newcombe's published interval for 56/70 minus 48/80: 0.0524 to 0.3339", () => {
    const d = differenceInterval({ invocations: 70, errors: 56 }, { invocations: 80, errors: 48 });
    expect(d.lower).toBeCloseTo(0.0524, 3);
    expect(d.upper).toBeCloseTo(0.3339, 3);
  });

  it('counts a version without invocations as a rate of 0 with the widest interval, on either side', () => {
    const noNew = differenceInterval(none, { invocations: 100, errors: 5 });
    // The new side contributes [0, 1]; the previous side Wilson's [2.15%, 11.18%] around its 5%.
    expect(noNew.lower).toBeCloseTo(-0.1118, 3);
    expect(noNew.upper).toBeCloseTo(0.9504, 3);
    const noPrevious = differenceInterval({ invocations: 100, errors: 5 }, none);
    expect(noPrevious.lower).toBeCloseTo(-0.9504, 3);
    expect(noPrevious.upper).toBeCloseTo(0.1118, 3);
  });
});

describe('judgeErrors: the sentences people read', () => {
  it('a step without invocations: no rate, no percentage in the counts', () => {
    expect(judgeErrors({ kind: 'absolute', rate: 0.01 }, none, none, false, 10)).toEqual({
      state: 'open',
      invocations: 0,
      errors: 0,
      bound: 0,
      sentence: '0 errors in 0 invocations; 95% lower bound 0% is under 1%: not yet conclusive',
    });
  });

  it('one invocation and one error are singular', () => {
    expect(judgeErrors({ kind: 'absolute', rate: 0.5 }, { invocations: 1, errors: 1 }, none, false, 10).sentence).toBe(
      '1 error in 1 invocation (100%); 95% lower bound 20.7% is under 50%: not yet conclusive',
    );
  });

  it('a bound exactly at the limit is "at" it, not under it, and still not conclusive', () => {
    expect(judgeErrors({ kind: 'absolute', rate: 0 }, { invocations: 30, errors: 0 }, none, false, 10)).toMatchObject({
      state: 'open',
      rate: 0,
      sentence: '0 errors in 30 invocations (0%); 95% lower bound 0% is at 0%: not yet conclusive',
    });
  });

  it('relative: one point is singular, two points plural, and the passing sentence names the previous version', () => {
    expect(judgeErrors(relative1, { invocations: 200, errors: 11 }, { invocations: 1800, errors: 90 }, true, 10).sentence).toBe(
      "11 errors in 200 invocations (5.5%) at the step's end: the rate over the previous version is at or under +1 point: passed",
    );
    expect(
      judgeErrors({ kind: 'relative', points: 0.02 }, { invocations: 200, errors: 11 }, { invocations: 1800, errors: 90 }, false, 10)
        .sentence,
    ).toMatch(
      /^11 errors in 200 invocations \(5\.5%\); against 90 errors in 1800 invocations \(5%\) on the previous version; 95% lower bound of the difference -[\d.]+ points is under \+2 points: not yet conclusive$/,
    );
  });

  it('relative with a previous version that had no calls: its rate counts as 0, so 5% new errors fail +1 point at the step end', () => {
    const evidence = judgeErrors(relative1, { invocations: 100, errors: 5 }, none, true, 10);
    expect(evidence.state).toBe('fail');
    expect(evidence.sentence).toBe(
      "5 errors in 100 invocations (5%) at the step's end: the rate over the previous version is over +1 point: failed",
    );
  });
});

describe('errorLimit and toStats: what a window is judged on', () => {
  it('previous +N% is a relative limit, N% an absolute one, neither no limit', () => {
    expect(errorLimit(bakeSettings({ errorRateOverPrevious: 0.01 }))).toEqual({ kind: 'relative', points: 0.01 });
    expect(errorLimit(bakeSettings({ maxErrorRate: 0.02 }))).toEqual({ kind: 'absolute', rate: 0.02 });
    expect(errorLimit(bakeSettings())).toBeUndefined();
  });

  it('a version without numbers has 0 calls and no rate; a rate and a latency (to 0.1 ms) only when there are some', () => {
    expect(toStats('5', undefined, 'p99')).toEqual({ version: '5', invocations: 0, errors: 0 });
    expect(toStats('5', { invocations: 0, errors: 0, latencyMs: 12 }, undefined)).toEqual({ version: '5', invocations: 0, errors: 0 });
    expect(toStats('5', { invocations: 40, errors: 2, latencyMs: 123.456 }, 'p99')).toEqual({
      version: '5',
      invocations: 40,
      errors: 2,
      errorRate: 0.05,
      latency: { stat: 'p99', ms: 123.5 },
    });
    expect(toStats('5', { invocations: 40, errors: 2 }, 'p99')).toEqual({ version: '5', invocations: 40, errors: 2, errorRate: 0.05 });
  });

  it('a relative latency rule is not judged when the previous version has no latency in the window', () => {
    const s = bakeSettings({ maxLatency: { stat: 'p99', kind: 'relative', percent: 20 } });
    const fresh = toStats('5', { invocations: 10, errors: 0, latencyMs: 900 }, 'p99');
    expect(latencyFailures(s, fresh, toStats('4', { invocations: 0, errors: 0 }, 'p99'))).toEqual([]);
  });
});

describe('judgeWindow: custom metric rules and windows without an error rule', () => {
  const rules = parseMetricRules(['ML/Errors Sum <= 5', 'ML/Confidence Average >= 0.8', 'ML/Drift Maximum < 0.2']);
  const numbers = (custom?: (number | undefined)[]) => ({
    fresh: toStats('5', { invocations: 100, errors: 0 }, undefined),
    previous: toStats('4', { invocations: 900, errors: 0 }, undefined),
    ...(custom ? { custom } : {}),
  });

  it('without an error rule a clean window is healthy and carries no error evidence', () => {
    const judgement = judgeWindow(bakeSettings(), emptyTally(), numbers());
    expect(judgement.verdict).toBe('healthy');
    expect(judgement.errors).toBeUndefined();
    expect(decideAfterWindow(bakeSettings(), judgement, 0, 'Window 1')).toEqual({ kind: 'continue' });
  });

  it('a rule without a value is no data; only those rules are listed as such', () => {
    const judgement = judgeWindow(bakeSettings({ metricRules: rules }), emptyTally(), numbers([3, undefined, 0.1]));
    expect(judgement.metrics).toEqual([
      { rule: 'ML/Errors Sum <= 5', value: 3, passed: true },
      { rule: 'ML/Confidence Average >= 0.8' },
      { rule: 'ML/Drift Maximum < 0.2', value: 0.1, passed: true },
    ]);
    expect(judgement.noData).toEqual(['ML/Confidence Average >= 0.8']);
    expect(judgement.verdict).toBe('insufficient-traffic');
  });

  it('a port that answered no custom values leaves every rule without data', () => {
    const judgement = judgeWindow(bakeSettings({ metricRules: rules }), emptyTally(), numbers());
    expect(judgement.noData).toEqual(rules.map((r) => r.text));
  });
});

describe('decideAfterWindow: the reasons it gives', () => {
  const rules = parseMetricRules(['ML/Errors Sum <= 5', 'ML/Confidence Average >= 0.8']);
  const slowAndWrong = (s: BakeSettings) =>
    judgeWindow(s, emptyTally(), {
      fresh: toStats('5', { invocations: 100, errors: 0, latencyMs: 500 }, 'p99'),
      previous: toStats('4', { invocations: 900, errors: 0, latencyMs: 100 }, 'p99'),
      custom: [9, 0.5],
    });

  it('failure-limit 0: every rule the window broke, joined, without a failure count', () => {
    const s = bakeSettings({ metricRules: rules, maxLatency: { stat: 'p99', kind: 'absolute', ms: 300 } });
    expect(decideAfterWindow(s, slowAndWrong(s), 0, 'Window 1')).toEqual({
      kind: 'fail',
      reason: 'Window 1: p99 500ms > 300ms; ML/Errors Sum <= 5: 9 does not keep it; ML/Confidence Average >= 0.8: 0.5 does not keep it',
    });
  });

  it('a window that broke no rule does not fail, however many windows failed before it', () => {
    const s = bakeSettings({ failureLimit: 1, metricRules: rules });
    const clean = judgeWindow(s, emptyTally(), {
      fresh: toStats('5', { invocations: 100, errors: 0 }, undefined),
      previous: toStats('4', { invocations: 900, errors: 0 }, undefined),
      custom: [1, 0.9],
    });
    expect(decideAfterWindow(s, clean, 2, 'Window 4')).toEqual({ kind: 'continue' });
  });

  it('insufficient-traffic: fail names every rule without data', () => {
    const s = bakeSettings({ metricRules: rules, insufficientTraffic: 'fail' });
    const judgement = judgeWindow(s, emptyTally(), {
      fresh: toStats('5', { invocations: 100, errors: 0 }, undefined),
      previous: toStats('4', { invocations: 900, errors: 0 }, undefined),
      custom: [undefined, undefined],
    });
    expect(decideAfterWindow(s, judgement, 0, 'Window 2')).toEqual({
      kind: 'fail',
      reason: 'Window 2: no data for ML/Errors Sum <= 5; ML/Confidence Average >= 0.8 (insufficient-traffic: fail)',
    });
  });
});

describe('decideStepEnd: a thin step carries its error evidence', () => {
  const thin = { fresh: { invocations: 5, errors: 0 }, previous: none };

  it.each<['warn' | 'fail', string]>([
    ['warn', 'thin'],
    ['fail', 'fail'],
  ])('insufficient-traffic: %s gives %s with the evidence', (insufficientTraffic, kind) => {
    const decision = decideStepEnd(bakeSettings({ maxErrorRate: 0.01, insufficientTraffic }), thin, 'Step 1');
    expect(decision).toMatchObject({ kind, errors: { state: 'thin', invocations: 5, errors: 0 } });
  });
});

describe('decideAfterProbes: a failed probe is an error of the new version', () => {
  const tally = (invocations: number, errors: number) => ({ fresh: { invocations, errors }, previous: none });

  it('goes on when no probe failed, whatever the tally says', () => {
    expect(decideAfterProbes(bakeSettings({ maxErrorRate: 0.01 }), tally(10, 10), undefined, 'Probes')).toEqual({ kind: 'continue' });
  });

  it('without an error rule, one failed probe fails (a limit of 0%)', () => {
    expect(decideAfterProbes(bakeSettings(), tally(1, 1), 'status 500', 'Probes')).toEqual({
      kind: 'fail',
      reason: 'Probes: a probe failed (status 500); error rate: 1 error in 1 invocation (100%); 95% lower bound 20.7% is over 0%: failed',
    });
  });

  it('with an error rule, the rule decides: 1 failed probe in 10 at 50% goes on', () => {
    expect(decideAfterProbes(bakeSettings({ maxErrorRate: 0.5 }), tally(10, 1), 'status 500', 'Probes')).toEqual({ kind: 'continue' });
  });

  it('judges only conclusive evidence, not the step-end rate: 1 in 10 at 5% goes on mid-step', () => {
    expect(decideAfterProbes(bakeSettings({ maxErrorRate: 0.05, minInvocations: 5 }), tally(10, 1), 'status 500', 'Probes').kind).toBe(
      'continue',
    );
  });
});

describe('faultCode: a short word of our own for a failed read', () => {
  it.each<[string, unknown, string]>([
    ['no error object at all', undefined, 'unreadable answer'],
    ['null', null, 'unreadable answer'],
    ['a name that is not a string is not a name', { name: ['Throttling'], $metadata: { httpStatusCode: 429 } }, 'HTTP 429'],
    ['a specific name ending in Error is kept', { name: 'RequestLimitError' }, 'RequestLimitError'],
    ['a specific name starting with Error is kept', { name: 'ErrorRateExceeded' }, 'ErrorRateExceeded'],
    ['a name that only contains ServiceException is kept', { name: 'ServiceExceptionThrottled' }, 'ServiceExceptionThrottled'],
    ['a network error code when there is no status', { name: 'Error', code: 'ECONNRESET' }, 'ECONNRESET'],
    ['a code that is not a word is not shown', { name: 'Error', code: 'bad <code>' }, 'unreadable answer'],
  ])('%s', (_name, err, code) => {
    expect(faultCode(err)).toBe(code);
  });
});
