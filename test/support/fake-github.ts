/**
 * A local stand-in for the few GitHub REST endpoints our actions use
 * (comments, deployments and their statuses, a pull request, a commit's pull requests), with
 * state, so the real Octokit client talks HTTP to it (GITHUB_API_URL).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  login: string;
  type: 'User' | 'Bot';
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  html_url: string;
  user: FakeUser;
}

/** Who a token is. An installation token (GITHUB_TOKEN, an App's token) cannot call GET /user, as on GitHub. */
export interface FakeIdentity extends FakeUser {
  installation: boolean;
}

export const ACTIONS_BOT: FakeIdentity = { login: 'github-actions[bot]', type: 'Bot', installation: true };
const ACTIONS_USER: FakeUser = { login: ACTIONS_BOT.login, type: ACTIONS_BOT.type };

/** A status as deployment-summary writes it (its description ends with the ledger's mark), by github-actions[bot] unless said. */
export function ledgerStatus(state: string, creator: FakeUser = ACTIONS_USER): FakeStatus {
  return { state, description: `${state === 'success' ? '✅ Deployment succeeded' : state} · mlship`, creator };
}

/** A payload as deployment-summary writes it to production (ledger.ts), with these fields changed. */
export function ledgerPayload(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mlship: 1,
    writer: 'deployment-summary',
    environment: 'production',
    commit: 'c0ffee0000000000000000000000000000000000',
    function: 'sentiment-api',
    alias: 'live',
    version: '14',
    gate: { passed: true, mode: 'enforce', metrics: { accuracy: 0.93 }, rules: [] },
    ...extra,
  };
}

/** States as statuses: deployment-summary's for success, failure and in_progress; inactive as GitHub or we write it. */
export function ledgerStatuses(...states: string[]): FakeStatus[] {
  return states.map((state) => (state === 'inactive' ? { state, creator: ACTIONS_USER, description: '' } : ledgerStatus(state)));
}

/** GitHub's page size: 30 unless asked, at most 100. */
function pageOf<T>(all: T[], q: URLSearchParams): { items: T[]; page: number; last: number } {
  const perPage = Math.min(100, Math.max(1, Number(q.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
  return { items: all.slice((page - 1) * perPage, page * perPage), page, last: Math.max(1, Math.ceil(all.length / perPage)) };
}

export interface FakeStatus {
  state: string;
  /** Who wrote it: the token's identity, as GitHub records it. */
  creator?: FakeUser;
  environment_url?: string;
  log_url?: string;
  description?: string;
  auto_inactive?: boolean;
}

export interface FakeDeployment {
  id: number;
  sha: string;
  environment: string;
  description: string;
  /** `deploy` unless given, as on GitHub (a job with `environment:` gets one of those). */
  task?: string;
  payload?: unknown;
  /** ISO 8601, as GitHub shows it; absent unless given. */
  created_at?: string;
  /** Oldest first; GitHub lists them newest first. */
  statuses: FakeStatus[];
  creator?: FakeUser;
}

/** A pull request and the commits it holds, for GET /commits/{sha}/pulls. */
export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  merged_at: string | null;
  merge_commit_sha: string | null;
  commits: string[];
  base: { ref: string };
  /** GET /pulls/{n}: the head commit (default: the last of `commits`) and the repository it is in (null: a deleted fork). */
  head?: { sha?: string; ref?: string; repo?: string | null };
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}

export interface FakeGitHub {
  url: string;
  comments: FakeComment[];
  deployments: FakeDeployment[];
  pulls: FakePull[];
  /** Pull requests of a commit not known in advance (a commit an act run makes): asked after `pulls`. */
  pullsOf?: (sha: string) => FakePull[];
  requests: RecordedRequest[];
  /** Answer 403 to comment writes, as GitHub does for a fork's read-only token. */
  forbidCommentWrites: boolean;
  /** Answer 403 to deployment reads, as GitHub does for a token without `deployments: read`. */
  forbidDeploymentReads: boolean;
  /** Tokens and who they are; any other token is GITHUB_TOKEN (github-actions[bot]). */
  identities: Record<string, FakeIdentity>;
  /** Whether GraphQL `viewer` answers for installation tokens. */
  graphqlViewer: boolean;
  /** Answers a request itself when it returns [status, body] (a proxy's 401 echoing the request's headers). */
  override?: (request: RecordedRequest) => [number, unknown] | undefined;
  /** Adds a comment written by someone, as if posted through the UI. */
  addComment(issue: number, body: string, user: FakeUser): FakeComment;
  /** Adds a deployment with these statuses (oldest first), as an earlier run would have left it. */
  addDeployment(
    d: Omit<FakeDeployment, 'id' | 'statuses' | 'description'> & { states?: string[]; statuses?: FakeStatus[]; description?: string },
  ): FakeDeployment;
  /**
   * What GitHub does when a job with `environment:` starts: its own deployment
   * (task `deploy`, empty payload) for the job, and an `inactive` status on
   * every earlier deployment of that environment that was still active, ours included.
   */
  startJobEnvironment(environment: string, sha: string): FakeDeployment;
  /** Delay every answer by this long (ms), so two runs' requests interleave as on github.com. */
  latencyMs: number;
  /**
   * Hold each comment creation until this many have arrived (or 5 s passed):
   * two runs that both found no sticky comment then both create one, the race
   * github.com lets happen.
   */
  gatherCommentCreates: number;
  close(): Promise<void>;
}

const MAX_BODY = 65_536;

export async function startFakeGitHub(): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: FakeGitHub = {
    url: '',
    comments: [],
    deployments: [],
    pulls: [],
    requests: [],
    forbidCommentWrites: false,
    forbidDeploymentReads: false,
    identities: {},
    graphqlViewer: true,
    latencyMs: 0,
    gatherCommentCreates: 0,
    addComment: (issue, body, user) => {
      const id = nextId++;
      const comment = { id, issue, body, user, html_url: `https://github.com/octo-org/model-service/pull/${issue}#issuecomment-${id}` };
      state.comments.push(comment);
      return comment;
    },
    addDeployment: ({ states = [], statuses, ...d }) => {
      const deployment = {
        id: nextId++,
        description: '',
        creator: ACTIONS_USER,
        ...d,
        statuses: statuses ?? states.map((state) => ({ state })),
      };
      state.deployments.push(deployment);
      return deployment;
    },
    startJobEnvironment: (environment, sha) => {
      for (const d of state.deployments) {
        if (d.environment === environment && d.statuses.at(-1)?.state === 'success') {
          d.statuses.push({ state: 'inactive', creator: ACTIONS_USER, description: '' });
        }
      }
      return state.addDeployment({
        sha,
        environment,
        task: 'deploy',
        payload: {},
        statuses: [{ state: 'in_progress', creator: ACTIONS_USER }],
      });
    },
    // Keep-alive sockets from fetch would hold close() open until they time out.
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  let who: FakeIdentity = ACTIONS_BOT;
  type Answer = [number, unknown] | [number, unknown, Record<string, string>];
  /** One page and GitHub's Link header (next, last; prev, first), with the request's other parameters kept. */
  let requestUrl = new URL('http://localhost/');
  const paged = <T>(all: T[], q: URLSearchParams): Answer => {
    const { items, page, last } = pageOf(all, q);
    const to = (n: number, rel: string): string => {
      // Links name the host the client asked for, as github.com's do (through a proxy, the proxy's name for it).
      const url = new URL(requestUrl.pathname, requestUrl.origin);
      for (const [k, v] of q) if (k !== 'page') url.searchParams.set(k, v);
      url.searchParams.set('page', String(n));
      return `<${url.href}>; rel="${rel}"`;
    };
    const links = [
      ...(page < last ? [to(page + 1, 'next'), to(last, 'last')] : []),
      ...(page > 1 ? [to(1, 'first'), to(page - 1, 'prev')] : []),
    ];
    return [200, items, links.length > 0 ? { link: links.join(', ') } : {}];
  };
  const routes: Array<[string, RegExp, (m: string[], q: URLSearchParams, body: Record<string, unknown>) => Answer]> = [
    [
      'GET',
      /^\/user$/,
      () => (who.installation ? [403, { message: 'Resource not accessible by integration' }] : [200, { login: who.login, type: who.type }]),
    ],
    [
      'POST',
      /^\/graphql$/,
      () => {
        if (!state.graphqlViewer)
          return [200, { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] }];
        // GraphQL names a Bot without the [bot] that REST shows.
        return [200, { data: { viewer: { login: who.login.replace(/\[bot\]$/, ''), __typename: who.type } } }];
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/,
      ([, issue], q) =>
        paged(
          state.comments.filter((c) => c.issue === Number(issue)),
          q,
        ),
    ],
    [
      'POST',
      /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      ([, owner, repo, issue], _q, body) => {
        if (state.forbidCommentWrites) return [403, { message: 'Resource not accessible by integration' }];
        if (String(body['body']).length > MAX_BODY)
          return [422, { message: 'Validation Failed: body is too long (maximum is 65536 characters)' }];
        const id = nextId++;
        const comment = {
          id,
          issue: Number(issue),
          body: String(body['body']),
          user: { login: who.login, type: who.type },
          html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
        };
        state.comments.push(comment);
        return [201, comment];
      },
    ],
    [
      'PATCH',
      /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/,
      ([, id], _q, body) => {
        if (state.forbidCommentWrites) return [403, { message: 'Resource not accessible by integration' }];
        const comment = state.comments.find((c) => c.id === Number(id));
        if (!comment) return [404, { message: 'Not Found' }];
        if (String(body['body']).length > MAX_BODY)
          return [422, { message: 'Validation Failed: body is too long (maximum is 65536 characters)' }];
        comment.body = String(body['body']);
        return [200, comment];
      },
    ],
    [
      'DELETE',
      /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/,
      ([, id]) => {
        if (state.forbidCommentWrites) return [403, { message: 'Resource not accessible by integration' }];
        const index = state.comments.findIndex((c) => c.id === Number(id));
        if (index < 0) return [404, { message: 'Not Found' }];
        state.comments.splice(index, 1);
        return [204, undefined];
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/deployments$/,
      (_m, q) => {
        if (state.forbidDeploymentReads) return [403, { message: 'Resource not accessible by integration' }];
        const found = state.deployments.filter(
          (d) =>
            (!q.get('sha') || d.sha === q.get('sha')) &&
            (!q.get('environment') || d.environment === q.get('environment')) &&
            (!q.get('task') || (d.task ?? 'deploy') === q.get('task')),
        );
        // GitHub lists the newest first.
        return paged([...found].reverse().map(shownDeployment), q);
      },
    ],
    [
      'POST',
      /^\/repos\/[^/]+\/[^/]+\/deployments$/,
      (_m, _q, body) => {
        const deployment: FakeDeployment = {
          id: nextId++,
          sha: String(body['ref']),
          environment: String(body['environment']),
          description: String(body['description'] ?? ''),
          task: String(body['task'] ?? 'deploy'),
          // GitHub keeps an object payload as an object and a string as a string.
          payload: body['payload'] ?? {},
          statuses: [],
          creator: { login: who.login, type: who.type },
        };
        state.deployments.push(deployment);
        return [201, shownDeployment(deployment)];
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/,
      ([, id], q) => {
        const deployment = state.deployments.find((d) => d.id === Number(id));
        if (!deployment) return [404, { message: 'Not Found' }];
        return paged([...deployment.statuses].reverse(), q);
      },
    ],
    [
      'POST',
      /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/,
      ([, id], _q, body) => {
        const deployment = state.deployments.find((d) => d.id === Number(id));
        if (!deployment) return [404, { message: 'Not Found' }];
        const status: FakeStatus = {
          state: String(body['state']),
          creator: { login: who.login, type: who.type },
          environment_url: body['environment_url'] as string | undefined,
          log_url: body['log_url'] as string | undefined,
          description: body['description'] as string | undefined,
          ...(body['auto_inactive'] !== undefined ? { auto_inactive: Boolean(body['auto_inactive']) } : {}),
        };
        deployment.statuses.push(status);
        return [201, { id: nextId++, ...status }];
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
      ([, owner, repo, number]) => {
        const pull = state.pulls.find((p) => p.number === Number(number));
        return pull ? [200, shownPull(pull, `${owner}/${repo}`)] : [404, { message: 'Not Found' }];
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/,
      ([, sha]) => [
        200,
        [
          ...state.pulls.filter((p) => p.merge_commit_sha === sha || p.commits.includes(String(sha))),
          ...(state.pullsOf?.(String(sha)) ?? []),
        ].map(({ commits: _c, ...p }) => ({ ...p, html_url: `https://github.com/octo-org/model-service/pull/${p.number}` })),
      ],
    ],
  ];

  const held: Array<() => void> = [];
  // Requests are served as they come, each answered after `latencyMs`: two runs at once interleave.
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const recorded = { method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization, body };
      state.requests.push(recorded);
      const overridden = state.override?.(recorded);
      if (overridden) {
        res.writeHead(overridden[0], { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(overridden[1]));
        return;
      }
      const answer = (): void => {
        who = state.identities[(req.headers.authorization ?? '').replace(/^(token|bearer) /i, '')] ?? ACTIONS_BOT;
        requestUrl = url;
        const route = routes.find(([method, pattern]) => method === req.method && pattern.test(url.pathname));
        const [status, payload, headers = {}] = route
          ? route[2](pattern(route[1], url.pathname), url.searchParams, body)
          : [404, { message: 'Not Found' }];
        if (status === 204) {
          res.writeHead(204, headers).end();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(payload));
      };
      const later = (): void => {
        if (state.latencyMs > 0) setTimeout(answer, state.latencyMs);
        else answer();
      };
      if (req.method === 'POST' && /\/issues\/\d+\/comments$/.test(url.pathname) && state.gatherCommentCreates > 1) {
        held.push(later);
        const release = (): void => {
          for (const go of held.splice(0)) go();
        };
        if (held.length >= state.gatherCommentCreates) release();
        else setTimeout(release, 5000);
      } else later();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function shownDeployment({ statuses: _s, ...d }: FakeDeployment): Omit<FakeDeployment, 'statuses'> & { task: string } {
  return { ...d, task: d.task ?? 'deploy' };
}

/** A pull request as GET /repos/{owner}/{repo}/pulls/{number} shows it (the fields a client reads). */
function shownPull({ commits, head, ...p }: FakePull, repository: string): Record<string, unknown> {
  const headRepo = head?.repo === undefined ? repository : head.repo;
  return {
    ...p,
    html_url: `https://github.com/${repository}/pull/${p.number}`,
    head: {
      sha: head?.sha ?? commits[commits.length - 1] ?? null,
      ref: head?.ref ?? `branch-${p.number}`,
      label: `${headRepo?.split('/')[0] ?? 'unknown'}:${head?.ref ?? `branch-${p.number}`}`,
      repo: headRepo === null ? null : { full_name: headRepo, fork: headRepo.toLowerCase() !== repository.toLowerCase() },
    },
    base: { ...p.base, repo: { full_name: repository, fork: false } },
  };
}

function pattern(re: RegExp, path: string): string[] {
  return Array.from(re.exec(path) ?? []);
}

/** A Slack-like incoming webhook: records bodies, can fail the first few posts. */
export async function startWebhook(failFirst = 0): Promise<{ url: string; bodies: unknown[]; close(): Promise<void> }> {
  const bodies: unknown[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      calls++;
      if (calls <= failFirst) {
        res.writeHead(503).end('unavailable');
        return;
      }
      bodies.push(JSON.parse(raw));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXXSECRETXXXX`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
