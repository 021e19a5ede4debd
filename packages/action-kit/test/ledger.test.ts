/**
 * The ledger record (ledger.ts): what deployment-summary writes into a
 * deployment's payload and what a reader accepts back. The gate's choice among
 * records is in model-threshold-gate/test/ledger-baseline.test.ts.
 */
import { isLedgerDescription, ledgerDescription, ledgerNumber, ledgerRecord, parseLedgerRecord } from '../src/ledger';
import type { BuildReport, GateReport, LambdaReport } from '../src/reports';
import { ledgerPayload } from '../../../test/helpers/fake-github';

const ours = ledgerPayload;

describe('parseLedgerRecord: only what deployment-summary wrote', () => {
  it('refuses a payload without the schema marker, with another schema, or another writer', () => {
    const { mlship: _marker, ...unmarked } = ours();
    expect(parseLedgerRecord(unmarked)).toBeUndefined();
    expect(parseLedgerRecord(ours({ mlship: 2 }))).toBeUndefined();
    expect(parseLedgerRecord(ours({ writer: 'someone-else' }))).toBeUndefined();
    expect(parseLedgerRecord(ours({ environment: 7 }))).toBeUndefined();
    expect(parseLedgerRecord('not json')).toBeUndefined();
    expect(parseLedgerRecord([ours()])).toBeUndefined();
  });

  it('reads a payload given as a JSON string as the same record', () => {
    expect(parseLedgerRecord(JSON.stringify(ours()))).toEqual(parseLedgerRecord(ours()));
    expect(parseLedgerRecord(ours())?.version).toBe('14');
  });
});

describe('a canary record', () => {
  const canary = {
    action: 'update-lambda-and-wait',
    functionName: 'sentiment-api',
    region: 'us-east-1',
    version: '15',
    alias: { name: 'live', version: '14' },
  } as unknown as LambdaReport;

  it('is recorded with aliasVersion when the alias stayed on its main version', () => {
    const record = ledgerRecord({ environment: 'production', lambda: canary });
    expect(record.version).toBe('15');
    expect(record.aliasVersion).toBe('14');
    expect(parseLedgerRecord(record)?.aliasVersion).toBe('14');
    const promoted = ledgerRecord({
      environment: 'production',
      lambda: { ...canary, alias: { name: 'live', version: '15' } } as LambdaReport,
    });
    expect(promoted.aliasVersion).toBeUndefined();
  });
});

describe('parseLedgerRecord keeps only well-typed fields', () => {
  it('drops text over 500 characters, an unknown outcome, and metrics that are not numbers or NaN/Infinity text', () => {
    const record = parseLedgerRecord(
      ours({
        commit: 'c'.repeat(501),
        version: 'v'.repeat(500),
        outcome: 'exploded',
        gate: {
          passed: 'yes',
          mode: 'report',
          metrics: { accuracy: 0.9, loss: 'NaN', p99: '-Infinity', bad: 'high', [`k${'x'.repeat(500)}`]: 1 },
        },
      }),
    );
    expect(record?.commit).toBeUndefined();
    expect(record?.version).toHaveLength(500);
    expect(record?.outcome).toBeUndefined();
    expect(record?.gate).toEqual({ passed: false, mode: 'report', metrics: { accuracy: 0.9, loss: 'NaN', p99: '-Infinity' }, rules: [] });
    expect(parseLedgerRecord(ours({ outcome: 'in_progress', gate: { passed: true, mode: 'weird' } }))).toMatchObject({
      outcome: 'in_progress',
      gate: { passed: true, mode: 'enforce', metrics: {} },
    });
  });
});

describe('ledgerRecord from the reports', () => {
  it('takes the region from the function ARN, the digest from the image URI, and the image from the build when Lambda has none', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const lambda = {
      functionName: 'f',
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
      version: '3',
      resolvedImageUri: `123.dkr.ecr.eu-west-1.amazonaws.com/m@${digest}`,
    } as unknown as LambdaReport;
    const record = ledgerRecord({ environment: 'staging', lambda });
    expect(record).toMatchObject({ region: 'eu-west-1', imageDigest: digest, imageUri: lambda.resolvedImageUri });
    const built = ledgerRecord({ environment: 'staging', build: { digest, imageUriDigest: `repo@${digest}` } as unknown as BuildReport });
    expect(built).toMatchObject({ imageDigest: digest, imageUri: `repo@${digest}` });
  });

  it("records the gate's metrics by expression, NaN and Infinity as text, and each rule without its message", () => {
    const gate = {
      passed: false,
      mode: 'enforce',
      metricsSource: 'metrics.json',
      rules: [
        { metric: 'accuracy', kind: 'threshold', op: '>=', bar: 0.9, value: 0.8, verdict: 'fail', message: 'low' },
        { metric: 'loss', kind: 'threshold', op: '<=', bar: 1, value: null, valueText: 'NaN', verdict: 'fail' },
        { metric: 'f1', kind: 'threshold', op: '>=', bar: 1, value: null, verdict: 'skip' },
      ],
    } as unknown as GateReport;
    expect(ledgerRecord({ environment: 'production', gate }).gate).toEqual({
      passed: false,
      mode: 'enforce',
      source: 'metrics.json',
      metrics: { accuracy: 0.8, loss: 'NaN' },
      rules: [
        { metric: 'accuracy', kind: 'threshold', op: '>=', bar: 0.9, verdict: 'fail' },
        { metric: 'loss', kind: 'threshold', op: '<=', bar: 1, verdict: 'fail' },
        { metric: 'f1', kind: 'threshold', op: '>=', bar: 1, verdict: 'skip' },
      ],
    });
  });
});

describe('status descriptions', () => {
  it('end with the mark and fit GitHub’s 140 characters exactly', () => {
    expect(ledgerDescription('ok')).toBe('ok · mlship');
    const room = 140 - ' · mlship'.length;
    expect(ledgerDescription('x'.repeat(room))).toHaveLength(140);
    expect(ledgerDescription('x'.repeat(room + 1))).toBe(`${'x'.repeat(room - 1)}… · mlship`);
    expect(isLedgerDescription('done · mlship')).toBe(true);
    expect(isLedgerDescription('done · mlship.')).toBe(false);
    expect(isLedgerDescription(undefined)).toBe(false);
  });

  it('ledgerNumber reads NaN and ±Infinity back as numbers', () => {
    expect(ledgerNumber('NaN')).toBeNaN();
    expect(ledgerNumber('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(ledgerNumber('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(ledgerNumber(0.5)).toBe(0.5);
    expect(ledgerNumber(undefined)).toBeUndefined();
  });
});
