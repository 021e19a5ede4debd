/** expect-json rules: parsing what users write, and judging values, exactly at the bar too. */
import { parseRule, ruleBreak } from '../src/checks/json-rule';
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

  it('says why a value misses a rule', () => {
    expect(ruleBreak(rule('length >= 3'), [1])).toBe('length 1');
    expect(ruleBreak(rule('type number'), 'x')).toBe('of type string');
    expect(ruleBreak(rule('~ /^set/'), 'x')).toBe('no match');
    expect(ruleBreak(rule('absent'), 1)).toBe('present');
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
    ['!=', /nothing to compare with/],
  ])('%s', (text, problem) => {
    const parsed = parseRule(text);
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(problem);
  });
});
