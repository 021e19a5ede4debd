import { InputError } from '@mlship/action-kit';
import type { Jmes } from './jmes';

export const OPERATORS = ['>=', '>', '<=', '<', '==', '!='] as const;
export type Op = (typeof OPERATORS)[number];
export type Direction = 'higher' | 'lower';

interface RuleBase {
  /** The JMESPath expression as the user wrote it. */
  metric: string;
  /** The parsed expression, serialised: `"accuracy"` and `accuracy` are the same metric. */
  key: string;
  ast: unknown;
  /** 1-based line in its input. */
  line: number;
}

export interface ThresholdRule extends RuleBase {
  kind: 'threshold';
  op: Op;
  bar: number;
}

export interface RegressionRule extends RuleBase {
  kind: 'regression';
  amount: number;
  relative: boolean;
  direction: Direction;
  /** Why we believe the direction: the threshold line or the list naming it. */
  directionFrom: string;
}

export type Rule = ThresholdRule | RegressionRule;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// The number is the last token, so comparisons inside a JMESPath filter
// (`classes[?f1 < \`0.5\`]`) stay part of the metric.
const THRESHOLD = /^(.*?)\s*(>=|<=|==|!=|>|<)\s*([^\s<>=!]+)$/;
const THRESHOLD_EXAMPLE = 'thresholds: |\n  accuracy >= 0.90\n  "weighted avg"."f1-score" >= 0.85\n  test.latency_p95_ms <= 200';
const REGRESSION_EXAMPLE = 'max-regression: |\n  accuracy 0.02\n  "weighted avg"."f1-score" 2%';

interface Line {
  number: number;
  text: string;
}

/** Non-empty lines without their `# comments`, with their 1-based numbers. */
export function ruleLines(text: string): Line[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ number: index + 1, text: stripComment(raw).trim() }))
    .filter((line) => line.text !== '');
}

/** A `#` starts a comment unless it sits inside a quoted key or a literal. */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '#') return line.slice(0, i);
  }
  return line;
}

function ruleError(input: string, line: Line, problem: string, example: string): InputError {
  return new InputError(input, `line ${line.number} '${line.text}': ${problem}`, example);
}

function compileMetric(jmes: Jmes, input: string, line: Line, metric: string, example: string): { key: string; ast: unknown } {
  try {
    const ast = jmes.compile(metric);
    return { ast, key: JSON.stringify(ast) };
  } catch (err) {
    const hint = /["]/.test(metric)
      ? ''
      : '; quote keys with spaces, dashes or leading digits, e.g. "f1-score" or "weighted avg".precision';
    throw ruleError(input, line, `'${metric}' is not a valid JMESPath expression (${(err as Error).message})${hint}`, example);
  }
}

export function parseThresholds(text: string, jmes: Jmes): ThresholdRule[] {
  return ruleLines(text).map((line) => {
    const match = THRESHOLD.exec(line.text);
    if (!match) throw ruleError('thresholds', line, explainBadThreshold(line.text), THRESHOLD_EXAMPLE);
    const [, metric = '', op = '', number = ''] = match;
    const glued = /[=!<>]$/.exec(metric);
    if (glued)
      throw ruleError('thresholds', line, `unknown operator '${glued[0]}${op}'; use one of ${OPERATORS.join(', ')}`, THRESHOLD_EXAMPLE);
    if (metric === '') throw ruleError('thresholds', line, `no metric before '${op}'`, THRESHOLD_EXAMPLE);
    if (!NUMBER.test(number)) throw ruleError('thresholds', line, `'${number}' is not a number`, THRESHOLD_EXAMPLE);
    return {
      kind: 'threshold',
      metric,
      op: op as Op,
      bar: Number(number),
      line: line.number,
      ...compileMetric(jmes, 'thresholds', line, metric, THRESHOLD_EXAMPLE),
    };
  });
}

function explainBadThreshold(text: string): string {
  const shape = `write <metric> <op> <number> with <op> one of ${OPERATORS.join(', ')}`;
  if (/(^|[^=!<>])=([^=]|$)/.test(text)) return `'=' is not a comparison; use '==' for equality or '>=' / '<=': ${shape}`;
  if (/(>=|<=|==|!=|>|<)\s*$/.test(text)) return `no number after the operator: ${shape}`;
  if (/(>=|<=|==|!=|>|<)/.test(text)) return `it must end with one number after the operator: ${shape}`;
  return `no comparison operator: ${shape}`;
}

export interface DirectionLists {
  higher: string[];
  lower: string[];
}

/** higher-is-better / lower-is-better entries, keyed like rules. */
export function parseDirectionLists(lists: DirectionLists, jmes: Jmes): Map<string, { direction: Direction; from: string }> {
  const result = new Map<string, { direction: Direction; from: string }>();
  for (const [direction, input] of [
    ['higher', 'higher-is-better'],
    ['lower', 'lower-is-better'],
  ] as const) {
    lists[direction].forEach((metric, index) => {
      const line = { number: index + 1, text: metric };
      const { key } = compileMetric(jmes, input, line, metric, `${input}: accuracy, "weighted avg"."f1-score"`);
      const other = result.get(key);
      if (other && other.direction !== direction) {
        throw new InputError(
          input,
          `lists '${metric}', which ${other.from} already lists: a metric is either higher-is-better or lower-is-better`,
          `${input}: ${metric}`,
        );
      }
      result.set(key, { direction, from: input });
    });
  }
  return result;
}

const AMOUNT = /^(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(%)?$/;

export function parseRegressions(
  text: string,
  jmes: Jmes,
  thresholds: ThresholdRule[],
  listed: Map<string, { direction: Direction; from: string }>,
): RegressionRule[] {
  return ruleLines(text).map((line) => {
    const match = /^(.+?):?\s+(\S+)$/.exec(line.text);
    if (!match)
      throw ruleError('max-regression', line, 'write <metric> <amount>, the amount absolute (0.02) or relative (2%)', REGRESSION_EXAMPLE);
    const [, metric = '', amountText = ''] = match;
    const amount = AMOUNT.exec(amountText);
    if (!amount) {
      const problem = amountText.startsWith('-')
        ? 'the allowed regression must be zero or more'
        : `'${amountText}' is not an amount: give a number (0.02) or a percentage (2%)`;
      throw ruleError('max-regression', line, problem, REGRESSION_EXAMPLE);
    }
    const { key, ast } = compileMetric(jmes, 'max-regression', line, metric, REGRESSION_EXAMPLE);
    const { direction, from } = directionOf(metric, key, line, thresholds, listed);
    const relative = amount[2] === '%';
    return {
      kind: 'regression',
      metric,
      key,
      ast,
      line: line.number,
      amount: Number(relative ? amountText.slice(0, -1) : amountText),
      relative,
      direction,
      directionFrom: from,
    };
  });
}

function directionOf(
  metric: string,
  key: string,
  line: Line,
  thresholds: ThresholdRule[],
  listed: Map<string, { direction: Direction; from: string }>,
): { direction: Direction; from: string } {
  // An explicit list wins: `accuracy <= 0.999` (a leakage guard) does not make lower better.
  const fromList = listed.get(key);
  if (fromList) return fromList;
  const votes = new Map<Direction, ThresholdRule>();
  for (const rule of thresholds) {
    if (rule.key !== key) continue;
    if (rule.op === '>=' || rule.op === '>') votes.set('higher', votes.get('higher') ?? rule);
    if (rule.op === '<=' || rule.op === '<') votes.set('lower', votes.get('lower') ?? rule);
  }
  const fix = `list '${metric}' in higher-is-better or lower-is-better`;
  if (votes.size === 2) {
    throw ruleError(
      'max-regression',
      line,
      `the thresholds on '${metric}' point both ways (lines ${[...votes.values()].map((r) => r.line).join(' and ')}): ${fix}`,
      `higher-is-better: ${metric}`,
    );
  }
  const [vote] = [...votes];
  if (!vote) {
    throw ruleError(
      'max-regression',
      line,
      `cannot tell whether higher or lower '${metric}' is better: add a threshold with >=, >, <= or <, or ${fix}`,
      `higher-is-better: ${metric}`,
    );
  }
  const [direction, rule] = vote;
  return { direction, from: `thresholds line ${rule.line} (${rule.op})` };
}

/**
 * Entries of higher-is-better / lower-is-better: one a line, or comma
 * separated, except commas inside quotes or brackets, which belong to the
 * JMESPath expression.
 */
export function splitMetricList(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let depth = 0;
    let quote = '';
    let current = '';
    for (const ch of line) {
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
      else if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth--;
      else if (ch === ',' && depth === 0) {
        items.push(current);
        current = '';
        continue;
      }
      current += ch;
    }
    items.push(current);
  }
  return items.map((item) => item.trim()).filter((item) => item !== '' && !item.startsWith('#'));
}
