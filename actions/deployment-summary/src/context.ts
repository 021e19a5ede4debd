import { readFileSync } from 'node:fs';

/** What the summary needs to know about the run, read from the runner's environment. */
export interface RunContext {
  serverUrl: string;
  owner: string;
  repo: string;
  runId?: string;
  runAttempt?: string;
  sha?: string;
  ref?: string;
  eventName?: string;
  pullRequest?: { number: number; headSha?: string; fork: boolean };
}

export function runUrl(ctx: RunContext): string | undefined {
  if (!ctx.runId) return undefined;
  const base = `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}`;
  return ctx.runAttempt && ctx.runAttempt !== '1' ? `${base}/attempts/${ctx.runAttempt}` : base;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner = '', repo = ''] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  const eventName = env['GITHUB_EVENT_NAME'];
  const ctx: RunContext = {
    serverUrl: (env['GITHUB_SERVER_URL'] ?? 'https://github.com').replace(/\/$/, ''),
    owner,
    repo,
    runId: env['GITHUB_RUN_ID'],
    runAttempt: env['GITHUB_RUN_ATTEMPT'],
    sha: env['GITHUB_SHA'],
    ref: env['GITHUB_REF'],
    eventName,
  };
  if (eventName && PR_EVENTS.has(eventName)) ctx.pullRequest = pullRequestOf(readEvent(env['GITHUB_EVENT_PATH']), `${owner}/${repo}`);
  return ctx;
}

function readEvent(path: string | undefined): unknown {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

interface PullRequestPayload {
  number?: unknown;
  pull_request?: { number?: unknown; head?: { sha?: unknown; repo?: { full_name?: unknown } | null } };
}

function pullRequestOf(event: unknown, repository: string): RunContext['pullRequest'] {
  const payload = (event ?? {}) as PullRequestPayload;
  const pr = payload.pull_request;
  const number = typeof pr?.number === 'number' ? pr.number : typeof payload.number === 'number' ? payload.number : undefined;
  if (number === undefined) return undefined;
  const headRepo = pr?.head?.repo?.full_name;
  return {
    number,
    headSha: typeof pr?.head?.sha === 'string' ? pr.head.sha : undefined,
    fork: typeof headRepo === 'string' && headRepo.toLowerCase() !== repository.toLowerCase(),
  };
}
