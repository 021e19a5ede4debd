/** expect-json rules: parsing what users write, and judging values, exactly at the bar too. */
import { parseRule, ruleBreak, typeOf } from '../src/checks/json-rule';
import type { JsonRule } from '../src/types';

function rule(text: unknown): JsonRule {
  const parsed = parseRule(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}
const keeps = (text: unknown, value: unknown): boolean => ruleBreak(rule(text), value) === undefined;

describe('number comparisons', () => {
  it.each([
    ['>= 0.5', 0.5, true],
    ['>= 0.5', 0.4999, false],
    ['>= 0.5', 0.51, true],
    ['> 0.5', 0.5, false],
    ['> 0.5', 0.5001, true],
    ['<= 200', 200, true],
    ['<= 200', 200.01, false],
    ['< 200', 200, false],
    ['< 200', 199.9, true],
    ['<200', 12, true],
    ['>= -1', -1, true],
  ])('%s with %d: %s', (text, value, kept) => {
    expect(keeps(text, value)).toBe(kept);
  });

  it('refuses a value that is not a number, naming its type', () => {
    expect(ruleBreak(rule('>= 0.5'), '0.9')).toBe('not a number (string)');
    expect(ruleBreak(rule('< 200'), null)).toBe('not a number (null)');
  });
});

describe('equality and the other rules', () => {
  it.each<[unknown, unknown, boolean]>([
    ['ok', 'ok', true],
    ['ok', 'OK', false],
    [3, 3, true],
    [3, '3', true],
    [{ a: 1 }, { a: 1 }, true],
    ['!= null', 'x', true],
    ['!= null', null, false],
    ['!= null', undefined, false],
    ['== ready', 'ready', true],
    ['== 3', 3, true],
    ['!= "v1"', 'v2', true],
    ['!= "v1"', 'v1', false],
    ['~ /^set/', 'setosa', true],
    ['~ /^set/', 'virginica', false],
    ['~ /^SET/i', 'setosa', true],
    ['~ /^set/', 3, false],
    ['exists', 0, true],
    ['exists', false, true],
    ['exists', null, false],
    ['exists', undefined, false],
    ['absent', undefined, true],
    ['absent', 'x', false],
    ['type number', 1.5, true],
    ['type number', '1.5', false],
    ['type array', [], true],
    ['type object', {}, true],
    ['type object', [], false],
    ['type null', undefined, true],
    ['type string', 'x', true],
    ['type boolean', false, true],
    ['length >= 3', [1, 2, 3], true],
    ['length >= 3', [1, 2], false],
    ['length > 3', [1, 2, 3], false],
    ['length == 2', 'ab', true],
    ['length <= 1', { a: 1 }, true],
    ['length == 0', [], true],
    ['length >= 1', 5, false],
  ])('%j with %j: %s', (text, value, kept) => {
    expect(keeps(text, value)).toBe(kept);
  });

  it('a quoted string means itself, even when it looks like a rule', () => {
    expect(keeps('"exists"', 'exists')).toBe(true);
    expect(keeps('"exists"', 'anything')).toBe(false);
    expect(keeps("'>= 0.5'", '>= 0.5')).toBe(true);
    expect(keeps('"~ /x/"', '~ /x/')).toBe(true);
  });

  it('says why a value misses each kind of rule', () => {
    expect(ruleBreak(rule('ok'), 'no')).toBe('different');
    expect(ruleBreak(rule('!= ok'), 'ok')).toBe('equal');
    expect(ruleBreak(rule('>= 1'), 0)).toBe('outside the bar');
    expect(ruleBreak(rule('length >= 3'), [1])).toBe('length 1');
    expect(ruleBreak(rule('length >= 3'), 7)).toBe('has no length (number)');
    expect(ruleBreak(rule('type number'), 'x')).toBe('of type string');
    expect(ruleBreak(rule('~ /^set/'), 'x')).toBe('no match');
    expect(ruleBreak(rule('~ /3/'), 3)).toBe('not a string (number)');
    expect(ruleBreak(rule('exists'), null)).toBe('missing or null');
    expect(ruleBreak(rule('absent'), 1)).toBe('present');
  });

  it('only strings, arrays and objects have a length: a number, a boolean or null has none, not a length of 0', () => {
    expect(ruleBreak(rule('length == 0'), 5)).toBe('has no length (number)');
    expect(ruleBreak(rule('length == 0'), true)).toBe('has no length (boolean)');
    expect(ruleBreak(rule('length == 0'), null)).toBe('has no length (null)');
    expect(ruleBreak(rule('length == 0'), '')).toBeUndefined();
    expect(ruleBreak(rule('length == 0'), [])).toBeUndefined();
    expect(ruleBreak(rule('length == 0'), {})).toBeUndefined();
  });

  it('a string length counts characters, not UTF-16 units', () => {
    expect(ruleBreak(rule('length == 2'), '😀😀')).toBeUndefined();
  });

  it('typeOf names a missing value null, as JMESPath gives null for a missing field', () => {
    expect(typeOf(undefined)).toBe('null');
    expect(typeOf(null)).toBe('null');
    expect(typeOf([1])).toBe('array');
  });

  it('a rule of an unknown kind is a programming error: it throws instead of passing', () => {
    expect(() => ruleBreak({ kind: 'nearly' } as unknown as JsonRule, 1)).toThrow(/unreachable/);
  });
});

describe('a rule is the whole value, blanks around it aside', () => {
  it('blanks around a rule are ignored', () => {
    expect(parseRule('  exists \n')).toEqual({ kind: 'exists' });
  });

  it('blanks between a keyword or operator and its operand are optional or may be several', () => {
    expect(parseRule('type  number')).toEqual({ kind: 'type', type: 'number' });
    expect(parseRule('length>=3')).toEqual({ kind: 'length', op: '>=', bar: 3 });
    expect(parseRule('length >=3')).toEqual({ kind: 'length', op: '>=', bar: 3 });
    expect(keeps('~/^set/', 'setosa')).toBe(true);
    expect(keeps('~/^set/', 'virginica')).toBe(false);
  });

  it.each<[string, unknown]>([
    ['the type number', 1],
    ['type number please', 1],
    ['the length > 1', [1, 2, 3]],
    ['length > 1\nor more', [1, 2, 3]],
    ['a ~ /x/', 'x'],
    ['a >= 3', 5],
    ['"ok" or more', 'ok'],
    ["x 'y'", 'y'],
    ["'y' x", 'y'],
  ])('%j, with a rule only inside it, is plain text compared for equality (%j is not it)', (text, other) => {
    expect(parseRule(text)).toEqual({ kind: 'equals', value: text, negate: false });
    expect(keeps(text, text)).toBe(true);
    expect(keeps(text, other)).toBe(false);
  });

  it('a value quoted end to end means the text inside, however long', () => {
    expect(parseRule("'>= 0.5 and more'")).toEqual({ kind: 'equals', value: '>= 0.5 and more', negate: false });
    expect(parseRule('"a"')).toEqual({ kind: 'equals', value: 'a', negate: false });
  });
});

describe('the operand of == and !=', () => {
  it.each<[string, unknown]>([
    ['== 3', 3],
    ['== null', null],
    ['== "v 1"', 'v 1'],
    ["== 'ab'", 'ab'],
    ['== ready', 'ready'],
    ["== x 'y'", "x 'y'"],
    ["== 'a' b", "'a' b"],
  ])('%s compares with %j: JSON, else text in single quotes, else the bare text', (text, value) => {
    expect(parseRule(text)).toEqual({ kind: 'equals', value, negate: false });
  });
});

describe('bad rules are problems, not rules', () => {
  it.each([
    ['>= abc', /compares with a number, got 'abc' \(to mean the text itself, quote it/],
    ['<', /compares with a number, got ''/],
    ['<html>', /< compares with a number, got 'html>'/],
    ['~ ^set', /~ takes a regular expression between slashes/],
    ['~ /(/', /not a valid regular expression/],
    ['~ /x/g', /flags may be i, m, s and u, got 'g'/],
    ['type integer', /'integer', which is not a JSON type; use one of string, number/],
    ['length >= 2.5', /length compares with a whole number, got '2.5'/],
    ['length >= x', /length compares with a whole number/],
    ['length >=', /length compares with a whole number, got ''/],
    ['length >= -1', /length compares with a whole number, got '-1'/],
    ['~ x/a/', /~ takes a regular expression between slashes/],
    ['~ /a/i x', /~ takes a regular expression between slashes/],
    ['!=', /nothing to compare with/],
  ])('%s', (text, problem) => {
    const parsed = parseRule(text);
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(problem);
  });
});
