import { readFileSync } from 'node:fs';
import { LEDGER_FIELDS, ledgerRecord, parseLedgerRecord, type BuildReport, type GateReport, type LambdaReport } from '@mlship/action-kit';

const digest = `sha256:${'cd'.repeat(32)}`;
const lambda = {
  action: 'update-lambda-and-wait',
  schema: 1,
  functionName: 'sentiment-model',
  functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:sentiment-model',
  version: '7',
  previousVersion: '6',
  codeSha256: 'c2hhMjU2',
  resolvedImageUri: `123456789012.dkr.ecr.us-east-2.amazonaws.com/ml/sentiment@${digest}`,
  alias: { name: 'live', version: '6' },
} as unknown as LambdaReport;
const build = { action: 'build-and-push-ecr', schema: 1, digest, imageUriDigest: `r/ml@${digest}` } as unknown as BuildReport;
const gate = {
  action: 'model-threshold-gate',
  schema: 1,
  passed: false,
  mode: 'report',
  metricsSource: 'metrics.json',
  rules: [
    { metric: 'accuracy', kind: 'threshold', op: '>=', bar: 0.9, value: 0.8, verdict: 'fail' },
    { metric: 'latency_p95', kind: 'regression', allowed: '10%', direction: 'lower', value: 120, baseline: 110, verdict: 'warn' },
    { metric: 'loss', kind: 'threshold', op: '<=', bar: 1, value: null, valueText: '-Infinity', verdict: 'pass' },
  ],
} as unknown as GateReport;

describe('the ledger record: one table of fields, its builder and its parser', () => {
  const built = ledgerRecord({
    environment: 'staging',
    outcome: 'failure',
    commit: 'a'.repeat(40),
    run: { id: '1', attempt: '2', url: 'https://github.com/o/r/actions/runs/1/attempts/2' },
    lambda,
    build,
    gate,
  });

  it('round-trips: build, JSON, parse gives the same record', () => {
    expect(parseLedgerRecord(JSON.stringify(built))).toEqual(built);
    expect(parseLedgerRecord(JSON.parse(JSON.stringify(built)))).toEqual(built);
  });

  it('writes only fields the table reads, and fills the ones this run has', () => {
    const known = Object.keys(LEDGER_FIELDS);
    expect(Object.keys(built).filter((key) => !known.includes(key))).toEqual([]);
    expect(built).toMatchObject({ function: 'sentiment-model', region: 'us-east-2', aliasVersion: '6', imageDigest: digest });
    expect(built.gate?.metrics).toEqual({ accuracy: 0.8, latency_p95: 120, loss: '-Infinity' });
  });

  it('still reads the record release 1.0.0 wrote', () => {
    const payload = readFileSync(new URL('./fixtures/ledger-record-1.0.0.json', import.meta.url), 'utf8');
    const record = parseLedgerRecord(payload);
    expect(record).toEqual(JSON.parse(payload));
    expect(record?.gate?.metrics['loss']).toBe('NaN');
  });

  it('keeps only well-typed fields of a foreign payload', () => {
    const record = parseLedgerRecord({
      ...built,
      version: 7,
      outcome: 'exploded',
      imageUri: 'x'.repeat(501),
      gate: { passed: 'yes', mode: 'other', metrics: { ok: 1, bad: 'high' }, rules: [{ metric: 'm', kind: 'guess', verdict: 'pass' }, 3] },
    });
    expect(record).toMatchObject({ environment: 'staging', function: 'sentiment-model' });
    expect(record).not.toHaveProperty('version');
    expect(record).not.toHaveProperty('outcome');
    expect(record).not.toHaveProperty('imageUri');
    expect(record?.gate).toEqual({ passed: false, mode: 'enforce', metrics: { ok: 1 }, rules: [] });
  });

  it.each([
    ['no marker', { mlship: 1, environment: 'prod' }],
    ['another schema', { mlship: 2, writer: 'deployment-summary', environment: 'prod' }],
    ['no environment', { mlship: 1, writer: 'deployment-summary' }],
    ['not JSON', '{mlship'],
    ['an array', [1]],
  ])('is not ours: %s', (_, payload) => {
    expect(parseLedgerRecord(payload)).toBeUndefined();
  });
});
