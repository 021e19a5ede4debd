/**
 * A local stand-in for the few GitHub REST endpoints our actions use
 * (comments, deployments and their statuses, a commit's pull requests), with
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

export interface FakeStatus {
  state: string;
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
}

/** A pull request and the commits it holds, for GET /commits/{sha}/pulls. */
export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  merged_at: string | null;
  merge_commit_sha: string | null;
  commits: string[];
  base: { ref: string };
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
  /** Adds a comment written by someone, as if posted through the UI. */
  addComment(issue: number, body: string, user: FakeUser): FakeComment;
  /** Adds a deployment with these statuses (oldest first), as an earlier run would have left it. */
  addDeployment(d: Omit<FakeDeployment, 'id' | 'statuses' | 'description'> & { states?: string[] }): FakeDeployment;
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
    addComment: (issue, body, user) => {
      const id = nextId++;
      const comment = { id, issue, body, user, html_url: `https://github.com/octo-org/model-service/pull/${issue}#issuecomment-${id}` };
      state.comments.push(comment);
      return comment;
    },
    addDeployment: ({ states = [], ...d }) => {
      const deployment = { id: nextId++, description: '', ...d, statuses: states.map((state) => ({ state })) };
      state.deployments.push(deployment);
      return deployment;
    },
    // Keep-alive sockets from fetch would hold close() open until they time out.
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  let who: FakeIdentity = ACTIONS_BOT;
  const routes: Array<[string, RegExp, (m: string[], q: URLSearchParams, body: Record<string, unknown>) => [number, unknown]]> = [
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
      ([, issue], q) => {
        const perPage = Number(q.get('per_page') ?? 30);
        const page = Number(q.get('page') ?? 1);
        const all = state.comments.filter((c) => c.issue === Number(issue));
        return [200, all.slice((page - 1) * perPage, page * perPage)];
      },
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
        return [
          200,
          [...found]
            .reverse()
            .slice(0, Number(q.get('per_page') ?? 30))
            .map(shownDeployment),
        ];
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
        return [200, [...deployment.statuses].reverse().slice(0, Number(q.get('per_page') ?? 30))];
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

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      state.requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization, body });
      who = state.identities[(req.headers.authorization ?? '').replace(/^(token|bearer) /i, '')] ?? ACTIONS_BOT;
      const route = routes.find(([method, pattern]) => method === req.method && pattern.test(url.pathname));
      const [status, payload] = route ? route[2](pattern(route[1], url.pathname), url.searchParams, body) : [404, { message: 'Not Found' }];
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function shownDeployment({ statuses: _s, ...d }: FakeDeployment): Omit<FakeDeployment, 'statuses'> & { task: string } {
  return { ...d, task: d.task ?? 'deploy' };
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
