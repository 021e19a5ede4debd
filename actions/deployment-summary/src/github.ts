/**
 * The few GitHub REST calls this action makes, behind a narrow interface so
 * the logic does not depend on Octokit's types. @actions/github is imported
 * only here and only after inputs validated (it reads GITHUB_API_URL then).
 */
import type { Log } from '@mlship/action-kit';
import { GITHUB_BUDGET, createOctokit, ledgerReads, type GitHubBudget } from '@mlship/action-kit/github';
export interface Comment {
  id: number;
  url: string;
  body?: string;
  /** The login of the account that wrote it (`github-actions[bot]` for GITHUB_TOKEN). */
  author?: string;
}

export type DeploymentState = 'success' | 'failure' | 'error' | 'inactive' | 'in_progress';

export interface Deployment {
  id: number;
  sha: string;
  task: string;
  payload: unknown;
}

export interface PullRequest {
  number: number;
  state: string;
  mergedAt?: string;
  mergeCommitSha?: string;
  baseRef?: string;
}

/** A pull request's head as GitHub shows it: the commit and the repository it comes from (undefined: a deleted fork). */
export interface PullRequestHead {
  number: number;
  sha: string;
  repository?: string;
}

export interface GitHubApi {
  /** The login our comments are written by (see identity.ts). */
  viewer(): Promise<string>;
  listComments(issue: number): Promise<Comment[]>;
  createComment(issue: number, body: string): Promise<Comment>;
  updateComment(id: number, body: string): Promise<Comment>;
  deleteComment(id: number): Promise<void>;
  /** The newest deployments (one page of 100) to `environment` with this task, newest first. */
  listDeployments(environment: string, task: string): Promise<Deployment[]>;
  /** A deployment's newest 100 statuses, newest first. */
  statuses(id: number): Promise<Array<{ state: string; description?: string; creator?: string }>>;
  createDeployment(plan: { ref: string; environment: string; description: string; task: string; payload: unknown }): Promise<number>;
  createDeploymentStatus(
    id: number,
    status: { state: DeploymentState; environmentUrl?: string; logUrl?: string; description: string },
  ): Promise<void>;
  /** Pull requests a commit belongs to (GET /repos/{owner}/{repo}/commits/{sha}/pulls). */
  pullRequestsOf(sha: string): Promise<PullRequest[]>;
  /** GET /repos/{owner}/{repo}/pulls/{number}: its head (fork-check.ts). */
  pullRequestHead(number: number): Promise<PullRequestHead>;
}

/** Pages of 100 comments; a pull request with more than 3,000 comments gets a new sticky comment. */
const MAX_COMMENT_PAGES = 30;

export { GITHUB_BUDGET, type GitHubBudget } from '@mlship/action-kit/github';

export async function createGitHubApi(
  token: string,
  owner: string,
  repo: string,
  signal: AbortSignal,
  log: Pick<Log, 'warning'>,
  budget: GitHubBudget = GITHUB_BUDGET,
  /** Defaults to GITHUB_API_URL, as @actions/github reads it when first loaded. */
  baseUrl?: string,
): Promise<GitHubApi> {
  const octokit = await createOctokit(token, signal, log, budget, baseUrl);
  const calls: Calls = { octokit, owner, repo, request: () => ({ signal }) };
  return {
    ...commentCalls(calls),
    // A job with `environment:` also has a deployment GitHub created (task `deploy`), not listed here.
    // viewer: the login our comments are written by (action-kit identity.ts).
    ...ledgerReads(octokit, owner, repo, signal),
    ...deploymentCalls(calls),
    ...pullRequestCalls(calls),
  };
}

/** What each group of calls needs: the client, the repository, and the cancel signal for every request. */
interface Calls {
  octokit: Awaited<ReturnType<typeof createOctokit>>;
  owner: string;
  repo: string;
  request: () => { signal: AbortSignal };
}

const asComment = (c: { id: number; html_url: string; body?: string | null; user?: { login: string } | null }): Comment => ({
  id: c.id,
  url: c.html_url,
  body: c.body ?? undefined,
  author: c.user?.login,
});

function commentCalls({
  octokit,
  owner,
  repo,
  request,
}: Calls): Pick<GitHubApi, 'listComments' | 'createComment' | 'updateComment' | 'deleteComment'> {
  return {
    async listComments(issue) {
      const comments: Comment[] = [];
      for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
        const res = await octokit.rest.issues.listComments({ owner, repo, issue_number: issue, per_page: 100, page, request: request() });
        comments.push(...res.data.map(asComment));
        if (res.data.length < 100) break;
      }
      return comments;
    },
    async createComment(issue, body) {
      const res = await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body, request: request() });
      return asComment(res.data);
    },
    async updateComment(id, body) {
      const res = await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body, request: request() });
      return asComment(res.data);
    },
    async deleteComment(id) {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: id, request: request() });
    },
  };
}

function deploymentCalls({ octokit, owner, repo, request }: Calls): Pick<GitHubApi, 'createDeployment' | 'createDeploymentStatus'> {
  return {
    async createDeployment(plan) {
      // Not retried blindly: a POST whose answer was lost may have created it. The caller looks first.
      const res = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: plan.ref,
        environment: plan.environment,
        description: plan.description,
        task: plan.task,
        payload: plan.payload as Record<string, unknown>,
        // The deploy already happened: no merge of the base branch, no wait for commit statuses.
        auto_merge: false,
        required_contexts: [],
        request: { ...request(), retries: 0 },
      });
      const id = (res.data as { id?: unknown }).id;
      if (typeof id !== 'number') throw new Error(`GitHub did not create a deployment (HTTP ${res.status}): ${JSON.stringify(res.data)}`);
      return id;
    },
    async createDeploymentStatus(id, status) {
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: id,
        state: status.state,
        environment_url: status.environmentUrl,
        log_url: status.logUrl,
        description: status.description,
        // Inactive marks on older deployments are ours to make (production environments get none from GitHub).
        auto_inactive: false,
        request: request(),
      });
    },
  };
}

function pullRequestCalls({ octokit, owner, repo, request }: Calls): Pick<GitHubApi, 'pullRequestsOf' | 'pullRequestHead'> {
  return {
    async pullRequestsOf(sha) {
      const res = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        owner,
        repo,
        commit_sha: sha,
        per_page: 30,
        request: request(),
      });
      return res.data.map((p) => ({
        number: p.number,
        state: p.state,
        mergedAt: p.merged_at ?? undefined,
        mergeCommitSha: p.merge_commit_sha ?? undefined,
        baseRef: p.base?.ref,
      }));
    },
    async pullRequestHead(number) {
      const res = await octokit.rest.pulls.get({ owner, repo, pull_number: number, request: request() });
      return { number: res.data.number, sha: res.data.head.sha, repository: res.data.head.repo?.full_name ?? undefined };
    },
  };
}
