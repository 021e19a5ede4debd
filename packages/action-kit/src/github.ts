/**
 * The Octokit client every action that talks to GitHub uses: retries and
 * rate limits budgeted, each attempt bounded, the job's cancel honoured.
 * @actions/github and the plugins are imported lazily, after inputs were
 * validated (GITHUB_API_URL is read when @actions/github first loads).
 */
import type { getOctokit } from '@actions/github';
import type { Log } from './log';

export type Octokit = ReturnType<typeof getOctokit>;

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

export async function createOctokit(
  token: string,
  signal: AbortSignal,
  log: Pick<Log, 'warning'>,
  budget: GitHubBudget = GITHUB_BUDGET,
  /** Defaults to GITHUB_API_URL, as @actions/github reads it when first loaded. */
  baseUrl?: string,
): Promise<Octokit> {
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
  return getOctokit(
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
}

/**
 * The ledger's two reads, shared by the gate (production's record) and
 * deployment-summary (earlier records to mark inactive): the newest 30
 * deployments of one task to an environment, newest first, and the state of a
 * deployment's newest status (GitHub lists statuses newest first).
 */
export function ledgerReads(octokit: Octokit, owner: string, repo: string, signal: AbortSignal) {
  const request = { signal };
  return {
    async listDeployments(
      environment: string,
      task: string,
    ): Promise<Array<{ id: number; sha: string; task: string; payload: unknown; createdAt?: string }>> {
      const res = await octokit.rest.repos.listDeployments({ owner, repo, environment, task, per_page: 30, request });
      return res.data.map((d) => ({ id: d.id, sha: d.sha, task: d.task, payload: d.payload, createdAt: d.created_at }));
    },
    async latestState(id: number): Promise<string | undefined> {
      const res = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: id, per_page: 1, request });
      return res.data[0]?.state;
    },
  };
}
