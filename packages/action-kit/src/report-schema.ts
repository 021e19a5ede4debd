/**
 * One schema for every report, optional fields included: what the readers
 * (deployment-summary's sections, Slack message and record, the bake
 * rendering) read, checked before they read it. A report from another job,
 * a fork's artifact or a hand-made file is untrusted: a wrong type in any
 * field must show as "<field>: <what>", never end in a TypeError deep in the
 * rendering. Fields not listed are allowed (reports gain fields; readers
 * ignore what they do not know). Mirrors the interfaces of reports.ts.
 */
import { PIPELINE_ORDER, type ActionName } from './reports';

type Kind = 'string' | 'number' | 'boolean';
type Spec =
  | Kind
  | { oneOf: readonly string[] }
  | { list: Spec }
  | { fields: Fields }
  | { record: Spec }
  | { nullable: Spec }
  | { either: readonly Kind[] };
interface Optional {
  optional: Spec;
}
type Fields = Record<string, Spec | Optional>;

const opt = (spec: Spec): Optional => ({ optional: spec });
const list = (spec: Spec): Spec => ({ list: spec });
const obj = (fields: Fields): Spec => ({ fields });
const oneOf = (...values: string[]): Spec => ({ oneOf: values });
const nullableNumber: Spec = { nullable: 'number' };
const str = opt('string');
const num = opt('number');
const bool = opt('boolean');

const COMMON: Fields = {
  action: { oneOf: PIPELINE_ORDER },
  schema: 'number',
  outcome: oneOf('success', 'failure', 'skipped'),
  headline: 'string',
  error: str,
};

const STATS = obj({
  version: 'string',
  invocations: 'number',
  errors: 'number',
  errorRate: num,
  latency: opt(obj({ stat: 'string', ms: 'number' })),
});

const BAKE = obj({
  steps: list(obj({ weight: 'number', bakeSeconds: 'number' })),
  analysisIntervalSeconds: 'number',
  metricsDelaySeconds: 'number',
  rules: list('string'),
  windows: list(
    obj({
      start: 'string',
      end: 'string',
      step: 'number',
      weight: 'number',
      new: STATS,
      previous: opt(STATS),
      alarms: opt(list(obj({ name: 'string', state: 'string' }))),
      verdict: oneOf('healthy', 'breach', 'pending', 'insufficient-traffic', 'inconclusive'),
      reason: str,
      evidence: opt(obj({ invocations: 'number', errors: 'number', rate: num, bound: num, sentence: 'string' })),
      metrics: opt(list(obj({ rule: 'string', value: num, passed: bool }))),
    }),
  ),
  probes: opt(obj({ sent: 'number', failed: 'number', firstError: str })),
  omittedWindows: num,
  hold: bool,
  heldSplit: opt(obj({ newVersion: 'string', previousVersion: 'string', weight: 'number' })),
  resumedFrom: num,
  result: oneOf('promoted', 'rolled-back', 'held', 'cancelled', 'stopped'),
});

const SCHEMAS: Record<ActionName, Fields> = {
  'model-threshold-gate': {
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
  },
  'build-and-push-ecr': {
    region: str,
    registry: str,
    repository: 'string',
    imageUri: str,
    imageUriDigest: str,
    digest: str,
    mediaType: str,
    sizeBytes: num,
    tags: list('string'),
    tagsNotMoved: opt(list('string')),
    pushed: 'boolean',
    skipped: 'boolean',
    skipReason: str,
    scan: opt(obj({ status: 'string', findings: { record: 'number' }, threshold: str, passed: 'boolean' })),
    consoleUrl: str,
    builder: opt(oneOf('buildx', 'docker')),
    createdRepository: bool,
    lambdaCompatible: bool,
    platforms: opt(list(obj({ platform: 'string', digest: 'string' }))),
  },
  'update-lambda-and-wait': {
    region: str,
    functionName: 'string',
    functionArn: str,
    packageType: opt(oneOf('Image', 'Zip')),
    codeSource: opt(oneOf('image', 'zip', 's3', 'none')),
    codeSha256: str,
    resolvedImageUri: str,
    version: str,
    versionArn: str,
    previousVersion: str,
    alias: opt(obj({ name: 'string', arn: str, version: 'string', weights: opt({ record: 'number' }) })),
    updateSeconds: num,
    waitedForOthersSeconds: num,
    lastUpdateStatus: str,
    steps: opt(list('string')),
    stoppedAt: str,
    dryRun: 'boolean',
    consoleUrl: str,
    configuration: opt(
      obj({
        changed: list('string'),
        environment: opt(obj({ added: list('string'), changed: list('string'), removed: list('string') })),
      }),
    ),
    bake: opt(BAKE),
    rolledBack: bool,
    rollbackReason: str,
  },
  'smoke-test': {
    passed: 'boolean',
    checks: list(
      obj({
        name: 'string',
        kind: oneOf('http', 'lambda'),
        target: 'string',
        passed: 'boolean',
        status: opt({ either: ['number', 'string'] }),
        attempts: 'number',
        p50Ms: num,
        p95Ms: num,
        maxMs: num,
        reason: str,
        skipped: bool,
        expected: str,
        actual: str,
        functionError: str,
        waitedMs: num,
        durationMs: num,
        requestsSent: num,
        failedRequests: num,
        errorRatePercent: num,
        maxErrorRatePercent: num,
      }),
    ),
    failedChecks: opt(list('string')),
    durationMs: num,
    checksOmitted: num,
    totals: opt(obj({ checks: 'number', passed: 'number', failed: 'number', skipped: 'number' })),
  },
  'deployment-summary': {
    verdict: oneOf('success', 'failure', 'cancelled'),
    title: str,
    environment: str,
    commentId: num,
    commentUrl: str,
    deploymentId: num,
    slackSent: bool,
    slackTs: str,
    sections: list('string'),
  },
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

function checkFields(record: Record<string, unknown>, fields: Fields, prefix: string): ReportIssue | undefined {
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

/** What is wrong with a report of `action`, field by field; undefined when every field the readers use is right. */
export function reportIssue(action: ActionName, value: Record<string, unknown>): ReportIssue | undefined {
  return checkFields(value, { ...COMMON, ...SCHEMAS[action] }, '');
}

/** The same, as a phrase after the report's name: `lacks the field "checks"`, `has "rules[0].verdict" as a number, not a string`. */
export function reportProblem(action: ActionName, value: Record<string, unknown>): string | undefined {
  const issue = reportIssue(action, value);
  if (!issue) return undefined;
  if (issue.what === 'missing') return `lacks the field "${issue.field}"`;
  return `has "${issue.field}" as ${issue.what}`;
}
