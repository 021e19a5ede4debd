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
  const items = ITEMS[action];
  if (!items) return undefined;
  const list = value[items.list] as unknown[];
  for (const [index, item] of list.entries()) {
    if (kindOf(item) !== 'object') return `has "${items.list}[${index}]" that is not an object`;
    const problem = check(item as Record<string, unknown>, items.fields, `${items.list}[${index}].`);
    if (problem) return problem;
  }
  return undefined;
}
