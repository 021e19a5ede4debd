/**
 * The Octokit client every action that talks to GitHub uses: retries and
 * rate limits budgeted, each attempt bounded, the job's cancel honoured.
 * @actions/github and the plugins are imported lazily, after inputs were
 * validated (GITHUB_API_URL is read when @actions/github first loads).
 */
import type { getOctokit } from '@actions/github';
import type { Log } from './log';
import { viewerLogin } from './identity';
import { LEDGER_MAX_PAGES, LEDGER_PAGE_SIZE } from './ledger';
import { proxiedFetch } from './proxy';

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
  const [{ getOctokit }, { retry }, { throttling }, send] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
    // HTTPS_PROXY / NO_PROXY, as every client of these actions (proxy.ts).
    proxiedFetch(),
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
            return await send(url, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(budget.requestTimeoutMs)]) });
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

export interface LedgerDeployment {
  id: number;
  sha: string;
  task: string;
  payload: unknown;
  /** When GitHub created it (ISO 8601). */
  createdAt?: string;
}

export interface LedgerStatus {
  state: string;
  description?: string;
  /** The login that wrote it. */
  creator?: string;
}

/**
 * The ledger's reads, shared by the gate (production's record) and
 * deployment-summary (its own run's deployment, earlier records to mark
 * inactive). Deployments of one task to an environment come newest first;
 * a deployment's statuses too (GitHub lists them newest first).
 */
export function ledgerReads(octokit: Octokit, owner: string, repo: string, signal: AbortSignal, log?: Pick<Log, 'debug'>) {
  const request = { signal };
  const asDeployment = (d: { id: number; sha: string; task: string; payload: unknown; created_at?: string }): LedgerDeployment => ({
    id: d.id,
    sha: d.sha,
    task: d.task,
    payload: d.payload,
    ...(d.created_at ? { createdAt: d.created_at } : {}),
  });
  return {
    /** Page by page, following GitHub's Link header, up to LEDGER_MAX_PAGES; stops when the caller stops. */
    async *deployments(environment: string, task: string, maxPages = LEDGER_MAX_PAGES): AsyncGenerator<LedgerDeployment> {
      const pages = octokit.paginate.iterator(octokit.rest.repos.listDeployments, {
        owner,
        repo,
        environment,
        task,
        per_page: LEDGER_PAGE_SIZE,
        request,
      });
      let page = 0;
      for await (const res of pages) {
        page++;
        log?.debug(`Ledger: read page ${page} of ${environment}'s ${task} deployments (${res.data.length}).`);
        for (const d of res.data) yield asDeployment(d);
        if (page >= maxPages) {
          log?.debug(`Ledger: stopped after ${page} pages (${page * LEDGER_PAGE_SIZE} deployments), the bound.`);
          return;
        }
      }
    },
    /** The newest 100: where a run finds its own deployment again. */
    async listDeployments(environment: string, task: string): Promise<LedgerDeployment[]> {
      const res = await octokit.rest.repos.listDeployments({ owner, repo, environment, task, per_page: LEDGER_PAGE_SIZE, request });
      return res.data.map(asDeployment);
    },
    /** The newest 100 statuses of a deployment, newest first. */
    async statuses(id: number): Promise<LedgerStatus[]> {
      const res = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: id, per_page: LEDGER_PAGE_SIZE, request });
      return res.data.map((s) => ({ state: s.state, description: s.description ?? undefined, creator: s.creator?.login }));
    },
    /** Who this token writes as (see identity.ts). */
    viewer: () => viewerLogin(octokit, () => request),
  };
}
