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

describe('parseThresholds: comments and quotes', () => {
  it.each([
    ['"cost \\"#1\\"" <= 3 # budget', '"cost \\"#1\\""'],
    ["length(classes[?name == 'a#1']) >= 0 # raw string", "length(classes[?name == 'a#1'])"],
    ['length(tags[?@ == `a#b`]) == 0 # literal', 'length(tags[?@ == `a#b`])'],
  ])('a # inside a quoted key, a raw string or a literal is not a comment: %s', (text, metric) => {
    const [rule] = parseThresholds(text, jmes);
    expect(rule).toMatchObject({ kind: 'threshold', metric });
  });
});

describe('parseThresholds: the message for each malformed line', () => {
  const shape = 'write <metric> <op> <number> with <op> one of >=, >, <=, <, ==, !=';
  const problem = (text: string) => inputError(() => parseThresholds(text, jmes)).problem;
  it.each([
    ['accuracy = 0.9', `line 1 'accuracy = 0.9': '=' is not a comparison; use '==' for equality or '>=' / '<=': ${shape}`],
    ['=0.9', `line 1 '=0.9': '=' is not a comparison; use '==' for equality or '>=' / '<=': ${shape}`],
    ['accuracy =', `line 1 'accuracy =': '=' is not a comparison; use '==' for equality or '>=' / '<=': ${shape}`],
    ['accuracy >=', `line 1 'accuracy >=': no number after the operator: ${shape}`],
    ['accuracy >=0.9!', `line 1 'accuracy >=0.9!': it must end with one number after the operator: ${shape}`],
    ['accuracy 0.9', `line 1 'accuracy 0.9': no comparison operator: ${shape}`],
    ['accuracy => 0.9', "line 1 'accuracy => 0.9': unknown operator '=>'; use one of >=, >, <=, <, ==, !="],
  ])('%j', (text, message) => {
    expect(problem(text)).toBe(message);
  });

  it('gives the quoting hint only for an expression without quotes', () => {
    const quoted = inputError(() => parseThresholds('"weighted avg.f1 >= 0.8', jmes));
    expect(quoted.problem).toMatch(/^line 1 '"weighted avg.f1 >= 0.8': '"weighted avg.f1' is not a valid JMESPath expression \(.*\)$/);
    expect(quoted.problem).not.toContain('quote keys');
    const bare = inputError(() => parseThresholds('f1-score >= 0.8', jmes));
    expect(bare.problem).toMatch(/\); quote keys with spaces, dashes or leading digits, e.g. "f1-score" or "weighted avg".precision$/);
  });
});

describe('parseRegressions: amounts and directions', () => {
  it('reads a rule spaced with several blanks, after a colon too, as the metric alone', () => {
    const thresholds = parseThresholds('accuracy >= 0.9', jmes);
    const rules = parseRegressions('accuracy     0.02\naccuracy:   2%', jmes, thresholds, noLists());
    expect(rules.map((r) => [r.kind, r.metric, r.amount, r.relative])).toEqual([
      ['regression', 'accuracy', 0.02, false],
      ['regression', 'accuracy', 2, true],
    ]);
  });

  it.each([
    ['auc > 0.5', 'higher', 'thresholds line 1 (>)'],
    ['auc >= 0.5', 'higher', 'thresholds line 1 (>=)'],
    ['auc < 0.5', 'lower', 'thresholds line 1 (<)'],
    ['auc <= 0.5', 'lower', 'thresholds line 1 (<=)'],
    ['auc >= 0.5\nauc > 0.6', 'higher', 'thresholds line 1 (>=)'],
    ['auc <= 0.5\nauc < 0.4', 'lower', 'thresholds line 1 (<=)'],
    ['auc == 0.5\nauc != 0.1\nauc > 0.2', 'higher', 'thresholds line 3 (>)'],
  ])('%j makes auc %s is better, from the first threshold that says so', (text, direction, from) => {
    const [rule] = parseRegressions('auc 0.01', jmes, parseThresholds(text, jmes), noLists());
    expect(rule).toMatchObject({ direction, directionFrom: from });
  });

  it('tells how to fix a metric whose direction is unknown or ambiguous, with an example', () => {
    const unknown = inputError(() => parseRegressions('val_loss 0.01', jmes, [], noLists()));
    expect(unknown.problem).toBe(
      "line 1 'val_loss 0.01': cannot tell whether higher or lower 'val_loss' is better: add a threshold with >=, >, <= or <, or list 'val_loss' in higher-is-better or lower-is-better",
    );
    expect(unknown.example).toBe('higher-is-better: val_loss');
    const both = inputError(() => parseRegressions('auc 0.01', jmes, parseThresholds('auc >= 0.5\nauc <= 0.99', jmes), noLists()));
    expect(both.problem).toBe(
      "line 1 'auc 0.01': the thresholds on 'auc' point both ways (lines 1 and 2): list 'auc' in higher-is-better or lower-is-better",
    );
    expect(both.example).toBe('higher-is-better: auc');
  });
});

describe('parseDirectionLists', () => {
  it('accepts a metric listed twice in the same list', () => {
    const lists = parseDirectionLists({ higher: ['auc', '"auc"'], lower: [] }, jmes);
    expect([...lists.values()]).toEqual([{ direction: 'higher', from: 'higher-is-better' }]);
  });

  it('names the entry (its place in the list) that is not a valid expression, with an example', () => {
    const err = inputError(() => parseDirectionLists({ higher: ['auc', 'f1-score'], lower: [] }, jmes));
    expect(err.input).toBe('higher-is-better');
    expect(err.problem).toMatch(/^line 2 'f1-score': 'f1-score' is not a valid JMESPath expression/);
    expect(err.example).toBe('higher-is-better: accuracy, "weighted avg"."f1-score"');
  });

  it('refuses a metric in both lists with the one-list example', () => {
    const err = inputError(() => parseDirectionLists({ higher: ['auc'], lower: ['"auc"'] }, jmes));
    expect(err.problem).toBe(`lists '"auc"', which higher-is-better already lists: a metric is either higher-is-better or lower-is-better`);
    expect(err.example).toBe('lower-is-better: "auc"');
  });
});

describe('splitMetricList: commas inside quotes and brackets belong to the entry', () => {
  it.each([
    ['"x, y".z, auc', ['"x, y".z', 'auc']],
    ["'a, b', auc", ["'a, b'", 'auc']],
    ['`1, 2`, auc', ['`1, 2`', 'auc']],
    ['max(a), b', ['max(a)', 'b']],
    ['a[0], b{c}, d', ['a[0]', 'b{c}', 'd']],
  ])('%j', (text, items) => {
    expect(splitMetricList(text)).toEqual(items);
  });
});

describe('what counts as a number', () => {
  it.each([
    ['+0.5', 0.5],
    ['1.', 1],
    ['.25', 0.25],
    ['1E2', 100],
    ['2e-3', 0.002],
    ['-3e+1', -30],
  ])('a bar of %s is %p', (text, bar) => {
    expect(parseThresholds(`accuracy >= ${text}`, jmes)[0]?.bar).toBe(bar);
  });

  it.each(['x1', '1x', '1e', '0x10', 'Infinity', 'NaN', '1.2.3', '--1'])('a bar of %s is refused', (text) => {
    expect(inputError(() => parseThresholds(`accuracy >= ${text}`, jmes)).problem).toBe(
      `line 1 'accuracy >= ${text}': '${text}' is not a number`,
    );
  });

  it.each([
    ['.5', 0.5, false],
    ['1.', 1, false],
    ['1e-2', 0.01, false],
    ['2.5%', 2.5, true],
    ['0%', 0, true],
  ])('an allowed regression of %s is %p (relative: %p)', (text, amount, relative) => {
    const [rule] = parseRegressions(`accuracy ${text}`, jmes, parseThresholds('accuracy >= 0.9', jmes), noLists());
    expect(rule).toMatchObject({ amount, relative });
  });

  it.each(['5%%', 'x5', '5x', '+5', '%', '5e'])('an allowed regression of %s is refused', (text) => {
    expect(inputError(() => parseRegressions(`accuracy ${text}`, jmes, [], noLists())).problem).toBe(
      `line 1 'accuracy ${text}': '${text}' is not an amount: give a number (0.02) or a percentage (2%)`,
    );
  });
});
