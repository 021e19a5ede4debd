import { readFileSync } from 'node:fs';
import { metricsView, parseMetricsText, parsePythonJson } from '../src/document';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseMetricsText', () => {
  it('reads DVC metrics as JSON and as YAML to the same document', async () => {
    const json = await parseMetricsText(fixture('dvc-metrics.json'));
    const yaml = await parseMetricsText(fixture('dvc-metrics.yaml'));
    expect(yaml).toEqual(json);
    expect(json).toMatchObject({ test: { accuracy: 0.9121, latency_p95_ms: 143.5 }, drift_score: 0.12 });
  });

  it("reads Python json's NaN, Infinity and -Infinity as numbers, leaving strings alone", async () => {
    const doc = (await parseMetricsText(fixture('python-json-nan.json'))) as Record<string, unknown>;
    expect(doc['accuracy']).toBeNaN();
    expect(doc['loss']).toBe(Infinity);
    expect(doc['log_likelihood']).toBe(-Infinity);
    expect(doc['roc_auc']).toBe(0.9603);
    expect(doc['note']).toBe('NaN and Infinity inside strings stay text');
    expect((doc['per_class'] as number[])[1]).toBeNaN();
  });

  it('keeps keys that spell NaN and escaped quotes intact', () => {
    const parsed = parsePythonJson('{"NaN": NaN, "say \\"Infinity\\"": Infinity}');
    expect(parsed.ok).toBe(true);
    const value = (parsed as { value: Record<string, number> }).value;
    expect(value['NaN']).toBeNaN();
    expect(value['say "Infinity"']).toBe(Infinity);
  });

  it("reads PyYAML's .nan and .inf as numbers", async () => {
    const doc = (await parseMetricsText(fixture('pyyaml-nan.yaml'))) as Record<string, unknown>;
    expect(doc['accuracy']).toBeNaN();
    expect(doc['loss']).toBe(Infinity);
  });

  it("names the JSON parser's complaint for broken JSON", async () => {
    await expect(parseMetricsText(fixture('not-metrics.txt'))).rejects.toThrow(/^JSON parser: .+/);
  });

  it("names the YAML parser's complaint for broken YAML", async () => {
    await expect(parseMetricsText('accuracy: 0.9\n  loss: [0.2\n')).rejects.toThrow(/^YAML parser: .+/);
  });

  it('refuses a document that is a single value', async () => {
    await expect(parseMetricsText('0.93')).rejects.toThrow(
      'the document is a single number (0.93), not a mapping of metric names to values',
    );
    await expect(parseMetricsText('')).rejects.toThrow('the document is empty');
    await expect(parseMetricsText('just some words')).rejects.toThrow('a single string');
  });
});

describe('metricsView (MLflow-style exports)', () => {
  it('lifts run.data.metrics of the REST API to metric names', async () => {
    const view = metricsView(await parseMetricsText(fixture('mlflow-run.json')));
    expect(view).toEqual({ accuracy: 0.9312, val_loss: 0.2214, f1_macro: 0.9077, latency_p95_ms: 88 });
  });

  it('takes the latest step of a metric history, whatever the order', async () => {
    const view = metricsView(await parseMetricsText(fixture('mlflow-history.json')));
    expect(view).toEqual({ val_loss: 0.2214, accuracy: 0.9312 });
  });

  it('reads a bare list of {key, value} and a {"metrics": {...}} wrapper', () => {
    expect(metricsView([{ key: 'auc', value: 0.9 }])).toEqual({ auc: 0.9 });
    expect(metricsView({ metrics: { auc: 0.8 }, params: {} })).toEqual({ auc: 0.8 });
  });

  it('has no view for a plain metrics document', () => {
    expect(metricsView({ accuracy: 0.9 })).toBeUndefined();
    expect(metricsView([1, 2])).toBeUndefined();
  });
});
