/**
 * Custom metric rules (input `metrics`), one a line:
 * `NAMESPACE/METRIC STAT OP LIMIT [DIMENSION=VALUE ...]`, with {version},
 * {alias} and {function} filled in per window, e.g.
 * `MLService/PredictionErrors Sum <= 5 ModelVersion={version}`. Parsed
 * before any request; judged per window (each failed window counts toward
 * failure-limit; a window without a data point is "no data").
 */
import { InputError, unreachable } from '@mlship/action-kit';

export type MetricOp = '<' | '<=' | '>' | '>=';

export interface MetricRule {
  /** The line as written, for the log, the report and the summary. */
  text: string;
  namespace: string;
  metric: string;
  /** Sum, Average, Minimum, Maximum, SampleCount or pNN. */
  stat: string;
  op: MetricOp;
  limit: number;
  /** Values may hold {version}, {alias}, {function}. */
  dimensions: { name: string; value: string }[];
}

const EXAMPLE =
  'metrics: |\n  MLService/PredictionErrors Sum <= 5 ModelVersion={version}\n  MLService/ScoreLatency p95 < 300 Function={function} Version={version}';
const STATS = /^(Sum|Average|Minimum|Maximum|SampleCount|p\d{1,2}(?:\.\d{1,2})?)$/;
const OPS = new Set(['<', '<=', '>', '>=']);
const NAME = /^[^\s/][^\s]*\/[^\s/]+$/;
const DIMENSION = /^([^=\s]{1,255})=(\S{1,1024})$/;
const PLACEHOLDER = /\{([^}]*)\}/g;
const KNOWN = new Set(['version', 'alias', 'function']);

function bad(line: string, problem: string): InputError {
  return new InputError('metrics', `has a rule ${problem}: '${line}'`, EXAMPLE);
}

export function parseMetricRule(line: string): MetricRule {
  const [name, stat, op, limitText, ...dims] = line.trim().split(/\s+/);
  if (!name || !NAME.test(name)) throw bad(line, 'that does not start with NAMESPACE/METRIC');
  if (!stat || !STATS.test(stat)) throw bad(line, 'whose STAT is not Sum, Average, Minimum, Maximum, SampleCount or pNN');
  if (!op || !OPS.has(op)) throw bad(line, 'whose operator is not one of < <= > >=');
  const limit = Number(limitText);
  if (limitText === undefined || limitText === '' || !Number.isFinite(limit)) throw bad(line, 'whose LIMIT is not a number');
  if (dims.length > 30) throw bad(line, 'with more than 30 dimensions');
  const dimensions = dims.map((d) => {
    const m = DIMENSION.exec(d);
    if (!m) throw bad(line, `with a dimension that is not NAME=VALUE ('${d}')`);
    for (const [, key] of (m[2] as string).matchAll(PLACEHOLDER)) {
      if (!KNOWN.has(key as string)) throw bad(line, `with an unknown placeholder {${key}} (known: {version}, {alias}, {function})`);
    }
    return { name: m[1] as string, value: m[2] as string };
  });
  const slash = name.lastIndexOf('/');
  return { text: line.trim(), namespace: name.slice(0, slash), metric: name.slice(slash + 1), stat, op: op as MetricOp, limit, dimensions };
}

export function parseMetricRules(lines: string[]): MetricRule[] {
  if (lines.length > 20) throw new InputError('metrics', `has ${lines.length} rules; at most 20`, EXAMPLE);
  return lines.map(parseMetricRule);
}

/** The dimensions of a rule for one version of the function behind the alias. */
export function fillDimensions(
  rule: MetricRule,
  context: { version: string; alias: string; function: string },
): { name: string; value: string }[] {
  return rule.dimensions.map((d) => ({
    name: d.name,
    value: d.value.replace(PLACEHOLDER, (_all, key: string) => context[key as keyof typeof context]),
  }));
}

/** True when the value keeps the rule. */
export function keeps(rule: Pick<MetricRule, 'op' | 'limit'>, value: number): boolean {
  switch (rule.op) {
    case '<':
      return value < rule.limit;
    case '<=':
      return value <= rule.limit;
    case '>':
      return value > rule.limit;
    case '>=':
      return value >= rule.limit;
    default:
      return unreachable(rule.op);
  }
}

/** Several points of one window (it straddled a period edge) as one value, by what the statistic means. */
export function combinePoints(stat: string, values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  if (stat === 'Sum' || stat === 'SampleCount') return values.reduce((a, b) => a + b, 0);
  if (stat === 'Minimum') return Math.min(...values);
  if (stat === 'Average') return values.reduce((a, b) => a + b, 0) / values.length;
  return Math.max(...values);
}
