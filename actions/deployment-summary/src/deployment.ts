import {
  LEDGER_TASK,
  describeGitHubError,
  httpStatus,
  ledgerDescription,
  parseLedgerRecord,
  type LedgerRecord,
  type Log,
} from '@mlship/action-kit';
import { runUrl, type RunContext } from './context';
import type { DeploymentState, GitHubApi } from './github';
import type { JobStatus } from './inputs';

const STATE: Record<JobStatus, DeploymentState> = { success: 'success', failure: 'failure', cancelled: 'error' };

export interface DeploymentPlan {
  environment: string;
  environmentUrl?: string;
  verdict: JobStatus;
  /** The headline; on failure, `reason` says why instead. */
  description: string;
  /** Why the deployment failed or was rolled back, for the failure status. */
  reason?: string;
  context: RunContext;
  /** What was deployed: the deployment's payload (see action-kit ledger.ts). */
  record: LedgerRecord;
  /** The deployment `stage: start` created: the final status goes there instead of a new deployment. */
  deploymentId?: number;
}

export interface DeploymentResult {
  id: number;
  created: boolean;
  /** Earlier deployments of the environment marked inactive by this one. */
  inactivated: number[];
}

/**
 * Records the deployment in the ledger: a deployment of our own (task
 * `deploy:mlship`, the record as its payload) with a status that carries the
 * environment URL and the run's log URL. A job with `environment:` also has
 * the deployment GitHub made for it; that one is GitHub's to update, and is
 * left alone. Each run attempt gets its own deployment, since a payload
 * cannot change; a lost answer to the create is found again by the run in
 * the payload, so it never makes two.
 */
export async function reportDeployment(api: GitHubApi, plan: DeploymentPlan): Promise<DeploymentResult> {
  // On pull requests GITHUB_SHA is the merge commit; the head commit is what was reviewed.
  const ref = plan.context.pullRequest?.headSha ?? plan.context.sha;
  if (!ref) throw new Error('GITHUB_SHA is not set: no commit to attach the deployment to');
  const state = STATE[plan.verdict];
  const description = ledgerDescription(state === 'success' || !plan.reason ? plan.description : `${plan.description}: ${plan.reason}`);
  const create = { ref, environment: plan.environment, description, task: LEDGER_TASK, payload: plan.record };
  let earlier = await api.listDeployments(plan.environment, LEDGER_TASK);
  let id = plan.deploymentId ?? earlier.find((d) => sameRun(d.payload, plan.record))?.id;
  const created = id === undefined;
  if (id === undefined) {
    try {
      id = await api.createDeployment(create);
    } catch (err) {
      const status = httpStatus(err);
      if (status !== undefined && status < 500 && status !== 429) throw err;
      // The answer was lost: GitHub may have created it anyway. Look before creating again.
      earlier = await api.listDeployments(plan.environment, LEDGER_TASK);
      id = earlier.find((d) => sameRun(d.payload, plan.record))?.id ?? (await api.createDeployment(create));
    }
  }
  await api.createDeploymentStatus(id, { state, environmentUrl: plan.environmentUrl, logUrl: runUrl(plan.context), description });
  const inactivated = state === 'success' ? await inactivateEarlier(api, earlier, id) : [];
  return { id, created, inactivated };
}

/**
 * Marks the earlier successful deployment inactive, as GitHub does by
 * itself only for non-production environments. Newest first, it stops at the
 * first one that ever succeeded: every success before it was made inactive by
 * the deployment that followed it, and one GitHub already marked inactive
 * (a job with `environment:`) needs nothing. A failed run's deployment says so
 * in its payload and costs no read.
 */
async function inactivateEarlier(api: GitHubApi, earlier: Array<{ id: number; payload: unknown }>, current: number): Promise<number[]> {
  for (const d of earlier) {
    if (d.id === current) continue;
    const outcome = parseLedgerRecord(d.payload)?.outcome;
    if (outcome === 'failure' || outcome === 'cancelled') continue;
    const statuses = await api.statuses(d.id);
    if (!statuses.some((s) => s.state === 'success')) continue;
    if (statuses[0]?.state !== 'success') return [];
    await api.createDeploymentStatus(d.id, { state: 'inactive', description: `Replaced by deployment ${current}` });
    return [d.id];
  }
  return [];
}

function sameRun(payload: unknown, record: LedgerRecord): boolean {
  const run = record.run;
  if (!run?.id) return false;
  const other = parseLedgerRecord(payload);
  return other?.run?.id === run.id && (other.run.attempt ?? '1') === (run.attempt ?? '1') && other.environment === record.environment;
}

/**
 * `stage: start`: the deployment is created before the long part (a bake)
 * with an `in_progress` status and the run's log URL, so GitHub's deployments
 * page shows it from the start; the final call adds its status to this one.
 * Its payload holds what was known at the start (outcome `in_progress`).
 */
export async function startDeployment(api: GitHubApi, plan: Omit<DeploymentPlan, 'verdict' | 'reason'>): Promise<DeploymentResult> {
  const ref = plan.context.pullRequest?.headSha ?? plan.context.sha;
  if (!ref) throw new Error('GITHUB_SHA is not set: no commit to attach the deployment to');
  const description = ledgerDescription(plan.description);
  const earlier = await api.listDeployments(plan.environment, LEDGER_TASK);
  let id = earlier.find((d) => sameRun(d.payload, plan.record))?.id;
  const created = id === undefined;
  id ??= await api.createDeployment({ ref, environment: plan.environment, description, task: LEDGER_TASK, payload: plan.record });
  await api.createDeploymentStatus(id, {
    state: 'in_progress',
    environmentUrl: plan.environmentUrl,
    logUrl: runUrl(plan.context),
    description,
  });
  return { id, created, inactivated: [] };
}

export async function tryDeployment(
  api: (() => Promise<GitHubApi>) | undefined,
  plan: DeploymentPlan,
  log: Log,
  start = false,
): Promise<number | undefined> {
  if (!api) {
    log.warning('Deployment status skipped: no github-token was given.');
    return undefined;
  }
  try {
    const result = start ? await startDeployment(await api(), plan) : await reportDeployment(await api(), plan);
    const inactive = result.inactivated.length > 0 ? `; marked deployment ${result.inactivated.join(', ')} inactive` : '';
    log.info(
      `${result.created ? 'Created' : 'Reused'} deployment ${result.id} (task ${LEDGER_TASK}) for ${plan.environment}: status ${start ? 'in_progress' : STATE[plan.verdict]}${inactive}`,
    );
    return result.id;
  } catch (err) {
    const status = httpStatus(err);
    const hint = status === 403 || status === 404 ? ' (grant `deployments: write`; fork pull requests get a read-only token)' : '';
    log.warning(`Deployment status failed: ${describeGitHubError(err)}${hint}.`);
    return undefined;
  }
}
