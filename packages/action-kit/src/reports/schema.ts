/**
 * The checker every report kind's schema is written for: a report from
 * another job, a fork's artifact or a hand-made file is untrusted, so a wrong
 * type in any field must show as "<field>: <what>", never end in a TypeError
 * deep in the rendering. Fields not listed are allowed (reports gain fields;
 * readers ignore what they do not know).
 *
 * Each kind's module writes its fields as `FieldsOf<TheReport>`: the compiler
 * then refuses a field of the type missing from the schema, a field of the
 * schema missing from the type, and an optional field written as required
 * (or the reverse). The type and its schema cannot drift apart.
 */
import { PIPELINE_ORDER, type ReportBase } from './base';

export type Kind = 'string' | 'number' | 'boolean';
export type Spec =
  | Kind
  | { oneOf: readonly string[] }
  | { list: Spec }
  | { fields: Fields }
  | { record: Spec }
  | { nullable: Spec }
  | { either: readonly Kind[] };
export interface Optional {
  optional: Spec;
}
export type Fields = Record<string, Spec | Optional>;

export const opt = (spec: Spec): Optional => ({ optional: spec });
export const list = (spec: Spec): Spec => ({ list: spec });
export const obj = (fields: Fields): Spec => ({ fields });
export const oneOf = (...values: string[]): Spec => ({ oneOf: values });
export const nullableNumber: Spec = { nullable: 'number' };
export const str = opt('string');
export const num = opt('number');
export const bool = opt('boolean');

/** The schema of a report's own fields (the common ones are COMMON's), key for key with its type. */
export type FieldsOf<T> = {
  [K in Exclude<keyof T, keyof ReportBase<never>>]-?: undefined extends T[K] ? Optional : Spec;
};

export const COMMON: Fields = {
  action: { oneOf: PIPELINE_ORDER },
  schema: 'number',
  outcome: oneOf('success', 'failure', 'skipped'),
  headline: 'string',
  error: str,
};

/** Where a report is wrong: the field's path (`rules[0].verdict`) and what is wrong with it. */
export interface ReportIssue {
  field: string;
  what: string;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function expected(spec: Spec): string {
  if (typeof spec === 'string') return `a ${spec}`;
  if ('oneOf' in spec) return `one of ${spec.oneOf.join(', ')}`;
  if ('list' in spec) return 'a list';
  if ('fields' in spec || 'record' in spec) return 'an object';
  if ('nullable' in spec) return `${expected(spec.nullable)} or null`;
  return spec.either.map((k) => `a ${k}`).join(' or ');
}

function checkValue(value: unknown, spec: Spec, path: string): ReportIssue | undefined {
  const wrong = (): ReportIssue => ({
    field: path,
    what:
      typeof value === 'string' && typeof spec === 'object' && 'oneOf' in spec
        ? `'${value.slice(0, 40)}' is not ${expected(spec)}`
        : `${kindOf(value)}, not ${expected(spec)}`,
  });
  if (typeof spec === 'string') return typeof value === spec && (spec !== 'number' || Number.isFinite(value)) ? undefined : wrong();
  if ('oneOf' in spec) return typeof value === 'string' && spec.oneOf.includes(value) ? undefined : wrong();
  if ('nullable' in spec) return value === null ? undefined : checkValue(value, spec.nullable, path);
  if ('either' in spec) return spec.either.some((k) => checkValue(value, k, path) === undefined) ? undefined : wrong();
  if ('list' in spec) {
    if (!Array.isArray(value)) return wrong();
    for (const [index, item] of value.entries()) {
      const issue = checkValue(item, spec.list, `${path}[${index}]`);
      if (issue) return issue;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong();
  if ('record' in spec) {
    for (const [key, item] of Object.entries(value)) {
      const issue = checkValue(item, spec.record, `${path}.${key}`);
      if (issue) return issue;
    }
    return undefined;
  }
  return checkFields(value as Record<string, unknown>, spec.fields, `${path}.`);
}

export function checkFields(record: Record<string, unknown>, fields: Fields, prefix: string): ReportIssue | undefined {
  for (const [name, field] of Object.entries(fields)) {
    const optional = typeof field === 'object' && 'optional' in field;
    const spec = optional ? field.optional : (field as Spec);
    // Own properties only: a key such as `__proto__` or `constructor` is no field of ours.
    const value = Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
    if (value === undefined) {
      if (optional) continue;
      return { field: `${prefix}${name}`, what: 'missing' };
    }
    const issue = checkValue(value, spec, `${prefix}${name}`);
    if (issue) return issue;
  }
  return undefined;
}
