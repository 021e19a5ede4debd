/**
 * smoke-test's error budget at source level (run-check.ts): max-error-rate of
 * the measured requests, rounded down, may fail; one more fails the check at
 * once. The real HTTP client sends to a local server that fails chosen requests.
 */
import { recordingLog, sleep, systemClock } from '@mlship/action-kit';
import { nodeHttpClient, type HttpClient } from '../src/http/client';
import { allowedFailures, formatRate, runCheck, type CheckContext } from '../src/checks/run-check';
import { parseStatusMatcher } from '../src/checks/status';
import type { HttpCheck } from '../src/types';
import { startServer, type TestServer } from '../../../test/support/servers';

let server: TestServer;
let http: HttpClient;
/** Which requests (1-based, warmups included) the server answers with a 500. */
let failing = new Set<number>();

beforeAll(async () => {
  server = await startServer((_req, count) => (failing.has(count) ? { status: 500, body: 'boom' } : { status: 200, body: { ok: true } }));
  http = nodeHttpClient();
});
afterAll(async () => {
  http.close();
  await server.close();
});
beforeEach(() => {
  server.seen.length = 0;
  failing = new Set();
});

const check = (requests: number, maxErrorRate: number | undefined, warmup = 0): HttpCheck => ({
  kind: 'http',
  name: 'predict',
  url: `${server.url}/predict`,
  method: 'GET',
  headers: {},
  expect: { status: parseStatusMatcher('200') as never, bodyContains: [], json: [] },
  requests,
  warmup,
  timeoutMs: 5000,
  followRedirects: 'none',
  ...(maxErrorRate === undefined ? {} : { maxErrorRate }),
});

const context = (): CheckContext => ({
  http,
  clock: systemClock,
  sleep,
  log: recordingLog(),
  signal: new AbortController().signal,
  headers: {},
  waitUntilUpMs: 0,
  retries: 0,
  retryDelayMs: 10,
});

describe('allowedFailures', () => {
  it.each([
    [50, 0.02, 1],
    [100, 0.03, 3],
    [10, 0.05, 0],
    [10, 0, 0],
    [10, 1, 10],
  ])('%i requests at %d allow %i failures (rounded down)', (requests, rate, allowed) => {
    expect(allowedFailures({ requests, maxErrorRate: rate })).toBe(allowed);
  });

  it('formats rates to two decimals of a percent', () => {
    expect(formatRate(0.02)).toBe('2%');
    expect(formatRate(1 / 3)).toBe('33.33%');
  });
});

describe('runCheck with max-error-rate', () => {
  it('passes with exactly as many failures as the budget allows, and counts them', async () => {
    failing = new Set([3]);
    const verdict = await runCheck(check(10, 0.1), context());
    expect(verdict.passed).toBe(true);
    expect(verdict.budget).toEqual({ sent: 10, failed: 1, allowed: 1 });
    expect(server.seen).toHaveLength(10);
  });

  it('fails as soon as failures are one more than allowed, without sending the rest', async () => {
    failing = new Set([2, 4]);
    const verdict = await runCheck(check(10, 0.1), context());
    expect(verdict.passed).toBe(false);
    expect(verdict.budget).toEqual({ sent: 4, failed: 2, allowed: 1 });
    expect(server.seen).toHaveLength(4);
    expect(verdict.reason).toBe(
      'error rate: 2 of 4 requests failed (50%), more than max-error-rate 10% of 10 allows (1); first failure: status: expected 200, got 500',
    );
    expect(verdict).toMatchObject({ expected: 'at most 1 failed', actual: '2 failed', status: 500 });
  });

  it('does not count warmup requests against the budget', async () => {
    failing = new Set([1, 2]);
    const verdict = await runCheck(check(5, 0.2, 2), context());
    expect(verdict.passed).toBe(true);
    expect(verdict.budget).toEqual({ sent: 5, failed: 0, allowed: 1 });
  });

  it('without max-error-rate the first failure ends the check and no budget is reported', async () => {
    failing = new Set([2]);
    const verdict = await runCheck(check(10, undefined), context());
    expect(verdict.passed).toBe(false);
    expect(verdict.budget).toBeUndefined();
    expect(server.seen).toHaveLength(2);
  });
});
