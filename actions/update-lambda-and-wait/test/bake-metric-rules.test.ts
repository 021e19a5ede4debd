// Custom metric rules (input `metrics`, src/bake/metric-rules.ts): how a
// line is read, the limits on rules and dimensions, each operator at its
// exact limit, and how a window's several points become one value.
import { combinePoints, fillDimensions, keeps, parseMetricRule, parseMetricRules } from '../src/bake/metric-rules';

describe('parseMetricRule: NAMESPACE/METRIC STAT OP LIMIT [DIMENSION=VALUE ...]', () => {
  it('reads a line with spaces around and between its words, and keeps the text trimmed', () => {
    expect(parseMetricRule('  ML/Errors \t Sum  <=   5   Model={version}  ')).toEqual({
      text: 'ML/Errors \t Sum  <=   5   Model={version}',
      namespace: 'ML',
      metric: 'Errors',
      stat: 'Sum',
      op: '<=',
      limit: 5,
      dimensions: [{ name: 'Model', value: '{version}' }],
    });
  });

  it.each(['ML/Errors Sum <=', 'ML/Errors Sum <= five', 'ML/Errors Sum <= Infinity', 'ML/Errors Sum <= NaN'])(
    'a rule without a finite LIMIT is refused: %s',
    (line) => {
      expect(() => parseMetricRule(line)).toThrow(`Input 'metrics' has a rule whose LIMIT is not a number: '${line}'`);
    },
  );

  it('takes up to 30 dimensions and refuses the 31st', () => {
    const dims = (n: number) => Array.from({ length: n }, (_, i) => `D${i}=v`).join(' ');
    expect(parseMetricRule(`ML/Errors Sum <= 5 ${dims(30)}`).dimensions).toHaveLength(30);
    const line = `ML/Errors Sum <= 5 ${dims(31)}`;
    expect(() => parseMetricRule(line)).toThrow(`Input 'metrics' has a rule with more than 30 dimensions: '${line}'`);
  });

  it('takes up to 20 rules and refuses 21, saying how many there were', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `ML/M${i} Sum <= ${i}`);
    expect(parseMetricRules(lines(20)).map((r) => r.metric)).toHaveLength(20);
    expect(() => parseMetricRules(lines(21))).toThrow(
      /^Input 'metrics' has 21 rules; at most 20\. Example: metrics: \|\n {2}MLService\/PredictionErrors Sum <= 5/,
    );
  });

  it('splits the namespace from the metric at the last slash', () => {
    expect(parseMetricRule('AWS/SageMaker/ModelLatency p99 < 300')).toMatchObject({ namespace: 'AWS/SageMaker', metric: 'ModelLatency' });
  });
});

describe('fillDimensions: the placeholders of one window', () => {
  it('fills {version}, {alias} and {function}, every occurrence, and leaves other text', () => {
    const rule = parseMetricRule('ML/Errors Sum <= 5 Model={version} Route={function}:{alias} Pair={version}-{version} Team=ml');
    expect(fillDimensions(rule, { version: '7', alias: 'live', function: 'scorer' })).toEqual([
      { name: 'Model', value: '7' },
      { name: 'Route', value: 'scorer:live' },
      { name: 'Pair', value: '7-7' },
      { name: 'Team', value: 'ml' },
    ]);
  });
});

describe('keeps: each operator at its exact limit', () => {
  it.each<['<' | '<=' | '>' | '>=', number, boolean]>([
    ['<', 4.9, true],
    ['<', 5, false],
    ['<', 5.1, false],
    ['<=', 4.9, true],
    ['<=', 5, true],
    ['<=', 5.1, false],
    ['>', 4.9, false],
    ['>', 5, false],
    ['>', 5.1, true],
    ['>=', 4.9, false],
    ['>=', 5, true],
    ['>=', 5.1, true],
  ])('value %s 5: %f keeps it: %s', (op, value, kept) => {
    expect(keeps({ op, limit: 5 }, value)).toBe(kept);
  });

  it('reads each operator from the rule as written', () => {
    expect(keeps(parseMetricRule('ML/Confidence Average > 0.8'), 0.8)).toBe(false);
    expect(keeps(parseMetricRule('ML/Confidence Average >= 0.8'), 0.8)).toBe(true);
    expect(keeps(parseMetricRule('ML/Latency p95 < 300'), 300)).toBe(false);
  });
});

describe('combinePoints: a window that straddled a period edge, by what its statistic means', () => {
  it.each([
    ['Sum', 7],
    ['SampleCount', 7],
    ['Minimum', 1],
    ['Average', 7 / 3],
    ['Maximum', 4],
    ['p99', 4],
  ])('%s of 2, 4 and 1 is %f', (stat, value) => {
    expect(combinePoints(stat, [2, 4, 1])).toBeCloseTo(value, 10);
  });

  it('one point is that point, whatever the statistic; no point is no data', () => {
    for (const stat of ['Sum', 'SampleCount', 'Minimum', 'Average', 'Maximum', 'p50']) {
      expect(combinePoints(stat, [3])).toBe(3);
      expect(combinePoints(stat, [])).toBeUndefined();
    }
  });
});
