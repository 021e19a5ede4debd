/**
 * The value side of one `expect-json` entry: a plain value means equality,
 * a string in one of the rule forms below means that rule. Parsed once, with
 * the inputs, so a mistake is an input error before any request.
 *
 *   >= 0.5   <= 1   > 0   < 200      numbers, the answer must be a number
 *   == ok    != null                  equality (JSON value or bare text)
 *   ~ /^set/i                         a regular expression, the answer a string
 *   exists   absent                   not null / null (JMESPath gives null for a missing field)
 *   type number                       string, number, boolean, null, array, object
 *   length >= 3                       of an array, string or object (keys)
 *
 * A string quoted inside the value (`'"exists"'`) means that text itself.
 */
import { compareNumbers, unreachable } from '@mlship/action-kit';
import { jsonEquals } from './json-expect';
import { JSON_TYPES, type JsonRule, type JsonType, type NumberOp } from '../types';

export const RULE_EXAMPLE = `expect-json: { confidence: ">= 0.5", label: "~ /^set/", classes: "length >= 3", id: exists }`;

/** A JsonRule, or a problem description (the caller names the input). */
export function parseRule(expected: unknown): JsonRule | string {
  if (typeof expected !== 'string') return { kind: 'equals', value: expected, negate: false };
  const text = expected.trim();
  const quoted = /^"(.*)"$|^'(.*)'$/s.exec(text);
  if (quoted) return { kind: 'equals', value: quoted[1] ?? quoted[2], negate: false };
  if (text === 'exists') return { kind: 'exists' };
  if (text === 'absent') return { kind: 'absent' };
  const type = /^type\s+(\S+)$/.exec(text);
  if (type) {
    const name = type[1] as JsonType;
    return (JSON_TYPES as readonly string[]).includes(name)
      ? { kind: 'type', type: name }
      : `has type '${name}', which is not a JSON type; use one of ${JSON_TYPES.join(', ')}`;
  }
  const length = /^length\s*(>=|<=|==|!=|>|<)\s*(.*)$/.exec(text);
  if (length) {
    const bar = Number(length[2]);
    if (length[2] === '' || !Number.isInteger(bar) || bar < 0)
      return `has '${text}': length compares with a whole number, got '${length[2]}'`;
    return { kind: 'length', op: length[1] as NumberOp, bar };
  }
  const match = /^~\s*(.*)$/s.exec(text);
  if (match) return regexRule(text, match[1] as string);
  const op = /^(>=|<=|==|!=|>|<)\s*(.*)$/s.exec(text);
  if (op) {
    const [, symbol, operand] = op as unknown as [string, string, string];
    if (symbol === '==' || symbol === '!=') {
      if (operand === '') return `has '${text}' with nothing to compare with`;
      return { kind: 'equals', value: operandValue(operand), negate: symbol === '!=' };
    }
    const bar = Number(operand);
    if (operand === '' || !Number.isFinite(bar))
      return `has '${text}': ${symbol} compares with a number, got '${operand}' (to mean the text itself, quote it: '"${text}"')`;
    return { kind: 'compare', op: symbol as NumberOp, bar };
  }
  return { kind: 'equals', value: expected, negate: false };
}

function regexRule(text: string, body: string): JsonRule | string {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(body);
  if (!literal) return `has '${text}': ~ takes a regular expression between slashes, such as ~ /^set/`;
  const [, source, flags] = literal as unknown as [string, string, string];
  if (!/^[imsu]*$/.test(flags)) return `has '${text}': regular expression flags may be i, m, s and u, got '${flags}'`;
  try {
    return { kind: 'match', pattern: new RegExp(source, flags) };
  } catch (err) {
    return `has '${text}', which is not a valid regular expression: ${(err as Error).message}`;
  }
}

/** `null`, `true`, `3`, `"text"`: JSON; anything else is the bare text. */
function operandValue(operand: string): unknown {
  try {
    return JSON.parse(operand);
  } catch {
    const quoted = /^'(.*)'$/s.exec(operand);
    return quoted ? quoted[1] : operand;
  }
}

/** Undefined when the value keeps the rule, else why not (the caller adds expression and value). */
export function ruleBreak(rule: JsonRule, actual: unknown): string | undefined {
  const value = actual === undefined ? null : actual;
  switch (rule.kind) {
    case 'equals':
      return jsonEquals(value, rule.value) === rule.negate ? (rule.negate ? 'equal' : 'different') : undefined;
    case 'compare':
      if (typeof value !== 'number') return `not a number (${typeOf(value)})`;
      return compareNumbers(value, rule.op, rule.bar) ? undefined : 'outside the bar';
    case 'match':
      if (typeof value !== 'string') return `not a string (${typeOf(value)})`;
      return rule.pattern.test(value) ? undefined : 'no match';
    case 'exists':
      return value === null ? 'missing or null' : undefined;
    case 'absent':
      return value === null ? undefined : 'present';
    case 'type':
      return typeOf(value) === rule.type ? undefined : `of type ${typeOf(value)}`;
    case 'length': {
      const size = lengthOf(value);
      if (size === undefined) return `has no length (${typeOf(value)})`;
      return compareNumbers(size, rule.op, rule.bar) ? undefined : `length ${size}`;
    }
    default:
      return unreachable(rule);
  }
}

export function typeOf(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

function lengthOf(value: unknown): number | undefined {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return undefined;
}
