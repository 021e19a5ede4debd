/**
 * The `report` output of every action: a JSON document that
 * deployment-summary reads from `${{ toJSON(steps) }}`. One schema per action,
 * versioned together; add fields, never change their meaning.
 */
export const REPORT_SCHEMA = 1;

export const PIPELINE_ORDER = [
  'model-threshold-gate',
  'build-and-push-ecr',
  'update-lambda-and-wait',
  'smoke-test',
  'deployment-summary',
] as const;

export type ActionName = (typeof PIPELINE_ORDER)[number];

interface ReportBase<A extends ActionName> {
  action: A;
  schema: typeof REPORT_SCHEMA;
  /** success: did its job; failure: the step failed; skipped: nothing to do. */
  outcome: 'success' | 'failure' | 'skipped';
  /** One human sentence, e.g. "Pushed 123….dkr.ecr…/model:abc (12.3 MB)". */
  headline: string;
  /** Set when the step failed: the reason, as shown in its ::error:: line. */
  error?: string;
}

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNDEFINED';

export interface BuildReport extends ReportBase<'build-and-push-ecr'> {
  /** The commit the image is tagged and labelled with ({sha}: on pull requests the head commit, not GitHub's merge commit). */
  commit?: string;
  region?: string;
  registry?: string;
  repository: string;
  imageUri?: string;
  imageUriDigest?: string;
  digest?: string;
  mediaType?: string;
  sizeBytes?: number;
  tags: string[];
  /** Tags not moved because the repository is IMMUTABLE. */
  tagsNotMoved?: string[];
  pushed: boolean;
  skipped: boolean;
  skipReason?: string;
  scan?: { status: string; findings: Partial<Record<Severity, number>>; threshold?: Severity; passed: boolean };
  consoleUrl?: string;
  /** `buildx`, or `docker` when buildx was missing and the classic builder was used. */
  builder?: 'buildx' | 'docker';
  /** True when this run created the repository (create-repository: true). */
  createdRepository?: boolean;
  /** False for a multi-platform image index, which Lambda cannot run; true for a single image. */
  lambdaCompatible?: boolean;
  /** For an index: each platform's image digest. */
  platforms?: Array<{ platform: string; digest: string }>;
}

export interface LambdaReport extends ReportBase<'update-lambda-and-wait'> {
  region?: string;
  functionName: string;
  functionArn?: string;
  packageType?: 'Image' | 'Zip';
  codeSource?: 'image' | 'zip' | 's3' | 'none';
  codeSha256?: string;
  resolvedImageUri?: string;
  version?: string;
  versionArn?: string;
  previousVersion?: string;
  alias?: { name: string; arn?: string; version: string; weights?: Record<string, number> };
  updateSeconds?: number;
  /** Seconds spent waiting for updates someone else had in progress. */
  waitedForOthersSeconds?: number;
  /** LastUpdateStatus when the action last looked (Successful, Failed, InProgress). */
  lastUpdateStatus?: string;
  /** What was done (or, in a dry run, would be done), in order. */
  steps?: string[];
  /** Set when the deploy failed: the step it stopped at, e.g. "pointing alias live" (earlier steps are in `steps`). */
  stoppedAt?: string;
  dryRun: boolean;
  consoleUrl?: string;
  /**
   * Configuration with the code (environment, memory-size, timeout, description, image-*): the
   * input names of the settings that changed, and the environment variables by name only
   * (values are never reported). Set when configuration inputs were given; `changed` is empty
   * when everything was already as asked.
   */
  configuration?: { changed: string[]; environment?: { added: string[]; changed: string[]; removed: string[] } };
  /** Progressive delivery (traffic-steps): set when a bake ran, one entry per analysis window. */
  bake?: BakeTimeline;
  /** True when the action itself put the alias back to the previous version. */
  rolledBack?: boolean;
  rollbackReason?: string;
  /** True when this run created the function (it did not exist). */
  created?: boolean;
  /** zip-file with s3-bucket: where the zip was staged (content-addressed key), and the bytes this run uploaded (0: already there). */
  s3Bucket?: string;
  s3Key?: string;
  uploadedBytes?: number;
  /** keep-versions: the versions this run deleted, oldest first. */
  deletedVersions?: string[];
}

/** One version's numbers in one analysis window (from CloudWatch, ExecutedVersion dimension). */
export interface BakeVersionStats {
  version: string;
  invocations: number;
  errors: number;
  /** errors / invocations, 0..1; absent when there were no invocations. */
  errorRate?: number;
  /** The percentile the latency rule uses, e.g. { stat: 'p99', ms: 812 }; absent without data. */
  latency?: { stat: string; ms: number };
}

/** inconclusive: its metrics or alarms could not be read (yet); it is read again, never counted healthy. */
export type BakeVerdict = 'healthy' | 'breach' | 'pending' | 'insufficient-traffic' | 'inconclusive';

/** The new version's error rate over its traffic step up to and including one window, and what it says. */
export interface BakeEvidence {
  invocations: number;
  errors: number;
  /** 0..1; absent without invocations. */
  rate?: number;
  /** The 95 % lower bound (of the rate, or of its difference to the previous version's), 0..1. */
  bound?: number;
  /** "3 errors in 90 invocations (3.3%); 95% lower bound 1.1% is under 2%: not yet conclusive" */
  sentence: string;
}

export interface BakeWindow {
  /** ISO 8601 start and end of the window (end exclusive). */
  start: string;
  end: string;
  /** 1-based index into `steps`. */
  step: number;
  /** Percent of the alias's traffic on the new version during this window (0..100). */
  weight: number;
  new: BakeVersionStats;
  previous?: BakeVersionStats;
  /** Alarms read during this window and their state (OK, ALARM, INSUFFICIENT_DATA). */
  alarms?: { name: string; state: string }[];
  verdict: BakeVerdict;
  /** Why, when the verdict is not healthy: "error rate 7.5% > 1% (3/40)". */
  reason?: string;
  /** With an error-rate rule: the evidence over the step so far, this window included. */
  evidence?: BakeEvidence;
  /** Custom metric rules (input `metrics`) in this window: the rule as written, its value (absent: no data), kept or not. */
  metrics?: { rule: string; value?: number; passed?: boolean }[];
}

export interface BakeTimeline {
  /** The steps as configured: percent and bake length in seconds. */
  steps: { weight: number; bakeSeconds: number }[];
  analysisIntervalSeconds: number;
  metricsDelaySeconds: number;
  /** The rules the windows were judged by, as written: "error rate <= 1%", "p99 <= previous +20%". */
  rules: string[];
  windows: BakeWindow[];
  /** probe-payload: the new version invoked directly; failures are errors of the new version. */
  probes?: { sent: number; failed: number; firstError?: string };
  /** Healthy windows left out of a long bake to keep the report within its budget (every unhealthy one and the latest stay). */
  omittedWindows?: number;
  /** The steps end in `hold` (`traffic-steps: 10%:5m, hold`): the bake ends holding its last split instead of taking 100%. */
  hold?: boolean;
  /** Set when the bake ended in its `hold` step: the split it holds on purpose (weight: percent on the new version). */
  heldSplit?: { newVersion: string; previousVersion: string; weight: number };
  /** A bake resumed from a held split (version set to the held version): the weight it started from; steps at or under it were skipped. */
  resumedFrom?: number;
  /** promoted: 100% on the new version; rolled-back; held (the `hold` step, see heldSplit, or on-failure: hold); cancelled; stopped (someone else changed the alias). */
  result: 'promoted' | 'rolled-back' | 'held' | 'cancelled' | 'stopped';
}

export interface SmokeCheckResult {
  name: string;
  kind: 'http' | 'lambda';
  target: string;
  passed: boolean;
  status?: number | string;
  attempts: number;
  p50Ms?: number;
  p95Ms?: number;
  maxMs?: number;
  reason?: string;
  /** Not run or cancelled (fail-fast); `passed` is false but it did not fail. */
  skipped?: boolean;
  expected?: string;
  actual?: string;
  /** Lambda checks: FunctionError (Handled/Unhandled) when the function failed. */
  functionError?: string;
  /** Time spent waiting for the endpoint to come up (wait-until-up). */
  waitedMs?: number;
  durationMs?: number;
  /** With max-error-rate: measured requests sent, how many failed, their share in percent, and the budget in percent. */
  requestsSent?: number;
  failedRequests?: number;
  errorRatePercent?: number;
  maxErrorRatePercent?: number;
}

export interface SmokeReport extends ReportBase<'smoke-test'> {
  passed: boolean;
  checks: SmokeCheckResult[];
  /** Names of the checks that failed (not the skipped ones). */
  failedChecks?: string[];
  durationMs?: number;
  /** Checks left out of `checks` to keep the report small (failures are kept first). */
  checksOmitted?: number;
  /** Counts over every check, also those left out. */
  totals?: { checks: number; passed: number; failed: number; skipped: number };
}

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

export interface DeploymentSummaryReport extends ReportBase<'deployment-summary'> {
  verdict: 'success' | 'failure' | 'cancelled';
  title?: string;
  environment?: string;
  commentId?: number;
  commentUrl?: string;
  deploymentId?: number;
  /** `start` when the call only created the deployment, in progress (deployment-summary's `stage` input). */
  stage?: 'start';
  /** Set when a slack-webhook-url was given: whether the message was accepted. */
  slackSent?: boolean;
  /** The bot-token mode: the timestamp of the message posted or updated (pass it as slack-message-ts to update it again). */
  slackTs?: string;
  /** Section names in the order rendered, e.g. ["Model gate", "Image"]. */
  sections: string[];
}

export type AnyReport = BuildReport | LambdaReport | SmokeReport | GateReport | DeploymentSummaryReport;

/** Narrow an unknown JSON value to one of our reports, or undefined. */
export function asReport(value: unknown): AnyReport | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as { action?: unknown; schema?: unknown };
  if (candidate.schema !== REPORT_SCHEMA) return undefined;
  return (PIPELINE_ORDER as readonly unknown[]).includes(candidate.action) ? (value as AnyReport) : undefined;
}
