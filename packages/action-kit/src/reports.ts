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
  dryRun: boolean;
  consoleUrl?: string;
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
}

export interface SmokeReport extends ReportBase<'smoke-test'> {
  passed: boolean;
  checks: SmokeCheckResult[];
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
}

export interface GateReport extends ReportBase<'model-threshold-gate'> {
  passed: boolean;
  mode: 'enforce' | 'report';
  rules: GateRuleResult[];
}

export interface DeploymentSummaryReport extends ReportBase<'deployment-summary'> {
  verdict: 'success' | 'failure' | 'cancelled';
  commentUrl?: string;
  deploymentId?: number;
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
