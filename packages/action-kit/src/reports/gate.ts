/** model-threshold-gate's report: the rules it applied and what the metrics said. */
import type { ReportBase } from './base';
import { bool, list, nullableNumber, num, obj, oneOf, opt, str, type FieldsOf } from './schema';

export interface GateRuleResult {
  metric: string;
  kind: 'threshold' | 'regression';
  op?: string;
  bar?: number;
  value?: number | null;
  baseline?: number | null;
  delta?: number | null;
  allowed?: string;
  verdict: 'pass' | 'fail' | 'warn' | 'skip';
  message?: string;
  /** Where the rule was written: the input and its 1-based line. */
  input?: 'thresholds' | 'max-regression';
  line?: number;
  /** For regression rules: which way is better. */
  direction?: 'higher' | 'lower';
  /** delta as a percentage of |baseline|; null when the baseline is 0. */
  deltaPercent?: number | null;
  /** 'NaN', 'Infinity' or '-Infinity' when value/baseline is null for that reason (JSON has no such numbers). */
  valueText?: string;
  baselineText?: string;
}

export interface GateReport extends ReportBase<'model-threshold-gate'> {
  passed: boolean;
  mode: 'enforce' | 'report';
  rules: GateRuleResult[];
  /** Metrics whose rules failed, each once. */
  failed?: string[];
  /** Rules left out of `rules` to keep the report small (failures and warnings are kept first). */
  rulesOmitted?: number;
  /** Where the metrics and the baseline came from (a path or the inline input). */
  metricsSource?: string;
  baselineSource?: string;
  /** Set when the baseline came from the ledger (baseline-environment): which deployment, and whether production still matches it. */
  baselineRecord?: GateBaselineRecord;
}

export interface GateBaselineRecord {
  environment: string;
  /** False on the first deployment (nothing recorded yet) or when the ledger could not be read (`problem` says why). */
  found: boolean;
  problem?: string;
  deploymentId?: number;
  commit?: string;
  functionName?: string;
  alias?: string;
  version?: string;
  /** What GetAlias answered, when AWS credentials were there to ask. */
  aliasVersionNow?: string;
  /** True when the alias serves another version than the record says: production changed outside the pipeline. */
  aliasMoved?: boolean;
  /** When the recorded deployment was created (ISO 8601). */
  date?: string;
  /** True when nothing was recorded yet (the first deployment): rules that need the baseline followed `baseline-missing`. */
  firstDeployment?: boolean;
}

export const GATE_FIELDS: FieldsOf<GateReport> = {
  passed: 'boolean',
  mode: oneOf('enforce', 'report'),
  rules: list(
    obj({
      metric: 'string',
      kind: oneOf('threshold', 'regression'),
      op: str,
      bar: num,
      value: opt(nullableNumber),
      baseline: opt(nullableNumber),
      delta: opt(nullableNumber),
      allowed: str,
      verdict: oneOf('pass', 'fail', 'warn', 'skip'),
      message: str,
      input: str,
      line: num,
      direction: opt(oneOf('higher', 'lower')),
      deltaPercent: opt(nullableNumber),
      valueText: str,
      baselineText: str,
    }),
  ),
  failed: opt(list('string')),
  rulesOmitted: num,
  metricsSource: str,
  baselineSource: str,
  baselineRecord: opt(
    obj({
      environment: 'string',
      found: 'boolean',
      problem: str,
      deploymentId: num,
      commit: str,
      functionName: str,
      alias: str,
      version: str,
      aliasVersionNow: str,
      aliasMoved: bool,
    }),
  ),
};
