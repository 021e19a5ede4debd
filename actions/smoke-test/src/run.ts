/**
 * The smoke test: every check through a pool of `concurrency` workers. With
 * fail-fast, the first failure cancels the checks still running and skips
 * the rest; a job cancellation stops everything at once.
 */
import { CancelledError, type Clock, type Log, type SmokeCheckResult, type Sleep } from '@mlship/action-kit';
import type { HttpClient } from './http/client';
import type { SmokeInputs } from './inputs';
import type { LambdaInvoker } from './lambda';
import type { SignFor } from './http/sigv4';
import { runCheck, type CheckVerdict } from './checks/run-check';
import type { Check } from './types';

export interface SmokeDeps {
  http: HttpClient;
  lambda?: LambdaInvoker;
  clock: Clock;
  sleep: Sleep;
  log: Log;
  signal?: AbortSignal;
  sign?: SignFor;
}

export interface CheckOutcome {
  check: Check;
  /** Undefined when fail-fast skipped or cancelled the check. */
  verdict?: CheckVerdict;
  skippedBecause?: string;
}

export interface SmokeResult {
  passed: boolean;
  outcomes: CheckOutcome[];
  failed: string[];
  durationMs: number;
}

export type RunInputs = Pick<SmokeInputs, 'checks' | 'headers' | 'waitUntilUpMs' | 'retries' | 'retryDelayMs' | 'concurrency' | 'failFast'>;

export async function run(inputs: RunInputs, deps: SmokeDeps): Promise<SmokeResult> {
  const started = deps.clock.now();
  const jobSignal = deps.signal ?? new AbortController().signal;
  const failFast = new AbortController();
  const signal = AbortSignal.any([jobSignal, failFast.signal]);
  const outcomes: CheckOutcome[] = inputs.checks.map((check) => ({ check }));
  let firstFailure: string | undefined;
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < outcomes.length) {
      const outcome = outcomes[next++] as CheckOutcome;
      if (failFast.signal.aborted) {
        outcome.skippedBecause = `not run: fail-fast after '${firstFailure}' failed`;
        continue;
      }
      try {
        outcome.verdict = await runCheck(outcome.check, {
          ...deps,
          signal,
          headers: inputs.headers,
          waitUntilUpMs: inputs.waitUntilUpMs,
          retries: inputs.retries,
          retryDelayMs: inputs.retryDelayMs,
        });
      } catch (err) {
        if (!(err instanceof CancelledError) || jobSignal.aborted) throw err;
        outcome.skippedBecause = `cancelled: fail-fast after '${firstFailure}' failed`;
        continue;
      }
      if (!outcome.verdict.passed && inputs.failFast && !failFast.signal.aborted) {
        firstFailure = outcome.check.name;
        failFast.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inputs.concurrency, outcomes.length) }, worker));
  const failed = outcomes.filter((o) => o.verdict && !o.verdict.passed).map((o) => o.check.name);
  return { passed: failed.length === 0 && outcomes.every((o) => o.verdict), outcomes, failed, durationMs: deps.clock.now() - started };
}

export function toResult(outcome: CheckOutcome, redact: (text: string) => string): SmokeCheckResult {
  const { check, verdict } = outcome;
  return {
    name: check.name,
    kind: check.kind,
    target: redact(targetOf(check)),
    passed: verdict?.passed ?? false,
    ...(verdict ? {} : { skipped: true }),
    status: verdict?.status,
    attempts: verdict?.attempts ?? 0,
    p50Ms: verdict?.stats?.p50Ms,
    p95Ms: verdict?.stats?.p95Ms,
    maxMs: verdict?.stats?.maxMs,
    reason: redactOpt(verdict?.reason ?? outcome.skippedBecause, redact),
    expected: redactOpt(verdict?.expected, redact),
    actual: redactOpt(verdict?.actual, redact),
    functionError: verdict?.functionError,
    waitedMs: verdict?.waitedMs === undefined ? undefined : Math.round(verdict.waitedMs),
    durationMs: verdict ? Math.round(verdict.durationMs) : undefined,
    ...budgetFields(check, verdict),
  };
}

function budgetFields(check: Check, verdict: CheckVerdict | undefined): Partial<SmokeCheckResult> {
  const budget = verdict?.budget;
  if (!budget || check.maxErrorRate === undefined) return {};
  return {
    requestsSent: budget.sent,
    failedRequests: budget.failed,
    errorRatePercent: budget.sent === 0 ? 0 : Math.round((budget.failed / budget.sent) * 10_000) / 100,
    maxErrorRatePercent: Math.round(check.maxErrorRate * 10_000) / 100,
  };
}

export function targetOf(check: Check): string {
  if (check.kind === 'http') return `${check.method} ${check.url}`;
  return `lambda:${check.functionName}${check.qualifier ? `:${check.qualifier}` : ''}`;
}

function redactOpt(text: string | undefined, redact: (text: string) => string): string | undefined {
  return text === undefined ? undefined : redact(text);
}
