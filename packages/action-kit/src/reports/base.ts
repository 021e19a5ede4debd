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

export interface ReportBase<A extends ActionName> {
  action: A;
  schema: typeof REPORT_SCHEMA;
  /** success: did its job; failure: the step failed; skipped: nothing to do. */
  outcome: 'success' | 'failure' | 'skipped';
  /** One human sentence, e.g. "Pushed 123….dkr.ecr…/model:abc (12.3 MB)". */
  headline: string;
  /** Set when the step failed: the reason, as shown in its ::error:: line. */
  error?: string;
}
