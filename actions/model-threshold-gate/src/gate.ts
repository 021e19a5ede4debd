import { compareNumbers, type GateRuleResult } from '@mlship/action-kit';
import type { GateInputs, MissingPolicy } from './inputs';
import type { Jmes } from './jmes';
import { readMetric, source, type Reading, type Source } from './read';
import type { RegressionRule, ThresholdRule } from './rules';

export interface GateDeps {
  jmes: Jmes;
}

export interface GateResult {
  passed: boolean;
  mode: GateInputs['mode'];
  rules: GateRuleResult[];
  /** Metrics of the failed rules, each once, in rule order. */
  failedMetrics: string[];
}

/** Judges every rule; pure: no I/O, the caller reports. */
export function runGate(inputs: GateInputs, deps: GateDeps): GateResult {
  const metrics = source(inputs.metrics.source, inputs.metrics.document);
  const first = inputs.baseline?.firstDeployment;
  // The first deployment has no baseline at all: thresholds show none, regression rules follow baseline-missing.
  const baseline =
    inputs.baseline && first === undefined ? source(inputs.baseline.source, inputs.baseline.document, inputs.baseline.lookup) : undefined;
  const rules = [
    ...inputs.thresholds.map((rule) => judgeThreshold(rule, deps.jmes, metrics, baseline, inputs.missing)),
    ...inputs.regressions.map((rule) =>
      first !== undefined
        ? firstDeploymentResult(rule, first, inputs.baselineMissing)
        : judgeRegression(rule, deps.jmes, metrics, baseline as Source, inputs.missing),
    ),
  ];
  const failedMetrics = [...new Set(rules.filter((r) => r.verdict === 'fail').map((r) => r.metric))];
  return { passed: failedMetrics.length === 0, mode: inputs.mode, rules, failedMetrics };
}

const MISSING_VERDICT: Record<MissingPolicy, GateRuleResult['verdict']> = { fail: 'fail', warn: 'warn', ignore: 'skip' };

/** NaN and ±Infinity do not survive JSON.stringify; keep them readable. */
function numberFields(prefix: 'value' | 'baseline', reading: Reading | undefined): Partial<GateRuleResult> {
  if (!reading) return {};
  if (!reading.ok) return { [prefix]: null, [`${prefix}Text`]: reading.why === 'nan' ? 'NaN' : undefined };
  if (Number.isFinite(reading.value)) return { [prefix]: reading.value };
  return { [prefix]: null, [`${prefix}Text`]: reading.value > 0 ? 'Infinity' : '-Infinity' };
}

function deltaOf(value: Reading, base: Reading | undefined): Pick<GateRuleResult, 'delta' | 'deltaPercent'> {
  if (!base || !value.ok || !base.ok) return {};
  const delta = value.value === base.value ? 0 : value.value - base.value;
  if (!Number.isFinite(delta)) return { delta: null };
  return { delta: clean(delta), deltaPercent: base.value === 0 ? null : clean((delta / Math.abs(base.value)) * 100) };
}

function missingResult(
  base: GateRuleResult,
  policy: MissingPolicy,
  what: string,
  reading: Reading & { ok: false },
  where: string,
): GateRuleResult {
  return {
    ...base,
    verdict: MISSING_VERDICT[policy],
    message: `${what} ${reading.detail} in ${where} (${base.input} line ${base.line}; missing: ${policy})`,
  };
}

function judgeThreshold(
  rule: ThresholdRule,
  jmes: Jmes,
  metrics: Source,
  baseline: Source | undefined,
  policy: MissingPolicy,
): GateRuleResult {
  const value = readMetric(jmes, metrics, rule.metric, rule.ast);
  const base = baseline ? readMetric(jmes, baseline, rule.metric, rule.ast) : undefined;
  const result: GateRuleResult = {
    metric: rule.metric,
    kind: 'threshold',
    op: rule.op,
    bar: rule.bar,
    input: 'thresholds',
    line: rule.line,
    ...numberFields('value', value),
    ...(baseline ? numberFields('baseline', base) : {}),
    ...deltaOf(value, base),
    verdict: 'pass',
  };
  if (!value.ok) return missingResult(result, policy, rule.metric, value, metrics.name);
  const passed = compareNumbers(value.value, rule.op, rule.bar);
  return {
    ...result,
    verdict: passed ? 'pass' : 'fail',
    message: `${rule.metric} = ${fmt(value.value)}, ${passed ? 'meets' : 'must be'} ${rule.op} ${fmt(rule.bar)} (thresholds line ${rule.line})`,
  };
}

export function firstDeploymentNotice(environment: string): string {
  return `first deployment to ${environment}: no recorded baseline yet; absolute rules only`;
}

function firstDeploymentResult(rule: RegressionRule, environment: string, policy: 'pass' | 'fail'): GateRuleResult {
  return {
    metric: rule.metric,
    kind: 'regression',
    allowed: rule.relative ? `${fmt(rule.amount)}%` : fmt(rule.amount),
    direction: rule.direction,
    input: 'max-regression',
    line: rule.line,
    verdict: policy === 'pass' ? 'skip' : 'fail',
    message: `${rule.metric}: ${firstDeploymentNotice(environment)} (max-regression line ${rule.line}; baseline-missing: ${policy})`,
  };
}

/** Float subtraction leaves dust (0.93 - 0.91 = 0.0200000000000000018): ignore it. */
function exceeds(regression: number, allowed: number, scale: number): boolean {
  // Dust at an infinite scale would be infinite too: a metric gone to ±Infinity from another value exceeds any allowance.
  if (!Number.isFinite(regression)) return true;
  return regression - allowed > Number.EPSILON * 64 * Math.max(1, Math.abs(scale));
}

function judgeRegression(rule: RegressionRule, jmes: Jmes, metrics: Source, baseline: Source, policy: MissingPolicy): GateRuleResult {
  const value = readMetric(jmes, metrics, rule.metric, rule.ast);
  const base = readMetric(jmes, baseline, rule.metric, rule.ast);
  const allowedText = rule.relative ? `${fmt(rule.amount)}%` : fmt(rule.amount);
  const result: GateRuleResult = {
    metric: rule.metric,
    kind: 'regression',
    allowed: allowedText,
    direction: rule.direction,
    input: 'max-regression',
    line: rule.line,
    ...numberFields('value', value),
    ...numberFields('baseline', base),
    ...deltaOf(value, base),
    verdict: 'pass',
  };
  if (!value.ok) return missingResult(result, policy, rule.metric, value, metrics.name);
  if (!base.ok) return missingResult(result, policy, `baseline ${rule.metric}`, base, baseline.name);
  const delta = value.value === base.value ? 0 : value.value - base.value;
  // Positive means worse, whichever way the metric points; an improvement is never a regression.
  const regression = rule.direction === 'higher' ? -delta : delta;
  const allowed = rule.relative ? (Math.abs(base.value) * rule.amount) / 100 : rule.amount;
  const failed = regression > 0 && exceeds(regression, allowed, Math.max(Math.abs(base.value), Math.abs(value.value)));
  const better = rule.direction === 'higher' ? 'higher' : 'lower';
  const change =
    regression > 0
      ? `worse by ${fmt(regression)}${percent(regression, base.value)}`
      : regression < 0
        ? `better by ${fmt(-regression)}${percent(-regression, base.value)}`
        : 'unchanged';
  const limit = `allowed regression ${allowedText}${rule.relative ? ` (${fmt(allowed)})` : ''}, ${better} is better`;
  return {
    ...result,
    verdict: failed ? 'fail' : 'pass',
    message: `${rule.metric} = ${fmt(value.value)} vs baseline ${fmt(base.value)}: ${change}, ${failed ? 'more than the' : 'within the'} ${limit} (max-regression line ${rule.line})`,
  };
}

function percent(amount: number, base: number): string {
  return base === 0 || !Number.isFinite(amount) ? '' : ` (${fmtPercent((amount / Math.abs(base)) * 100)})`;
}

/** Drops float dust from reported numbers (-0.05999999999999994 is -0.06). */
function clean(n: number): number {
  return Number(n.toPrecision(12));
}

export function fmtPercent(n: number): string {
  return `${Number(n.toPrecision(3))}%`;
}

/** Six significant digits: enough to see a difference, short enough to read. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(6)));
}
