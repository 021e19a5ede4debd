/**
 * smoke-test through its committed bundle against real local HTTP(S) servers:
 * what a workflow sees (exit code, outputs, error lines, summary).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { nodeRuntimes, repoRoot, runAction, type RunResult } from '../../../../test/support/run-action';
import { freePort, selfSignedCert, startServer, type TestServer } from '../../../../test/support/servers';

const API_KEY = 'k3y-5ecret-9f8e7d';
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

/** The model API of the examples: /health open, /predict behind an API key. */
async function modelApi(): Promise<TestServer> {
  return serve((req) => {
    if (req.path === '/health') return { body: { status: 'ok', model: { version: 'v2' } } };
    if (req.headers['x-api-key'] !== API_KEY)
      return { status: 403, body: { message: 'Forbidden: missing or wrong x-api-key', got: req.headers['x-api-key'] ?? null } };
    const { instances } = JSON.parse(req.body || '{}') as { instances?: unknown[] };
    return { body: { predictions: (instances ?? []).map(() => 0.5) } };
  });
}

const checksYaml = (base: string): string => `
- name: health
  url: ${base}/health
  expect-json:
    status: ok
    model.version: v2
- name: predict
  url: ${base}/predict
  method: POST
  body: { instances: [[1, 2], [3, 4], [5, 6]] }
  expect-status: 2xx
  expect-json:
    length(predictions): 3
`;

function results(run: RunResult): Array<Record<string, unknown>> {
  return JSON.parse(run.outputs['results'] ?? '[]') as Array<Record<string, unknown>>;
}

describe.each(nodeRuntimes())('smoke-test bundle under $label', ({ path }) => {
  it('passes health + predict behind an API key, masking the key everywhere', async () => {
    const api = await modelApi();
    const run = await runAction('smoke-test', { node: path, inputs: { checks: checksYaml(api.url), headers: `X-Api-Key: ${API_KEY}` } });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs['passed']).toBe('true');
    expect(run.outputs['failed-checks']).toBe('');
    expect(results(run).map((r) => [r['name'], r['passed'], r['status'], r['attempts']])).toEqual([
      ['health', true, 200, 1],
      ['predict', true, 200, 1],
    ]);
    expect(results(run)[0]).toEqual(
      expect.objectContaining({ p50Ms: expect.any(Number), p95Ms: expect.any(Number), maxMs: expect.any(Number), reason: null }),
    );
    const report = run.report();
    expect(report).toEqual(
      expect.objectContaining({ action: 'smoke-test', schema: 1, outcome: 'success', passed: true, headline: '2 of 2 checks passed' }),
    );
    const predict = api.seen.find((s) => s.path === '/predict');
    expect(predict?.headers['x-api-key']).toBe(API_KEY);
    expect(predict?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(predict?.body ?? '')).toEqual({
      instances: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    });
    expect(run.stdout).toContain(`::add-mask::${API_KEY}`);
    const leaks = [run.stdout.replace(`::add-mask::${API_KEY}`, ''), run.stderr, run.summary, JSON.stringify(run.outputs)];
    for (const text of leaks) expect(text).not.toContain(API_KEY);
    expect(run.summary).toMatch(/\| health \| ✅ passed \| 200 \| \d+ms \| \d+ms \| 1 \| — \|/);
    expect(run.summary).toMatch(/\| predict \| ✅ passed \|/);
  });

  it('fails predict with 403 without the key: one error line naming the check, expected vs actual and the body', async () => {
    const api = await modelApi();
    const run = await runAction('smoke-test', { node: path, inputs: { checks: checksYaml(api.url) } });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain("Check 'predict' failed: status: expected 2xx, got 403");
    expect(run.errors[0]).toContain(`POST ${api.url}/predict`);
    expect(run.errors[0]).toContain('Body (first 500 bytes): {"message":"Forbidden: missing or wrong x-api-key"');
    expect(run.outputs['passed']).toBe('false');
    expect(run.outputs['failed-checks']).toBe('predict');
    expect(run.report()).toEqual(
      expect.objectContaining({ outcome: 'failure', passed: false, failedChecks: ['predict'], headline: '1 of 2 checks failed: predict' }),
    );
    expect(run.summary).toContain('| predict | ❌ failed | 403 |');
    expect(run.stdout).not.toMatch(/\n\s+at /);
  });
});

describe('smoke-test bundle against real servers', () => {
  it('never prints a secret that the server echoes back in a failing body', async () => {
    const echo = await serve((req) => ({ status: 500, body: { error: 'boom', echoedKey: req.headers['x-api-key'] } }));
    const run = await runAction('smoke-test', { inputs: { url: `${echo.url}/predict`, headers: `X-Api-Key: ${API_KEY}` } });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('status: expected 200, got 500');
    expect(run.errors[0]).toContain('"echoedKey":"***"');
    expect(run.stdout.replace(`::add-mask::${API_KEY}`, '')).not.toContain(API_KEY);
    expect(run.summary + JSON.stringify(run.outputs)).not.toContain(API_KEY);
  });

  it('reports a wrong body with at most the first 500 bytes of it', async () => {
    const long = `model not loaded ${'x'.repeat(2000)}`;
    const server = await serve(() => ({ body: long }));
    const run = await runAction('smoke-test', { inputs: { url: `${server.url}/health`, 'expect-body-contains': 'ready' } });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain("Check '/health' failed: body: expected it to contain 'ready', it does not");
    const body = (run.errors[0] as string).split('Body (first 500 bytes): ')[1] as string;
    expect(body.startsWith(long.slice(0, 500))).toBe(true);
    expect(body).toContain('… (1517 more bytes)');
  });

  it('shows expected versus actual JSON values', async () => {
    const server = await serve(() => ({ body: { status: 'ok', model: { version: 'v1' } } }));
    const run = await runAction('smoke-test', { inputs: { url: `${server.url}/health`, 'expect-json': 'status: ok\nmodel.version: v2' } });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('json: model.version expected "v2", got "v1"');
    expect(results(run)[0]).toEqual(
      expect.objectContaining({ passed: false, status: 200, reason: 'json: model.version expected "v2", got "v1"' }),
    );
  });

  it('passes every expect-json rule against a real answer, values exactly at the bars', async () => {
    const server = await serve(() => ({
      body: { confidence: 0.5, latency_ms: 199, label: 'setosa', classes: ['a', 'b', 'c'], id: 7, version: 'v2', ops: '>= 0.5' },
    }));
    const rules = [
      'confidence: ">= 0.5"',
      'latency_ms: "< 200"',
      'version: "!= null"',
      'label: "~ /^set/"',
      'id: exists',
      'missing: absent',
      'confidence: "type number"',
      'classes: "length >= 3"',
      '"classes[0]": a',
      'ops: "\'>= 0.5\'"',
      '"latency_ms": "<= 199"',
      '"id": "> 6.99"',
    ];
    for (const [index, rule] of rules.entries()) {
      const run = await runAction('smoke-test', { inputs: { url: `${server.url}/predict`, 'expect-json': rule } });
      expect([index, run.errors]).toEqual([index, []]);
      expect(run.code).toBe(0);
    }
  });

  it.each([
    ['confidence: "> 0.5"', `json: confidence expected '> 0.5', got 0.5 (outside the bar)`],
    ['latency_ms: "< 200"', `json: latency_ms expected '< 200', got 200 (outside the bar)`],
    ['label: "~ /^set/"', `json: label expected '~ /^set/', got "virginica" (no match)`],
    ['classes: "length >= 3"', `json: classes expected 'length >= 3', got ["a","b"] (length 2)`],
    ['confidence: "type number"', `json: confidence expected 'type number', got "0.5" (of type string)`],
    ['id: exists', `json: id expected 'exists', got null (missing or null)`],
    ['label: absent', `json: label expected 'absent', got "virginica" (present)`],
    ['score: "!= null"', `json: score expected '!= null', got null (equal)`],
  ])('fails %s, showing the expression, the rule and the value seen', async (rule, reason) => {
    const server = await serve((req) => ({
      body:
        req.path === '/str'
          ? { confidence: '0.5' }
          : { confidence: 0.5, latency_ms: 200, label: 'virginica', classes: ['a', 'b'], score: null },
    }));
    const path = rule.includes('type number') ? '/str' : '/predict';
    const run = await runAction('smoke-test', { inputs: { url: `${server.url}${path}`, 'expect-json': rule } });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(reason);
    expect(results(run)[0]).toEqual(expect.objectContaining({ passed: false, reason }));
  });

  it('fails a 5xx at once: a 500 is an answer, not "not up yet"', async () => {
    const server = await serve(() => ({ status: 500, body: 'internal error' }));
    const run = await runAction('smoke-test', { inputs: { url: `${server.url}/health`, 'wait-until-up': '10s', 'retry-delay': '200ms' } });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('status: expected 200, got 500');
    expect(server.seen).toHaveLength(1);
  });

  it('waits out 503s from a gateway while the service starts', async () => {
    const server = await serve((_req, count) => (count <= 3 ? { status: 503, body: 'Service Unavailable' } : { body: { status: 'ok' } }));
    const run = await runAction('smoke-test', {
      inputs: { url: `${server.url}/health`, 'wait-until-up': '10s', 'retry-delay': '200ms', 'expect-json': 'status: ok' },
    });
    expect(run.errors).toEqual([]);
    expect(results(run)[0]).toEqual(expect.objectContaining({ passed: true, status: 200, attempts: 4 }));
    expect(run.stdout).toContain('not up yet (status 503)');
  });

  it('waits for an endpoint that is down, then up (connection refused)', async () => {
    const port = await freePort();
    const later = setTimeout(() => void serve(() => ({ body: { status: 'ok' } }), { port }), 1500);
    try {
      const run = await runAction('smoke-test', {
        inputs: { url: `http://127.0.0.1:${port}/health`, 'wait-until-up': '20s', 'retry-delay': '250ms' },
      });
      expect(run.errors).toEqual([]);
      expect(run.code).toBe(0);
      const [result] = results(run);
      expect(result?.['attempts']).toBeGreaterThan(3);
      expect(run.stdout).toContain('connection refused');
      expect(run.report()['checks']).toEqual([expect.objectContaining({ waitedMs: expect.any(Number) })]);
    } finally {
      clearTimeout(later);
    }
  });

  it('waits out dropped connections (reset) while the backend restarts', async () => {
    const server = await serve((_req, count) => (count <= 2 ? { reset: true } : { body: { status: 'ok' } }));
    const run = await runAction('smoke-test', { inputs: { url: `${server.url}/health`, 'wait-until-up': '10s', 'retry-delay': '100ms' } });
    expect(run.errors).toEqual([]);
    expect(results(run)[0]).toEqual(expect.objectContaining({ passed: true, attempts: 3 }));
    expect(run.stdout).toContain('not up yet (connection reset');
  });

  it('treats a DNS failure as not up yet, and names it when the wait runs out', async () => {
    const run = await runAction('smoke-test', {
      inputs: { url: 'http://no-such-host.invalid/health', 'wait-until-up': '1s', 'retry-delay': '300ms' },
    });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([expect.stringContaining("Check '/health' failed: DNS lookup failed")]);
    expect(results(run)[0]?.['status']).toBe('dns');
    expect(results(run)[0]?.['attempts']).toBeGreaterThan(1);
  });

  it('stops at once when the job is cancelled (SIGTERM) during a wait', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(repoRoot, 'dist/smoke-test/index.js')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        INPUT_URL: `http://127.0.0.1:${port}/health`,
        'INPUT_WAIT-UNTIL-UP': '10m',
        'INPUT_RETRY-DELAY': '1m',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const signalled = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(Date.now() - signalled).toBeLessThan(1000);
    expect(code).toBe(1);
    expect(stdout).toContain('not up yet (connection refused');
    expect(stdout.split('\n').filter((l) => l.startsWith('::error::'))).toEqual(['::error::Cancelled: the job received a stop signal']);
  });

  it('without wait-until-up, connection refused fails at once', async () => {
    const port = await freePort();
    const run = await runAction('smoke-test', { inputs: { url: `http://127.0.0.1:${port}/health` } });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([expect.stringContaining(`Check '/health' failed: connection refused`)]);
    expect(results(run)[0]).toEqual(expect.objectContaining({ status: 'refused', attempts: 1 }));
  });

  it('gives up waiting when wait-until-up runs out, within its bound', async () => {
    const port = await freePort();
    const run = await runAction('smoke-test', {
      inputs: { url: `http://127.0.0.1:${port}/health`, 'wait-until-up': '1s', 'retry-delay': '300ms' },
    });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('connection refused');
    expect(run.durationMs).toBeLessThan(5000);
  });

  it('fails a slow endpoint on its latency budget and on the request timeout', async () => {
    const slow = await serve(() => ({ body: { status: 'ok' }, delayMs: 300 }));
    const budget = await runAction('smoke-test', { inputs: { url: `${slow.url}/predict`, 'max-latency-ms': '100' } });
    expect(budget.code).toBe(1);
    expect(budget.errors[0]).toMatch(/latency: expected latency ≤ 100ms, got \d{3}ms/);
    const timeout = await runAction('smoke-test', { inputs: { url: `${slow.url}/predict`, timeout: '150ms' } });
    expect(timeout.code).toBe(1);
    expect(timeout.errors[0]).toContain('no complete answer within 150ms');
    expect(results(timeout)[0]).toEqual(expect.objectContaining({ status: 'timeout' }));
  });

  it('retries assertion failures only when retries > 0', async () => {
    const flaky = (): Promise<TestServer> => serve((_req, count) => ({ body: { version: count < 3 ? 'v1' : 'v2' } }));
    const once = await flaky();
    const final = await runAction('smoke-test', { inputs: { url: `${once.url}/version`, 'expect-json': 'version: v2' } });
    expect(final.code).toBe(1);
    expect(once.seen).toHaveLength(1);
    const twice = await flaky();
    const retried = await runAction('smoke-test', {
      inputs: { url: `${twice.url}/version`, 'expect-json': 'version: v2', retries: '3', 'retry-delay': '100ms' },
    });
    expect(retried.errors).toEqual([]);
    expect(results(retried)[0]).toEqual(expect.objectContaining({ passed: true, attempts: 3 }));
  });

  it('measures p50/p95/max over requests, leaving warmup requests (cold starts) out', async () => {
    const server = await serve((_req, count) => ({ body: { ok: true }, delayMs: count <= 2 ? 400 : 5 }));
    const run = await runAction('smoke-test', {
      inputs: { url: `${server.url}/predict`, requests: '6', warmup: '2', 'max-latency-ms': '200' },
    });
    expect(run.errors).toEqual([]);
    expect(server.seen).toHaveLength(8);
    const [result] = results(run);
    expect(result?.['maxMs']).toBeLessThan(200);
    expect(result?.['p50Ms']).toBeLessThanOrEqual(result?.['p95Ms'] as number);
  });

  it('runs checks in parallel and, with fail-fast, cancels the rest after the first failure', async () => {
    const server = await serve((req) =>
      req.path === '/bad' ? { status: 500, body: 'no', delayMs: 100 } : { body: { ok: true }, delayMs: 3000 },
    );
    const checks = ['bad', 'slow-1', 'slow-2', 'slow-3', 'slow-4', 'slow-5']
      .map((name) => `- { name: ${name}, url: "${server.url}/${name}" }`)
      .join('\n');
    const run = await runAction('smoke-test', { inputs: { checks, concurrency: '3', 'fail-fast': 'true' } });
    expect(run.code).toBe(1);
    expect(run.durationMs).toBeLessThan(2500);
    expect(run.errors).toHaveLength(1);
    expect(run.outputs['failed-checks']).toBe('bad');
    const byName = Object.fromEntries(results(run).map((r) => [r['name'], r]));
    expect(byName['slow-1']).toEqual(
      expect.objectContaining({ passed: false, skipped: true, reason: "cancelled: fail-fast after 'bad' failed" }),
    );
    expect(byName['slow-5']).toEqual(
      expect.objectContaining({ skipped: true, reason: "not run: fail-fast after 'bad' failed", attempts: 0 }),
    );
    expect(server.seen.length).toBe(3);
    expect(run.summary).toContain('| slow-5 | ⏭️ skipped |');
  });

  it('trusts a private CA through ca-file, and explains the TLS failure without it', async () => {
    const tls = selfSignedCert();
    const server = await serve(() => ({ body: { status: 'ok' } }), { tls });
    const without = await runAction('smoke-test', { inputs: { url: `${server.url}/health` } });
    expect(without.code).toBe(1);
    expect(without.errors[0]).toMatch(/TLS failed: .*self.signed.*set ca-file/i);
    const withCa = await runAction('smoke-test', {
      inputs: { url: `${server.url}/health`, 'ca-file': tls.certFile, 'expect-json': 'status: ok' },
    });
    expect(withCa.errors).toEqual([]);
    expect(withCa.outputs['passed']).toBe('true');
  });
});
