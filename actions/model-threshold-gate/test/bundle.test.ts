import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeRuntimes, runAction, type RunResult } from '../../../test/support/run-action';
import { fixtures, largeReport } from './helpers';

const ACTION = 'model-threshold-gate';
const run = (node: string, inputs: Record<string, string>, cwd = fixtures): Promise<RunResult> => runAction(ACTION, { node, inputs, cwd });

function expectNoStack(result: RunResult): void {
  expect(result.stdout).not.toMatch(/\n\s+at /);
  expect(result.stderr).toBe('');
}

describe.each(nodeRuntimes())('model-threshold-gate bundle under $label', ({ path: node }) => {
  it('passes a DVC metrics file that meets every bar', async () => {
    const result = await run(node, {
      'metrics-file': 'dvc-metrics.json',
      thresholds: 'test.accuracy >= 0.90\ntest.latency_p95_ms <= 200\ndrift_score < 0.5',
    });
    expect(result.code).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.outputs['passed']).toBe('true');
    expect(result.outputs['failed']).toBe('');
    const results = JSON.parse(result.outputs['results'] ?? '[]') as Array<Record<string, unknown>>;
    expect(results.map((r) => [r['metric'], r['value'], r['bar'], r['verdict']])).toEqual([
      ['test.accuracy', 0.9121, 0.9, 'pass'],
      ['test.latency_p95_ms', 143.5, 200, 'pass'],
      ['drift_score', 0.12, 0.5, 'pass'],
    ]);
    expect(result.report()).toMatchObject({
      action: ACTION,
      schema: 1,
      outcome: 'success',
      passed: true,
      mode: 'enforce',
      headline: 'Model gate passed: 3 of 3 rules passed',
    });
    expect(result.summary).toContain('### ✅ Model gate\n\nModel gate passed: 3 of 3 rules passed');
    expect(result.summary).toContain('| `test.latency_p95_ms` | 143.5 | <= 200 |');
  });

  it('fails with one error line per failed rule, and still sets every output', async () => {
    const result = await run(node, {
      'metrics-file': 'sklearn-report.json',
      thresholds: 'accuracy >= 0.95\n"weighted avg"."f1-score" >= 0.85\n"1".recall >= 0.95',
    });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      'accuracy = 0.920354, must be >= 0.95 (thresholds line 1)',
      '"1".recall = 0.909091, must be >= 0.95 (thresholds line 3)',
    ]);
    expectNoStack(result);
    expect(result.outputs['passed']).toBe('false');
    expect(result.outputs['failed']).toBe('accuracy, "1".recall');
    expect(result.report()).toMatchObject({
      outcome: 'failure',
      passed: false,
      error: 'accuracy = 0.920354, must be >= 0.95 (thresholds line 1)',
    });
    expect(result.summary).toContain('### ❌ Model gate\n\nModel gate failed: 2 of 3 rules failed (accuracy, "1".recall)');
  });

  it('gates a pull request against production metrics fetched earlier', async () => {
    const result = await run(node, {
      'metrics-file': 'sklearn-report.json',
      'baseline-file': 'sklearn-report-production.json',
      thresholds: 'accuracy >= 0.90',
      'max-regression': 'accuracy 0.02\n"weighted avg"."f1-score" 3%',
      'higher-is-better': '"weighted avg"."f1-score"',
    });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      'accuracy = 0.920354 vs baseline 0.946903: worse by 0.0265487 (2.8%), more than the allowed regression 0.02, higher is better (max-regression line 1)',
    ]);
    const results = JSON.parse(result.outputs['results'] ?? '[]') as Array<Record<string, unknown>>;
    expect(results[1]).toMatchObject({
      kind: 'regression',
      metric: 'accuracy',
      baseline: 0.9469026548672567,
      allowed: '0.02',
      verdict: 'fail',
    });
    expect(results[2]).toMatchObject({ kind: 'regression', allowed: '3%', verdict: 'pass' });
  });

  it('reports without failing in report mode', async () => {
    const result = await run(node, { metrics: 'accuracy: 0.81\nloss: 0.4\n', thresholds: 'accuracy >= 0.9\nloss <= 0.5', mode: 'report' });
    expect(result.code).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(['accuracy = 0.81, must be >= 0.9 (thresholds line 1)']);
    expect(result.outputs['passed']).toBe('false');
    expect(result.outputs['failed']).toBe('accuracy');
    expect(result.report()).toMatchObject({ outcome: 'success', passed: false, mode: 'report' });
    expect(result.summary).toContain(
      '### ⚠️ Model gate\n\nModel gate failed: 1 of 2 rules failed (accuracy) (report mode: the job continues)',
    );
  });

  it("warns about Python's NaN under missing: warn, and reads MLflow exports", async () => {
    const nan = await run(node, { 'metrics-file': 'python-json-nan.json', thresholds: 'accuracy >= 0.9\nroc_auc >= 0.9', missing: 'warn' });
    expect(nan.code).toBe(0);
    expect(nan.warnings).toEqual(['accuracy is NaN in python-json-nan.json (thresholds line 1; missing: warn)']);
    const mlflow = await run(node, { 'metrics-file': 'mlflow-run.json', thresholds: 'accuracy >= 0.93\nval_loss <= 0.25' });
    expect(mlflow.code).toBe(0);
    expect(mlflow.outputs['passed']).toBe('true');
  });

  it('judges a 10 MB metrics file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-bundle-large-'));
    writeFileSync(join(dir, 'metrics.json'), largeReport(10 * 1024 * 1024, { nan: true }));
    const result = await run(node, { 'metrics-file': 'metrics.json', thresholds: 'accuracy >= 0.9\nclass_5000."f1-score" >= 0.5' }, dir);
    expect(result.code).toBe(0);
    expect(result.outputs['passed']).toBe('true');
    expect(result.durationMs).toBeLessThan(30_000);
  });

  const bad: Array<[string, Record<string, string>, string, RegExp]> = [
    ['no rules', { metrics: '{"accuracy": 0.9}' }, 'thresholds', /is required/],
    ['only comments', { metrics: '{"accuracy": 0.9}', thresholds: '# accuracy >= 0.9' }, 'thresholds', /has no rules/],
    [
      'a rule without an operator',
      { metrics: '{}', thresholds: 'accuracy >= 0.9\naccuracy 0.9' },
      'thresholds',
      /line 2 'accuracy 0.9': no comparison operator/,
    ],
    ['a rule with =>', { metrics: '{}', thresholds: 'accuracy => 0.9' }, 'thresholds', /line 1 'accuracy => 0.9': unknown operator '=>'/],
    [
      'a rule with a word for a number',
      { metrics: '{}', thresholds: 'accuracy >= high' },
      'thresholds',
      /line 1 'accuracy >= high': 'high' is not a number/,
    ],
    [
      'an unquoted dashed key',
      { metrics: '{}', thresholds: 'f1-score >= 0.8' },
      'thresholds',
      /line 1 'f1-score >= 0.8': 'f1-score' is not a valid JMESPath expression/,
    ],
    [
      'a regression without an amount',
      { metrics: '{}', baseline: '{}', thresholds: 'accuracy >= 0.9', 'max-regression': 'accuracy' },
      'max-regression',
      /line 1 'accuracy': write <metric> <amount>/,
    ],
    [
      'a negative regression',
      { metrics: '{}', baseline: '{}', thresholds: 'accuracy >= 0.9', 'max-regression': 'accuracy -2%' },
      'max-regression',
      /must be zero or more/,
    ],
    [
      'a regression with no direction',
      { metrics: '{}', baseline: '{}', 'max-regression': 'val_loss 0.01' },
      'max-regression',
      /line 1 'val_loss 0.01': cannot tell whether higher or lower/,
    ],
    [
      'a bad higher-is-better entry',
      { metrics: '{}', thresholds: 'a > 1', 'higher-is-better': 'f1-score' },
      'higher-is-better',
      /not a valid JMESPath expression/,
    ],
    [
      'a metric in both lists',
      { metrics: '{}', thresholds: 'a > 1', 'higher-is-better': 'auc', 'lower-is-better': 'auc' },
      'lower-is-better',
      /either higher-is-better or lower-is-better/,
    ],
    ['an unknown missing policy', { metrics: '{}', thresholds: 'a > 1', missing: 'skip' }, 'missing', /must be one of fail, warn, ignore/],
    ['an unknown mode', { metrics: '{}', thresholds: 'a > 1', mode: 'dry-run' }, 'mode', /must be one of enforce, report/],
    ['no metrics', { thresholds: 'a > 1' }, 'metrics-file', /or metrics is required/],
    [
      'both metrics inputs',
      { thresholds: 'a > 1', metrics: '{}', 'metrics-file': 'dvc-metrics.json' },
      'metrics-file',
      /and metrics are both set/,
    ],
    [
      'a metrics file that does not exist',
      { thresholds: 'a > 1', 'metrics-file': 'reports/metrics.json' },
      'metrics-file',
      /names 'reports\/metrics.json', which was not found/,
    ],
    [
      'a metrics file that is not JSON or YAML',
      { thresholds: 'a > 1', 'metrics-file': 'not-metrics.txt' },
      'metrics-file',
      /names 'not-metrics.txt', which is not a JSON or YAML metrics document: JSON parser: \S+/,
    ],
    [
      'inline metrics that do not parse',
      { thresholds: 'a > 1', metrics: 'accuracy: [0.9' },
      'metrics',
      /is not a JSON or YAML metrics document: YAML parser: \S+/,
    ],
    ['inline metrics that are a single number', { thresholds: 'a > 1', metrics: '0.93' }, 'metrics', /a single number \(0.93\)/],
    [
      'a baseline file that does not exist',
      { thresholds: 'a > 1', metrics: '{}', 'baseline-file': 'prod.json' },
      'baseline-file',
      /names 'prod.json', which was not found/,
    ],
    ['a baseline that does not parse', { thresholds: 'a > 1', metrics: '{}', baseline: '{"a": 1,,}' }, 'baseline', /JSON parser: /],
    [
      'both baseline inputs',
      { thresholds: 'a > 1', metrics: '{}', baseline: '{}', 'baseline-file': 'dvc-metrics.json' },
      'baseline-file',
      /and baseline are both set/,
    ],
    [
      'max-regression without a baseline',
      { metrics: '{}', thresholds: 'a > 1', 'max-regression': 'a 0.1' },
      'baseline-environment',
      /\(or baseline-file\) is required by max-regression/,
    ],
  ];
  it.each(bad)('rejects %s with one error naming the input', async (_label, inputs, input, problem) => {
    const result = await run(node, inputs);
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(new RegExp(`^Input '${input}' `));
    expect(result.errors[0]).toMatch(problem);
    expectNoStack(result);
    // Validation happens before the toolkit loads: no outputs at all.
    expect(result.outputs).toEqual({});
  });
});
