import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, recordingLog } from '@mlship/action-kit';
import { announce, buildReport, headline, summaryMarkdown } from '../src/report';
import { gate, largeReport } from './helpers';

const verdicts = (result: { rules: Array<{ verdict: string }> }) => result.rules.map((r) => r.verdict);

describe('thresholds on realistic documents', () => {
  it('reads nested DVC metrics, from JSON and from YAML', async () => {
    for (const file of ['dvc-metrics.json', 'dvc-metrics.yaml']) {
      const result = await gate({
        'metrics-file': file,
        thresholds: 'test.accuracy >= 0.90\ntest.latency_p95_ms <= 200\ndrift_score < 0.5\ntrain.loss < 0.2',
      });
      expect(verdicts(result)).toEqual(['pass', 'pass', 'pass', 'fail']);
      expect(result.failedMetrics).toEqual(['train.loss']);
      expect(result.rules[3]?.message).toBe('train.loss = 0.2137, must be < 0.2 (thresholds line 4)');
    }
  });

  it('reads spaced and numeric keys of a scikit-learn classification report', async () => {
    const result = await gate({
      'metrics-file': 'sklearn-report.json',
      thresholds: 'accuracy >= 0.90\n"weighted avg"."f1-score" >= 0.85\n"macro avg".recall >= 0.9\n"1".recall >= 0.95',
    });
    expect(verdicts(result)).toEqual(['pass', 'pass', 'pass', 'fail']);
    expect(result.rules[3]).toMatchObject({ metric: '"1".recall', value: 0.9090909090909091, bar: 0.95, verdict: 'fail' });
  });

  it('finds MLflow run metrics by name, or by a JMESPath query over the raw export', async () => {
    const result = await gate({
      'metrics-file': 'mlflow-run.json',
      thresholds: "accuracy >= 0.93\nval_loss <= 0.25\nrun.data.metrics[?key=='f1_macro'].value | [0] >= 0.9",
    });
    expect(verdicts(result)).toEqual(['pass', 'pass', 'pass']);
    const history = await gate({ 'metrics-file': 'mlflow-history.json', thresholds: 'accuracy >= 0.93' });
    expect(history.rules[0]).toMatchObject({ value: 0.9312, verdict: 'pass' });
  });

  it('treats Infinity as a number that fails its bar, not as missing', async () => {
    const result = await gate({
      'metrics-file': 'python-json-nan.json',
      thresholds: 'loss <= 1\nlog_likelihood < 0\nroc_auc >= 0.9',
      missing: 'ignore',
    });
    expect(verdicts(result)).toEqual(['fail', 'pass', 'pass']);
    expect(result.rules[0]).toMatchObject({ value: null, valueText: 'Infinity' });
    expect(result.rules[0]?.message).toBe('loss = Infinity, must be <= 1 (thresholds line 1)');
  });
});

describe('max-regression against a baseline', () => {
  const higher = { thresholds: 'accuracy >= 0.5' };
  const lower = { thresholds: 'latency_ms <= 1000' };
  const run = (rule: string, value: number, base: number, extra: Record<string, string>) =>
    gate({
      ...extra,
      metrics: JSON.stringify({ accuracy: value, latency_ms: value }),
      baseline: JSON.stringify({ accuracy: base, latency_ms: base }),
      'max-regression': rule,
    }).then((r) => r.rules[1]);

  it.each([
    // higher is better, absolute
    ['accuracy 0.02', 0.874, 0.905, higher, 'fail'],
    ['accuracy 0.02', 0.91, 0.93, higher, 'pass'], // exactly the allowance, despite float dust
    ['accuracy 0.02', 0.95, 0.905, higher, 'pass'], // improvement
    ['accuracy 0', 0.99, 0.5, higher, 'pass'], // a big improvement is never a regression
    ['accuracy 0', 0.904, 0.905, higher, 'fail'],
    // higher is better, relative
    ['accuracy 2%', 0.88, 0.9, higher, 'fail'], // 2.2% worse
    ['accuracy 2%', 0.883, 0.9, higher, 'pass'], // 1.9% worse
    // lower is better, absolute
    ['latency_ms 10', 151, 140, lower, 'fail'],
    ['latency_ms 10', 150, 140, lower, 'pass'],
    ['latency_ms 10', 90, 140, lower, 'pass'], // faster: an improvement, whatever its size
    // lower is better, relative
    ['latency_ms 10%', 155, 140, lower, 'fail'],
    ['latency_ms 10%', 153, 140, lower, 'pass'],
    ['latency_ms 10%', 40, 140, lower, 'pass'],
  ])('%s: %p vs baseline %p', async (rule, value, base, extra, verdict) => {
    const result = await run(rule, value, base, extra);
    expect(result?.verdict).toBe(verdict);
    expect(result?.delta).toBeCloseTo(value - base, 10);
  });

  it('says the metric, value, baseline and allowed regression in a failure', async () => {
    const absolute = await run('accuracy 0.02', 0.874, 0.905, higher);
    expect(absolute?.message).toBe(
      'accuracy = 0.874 vs baseline 0.905: worse by 0.031 (3.43%), more than the allowed regression 0.02, higher is better (max-regression line 1)',
    );
    const relative = await run('latency_ms 10%', 155, 140, lower);
    expect(relative).toMatchObject({ allowed: '10%', direction: 'lower', delta: 15, deltaPercent: 10.7142857143 });
    expect(relative?.message).toBe(
      'latency_ms = 155 vs baseline 140: worse by 15 (10.7%), more than the allowed regression 10% (14), lower is better (max-regression line 1)',
    );
  });

  it('judges a scikit-learn report against production, spaced keys and all', async () => {
    const result = await gate({
      'metrics-file': 'sklearn-report.json',
      'baseline-file': 'sklearn-report-production.json',
      thresholds: 'accuracy >= 0.90\n"weighted avg"."f1-score" >= 0.85',
      'max-regression': 'accuracy 0.02\n"weighted avg"."f1-score" 3%',
    });
    expect(verdicts(result)).toEqual(['pass', 'pass', 'fail', 'pass']);
    expect(result.rules[0]).toMatchObject({ baseline: 0.9469026548672567, delta: -0.0265486725664 });
  });

  it('takes the direction from higher-is-better / lower-is-better when no threshold names the metric', async () => {
    const result = await gate({
      metrics: '{"val_loss": 0.30, "auc": 0.80}',
      baseline: '{"val_loss": 0.25, "auc": 0.85}',
      'max-regression': 'val_loss 0.01\nauc 0.01',
      'lower-is-better': 'val_loss',
      'higher-is-better': 'auc',
    });
    expect(verdicts(result)).toEqual(['fail', 'fail']);
    const flipped = await gate({
      metrics: '{"val_loss": 0.20, "auc": 0.90}',
      baseline: '{"val_loss": 0.25, "auc": 0.85}',
      'max-regression': 'val_loss 0.01\nauc 0.01',
      'lower-is-better': 'val_loss',
      'higher-is-better': 'auc',
    });
    expect(verdicts(flipped)).toEqual(['pass', 'pass']);
  });

  it('fills baseline and delta of threshold rules when a baseline is given', async () => {
    const result = await gate({ metrics: '{"accuracy": 0.92}', baseline: '{"accuracy": 0.9}', thresholds: 'accuracy >= 0.9' });
    expect(result.rules[0]).toMatchObject({ value: 0.92, baseline: 0.9, delta: 0.02, verdict: 'pass' });
  });
});

describe('missing, null, NaN and non-numeric metrics', () => {
  const doc = '{"nothing": null, "label": "good", "nested": {"a": 1}, "nan": NaN}';
  const cases: Array<[string, RegExp]> = [
    ['absent', /^absent is absent: the document has no key 'absent' \(keys: nothing, label, nested, nan\)/],
    ['nothing', /^nothing is null in/],
    ['nan', /^nan is NaN in/],
    ['label', /^label is the string 'good', not a number/],
    ['nested', /^nested is an object, not a number \(keys: a\): pick one of its keys/],
    ['nested.b', /^nested.b is absent: 'nested' has no key 'b' \(keys: a\)/],
  ];
  describe.each([
    ['fail', 'fail', false],
    ['warn', 'warn', true],
    ['ignore', 'skip', true],
  ])('missing: %s', (policy, verdict, passed) => {
    it.each(cases)('%s', async (metric, message) => {
      const result = await gate({ metrics: doc, thresholds: `${metric} >= 0`, missing: policy });
      expect(result.rules[0]?.verdict).toBe(verdict);
      expect(result.passed).toBe(passed);
      expect(result.rules[0]?.message).toMatch(message);
      expect(result.rules[0]?.message).toContain(`(thresholds line 1; missing: ${policy})`);
    });
  });

  it('counts warnings and skipped rules in the headline', async () => {
    const warned = await gate({ metrics: '{"a": 1}', thresholds: 'a >= 1\nb >= 1', missing: 'warn' });
    expect(headline(warned)).toBe('Model gate passed: 1 of 2 rules passed, 1 warning');
    const skipped = await gate({ metrics: '{"a": 1}', thresholds: 'a >= 2\nb >= 1', missing: 'ignore' });
    expect(headline(skipped)).toBe('Model gate failed: 1 of 2 rules failed (a), 1 skipped');
  });

  it('applies missing to a metric absent from the baseline', async () => {
    const result = await gate({
      metrics: '{"auc": 0.9}',
      baseline: '{"accuracy": 0.9}',
      'max-regression': 'auc 0.01',
      'higher-is-better': 'auc',
      missing: 'warn',
    });
    expect(result.rules[0]).toMatchObject({ verdict: 'warn', value: 0.9, baseline: null });
    expect(result.rules[0]?.message).toMatch(/^baseline auc is absent: the document has no key 'auc'.* in the 'baseline' input/);
  });

  it('reads NaN from a Python-written file and sends it through missing', async () => {
    const result = await gate({ 'metrics-file': 'python-json-nan.json', thresholds: 'accuracy >= 0.9', missing: 'fail' });
    expect(result.rules[0]).toMatchObject({ verdict: 'fail', value: null, valueText: 'NaN' });
  });
});

describe('report mode and reporting', () => {
  it('never fails the step in report mode, but still says what failed', async () => {
    const result = await gate({ metrics: '{"accuracy": 0.8}', thresholds: 'accuracy >= 0.9', mode: 'report' });
    expect(result.passed).toBe(false);
    const report = buildReport(result, result.inputs);
    expect(report).toMatchObject({ outcome: 'success', passed: false, mode: 'report', failed: ['accuracy'] });
    const log = recordingLog();
    announce(result, log);
    expect(log.lines).toEqual([{ level: 'warning', message: 'accuracy = 0.8, must be >= 0.9 (thresholds line 1)' }]);
    expect(headline(result)).toBe('Model gate failed: 1 of 1 rules failed (accuracy) (report mode: the job continues)');
  });

  it('writes one error per failed rule in enforce mode and a report carrying the first', async () => {
    const result = await gate({
      metrics: '{"accuracy": 0.8, "auc": 0.7, "loss": 0.1}',
      thresholds: 'accuracy >= 0.9\nauc >= 0.75\nloss <= 0.2',
    });
    const log = recordingLog();
    announce(result, log);
    expect(log.lines.map((l) => l.level)).toEqual(['error', 'error', 'info']);
    const report = buildReport(result, result.inputs);
    expect(report).toMatchObject({
      action: 'model-threshold-gate',
      schema: 1,
      outcome: 'failure',
      error: 'accuracy = 0.8, must be >= 0.9 (thresholds line 1)',
      failed: ['accuracy', 'auc'],
    });
  });

  it('summarises every rule in a table under a headline verdict', async () => {
    const result = await gate({
      'metrics-file': 'sklearn-report.json',
      'baseline-file': 'sklearn-report-production.json',
      thresholds: '"weighted avg"."f1-score" >= 0.85',
      'max-regression': 'accuracy 2%',
      'higher-is-better': 'accuracy',
    });
    const markdown = summaryMarkdown(buildReport(result, result.inputs));
    expect(markdown).toContain('### ❌ Model gate\n\nModel gate failed: 1 of 2 rules failed (accuracy)');
    expect(markdown).toContain('| Metric | Value | Bar | Baseline | Delta | Verdict |');
    expect(markdown).toContain('| `"weighted avg"."f1-score"` | 0.920509 | >= 0.85 | 0.946903 | -0.0263938 (-2.79%) | ✅ pass |');
    expect(markdown).toContain('| `accuracy` | 0.920354 | regression ≤ 2% (higher is better) | 0.946903 | -0.0265487 (-2.8%) | ❌ fail |');
    expect(markdown).toContain('Metrics from sklearn-report.json, baseline from sklearn-report-production.json; mode: enforce.');
  });
});

describe('input errors from the documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-docs-'));
  it.each([
    [{ 'metrics-file': 'nope.json' }, 'metrics-file', /names 'nope.json', which was not found/],
    [
      { 'metrics-file': 'not-metrics.txt' },
      'metrics-file',
      /names 'not-metrics.txt', which is not a JSON or YAML metrics document: JSON parser: /,
    ],
    [{ metrics: 'accuracy: [0.9' }, 'metrics', /is not a JSON or YAML metrics document: YAML parser: /],
    [{}, 'metrics-file', /or metrics is required/],
    [{ metrics: '{}', 'metrics-file': 'dvc-metrics.json' }, 'metrics-file', /and metrics are both set/],
    [
      { metrics: '{}', 'max-regression': 'accuracy 0.01', 'higher-is-better': 'accuracy' },
      'baseline-environment',
      /\(or baseline-file\) is required by max-regression/,
    ],
    [{ metrics: '{}', 'baseline-file': 'missing-prod.json' }, 'baseline-file', /names 'missing-prod.json', which was not found/],
    [{ metrics: '{}', thresholds: '# only a comment' }, 'thresholds', /has no rules/],
    [{ metrics: '{}', thresholds: '', 'max-regression': '' }, 'thresholds', /is required/],
    [{ metrics: '{}', mode: 'strict' }, 'mode', /must be one of enforce, report/],
    [{ metrics: '{}', missing: 'skip' }, 'missing', /must be one of fail, warn, ignore/],
  ])('%j -> %s', async (inputs, input, problem) => {
    const err = await gate({ thresholds: 'accuracy >= 0.9', ...inputs }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe(input);
    expect((err as InputError).message).toMatch(problem);
  });

  it('counts rule lines as written, leading blank lines included', async () => {
    const err = await gate({ metrics: '{}', thresholds: '\n\naccuracy >= 0.9\naccuracy ~ 0.9\n' }).catch((e: unknown) => e);
    expect((err as InputError).message).toContain("line 4 'accuracy ~ 0.9'");
  });

  it('names a directory given as the metrics file', async () => {
    const err = await gate({ thresholds: 'a > 1', 'metrics-file': dir }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/which is a directory/);
  });
});

describe('a 10 MB metrics file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-large-'));
  it.each([
    ['plain JSON', { nan: false }],
    ['Python json with NaN', { nan: true }],
  ])('%s is judged in well under the time a step budget allows', async (_label, opts) => {
    const file = join(dir, `large-${opts.nan ? 'nan' : 'plain'}.json`);
    const text = largeReport(10 * 1024 * 1024, opts);
    writeFileSync(file, text);
    expect(text.length).toBeGreaterThan(10 * 1024 * 1024);
    const started = performance.now();
    const result = await gate({
      'metrics-file': file,
      thresholds: 'accuracy >= 0.9\n"weighted avg"."f1-score" >= 0.85\nclass_77."f1-score" >= 0.5\nlength(*.support) > 1000',
      missing: 'fail',
    });
    const ms = performance.now() - started;
    expect(verdicts(result)).toEqual(['pass', 'pass', 'pass', 'pass']);
    // Generous: the bound catches pathological (quadratic) parsing, not noise on a busy machine.
    expect(ms).toBeLessThan(15_000);
  });
});

describe('a value exactly at the bar', () => {
  it.each([
    ['>=', true],
    ['<=', true],
    ['>', false],
    ['<', false],
    ['==', true],
    ['!=', false],
  ])('accuracy %s 0.9 with accuracy 0.9 passes: %s', async (op, passes) => {
    const result = await gate({ metrics: '{"accuracy": 0.9}', thresholds: `accuracy ${op} 0.9` });
    expect(result.passed).toBe(passes);
  });

  it.each([
    ['>=', false],
    ['<=', true],
    ['>', false],
    ['<', true],
  ])('accuracy %s 0.9 with accuracy just below, 0.8999, passes: %s', async (op, passes) => {
    const result = await gate({ metrics: '{"accuracy": 0.8999}', thresholds: `accuracy ${op} 0.9` });
    expect(result.passed).toBe(passes);
  });
});
