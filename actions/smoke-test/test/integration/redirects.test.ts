/**
 * follow-redirects through the bundle with two real servers on different
 * origins: same-origin hops keep every header, a hop to another origin
 * carries no secret-bearing header, and chains are bounded.
 */
import { runAction, type RunResult } from '../../../../test/support/run-action';
import { startServer, type TestServer } from '../../../../test/support/servers';

const API_KEY = 'k3y-redirect-5ecret-77';
const TOKEN = 'Bearer t0ken-redirect-5ecret-88';
const COOKIE = 'session=c00kie-redirect-5ecret-99';
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

/** `other` is another origin (another port); `home` redirects to itself and to `other`. */
async function origins(): Promise<{ home: TestServer; other: TestServer }> {
  const other = await serve((req) => ({ body: { status: 'ok', where: 'other', path: req.path } }));
  const home = await serve((req) => {
    if (req.path === '/old') return { status: 301, headers: { location: '/health' } };
    if (req.path === '/away') return { status: 302, headers: { location: `${other.url}/landing` } };
    if (req.path === '/post') return { status: 303, headers: { location: '/done' } };
    if (req.path === '/keep') return { status: 307, headers: { location: '/done' } };
    if (req.path === '/loop') return { status: 302, headers: { location: '/loop' } };
    if (req.path === '/bounce') return { status: 307, headers: { location: `${other.url}/back` } };
    return { body: { status: 'ok', where: 'home', path: req.path } };
  });
  return { home, other };
}

const secretHeaders = `X-Api-Key: ${API_KEY}\nAuthorization: ${TOKEN}\nCookie: ${COOKIE}\nAccept: application/json`;

function results(run: RunResult): Array<Record<string, unknown>> {
  return JSON.parse(run.outputs['results'] ?? '[]') as Array<Record<string, unknown>>;
}

describe('smoke-test follow-redirects', () => {
  it('none (the default): a redirect is the answer', async () => {
    const { home } = await origins();
    const run = await runAction('smoke-test', { inputs: { url: `${home.url}/old` } });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('status: expected 200, got 301');
    expect(home.seen.map((s) => s.path)).toEqual(['/old']);
  });

  it('same-origin follows within the origin, keeping the headers', async () => {
    const { home } = await origins();
    const run = await runAction('smoke-test', {
      inputs: { url: `${home.url}/old`, 'follow-redirects': 'same-origin', 'expect-json': 'where: home', headers: secretHeaders },
    });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(home.seen.map((s) => s.path)).toEqual(['/old', '/health']);
    expect(home.seen[1]?.headers['x-api-key']).toBe(API_KEY);
    expect(home.seen[1]?.headers['authorization']).toBe(TOKEN);
  });

  it('same-origin does not follow to another origin, and says so', async () => {
    const { home, other } = await origins();
    const run = await runAction('smoke-test', {
      inputs: { url: `${home.url}/away`, 'follow-redirects': 'same-origin', headers: secretHeaders },
    });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain(
      `status: expected 200, got 302 (redirect to another origin (${other.url}) not followed: follow-redirects is same-origin)`,
    );
    expect(other.seen).toHaveLength(0);
  });

  it('all follows to another origin without any secret-bearing header', async () => {
    const { home, other } = await origins();
    const run = await runAction('smoke-test', {
      inputs: {
        checks: `- name: away\n  url: ${home.url}/away\n  follow-redirects: all\n  headers: { X-Check-Token: per-check-5ecret-11 }\n  expect-json: { where: other }`,
        headers: secretHeaders,
      },
    });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(home.seen[0]?.headers['x-api-key']).toBe(API_KEY);
    expect(home.seen[0]?.headers['x-check-token']).toBe('per-check-5ecret-11');
    const landed = other.seen[0];
    expect(landed?.path).toBe('/landing');
    for (const name of ['x-api-key', 'authorization', 'cookie', 'x-check-token']) expect(landed?.headers[name]).toBeUndefined();
    expect(landed?.headers['accept']).toBe('application/json');
  });

  it('once a chain left the origin, coming back does not bring the secrets back', async () => {
    const other = await serve(() => ({ status: 308, headers: { location: `${home.url}/final` } }));
    const home = await serve((req) =>
      req.path === '/start' ? { status: 307, headers: { location: `${other.url}/x` } } : { body: { status: 'ok' } },
    );
    const run = await runAction('smoke-test', { inputs: { url: `${home.url}/start`, 'follow-redirects': 'all', headers: secretHeaders } });
    expect(run.code).toBe(0);
    expect(home.seen.map((s) => [s.path, s.headers['x-api-key'] ?? null])).toEqual([
      ['/start', API_KEY],
      ['/final', null],
    ]);
  });

  it('303 turns a POST into a GET without a body; 307 repeats the POST with it', async () => {
    const { home } = await origins();
    const checks = `- name: see-other\n  url: ${home.url}/post\n  method: POST\n  body: { x: 1 }\n  follow-redirects: same-origin\n- name: temporary\n  url: ${home.url}/keep\n  method: POST\n  body: { x: 2 }\n  follow-redirects: same-origin`;
    const run = await runAction('smoke-test', { inputs: { checks, concurrency: '1' } });
    expect(run.code).toBe(0);
    expect(home.seen.map((s) => [s.path, s.method, s.body])).toEqual([
      ['/post', 'POST', '{"x":1}'],
      ['/done', 'GET', ''],
      ['/keep', 'POST', '{"x":2}'],
      ['/done', 'POST', '{"x":2}'],
    ]);
  });

  it('bounds a redirect loop at 10 hops', async () => {
    const { home } = await origins();
    const run = await runAction('smoke-test', { inputs: { url: `${home.url}/loop`, 'follow-redirects': 'all' } });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('more than 10 redirects (last to ');
    expect(home.seen).toHaveLength(11);
    expect(results(run)[0]).toEqual(expect.objectContaining({ passed: false }));
  });
});
