/**
 * The ledger record (ledger.ts): what deployment-summary writes into a
 * deployment's payload and what a reader accepts back. The gate's choice among
 * records is in model-threshold-gate/test/ledger-baseline.test.ts.
 */
import { isLedgerDescription, ledgerDescription, ledgerNumber, ledgerRecord, parseLedgerRecord } from '../src/ledger';
import type { BuildReport, GateReport, LambdaReport } from '../src/reports';
import { ledgerPayload } from '../../../test/support/fake-github';

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
    expect(ledgerDescription('x'.repeat(room))).toBe(`${'x'.repeat(room)} · mlship`);
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

describe('ledgerRecord: every field of a full record', () => {
  const digest = `sha256:${'cd'.repeat(32)}`;
  const lambda = {
    functionName: 'sentiment-model',
    region: 'us-east-2',
    functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:sentiment-model',
    version: '7',
    previousVersion: '6',
    codeSha256: 'c2hhMjU2',
    resolvedImageUri: `123456789012.dkr.ecr.us-east-2.amazonaws.com/ml/sentiment@${digest}`,
    alias: { name: 'live', version: '7' },
  } as unknown as LambdaReport;

  it('writes the marker, the run, the function (the report’s region over the ARN’s) and no aliasVersion when the alias serves the version', () => {
    const run = { id: '1', attempt: '2', url: 'https://github.com/o/r/actions/runs/1/attempts/2' };
    expect(ledgerRecord({ environment: 'staging', outcome: 'in_progress', commit: 'a'.repeat(40), run, lambda })).toEqual({
      mlship: 1,
      writer: 'deployment-summary',
      outcome: 'in_progress',
      environment: 'staging',
      commit: 'a'.repeat(40),
      run,
      function: 'sentiment-model',
      region: 'us-east-2',
      alias: 'live',
      version: '7',
      previousVersion: '6',
      codeSha256: 'c2hhMjU2',
      imageUri: lambda.resolvedImageUri,
      imageDigest: digest,
    });
  });

  it('a function without alias, region or ARN: none recorded', () => {
    const bare = { functionName: 'f', version: '3' } as unknown as LambdaReport;
    expect(ledgerRecord({ environment: 'staging', lambda: bare })).toEqual({
      mlship: 1,
      writer: 'deployment-summary',
      environment: 'staging',
      function: 'f',
      version: '3',
    });
  });

  it('keeps the image Lambda runs over the build’s, and the build’s digest over the one in the URI', () => {
    const build = { digest: `sha256:${'ab'.repeat(32)}`, imageUriDigest: `r/ml@sha256:${'ab'.repeat(32)}` } as unknown as BuildReport;
    expect(ledgerRecord({ environment: 'staging', lambda, build })).toMatchObject({
      imageUri: lambda.resolvedImageUri,
      imageDigest: `sha256:${'ab'.repeat(32)}`,
    });
  });

  it.each([
    ['a tag', '123.dkr.ecr.us-east-2.amazonaws.com/ml/sentiment:v1'],
    ['a short digest', `123.dkr.ecr.us-east-2.amazonaws.com/ml/sentiment@sha256:${'a'.repeat(63)}`],
    ['an upper-case digest', `123.dkr.ecr.us-east-2.amazonaws.com/ml/sentiment@sha256:${'A'.repeat(64)}`],
    ['a digest not at the end', `123.dkr.ecr.us-east-2.amazonaws.com/ml/sentiment@sha256:${'a'.repeat(64)}/x`],
  ])('records no digest for an image URI with %s', (_label, resolvedImageUri) => {
    const record = ledgerRecord({ environment: 'staging', lambda: { functionName: 'f', resolvedImageUri } as unknown as LambdaReport });
    expect(record.imageUri).toBe(resolvedImageUri);
    expect(record).not.toHaveProperty('imageDigest');
  });

  const rule = (metric: string, extra: Record<string, unknown> = {}) => ({
    metric,
    kind: 'threshold',
    op: '>=',
    bar: 0,
    value: 1,
    verdict: 'pass',
    ...extra,
  });
  const gateOf = (rules: unknown[]) => ({ passed: true, mode: 'report', rules }) as unknown as GateReport;

  it('records NaN and ±Infinity as text and leaves out a value that is neither a number nor one of those', () => {
    const record = ledgerRecord({
      environment: 'production',
      gate: gateOf([
        rule('nan', { value: null, valueText: 'NaN' }),
        rule('inf', { value: null, valueText: 'Infinity' }),
        rule('minus', { value: null, valueText: '-Infinity' }),
        rule('other', { value: null, valueText: 'inf' }),
        rule('zero', { value: 0 }),
      ]),
    });
    expect(record.gate?.metrics).toEqual({ nan: 'NaN', inf: 'Infinity', minus: '-Infinity', zero: 0 });
    expect(record.gate?.rules).toHaveLength(5);
    expect(record.gate).toMatchObject({ passed: true, mode: 'report' });
  });

  it('keeps at most 200 rules and metric names of at most 500 characters', () => {
    const many = Array.from({ length: 201 }, (_, i) => rule(`m${i}`));
    const record = ledgerRecord({ environment: 'production', gate: gateOf(many) });
    expect(Object.keys(record.gate?.metrics ?? {})).toHaveLength(200);
    expect(record.gate?.rules).toHaveLength(200);
    expect(record.gate?.rules.at(-1)?.metric).toBe('m199');

    const long = ledgerRecord({ environment: 'production', gate: gateOf([rule('a'.repeat(500)), rule('b'.repeat(501))]) });
    expect(Object.keys(long.gate?.metrics ?? {})).toEqual(['a'.repeat(500)]);
    expect(long.gate?.rules.map((r) => r.metric)).toEqual(['a'.repeat(500), 'b'.repeat(500)]);
  });
});

describe('parseLedgerRecord: each field’s reader', () => {
  it('reads the run, and a run that is not an object as none', () => {
    const run = { id: '1', attempt: '2', url: 'https://github.com/o/r/actions/runs/1' };
    expect(parseLedgerRecord(ours({ run }))?.run).toEqual(run);
    expect(parseLedgerRecord(ours({ run: { id: 1, attempt: '2' } }))?.run).toEqual({ attempt: '2' });
    expect(parseLedgerRecord(ours({ run: null }))?.run).toEqual({});
    expect(parseLedgerRecord(ours({ run: 'r' }))?.run).toEqual({});
  });

  it('reads every outcome it knows', () => {
    for (const outcome of ['success', 'failure', 'cancelled', 'in_progress'])
      expect(parseLedgerRecord(ours({ outcome }))?.outcome).toBe(outcome);
  });

  it('reads a gate that is an object only', () => {
    expect(parseLedgerRecord(ours({ gate: null }))).not.toHaveProperty('gate');
    expect(parseLedgerRecord(ours({ gate: [{ passed: true }] }))).not.toHaveProperty('gate');
    expect(parseLedgerRecord(ours({ gate: 'passed' }))).not.toHaveProperty('gate');
    expect(parseLedgerRecord(ours({ gate: { passed: true, metrics: null, rules: 'x', source: 'metrics.json' } }))?.gate).toEqual({
      passed: true,
      mode: 'enforce',
      source: 'metrics.json',
      metrics: {},
      rules: [],
    });
  });

  it('keeps each rule with its metric, kind and verdict, every known value of them, and drops what is not well-typed', () => {
    const rules = [
      { metric: 'a', kind: 'threshold', op: '>=', bar: 0.9, verdict: 'pass' },
      { metric: 'b', kind: 'regression', allowed: '2%', direction: 'higher', verdict: 'fail' },
      { metric: 'c', kind: 'regression', allowed: '1', direction: 'lower', verdict: 'warn' },
      { metric: 'd', kind: 'threshold', op: '<', bar: '0.5', direction: 'sideways', verdict: 'skip' },
    ];
    expect(parseLedgerRecord(ours({ gate: { passed: true, metrics: {}, rules } }))?.gate?.rules).toEqual([
      rules[0],
      rules[1],
      rules[2],
      { metric: 'd', kind: 'threshold', op: '<', verdict: 'skip' },
    ]);
  });

  it.each([
    ['no metric', { kind: 'threshold', verdict: 'pass' }],
    ['no kind', { metric: 'a', verdict: 'pass' }],
    ['no verdict', { metric: 'a', kind: 'threshold' }],
    ['an unknown verdict', { metric: 'a', kind: 'threshold', verdict: 'maybe' }],
    ['not an object', 3],
    ['null', null],
  ])('drops a rule with %s', (_label, bad) => {
    const kept = { metric: 'k', kind: 'threshold', verdict: 'pass' };
    expect(parseLedgerRecord(ours({ gate: { passed: true, metrics: {}, rules: [bad, kept] } }))?.gate?.rules).toEqual([kept]);
  });

  it('keeps at most 200 rules and 200 metrics', () => {
    const rules = Array.from({ length: 201 }, (_, i) => ({ metric: `m${i}`, kind: 'threshold', verdict: 'pass' }));
    const metrics = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`m${i}`, i]));
    const gate = parseLedgerRecord(ours({ gate: { passed: true, metrics, rules } }))?.gate;
    expect(gate?.rules).toHaveLength(200);
    expect(Object.keys(gate?.metrics ?? {})).toHaveLength(200);
    expect(gate?.metrics['m199']).toBe(199);
  });

  it('keeps metrics that are numbers, NaN or ±Infinity as text, with keys of at most 500 characters', () => {
    const metrics = { a: 1, b: 'NaN', c: 'Infinity', d: '-Infinity', e: 'inf', f: null, ['k'.repeat(500)]: 2, ['l'.repeat(501)]: 3 };
    expect(parseLedgerRecord(ours({ gate: { passed: true, metrics, rules: [] } }))?.gate?.metrics).toEqual({
      a: 1,
      b: 'NaN',
      c: 'Infinity',
      d: '-Infinity',
      ['k'.repeat(500)]: 2,
    });
  });

  it.each([
    ['null', null],
    ['a number', 5],
    ['JSON text of a number', '5'],
    ['JSON text of null', 'null'],
    ['undefined', undefined],
  ])('is not ours: %s', (_label, payload) => {
    expect(parseLedgerRecord(payload)).toBeUndefined();
  });

  it('isLedgerDescription refuses null', () => {
    expect(isLedgerDescription(null)).toBe(false);
  });
});
