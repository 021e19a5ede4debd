/**
 * max-error-rate through the bundle against a real server that fails some
 * requests: tolerated failures are counted, one more fails the check, and
 * the latency bar looks at the successful requests only.
 */
import { runAction, type RunResult } from '../../../../test/support/run-action';
import { startServer, type TestServer } from '../../../../test/support/servers';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Answers 200 except for the request numbers in `failing` (1-based), which get a 500 or a stall. */
async function flaky(failing: number[], how: 'status' | 'stall' = 'status'): Promise<TestServer> {
  const server = await startServer((_req, count) => {
    if (!failing.includes(count)) return { body: { status: 'ok' } };
    return how === 'status' ? { status: 500, body: 'boom' } : { delayMs: 2000, body: { status: 'ok' } };
  });
  servers.push(server);
  return server;
}

function results(run: RunResult): Array<Record<string, unknown>> {
  return JSON.parse(run.outputs['results'] ?? '[]') as Array<Record<string, unknown>>;
}

describe('smoke-test max-error-rate', () => {
  it('tolerates failures up to the share and counts them in results, report and summary', async () => {
    const server = await flaky([7]);
    const run = await runAction('smoke-test', {
      inputs: { url: `${server.url}/health`, requests: '50', 'max-error-rate': '2%', 'expect-json': 'status: ok' },
    });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(server.seen).toHaveLength(50);
    expect(results(run)[0]).toEqual(
      expect.objectContaining({ passed: true, requestsSent: 50, failedRequests: 1, errorRatePercent: 2, reason: null }),
    );
    const [check] = (run.report() as { checks: Array<Record<string, unknown>> }).checks;
    expect(check).toEqual(expect.objectContaining({ failedRequests: 1, errorRatePercent: 2, maxErrorRatePercent: 2 }));
    expect(run.summary).toContain('1 of 50 requests failed (2%, max-error-rate 2%)');
    expect(run.stdout).toContain('1 of 50 requests failed (2%, max-error-rate 2%)');
  });

  it('fails as soon as the failures are more than the share allows, naming count, rate and the first failure', async () => {
    const server = await flaky([3, 9]);
    const run = await runAction('smoke-test', { inputs: { url: `${server.url}/health`, requests: '50', 'max-error-rate': '2%' } });
    expect(run.code).toBe(1);
    // Stopped at the second failure: the budget could no longer hold.
    expect(server.seen).toHaveLength(9);
    const reason =
      'error rate: 2 of 9 requests failed (22.22%), more than max-error-rate 2% of 50 allows (1); first failure: status: expected 200, got 500';
    expect(run.errors).toEqual([expect.stringContaining(`Check '/health' failed: ${reason}`)]);
    expect(results(run)[0]).toEqual(
      expect.objectContaining({ passed: false, failedRequests: 2, requestsSent: 9, errorRatePercent: 22.22 }),
    );
  });

  it('without max-error-rate, one failed request still fails the check', async () => {
    const server = await flaky([2]);
    const run = await runAction('smoke-test', { inputs: { url: `${server.url}/health`, requests: '5' } });
    expect(run.code).toBe(1);
    expect(run.errors[0]).toContain('status: expected 200, got 500');
    expect(results(run)[0]).not.toHaveProperty('failedRequests');
  });

  it('counts a timeout as a failed request and keeps it out of the latency bar', async () => {
    const server = await flaky([2], 'stall');
    const run = await runAction('smoke-test', {
      inputs: {
        checks: `- name: predict\n  url: ${server.url}/predict\n  requests: 10\n  timeout: 300ms\n  max-error-rate: 10%\n  max-latency-ms: 250`,
      },
    });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    const [result] = results(run);
    expect(result).toEqual(expect.objectContaining({ passed: true, failedRequests: 1, requestsSent: 10, errorRatePercent: 10 }));
    expect(result?.['p95Ms']).toBeLessThan(250);
  });

  it('applies the input as a default to the checks that send more than one request', async () => {
    const server = await flaky([1, 2]);
    const run = await runAction('smoke-test', {
      inputs: {
        checks: `- name: many\n  url: ${server.url}/a\n  requests: 10\n- name: one\n  url: ${server.url}/b`,
        'max-error-rate': '20%',
        concurrency: '1',
      },
    });
    expect(run.code).toBe(0);
    expect(results(run).map((r) => [r['name'], r['failedRequests']])).toEqual([
      ['many', 2],
      ['one', undefined],
    ]);
  });
});
