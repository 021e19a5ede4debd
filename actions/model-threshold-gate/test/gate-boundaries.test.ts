/**
 * The gate's judgement at its edges (gate.ts): the first deployment, values
 * that are not plain numbers (±Infinity, NaN, absent), the regression
 * tolerance and the words each verdict is given in.
 */
import { readInputs } from '../src/inputs';
import { runGate } from '../src/gate';
import { loadJmes } from '../src/jmes';
import { firstDeployment } from '../src/ledger-baseline';
import { envOf, fixtures, gate } from './helpers';

/** One regression rule's result: `metric` now `value`, baseline `base`. */
const regression = async (rule: string, value: string, base: string, extra: Record<string, string> = {}) =>
  (
    await gate({
      metrics: `{"m": ${value}}`,
      baseline: `{"m": ${base}}`,
      'max-regression': rule,
      'lower-is-better': 'm',
      ...extra,
    })
  ).rules[0];

describe('the first deployment to an environment (nothing recorded in the ledger)', () => {
  const firstRun = async (baselineMissing: 'pass' | 'fail') => {
    const inputs = await readInputs(
      envOf({
        metrics: '{"accuracy": 0.92, "latency_ms": 120}',
        baseline: '{}',
        thresholds: 'accuracy >= 0.9',
        'max-regression': 'accuracy 2%\nlatency_ms 15',
        'lower-is-better': 'latency_ms',
        'baseline-missing': baselineMissing,
      }),
      fixtures,
      loadJmes,
    );
    return runGate({ ...inputs, baseline: firstDeployment('production') }, { jmes: await loadJmes() });
  };

  it('baseline-missing: pass skips each regression rule, saying why, and judges thresholds without a baseline', async () => {
    const result = await firstRun('pass');
    expect(result.passed).toBe(true);
    expect(result.rules[0]).toEqual({
      metric: 'accuracy',
      kind: 'threshold',
      op: '>=',
      bar: 0.9,
      input: 'thresholds',
      line: 1,
      value: 0.92,
      verdict: 'pass',
      message: 'accuracy = 0.92, meets >= 0.9 (thresholds line 1)',
    });
    expect(result.rules.slice(1)).toEqual([
      {
        metric: 'accuracy',
        kind: 'regression',
        allowed: '2%',
        direction: 'higher',
        input: 'max-regression',
        line: 1,
        verdict: 'skip',
        message:
          'accuracy: first deployment to production: no recorded baseline yet; absolute rules only (max-regression line 1; baseline-missing: pass)',
      },
      {
        metric: 'latency_ms',
        kind: 'regression',
        allowed: '15',
        direction: 'lower',
        input: 'max-regression',
        line: 2,
        verdict: 'skip',
        message:
          'latency_ms: first deployment to production: no recorded baseline yet; absolute rules only (max-regression line 2; baseline-missing: pass)',
      },
    ]);
  });

  it('baseline-missing: fail fails each regression rule', async () => {
    const result = await firstRun('fail');
    expect(result.rules.map((r) => r.verdict)).toEqual(['pass', 'fail', 'fail']);
    expect(result.passed).toBe(false);
    expect(result.failedMetrics).toEqual(['accuracy', 'latency_ms']);
    expect(result.rules[2]?.message).toContain('(max-regression line 2; baseline-missing: fail)');
  });
});

describe('values that are not plain numbers', () => {
  it('-Infinity is kept as text, below any bar', async () => {
    const result = await gate({ 'metrics-file': 'python-json-nan.json', thresholds: 'log_likelihood >= -1000' });
    expect(result.rules[0]).toMatchObject({ value: null, valueText: '-Infinity', verdict: 'fail' });
    expect(result.rules[0]?.message).toBe('log_likelihood = -Infinity, must be >= -1000 (thresholds line 1)');
  });

  it('an absent metric has no value text (it is not NaN)', async () => {
    const result = await gate({ metrics: '{"a": 1}', thresholds: 'b >= 1', missing: 'warn' });
    expect(result.rules[0]).toMatchObject({ value: null, verdict: 'warn' });
    expect(result.rules[0]?.valueText).toBeUndefined();
  });

  it('Infinity against an Infinity baseline is unchanged: delta 0', async () => {
    const rule = await regression('m 0', 'Infinity', 'Infinity');
    expect(rule).toMatchObject({ value: null, valueText: 'Infinity', baseline: null, baselineText: 'Infinity', delta: 0, verdict: 'pass' });
    expect(rule?.message).toBe(
      'm = Infinity vs baseline Infinity: unchanged, within the allowed regression 0, lower is better (max-regression line 1)',
    );
  });

  it('Infinity against a finite baseline: no delta to show, worse by Infinity without a percentage', async () => {
    const rule = await regression('m 10', 'Infinity', '140');
    expect(rule).toMatchObject({ delta: null, verdict: 'fail' });
    expect(rule).not.toHaveProperty('deltaPercent');
    expect(rule?.message).toBe(
      'm = Infinity vs baseline 140: worse by Infinity, more than the allowed regression 10, lower is better (max-regression line 1)',
    );
  });

  it('a higher-is-better metric fallen to -Infinity is a regression like any other', async () => {
    const rule = await regression('m 1', '-Infinity', '-5', { 'lower-is-better': '', 'higher-is-better': 'm' });
    expect(rule).toMatchObject({ valueText: '-Infinity', delta: null, direction: 'higher', verdict: 'fail' });
    expect(rule?.message).toBe(
      'm = -Infinity vs baseline -5: worse by Infinity, more than the allowed regression 1, higher is better (max-regression line 1)',
    );
  });

  it('a baseline of 0: a delta but no percentage', async () => {
    const rule = await regression('m 0.5', '0.1', '0');
    expect(rule).toMatchObject({ delta: 0.1, deltaPercent: null, verdict: 'pass' });
    expect(rule?.message).toBe(
      'm = 0.1 vs baseline 0: worse by 0.1, within the allowed regression 0.5, lower is better (max-regression line 1)',
    );
  });

  it('a regression metric absent from the metrics follows missing, naming the metrics document', async () => {
    const result = await gate({
      metrics: '{"other": 1}',
      baseline: '{"m": 1}',
      'max-regression': 'm 0.1',
      'lower-is-better': 'm',
      missing: 'fail',
    });
    expect(result.rules[0]).toMatchObject({ kind: 'regression', input: 'max-regression', verdict: 'fail', value: null, baseline: 1 });
    expect(result.rules[0]?.message).toMatch(/^m is absent: .* in the 'metrics' input \(max-regression line 1; missing: fail\)$/);
  });
});

describe('the words of a regression verdict', () => {
  it('an improvement is "better by", with its percentage', async () => {
    const rule = await regression('m 10', '130', '140');
    expect(rule).toMatchObject({ kind: 'regression', input: 'max-regression', line: 1, verdict: 'pass' });
    expect(rule?.message).toBe(
      'm = 130 vs baseline 140: better by 10 (7.14%), within the allowed regression 10, lower is better (max-regression line 1)',
    );
  });

  it('the same value is "unchanged"', async () => {
    const rule = await regression('m 10%', '140', '140');
    expect(rule?.message).toBe(
      'm = 140 vs baseline 140: unchanged, within the allowed regression 10% (14), lower is better (max-regression line 1)',
    );
  });
});

describe('negative baselines, missing readings and the numbers shown', () => {
  it('measures a relative allowance and the percentage against the baseline’s magnitude when it is negative', async () => {
    const higher = { 'lower-is-better': '', 'higher-is-better': 'm' };
    const worse = await regression('m 10%', '-5.4', '-5', higher);
    expect(worse).toMatchObject({ delta: -0.4, deltaPercent: -8, verdict: 'pass' });
    expect(worse?.message).toBe(
      'm = -5.4 vs baseline -5: worse by 0.4 (8%), within the allowed regression 10% (0.5), higher is better (max-regression line 1)',
    );
    const better = await regression('m 10%', '-4', '-5', higher);
    expect(better?.message).toContain('better by 1 (20%)');
  });

  it('shows no delta when the value or the baseline is missing', async () => {
    const noValue = await gate({ metrics: '{"x": 1}', baseline: '{"m": 1}', thresholds: 'm >= 0', missing: 'warn' });
    expect(noValue.rules[0]).toMatchObject({ value: null, baseline: 1, verdict: 'warn' });
    expect(noValue.rules[0]).not.toHaveProperty('delta');
    const noBase = await gate({ metrics: '{"m": 1}', baseline: '{"x": 1}', thresholds: 'm >= 0', missing: 'warn' });
    expect(noBase.rules[0]).toMatchObject({ value: 1, baseline: null, verdict: 'pass' });
    expect(noBase.rules[0]).not.toHaveProperty('delta');
  });

  it('writes values with six significant digits and percentages with three', async () => {
    const rule = await regression('m 1', '0.92050911', '0.9');
    expect(rule?.message).toBe(
      'm = 0.920509 vs baseline 0.9: worse by 0.0205091 (2.28%), within the allowed regression 1, lower is better (max-regression line 1)',
    );
    expect(rule).toMatchObject({ delta: 0.02050911, deltaPercent: 2.27879 });
  });
});

describe('the regression tolerance: float dust is not a regression, anything more is', () => {
  it('a rise of exactly 64 ε from 0 over an allowance of 0 is dust: passes', async () => {
    const rule = await regression('m 0', String(2 ** -46), '0');
    expect(rule?.verdict).toBe('pass');
  });

  it('a rise of twice that fails', async () => {
    const rule = await regression('m 0', String(2 ** -45), '0');
    expect(rule?.verdict).toBe('fail');
  });

  it('dust is measured against the larger of value and baseline: 0.3 to 1000.2 with 999.9 allowed is exactly the allowance', async () => {
    // 1000.2 - 0.3 - 999.9 leaves 1.1e-13 of float dust: 8 ε at scale 1, far under 64 ε at scale 1000.
    expect((await regression('m 999.9', '1000.2', '0.3'))?.verdict).toBe('pass');
    expect((await regression('m 999.8', '1000.2', '0.3'))?.verdict).toBe('fail');
  });
});
