/**
 * Every report kind by its action name: its schema (each kind's module owns
 * its type and fields, checked key for key against each other), and the
 * narrowing of an unknown JSON value to one of our reports.
 */
import { PIPELINE_ORDER, REPORT_SCHEMA, type ActionName } from './base';
import { BUILD_FIELDS, type BuildReport } from './build';
import { GATE_FIELDS, type GateReport } from './gate';
import { COMMON, checkFields, type Fields, type ReportIssue } from './schema';
import { SMOKE_FIELDS, type SmokeReport } from './smoke';
import { SUMMARY_FIELDS, type DeploymentSummaryReport } from './summary';
import { LAMBDA_FIELDS, type LambdaReport } from './lambda';

export type { ReportIssue } from './schema';
export * from './base';
export * from './build';
export * from './gate';
export * from './lambda';
export * from './smoke';
export * from './summary';
// Each kind's section is its own subpath (package.json exports): an action loads only its own renderer.
export type { SectionOptions } from './section';

const SCHEMAS: Record<ActionName, Fields> = {
  'model-threshold-gate': GATE_FIELDS,
  'build-and-push-ecr': BUILD_FIELDS,
  'update-lambda-and-wait': LAMBDA_FIELDS,
  'smoke-test': SMOKE_FIELDS,
  'deployment-summary': SUMMARY_FIELDS,
};

export type AnyReport = BuildReport | LambdaReport | SmokeReport | GateReport | DeploymentSummaryReport;

/** Narrow an unknown JSON value to one of our reports, or undefined. */
export function asReport(value: unknown): AnyReport | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as { action?: unknown; schema?: unknown };
  if (candidate.schema !== REPORT_SCHEMA) return undefined;
  return (PIPELINE_ORDER as readonly unknown[]).includes(candidate.action) ? (value as AnyReport) : undefined;
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
