/**
 * The few GitHub REST calls this action makes, behind a narrow interface so
 * the logic does not depend on Octokit's types. @actions/github is imported
 * only here and only after inputs validated (it reads GITHUB_API_URL then).
 */
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
  createDeploymentStatus(id: number, status: { state: DeploymentState; environmentUrl?: string; logUrl?: string; description: string }): Promise<void>;
}

/** The HTTP status of an Octokit RequestError, if that is what it is. */
export function httpStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

import { viewerLogin } from './identity';

const REQUEST_TIMEOUT_MS = 30_000;
/** Pages of 100 comments; a pull request with more than 3,000 comments gets a new sticky comment. */
const MAX_COMMENT_PAGES = 30;

export async function createGitHubApi(token: string, owner: string, repo: string, signal: AbortSignal): Promise<GitHubApi> {
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(token);
  const request = (): { signal: AbortSignal } => ({ signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) });
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
      const res = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref,
        environment,
        description,
        // The deploy already happened: no merge of the base branch, no wait for commit statuses.
        auto_merge: false,
        required_contexts: [],
        request: request(),
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
