/**
 * One check, start to verdict (run-check.ts), with a scripted HTTP client, a
 * fake Lambda invoker and virtual time: what the verdict says (timings, the
 * failed answer, latency against its bar), what the log says while waiting and
 * retrying, and what each request carries.
 */
import { CancelledError, recordingLog, virtualTime } from '@mlship/action-kit';
import type { HttpRequest, HttpResponse } from '../src/http/client';
import type { SignFor } from '../src/http/sigv4';
import type { InvokeRequest, LambdaInvoker } from '../src/lambda';
import { runCheck, type CheckContext } from '../src/checks/run-check';
import { parseStatusMatcher } from '../src/checks/status';
import { TransportError, type Expectations, type HttpCheck, type LambdaCheck } from '../src/types';
import { scriptedHttp, type Script } from './scripted-http';

/** Virtual time starts away from zero, so a time measured from the start differs from a time of day. */
const START = 1_000_000;

const expectations = (extra: Partial<Expectations> = {}): Expectations => ({
  status: parseStatusMatcher('200') as never,
  bodyContains: [],
  json: [],
  ...extra,
});

const httpCheck = (overrides: Partial<HttpCheck> = {}): HttpCheck => ({
  kind: 'http',
  name: 'health',
  url: 'http://svc.internal/health',
  method: 'GET',
  headers: {},
  expect: expectations(),
  requests: 1,
  warmup: 0,
  timeoutMs: 1000,
  followRedirects: 'none',
  ...overrides,
});

const lambdaCheck = (overrides: Partial<LambdaCheck> = {}): LambdaCheck => ({
  kind: 'lambda',
  name: 'invoke',
  functionName: 'model-service',
  qualifier: 'live',
  payload: '{"x":1}',
  expect: expectations(),
  requests: 1,
  warmup: 0,
  timeoutMs: 3000,
  ...overrides,
});

function setUp(script: Script, overrides: Partial<CheckContext> = {}, time = virtualTime(START)) {
  const http = scriptedHttp(script, time.clock.now);
  const log = recordingLog();
  const ctx: CheckContext = {
    http,
    clock: time.clock,
    sleep: time.sleep,
    log,
    signal: new AbortController().signal,
    headers: {},
    waitUntilUpMs: 0,
    retries: 0,
    retryDelayMs: 1000,
    ...overrides,
  };
  return { time, http, log, ctx };
}

const answer = (status: number, latencyMs = 10, body = '{"ok":true}'): HttpResponse => ({ status, body, latencyMs });

describe('timings in the verdict', () => {
  it('durationMs is the time from the first request to the verdict; waitedMs is absent when the endpoint was up at once', async () => {
    const time = virtualTime(START);
    const { ctx } = setUp(
      () => {
        time.advance(250);
        return answer(200);
      },
      {},
      time,
    );
    const verdict = await runCheck(httpCheck(), ctx);
    expect(verdict).toMatchObject({ passed: true, attempts: 1, durationMs: 250 });
    expect(verdict.waitedMs).toBeUndefined();
  });

  it('waitedMs is the time spent waiting for the endpoint to come up, and each wait is logged with what was seen and the time left', async () => {
    const statuses = [503, 503, 200];
    const { ctx, log } = setUp(() => answer(statuses.shift() as number), { waitUntilUpMs: 10_000, retryDelayMs: 1000 });
    const verdict = await runCheck(httpCheck(), ctx);
    expect(verdict).toMatchObject({ passed: true, attempts: 3, waitedMs: 2000, durationMs: 2000 });
    expect(log.lines).toEqual([
      { level: 'info', message: 'health: not up yet (status 503); trying again in 1.0s, 10.0s left' },
      { level: 'info', message: 'health: not up yet (status 503); trying again in 1.0s, 9.0s left' },
    ]);
  });
});

describe('the failed answer in the verdict', () => {
  it('a retry is logged with the attempt, why it failed and the delay', async () => {
    const { ctx, log } = setUp(() => answer(500), { retries: 1, retryDelayMs: 3000 });
    const verdict = await runCheck(httpCheck(), ctx);
    expect(verdict).toMatchObject({ passed: false, attempts: 2 });
    expect(log.lines).toEqual([{ level: 'info', message: 'health: attempt 1 failed (status: expected 200, got 500); retrying in 3.0s' }]);
  });

  it('a request that got no answer expected an answer, and shows the transport failure as its status', async () => {
    const { ctx } = setUp(() => new TransportError('refused', 'connection refused', false));
    const verdict = await runCheck(httpCheck(), ctx);
    expect(verdict).toMatchObject({
      passed: false,
      reason: 'connection refused',
      expected: 'an answer',
      actual: 'refused',
      status: 'refused',
    });
  });
});

describe('latency against max-latency-ms', () => {
  const withBar = (bar: number, overrides: Partial<HttpCheck> = {}): HttpCheck =>
    httpCheck({ expect: expectations({ maxLatencyMs: bar }), ...overrides });

  it('a latency exactly at the bar passes', async () => {
    const { ctx } = setUp(() => answer(200, 100));
    const verdict = await runCheck(withBar(100), ctx);
    expect(verdict.passed).toBe(true);
    expect(verdict.reason).toBeUndefined();
  });

  it('one request over the bar fails on its latency, with the bar expected and the latency as what was seen', async () => {
    const { ctx } = setUp(() => answer(200, 101));
    const verdict = await runCheck(withBar(100), ctx);
    expect(verdict).toMatchObject({
      passed: false,
      reason: 'latency: expected latency ≤ 100ms, got 101ms',
      expected: '≤ 100ms',
      actual: '101ms',
      status: 200,
    });
  });

  it('several requests are judged by their p95', async () => {
    const { ctx } = setUp(() => answer(200, 150));
    const verdict = await runCheck(withBar(100, { requests: 2 }), ctx);
    expect(verdict.reason).toBe('latency: expected p95 of 2 requests ≤ 100ms, got 150ms');
  });

  it('with failures the error budget allowed, the p95 is of the successful requests only, and says so', async () => {
    let count = 0;
    const { ctx } = setUp(() => (++count === 1 ? answer(500, 5000) : answer(200, 150)));
    const verdict = await runCheck(withBar(100, { requests: 4, maxErrorRate: 0.5 }), ctx);
    expect(verdict.reason).toBe('latency: expected p95 of 3 successful requests ≤ 100ms, got 150ms');
    expect(verdict.budget).toEqual({ sent: 4, failed: 1, allowed: 2 });
  });
});

describe('max-error-rate 100%', () => {
  it('lets every request fail: the check passes, the failures counted, with no latency to judge against max-latency-ms', async () => {
    const { ctx } = setUp(() => answer(500));
    const verdict = await runCheck(httpCheck({ requests: 2, maxErrorRate: 1, expect: expectations({ maxLatencyMs: 100 }) }), ctx);
    expect(verdict).toMatchObject({ passed: true, budget: { sent: 2, failed: 2, allowed: 2 } });
    expect(verdict.stats).toBeUndefined();
  });
});

describe('what each request carries', () => {
  it("the check's headers go with the action's, and win over them", async () => {
    const { ctx, http } = setUp(() => answer(200), { headers: { authorization: 'Bearer action-wide', 'x-env': 'prod' } });
    await runCheck(httpCheck({ headers: { 'x-env': 'canary' } }), ctx);
    expect(http.requests[0]?.headers).toEqual({ authorization: 'Bearer action-wide', 'x-env': 'canary' });
  });

  it('a signed check is signed for its service and region; an unsigned one is never signed', async () => {
    const signed: Array<{ target: unknown; url: string }> = [];
    const sign: SignFor = async (target, req: HttpRequest) => {
      signed.push({ target, url: req.url });
      return { authorization: `AWS4-HMAC-SHA256 for ${target.service} in ${target.region}` };
    };
    const { ctx, http } = setUp(() => answer(200), { sign });
    await runCheck(httpCheck({ sigv4: { service: 'execute-api', region: 'eu-west-1' } }), ctx);
    expect(signed).toEqual([{ target: { service: 'execute-api', region: 'eu-west-1' }, url: 'http://svc.internal/health' }]);
    expect(http.requests[0]?.headers).toEqual({ authorization: 'AWS4-HMAC-SHA256 for execute-api in eu-west-1' });

    await runCheck(httpCheck(), ctx);
    expect(signed).toHaveLength(1);
    expect(http.requests[1]?.headers).toEqual({});
  });

  it('a signed check without AWS credentials is an error before any request', async () => {
    const { ctx, http } = setUp(() => answer(200));
    await expect(runCheck(httpCheck({ sigv4: { service: 'lambda', region: 'eu-west-1' } }), ctx)).rejects.toThrow(
      'a signed check needs AWS credentials',
    );
    expect(http.requests).toEqual([]);
  });

  it('a cancelled job sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const { ctx, http } = setUp(() => answer(200), { signal: controller.signal });
    await expect(runCheck(httpCheck(), ctx)).rejects.toBeInstanceOf(CancelledError);
    expect(http.requests).toEqual([]);
  });
});

describe('a Lambda check', () => {
  const invoker = (result: Awaited<ReturnType<LambdaInvoker['invoke']>>): LambdaInvoker & { calls: InvokeRequest[] } => {
    const calls: InvokeRequest[] = [];
    return {
      calls,
      invoke: async (req) => {
        calls.push(req);
        return result;
      },
      close: () => undefined,
    };
  };

  it('invokes the function with its qualifier, payload and timeout, never over HTTP', async () => {
    const lambda = invoker({ statusCode: 200, payload: '{"ok":true}', latencyMs: 12 });
    const { ctx, http } = setUp(() => answer(200), { lambda });
    const verdict = await runCheck(lambdaCheck(), ctx);
    expect(verdict).toMatchObject({ passed: true, status: 200, stats: { p50Ms: 12, p95Ms: 12, maxMs: 12 } });
    expect(lambda.calls).toEqual([
      { functionName: 'model-service', qualifier: 'live', payload: '{"x":1}', timeoutMs: 3000, signal: ctx.signal },
    ]);
    expect(http.requests).toEqual([]);
  });

  it("a function error fails the check with the function's answer, its error and its log tail", async () => {
    const payload = '{"errorType":"ValueError","errorMessage":"bad input"}';
    const lambda = invoker({ statusCode: 200, payload, functionError: 'Unhandled', logTail: 'Traceback: ValueError', latencyMs: 5 });
    const { ctx } = setUp(() => answer(200), { lambda });
    const verdict = await runCheck(lambdaCheck(), ctx);
    expect(verdict).toMatchObject({
      passed: false,
      status: 200,
      reason: 'function error (Unhandled): ValueError: bad input',
      body: payload,
      functionError: 'Unhandled',
      logTail: 'Traceback: ValueError',
    });
  });

  it('without a Lambda client it is an error, not a request', async () => {
    const { ctx, http } = setUp(() => answer(200));
    await expect(runCheck(lambdaCheck(), ctx)).rejects.toThrow('a Lambda check needs a Lambda client');
    expect(http.requests).toEqual([]);
  });
});
