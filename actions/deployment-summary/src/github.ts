/**
 * The few GitHub REST calls this action makes, behind a narrow interface so
 * the logic does not depend on Octokit's types. @actions/github is imported
 * only here and only after inputs validated (it reads GITHUB_API_URL then).
 */
import type { Log } from '@mlship/action-kit';
import { viewerLogin } from './identity';
export interface Comment {
  id: number;
  url: string;
  body?: string;
  /** The login of the account that wrote it (`github-actions[bot]` for GITHUB_TOKEN). */
  author?: string;
}

export type DeploymentState = 'success' | 'failure' | 'error';

export interface GitHubApi {
  /** The login our comments are written by (see identity.ts). */
  viewer(): Promise<string>;
  listComments(issue: number): Promise<Comment[]>;
  createComment(issue: number, body: string): Promise<Comment>;
  updateComment(id: number, body: string): Promise<Comment>;
  /** The newest deployment to `environment` of one of these commits. */
  findDeployment(shas: string[], environment: string): Promise<number | undefined>;
  createDeployment(ref: string, environment: string, description: string): Promise<number>;
  createDeploymentStatus(
    id: number,
    status: { state: DeploymentState; environmentUrl?: string; logUrl?: string; description: string },
  ): Promise<void>;
}

export { httpStatus } from './github-errors';

/** Pages of 100 comments; a pull request with more than 3,000 comments gets a new sticky comment. */
const MAX_COMMENT_PAGES = 30;

/** The budget of every GitHub call: each attempt bounded, a few retries on 5xx, 429 and network errors. */
export interface GitHubBudget {
  /** Longest time one attempt may take. */
  requestTimeoutMs: number;
  /** Retries after the first attempt (@octokit/plugin-retry). */
  retries: number;
  /** Retry n waits n² times this (plugin-retry's retryAfterBaseValue). */
  retryBaseMs: number;
  /** Rate limits: retry when GitHub asks to wait at most this long, this many times (@octokit/plugin-throttling). */
  maxRateLimitWaitS: number;
  rateLimitRetries: number;
}

/** At worst about 3 x 10 s plus 0.5 s + 2 s of backoff per call. */
export const GITHUB_BUDGET: GitHubBudget = {
  requestTimeoutMs: 10_000,
  retries: 2,
  retryBaseMs: 500,
  maxRateLimitWaitS: 20,
  rateLimitRetries: 1,
};

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
  const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  const onLimit =
    (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
      const again = retryCount < budget.rateLimitRetries && retryAfter <= budget.maxRateLimitWaitS;
      log.warning(
        `GitHub ${kind} rate limit on ${options.method} ${options.url}: ${again ? `retrying in ${retryAfter} s` : `not waiting ${retryAfter} s`}.`,
      );
      return again;
    };
  const octokit = getOctokit(
    token,
    {
      ...(baseUrl ? { baseUrl } : {}),
      retry: { retries: budget.retries, retryAfterBaseValue: budget.retryBaseMs },
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
      request: {
        // Each attempt gets its own timeout, so a retry after a hung attempt has its full time.
        // A timeout fails as a network error (retried); the job's cancel as AbortError (never retried).
        fetch: async (url: string, init: RequestInit) => {
          try {
            return await fetch(url, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(budget.requestTimeoutMs)]) });
          } catch (err) {
            // fetch rejects with the signal's reason (our CancelledError), which Octokit would take for a network error and retry.
            if (signal.aborted) throw Object.assign(new Error('The job was cancelled'), { name: 'AbortError' });
            throw err;
          }
        },
      },
    },
    retry,
    throttling,
  );
  const request = (): { signal: AbortSignal } => ({ signal });
  const asComment = (c: { id: number; html_url: string; body?: string | null; user?: { login: string } | null }): Comment => ({
    id: c.id,
    url: c.html_url,
    body: c.body ?? undefined,
    author: c.user?.login,
  });
  return {
    viewer: () => viewerLogin(octokit, request),
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
    async findDeployment(shas, environment) {
      // Newest first; a job with `environment:` already has one that GitHub created.
      const res = await octokit.rest.repos.listDeployments({ owner, repo, environment, per_page: 30, request: request() });
      return res.data.find((d) => shas.includes(d.sha))?.id;
    },
    async createDeployment(ref, environment, description) {
      // Not retried blindly: a POST whose answer was lost may have created it. findDeployment looks first.
      const res = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref,
        environment,
        description,
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
        request: request(),
      });
    },
  };
}
