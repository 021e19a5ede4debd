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
  /** Who started the run (GITHUB_ACTOR). */
  actor?: string;
  /** The branch: the pull request's head branch, else the pushed one. */
  branch?: string;
  pullRequest?: { number: number; headSha?: string; fork: boolean };
  /** On workflow_run: the run that triggered this one, as GitHub (not its artifact) describes it. */
  workflowRun?: { headSha?: string; headRepository?: string };
}

export function commitUrl(ctx: RunContext, sha = ctx.pullRequest?.headSha ?? ctx.sha): string | undefined {
  return sha ? `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/commit/${sha}` : undefined;
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
    actor: env['GITHUB_ACTOR'] || undefined,
    branch: env['GITHUB_HEAD_REF'] || /^refs\/heads\/(.+)$/.exec(env['GITHUB_REF'] ?? '')?.[1] || undefined,
  };
  if (eventName && PR_EVENTS.has(eventName)) {
    const event = readEvent(env['GITHUB_EVENT_PATH']);
    ctx.pullRequest = pullRequestOf(event, `${owner}/${repo}`);
    const head = (event as PullRequestPayload | undefined)?.pull_request?.head?.ref;
    if (!ctx.branch && typeof head === 'string') ctx.branch = head;
  }
  if (eventName === 'workflow_run') ctx.workflowRun = workflowRunOf(readEvent(env['GITHUB_EVENT_PATH']));
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
  pull_request?: { number?: unknown; head?: { sha?: unknown; ref?: unknown; repo?: { full_name?: unknown } | null } };
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

interface WorkflowRunPayload {
  workflow_run?: { head_sha?: unknown; head_repository?: { full_name?: unknown } | null };
}

function workflowRunOf(event: unknown): RunContext['workflowRun'] {
  const run = (event as WorkflowRunPayload | undefined)?.workflow_run;
  const repository = run?.head_repository?.full_name;
  return {
    headSha: typeof run?.head_sha === 'string' ? run.head_sha : undefined,
    headRepository: typeof repository === 'string' ? repository : undefined,
  };
}
