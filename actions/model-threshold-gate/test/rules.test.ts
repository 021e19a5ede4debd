import { InputError } from '@mlship/action-kit';
import { loadJmes, type Jmes } from '../src/jmes';
import { parseDirectionLists, parseRegressions, parseThresholds, splitMetricList } from '../src/rules';

let jmes: Jmes;
beforeAll(async () => {
  jmes = await loadJmes();
});

const noLists = () => new Map();

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('parseThresholds', () => {
  it('reads every operator, nested and spaced keys, and skips blanks and comments', () => {
    const rules = parseThresholds(
      [
        'accuracy >= 0.90',
        '',
        '# latency budget',
        'test.latency_p95_ms <= 200',
        '"weighted avg"."f1-score">=0.85',
        'drift_score < 0.5',
        'errors == 0',
        'auc > .5',
        'classes != -1e3',
      ].join('\n'),
      jmes,
    );
    expect(rules.map((r) => [r.line, r.metric, r.op, r.bar])).toEqual([
      [1, 'accuracy', '>=', 0.9],
      [4, 'test.latency_p95_ms', '<=', 200],
      [5, '"weighted avg"."f1-score"', '>=', 0.85],
      [6, 'drift_score', '<', 0.5],
      [7, 'errors', '==', 0],
      [8, 'auc', '>', 0.5],
      [9, 'classes', '!=', -1000],
    ]);
  });

  it('drops trailing comments but keeps a # inside quoted keys', () => {
    const rules = parseThresholds('accuracy >= 0.9   # release bar\n"cost #1" <= 3 # budget', jmes);
    expect(rules.map((r) => [r.metric, r.bar])).toEqual([
      ['accuracy', 0.9],
      ['"cost #1"', 3],
    ]);
    const [regression] = parseRegressions('accuracy 0.02  # two points', jmes, rules, noLists());
    expect(regression).toMatchObject({ metric: 'accuracy', amount: 0.02 });
  });

  it('keeps comparisons inside a JMESPath filter as part of the metric', () => {
    const [rule] = parseThresholds('length(classes[?f1 < `0.5`]) == 0', jmes);
    expect(rule).toMatchObject({ metric: 'length(classes[?f1 < `0.5`])', op: '==', bar: 0 });
  });

  it('treats quoted and bare spellings of a key as the same metric', () => {
    const [a, b] = parseThresholds('accuracy >= 0.9\n"accuracy" <= 0.999', jmes);
    expect(a?.key).toBe(b?.key);
  });

  it.each([
    ['accuracy 0.9', /'accuracy 0.9': no comparison operator/],
    ['accuracy = 0.9', /'=' is not a comparison; use '==' for equality/],
    ['accuracy => 0.9', /unknown operator '=>'/],
    ['accuracy =< 0.9', /unknown operator '=<'/],
    ['accuracy >=', /no number after the operator/],
    ['accuracy >= high', /'high' is not a number/],
    ['accuracy >= 0.9 0.8', /must end with one number after the operator/],
    ['accuracy >= 0.9 // release bar', /must end with one number after the operator/],
    ['>= 0.9', /no metric before '>='/],
    ['weighted avg.f1-score >= 0.85', /is not a valid JMESPath expression .*quote keys with spaces/],
  ])('rejects %j naming thresholds, the line and the text', (rule, problem) => {
    const err = inputError(() => parseThresholds(`accuracy >= 0.9\n${rule}`, jmes));
    expect(err.input).toBe('thresholds');
    expect(err.message).toContain(`line 2 '${rule}'`);
    expect(err.message).toMatch(problem);
  });
});

describe('parseRegressions', () => {
  const thresholds = () => parseThresholds('accuracy >= 0.9\ntest.latency_p95_ms <= 200\nauc >= 0.5\nauc <= 0.999', jmes);

  it('reads absolute and relative amounts and takes the direction from the threshold operator', () => {
    const rules = parseRegressions('accuracy 0.02\ntest.latency_p95_ms 10%\naccuracy: 0', jmes, thresholds(), noLists());
    expect(rules.map((r) => [r.line, r.metric, r.amount, r.relative, r.direction, r.directionFrom])).toEqual([
      [1, 'accuracy', 0.02, false, 'higher', 'thresholds line 1 (>=)'],
      [2, 'test.latency_p95_ms', 10, true, 'lower', 'thresholds line 2 (<=)'],
      [3, 'accuracy', 0, false, 'higher', 'thresholds line 1 (>=)'],
    ]);
  });

  it('lets higher-is-better / lower-is-better decide, over thresholds too', () => {
    const lists = parseDirectionLists({ higher: ['auc'], lower: ['val_loss', '"p99 ms"'] }, jmes);
    const rules = parseRegressions('auc 1%\nval_loss 0.01\n"p99 ms" 5%', jmes, thresholds(), lists);
    expect(rules.map((r) => [r.direction, r.directionFrom])).toEqual([
      ['higher', 'higher-is-better'],
      ['lower', 'lower-is-better'],
      ['lower', 'lower-is-better'],
    ]);
  });

  it.each([
    ['val_loss 0.01', /cannot tell whether higher or lower 'val_loss' is better/],
    ['auc 0.01', /the thresholds on 'auc' point both ways \(lines 3 and 4\)/],
    ['accuracy -0.02', /must be zero or more/],
    ['accuracy two', /'two' is not an amount/],
    ['accuracy', /write <metric> <amount>/],
    ['f1-score 0.01', /not a valid JMESPath expression/],
  ])('rejects %j naming max-regression, the line and the text', (rule, problem) => {
    const err = inputError(() => parseRegressions(`accuracy 0.02\n${rule}`, jmes, thresholds(), noLists()));
    expect(err.input).toBe('max-regression');
    expect(err.message).toContain(`line 2 '${rule}'`);
    expect(err.message).toMatch(problem);
  });

  it('refuses a metric listed as both higher and lower is better', () => {
    const err = inputError(() => parseDirectionLists({ higher: ['auc'], lower: ['"auc"'] }, jmes));
    expect(err.input).toBe('lower-is-better');
    expect(err.message).toMatch(/higher-is-better already lists/);
  });
});

describe('splitMetricList', () => {
  it('splits on newlines and top-level commas only', () => {
    expect(splitMetricList('accuracy, auc\nmax([a, b])\n"x, y".z\n# note\n')).toEqual(['accuracy', 'auc', 'max([a, b])', '"x, y".z']);
  });
});
