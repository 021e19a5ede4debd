import type { Log } from '@mlship/action-kit';
import { runUrl, type RunContext } from './context';
import type { DeploymentState, GitHubApi } from './github';
import { describeGitHubError, httpStatus } from './github-errors';
import type { JobStatus } from './inputs';

const STATE: Record<JobStatus, DeploymentState> = { success: 'success', failure: 'failure', cancelled: 'error' };

export interface DeploymentPlan {
  environment: string;
  environmentUrl?: string;
  verdict: JobStatus;
  description: string;
  context: RunContext;
}

/**
 * Reuses the deployment of this commit and environment when there is one
 * (a re-run, or a workflow that created it earlier), so statuses pile up on
 * one deployment instead of duplicating it.
 */
export async function reportDeployment(api: GitHubApi, plan: DeploymentPlan): Promise<{ id: number; created: boolean }> {
  // On pull requests GITHUB_SHA is the merge commit; the head commit is what was reviewed.
  const ref = plan.context.pullRequest?.headSha ?? plan.context.sha;
  if (!ref) throw new Error('GITHUB_SHA is not set: no commit to attach the deployment to');
  const shas = [ref, plan.context.sha].filter((sha): sha is string => sha !== undefined);
  const description = plan.description.slice(0, 140);
  let id = await api.findDeployment(shas, plan.environment);
  const created = id === undefined;
  if (id === undefined) id = await createOnce(api, shas, ref, plan.environment, description);
  await api.createDeploymentStatus(id, {
    state: STATE[plan.verdict],
    environmentUrl: plan.environmentUrl,
    logUrl: runUrl(plan.context),
    description,
  });
  return { id, created };
}

/**
 * Creates the deployment, once. When the answer is lost (5xx, 429, network),
 * GitHub may have created it anyway: look before creating again, so a retry
 * never leaves a second deployment without a status.
 */
async function createOnce(api: GitHubApi, shas: string[], ref: string, environment: string, description: string): Promise<number> {
  try {
    return await api.createDeployment(ref, environment, description);
  } catch (err) {
    const status = httpStatus(err);
    if (status !== undefined && status < 500 && status !== 429) throw err;
    return (await api.findDeployment(shas, environment)) ?? (await api.createDeployment(ref, environment, description));
  }
}

export async function tryDeployment(
  api: (() => Promise<GitHubApi>) | undefined,
  plan: DeploymentPlan,
  log: Log,
): Promise<number | undefined> {
  if (!api) {
    log.warning('Deployment status skipped: no github-token was given.');
    return undefined;
  }
  try {
    const result = await reportDeployment(await api(), plan);
    log.info(`${result.created ? 'Created' : 'Reused'} deployment ${result.id} for ${plan.environment}: status ${STATE[plan.verdict]}`);
    return result.id;
  } catch (err) {
    const status = httpStatus(err);
    const hint = status === 403 || status === 404 ? ' (grant `deployments: write`; fork pull requests get a read-only token)' : '';
    log.warning(`Deployment status failed: ${describeGitHubError(err)}${hint}.`);
    return undefined;
  }
}
