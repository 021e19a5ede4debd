import {
  ledgerRecord,
  type BuildReport,
  type GateReport,
  type LambdaReport,
  type LedgerOutcome,
  type LedgerRecord,
} from '@mlship/action-kit';
import type { Collected } from './collect';
import { runUrl, type RunContext } from './context';

function first<T>(collected: Collected, action: string): T | undefined {
  return collected.entries.find((e) => e.report.action === action)?.report as T | undefined;
}

/** What this job deployed to `environment`, for the ledger (the deployment's payload). */
export function recordOf(
  collected: Collected,
  environment: string,
  context: RunContext,
  outcome: LedgerOutcome = collected.verdict,
): LedgerRecord {
  return ledgerRecord({
    environment,
    outcome,
    commit: context.pullRequest?.headSha ?? context.sha,
    run: { id: context.runId, attempt: context.runAttempt, url: runUrl(context) },
    gate: first<GateReport>(collected, 'model-threshold-gate'),
    lambda: first<LambdaReport>(collected, 'update-lambda-and-wait'),
    build: first<BuildReport>(collected, 'build-and-push-ecr'),
  });
}

/** Why a deployment failed, in one line for its status: a rollback first, then the first failed step. */
export function failureReason(collected: Collected): string | undefined {
  const rolledBack = collected.entries.find((e) => (e.report as LambdaReport).rolledBack);
  if (rolledBack) {
    const r = rolledBack.report as LambdaReport;
    return `rolled back${r.rollbackReason ? `: ${r.rollbackReason}` : ''}`;
  }
  const failed = collected.entries.find((e) => e.outcome === 'failure');
  if (failed) return (failed.report.error ?? failed.report.headline).replace(/\s+/g, ' ');
  const other = collected.otherSteps.find((s) => s.outcome === 'failure');
  return other ? `step ${other.id} failed` : undefined;
}
