/**
 * The ledger: what was deployed to an environment, kept in the `payload` of
 * a GitHub deployment that deployment-summary creates (task `deploy:mlship`).
 * model-threshold-gate reads the newest successful one as its baseline.
 *
 * Why a deployment of our own and not the one GitHub makes for a job with
 * `environment:`: GitHub creates that one with an empty payload, and a
 * deployment's payload cannot be changed after it is created. Ours sits
 * beside it with a task of its own, so the gate can ask for exactly ours
 * (`GET /deployments?environment=production&task=deploy:mlship`) in jobs with
 * and without `environment:`.
 *
 * A payload is foreign text to whoever reads it (anyone with deployments:
 * write can create one): `parseLedgerRecord` keeps only well-typed fields.
 */
import type { LambdaReport } from './reports/lambda';
import type { BuildReport } from './reports/build';
import type { GateReport, GateRuleResult } from './reports/gate';

export const LEDGER_TASK = 'deploy:mlship';
export const LEDGER_SCHEMA = 1;
/** The ledger is read in pages of 100 (GitHub's largest), newest first. */
export const LEDGER_PAGE_SIZE = 100;
/** A search for a baseline stops after this many pages: 2,000 deployments of one task to one environment. */
export const LEDGER_MAX_PAGES = 20;
/**
 * ... and after reading this many deployments' statuses. A failed run's record
 * needs no read (its payload says so); one started in progress does. The cap
 * keeps one gate run far from GITHUB_TOKEN's 1,000 requests an hour.
 */
export const LEDGER_MAX_STATUS_READS = 100;
/** The payload's marker: which action wrote it. */
export const LEDGER_WRITER = 'deployment-summary';
/** Ends every status description deployment-summary writes to its deployments: how the gate knows a success status as ours. */
export const LEDGER_STATUS_MARK = ' · mlship';
/** GitHub cuts a status description at 140 characters. */
const DESCRIPTION_LIMIT = 140;

/** A status description, clipped to GitHub's limit, with our mark at its end. */
export function ledgerDescription(text: string): string {
  const room = DESCRIPTION_LIMIT - LEDGER_STATUS_MARK.length;
  return `${text.length <= room ? text : `${text.slice(0, room - 1)}…`}${LEDGER_STATUS_MARK}`;
}

export function isLedgerDescription(text: string | null | undefined): boolean {
  return typeof text === 'string' && text.endsWith(LEDGER_STATUS_MARK);
}

/**
 * The run's outcome when the deployment was created: a payload cannot change,
 * so this lets a reader skip a failed deployment without reading its statuses
 * (a bad week of 1,000 failures costs pages, not 1,000 status reads).
 * `in_progress` (created by `stage: start`): the statuses tell.
 */
export const LEDGER_OUTCOMES = ['success', 'failure', 'cancelled', 'in_progress'] as const;
export type LedgerOutcome = (typeof LEDGER_OUTCOMES)[number];

/** A metric's value as the gate read it: a number, or NaN/Infinity as text (JSON has no such numbers). */
export type LedgerMetric = number | 'NaN' | 'Infinity' | '-Infinity';

export interface LedgerRule {
  metric: string;
  kind: GateRuleResult['kind'];
  op?: string;
  bar?: number;
  allowed?: string;
  direction?: 'higher' | 'lower';
  verdict: GateRuleResult['verdict'];
}

export interface LedgerRecord {
  /** Marks the payload as ours; the schema of the record. */
  mlship: typeof LEDGER_SCHEMA;
  /** Marks the payload as written by deployment-summary. */
  writer: typeof LEDGER_WRITER;
  outcome?: LedgerOutcome;
  environment: string;
  commit?: string;
  run?: { id?: string; attempt?: string; url?: string };
  /** The Lambda function deployed (the first one, when a job deployed several). */
  function?: string;
  region?: string;
  alias?: string;
  /** The version this deployment published (or pointed the alias at). */
  version?: string;
  /** The alias's main version when it is not `version`: a canary left on its weights. */
  aliasVersion?: string;
  previousVersion?: string;
  imageUri?: string;
  imageDigest?: string;
  codeSha256?: string;
  /** The metrics the gate read, keyed by the JMESPath expression its rules wrote, and the rules it applied. */
  gate?: { passed: boolean; mode: GateReport['mode']; source?: string; metrics: Record<string, LedgerMetric>; rules: LedgerRule[] };
}

/** GitHub stores the payload as given; keep it far from any limit. */
const MAX_RULES = 200;
const MAX_TEXT = 500;

export interface LedgerParts {
  environment: string;
  outcome?: LedgerOutcome;
  commit?: string;
  run?: LedgerRecord['run'];
  gate?: GateReport;
  lambda?: LambdaReport;
  build?: BuildReport;
}

export function ledgerRecord(parts: LedgerParts): LedgerRecord {
  const { lambda, build, gate } = parts;
  const record: LedgerRecord = {
    mlship: LEDGER_SCHEMA,
    writer: LEDGER_WRITER,
    outcome: parts.outcome,
    environment: parts.environment,
    commit: parts.commit,
    run: parts.run,
  };
  if (lambda) {
    record.function = lambda.functionName;
    record.region = lambda.region ?? lambda.functionArn?.split(':')[3];
    record.alias = lambda.alias?.name;
    record.version = lambda.version;
    // A canary left on its weights still serves the alias's main version mostly.
    if (lambda.alias && lambda.alias.version !== lambda.version) record.aliasVersion = lambda.alias.version;
    record.previousVersion = lambda.previousVersion;
    record.codeSha256 = lambda.codeSha256;
    record.imageUri = lambda.resolvedImageUri;
  }
  const digest = build?.digest ?? /@(sha256:[0-9a-f]{64})$/.exec(lambda?.resolvedImageUri ?? '')?.[1];
  if (digest) record.imageDigest = digest;
  if (!record.imageUri && build?.imageUriDigest) record.imageUri = build.imageUriDigest;
  if (gate) {
    const metrics: Record<string, LedgerMetric> = {};
    for (const rule of gate.rules.slice(0, MAX_RULES)) {
      const value = metricOf(rule);
      if (value !== undefined && rule.metric.length <= MAX_TEXT) metrics[rule.metric] = value;
    }
    record.gate = {
      passed: gate.passed,
      mode: gate.mode,
      source: gate.metricsSource,
      metrics,
      rules: gate.rules.slice(0, MAX_RULES).map((r) => ({
        metric: r.metric.slice(0, MAX_TEXT),
        kind: r.kind,
        op: r.op,
        bar: r.bar,
        allowed: r.allowed,
        direction: r.direction,
        verdict: r.verdict,
      })),
    };
  }
  return JSON.parse(JSON.stringify(record)) as LedgerRecord;
}

function metricOf(rule: GateRuleResult): LedgerMetric | undefined {
  if (typeof rule.value === 'number') return rule.value;
  if (rule.valueText === 'NaN' || rule.valueText === 'Infinity' || rule.valueText === '-Infinity') return rule.valueText;
  return undefined;
}

/**
 * The record's fields, one reader each: the parser is this table applied to a
 * payload, and the mapped type makes the compiler refuse a field added to
 * LedgerRecord without its reader here (the builder's output is checked
 * against it by the round-trip test). A reader gives undefined for anything
 * not well-typed: a payload is foreign text.
 */
type FieldReaders<T> = { [K in keyof T]-?: (value: unknown) => T[K] | undefined };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= MAX_TEXT ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): T | undefined =>
    typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;
const objectOf = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const fields = <T>(readers: FieldReaders<T>, value: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(readers).map(([key, read]) => [key, (read as (v: unknown) => unknown)(value[key])])) as T;
const isLedgerMetric = (v: unknown): v is LedgerMetric => typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';

const RULE_FIELDS: FieldReaders<LedgerRule> = {
  metric: str,
  kind: oneOf(['threshold', 'regression'] as const),
  op: str,
  bar: num,
  allowed: str,
  direction: oneOf(['higher', 'lower'] as const),
  verdict: oneOf(['pass', 'fail', 'warn', 'skip'] as const),
};

type LedgerGate = NonNullable<LedgerRecord['gate']>;
const GATE_FIELDS: FieldReaders<LedgerGate> = {
  passed: (v) => v === true,
  mode: (v) => (v === 'report' ? 'report' : 'enforce'),
  source: str,
  metrics: (v) => {
    const metrics: Record<string, LedgerMetric> = {};
    for (const [key, value] of Object.entries(objectOf(v) ?? {}).slice(0, MAX_RULES))
      if (key.length <= MAX_TEXT && isLedgerMetric(value)) metrics[key] = value;
    return metrics;
  },
  // A rule missing a required field is dropped, not guessed.
  rules: (v) =>
    (Array.isArray(v) ? v.slice(0, MAX_RULES) : [])
      .map((rule) => fields(RULE_FIELDS, objectOf(rule) ?? {}))
      .filter((rule) => rule.metric !== undefined && rule.kind !== undefined && rule.verdict !== undefined),
};

export const LEDGER_FIELDS: FieldReaders<LedgerRecord> = {
  mlship: (v) => (v === LEDGER_SCHEMA ? LEDGER_SCHEMA : undefined),
  writer: (v) => (v === LEDGER_WRITER ? LEDGER_WRITER : undefined),
  outcome: oneOf(LEDGER_OUTCOMES),
  environment: (v) => (typeof v === 'string' ? v : undefined),
  commit: str,
  run: (v) => {
    const run = objectOf(v) ?? {};
    return { id: str(run['id']), attempt: str(run['attempt']), url: str(run['url']) };
  },
  function: str,
  region: str,
  alias: str,
  version: str,
  aliasVersion: str,
  previousVersion: str,
  imageUri: str,
  imageDigest: str,
  codeSha256: str,
  gate: (v) => {
    const gate = objectOf(v);
    return gate ? fields(GATE_FIELDS, gate) : undefined;
  },
};

/** A deployment's payload as a ledger record, or undefined when deployment-summary did not write it (schema and marker). */
export function parseLedgerRecord(payload: unknown): LedgerRecord | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const p = objectOf(value);
  if (!p) return undefined;
  const record = fields(LEDGER_FIELDS, p);
  if (record.mlship === undefined || record.writer === undefined || record.environment === undefined) return undefined;
  return JSON.parse(JSON.stringify(record)) as LedgerRecord;
}

/** A metric's recorded value as a number (NaN and ±Infinity included), or undefined. */
export function ledgerNumber(value: LedgerMetric | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return value === 'NaN' ? Number.NaN : value === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}
