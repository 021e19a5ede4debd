/**
 * The fields every consumer of a report relies on, checked before it is
 * used: a report written by hand (deployment-summary's `reports` input) or
 * cut short must fail with the field it lacks, not with a TypeError deep in
 * the rendering.
 */
import type { ActionName } from './reports';

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object';
type Fields = Record<string, Kind>;

const COMMON: Fields = { action: 'string', schema: 'number', outcome: 'string', headline: 'string' };

const REQUIRED: Record<ActionName, Fields> = {
  'model-threshold-gate': { passed: 'boolean', mode: 'string', rules: 'array' },
  'build-and-push-ecr': { repository: 'string', tags: 'array', pushed: 'boolean', skipped: 'boolean' },
  'update-lambda-and-wait': { functionName: 'string', dryRun: 'boolean' },
  'smoke-test': { passed: 'boolean', checks: 'array' },
  'deployment-summary': { verdict: 'string', sections: 'array' },
};

/** Fields of each item of a report's lists. */
const ITEMS: Partial<Record<ActionName, { list: string; fields: Fields }>> = {
  'model-threshold-gate': { list: 'rules', fields: { metric: 'string', kind: 'string', verdict: 'string' } },
  'smoke-test': { list: 'checks', fields: { name: 'string', kind: 'string', target: 'string', passed: 'boolean', attempts: 'number' } },
};

/** Optional parts that, when present, must be whole: the renderer reads their fields without guards. */
const OPTIONAL: Partial<Record<ActionName, { field: string; fields: Fields; list: string; items: Fields }>> = {
  'update-lambda-and-wait': {
    field: 'bake',
    fields: {
      steps: 'array',
      rules: 'array',
      windows: 'array',
      result: 'string',
      analysisIntervalSeconds: 'number',
      metricsDelaySeconds: 'number',
    },
    list: 'windows',
    items: { start: 'string', end: 'string', step: 'number', weight: 'number', new: 'object', verdict: 'string' },
  },
};

const OUTCOMES = ['success', 'failure', 'skipped'];

function kindOf(value: unknown): Kind | 'null' | 'undefined' {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as Kind;
}

function check(record: Record<string, unknown>, fields: Fields, where: string): string | undefined {
  for (const [field, kind] of Object.entries(fields)) {
    const actual = kindOf(record[field]);
    if (actual === 'undefined') return `lacks the field "${where}${field}"`;
    if (actual !== kind)
      return `has "${where}${field}" as ${actual === 'array' ? 'a list' : `a ${actual}`}, not ${kind === 'array' ? 'a list' : `a ${kind}`}`;
  }
  return undefined;
}

/** What is wrong with a report of `action`, or undefined when it has every field the readers use. */
export function reportProblem(action: ActionName, value: Record<string, unknown>): string | undefined {
  const common = check(value, COMMON, '') ?? check(value, REQUIRED[action], '');
  if (common) return common;
  if (!OUTCOMES.includes(value['outcome'] as string))
    return `has "outcome" '${String(value['outcome'])}', not one of ${OUTCOMES.join(', ')}`;
  const optional = OPTIONAL[action];
  if (optional && value[optional.field] !== undefined) {
    const part = value[optional.field];
    if (kindOf(part) !== 'object') return `has "${optional.field}" that is not an object`;
    const problem = checkList(part as Record<string, unknown>, optional.fields, optional.list, optional.items, `${optional.field}.`);
    if (problem) return problem;
  }
  const items = ITEMS[action];
  if (!items) return undefined;
  return checkList(value, {}, items.list, items.fields, '');
}

function checkList(record: Record<string, unknown>, fields: Fields, list: string, items: Fields, where: string): string | undefined {
  const own = check(record, { ...fields, [list]: 'array' }, where);
  if (own) return own;
  for (const [index, item] of (record[list] as unknown[]).entries()) {
    if (kindOf(item) !== 'object') return `has "${where}${list}[${index}]" that is not an object`;
    const problem = check(item as Record<string, unknown>, items, `${where}${list}[${index}].`);
    if (problem) return problem;
  }
  return undefined;
}
