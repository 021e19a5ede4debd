/** smoke-test's report: each check and what it saw. */
import type { ReportBase } from './base';
import { bool, list, num, obj, oneOf, opt, str, type FieldsOf } from './schema';

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

export const SMOKE_FIELDS: FieldsOf<SmokeReport> = {
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
};
