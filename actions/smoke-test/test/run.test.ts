/** The pure core with injected fakes: virtual time, a scripted HTTP client, a recording log. */
import { CancelledError, recordingLog, sleep, systemClock, virtualTime } from '@mlship/action-kit';
import type { HttpClient, HttpResponse } from '../src/http/client';
import { run, type RunInputs } from '../src/run';
import { parseStatusMatcher } from '../src/checks/status';
import { TransportError, type HttpCheck } from '../src/types';
import { scriptedHttp } from './scripted-http';

function check(name: string, overrides: Partial<HttpCheck> = {}): HttpCheck {
  return {
    kind: 'http',
    name,
    url: `http://svc.internal/${name}`,
    method: 'GET',
    headers: {},
    expect: { status: parseStatusMatcher('200') as never, bodyContains: [], json: [] },
    requests: 1,
    warmup: 0,
    timeoutMs: 1000,
    followRedirects: 'none',
    ...overrides,
  };
}

const inputs = (overrides: Partial<RunInputs>): RunInputs => ({
  checks: [],
  headers: {},
  waitUntilUpMs: 0,
  retries: 0,
  retryDelayMs: 2000,
  concurrency: 4,
  failFast: false,
  ...overrides,
});
const ok = (latencyMs = 10): HttpResponse => ({ status: 200, body: '{"status":"ok"}', latencyMs });
const refused = (): TransportError => new TransportError('refused', 'connection refused', true);

describe('wait-until-up', () => {
  it('polls every retry-delay and notices the endpoint within one delay of it coming up', async () => {
    const time = virtualTime();
    const upAt = 7_300;
    const http = scriptedHttp((_req, now) => (now < upAt ? refused() : ok()), time.clock.now);
    const log = recordingLog();
    const result = await run(inputs({ checks: [check('health')], waitUntilUpMs: 60_000, retryDelayMs: 1000 }), {
      http,
      clock: time.clock,
      sleep: time.sleep,
      log,
    });
    expect(result.passed).toBe(true);
    const noticed = http.sent[http.sent.length - 1] as number;
    expect(noticed - upAt).toBeGreaterThanOrEqual(0);
    expect(noticed - upAt).toBeLessThanOrEqual(1000);
    expect(result.outcomes[0]?.verdict?.attempts).toBe(http.sent.length);
    expect(log.text()).toContain('health: not up yet (connection refused)');
  });

  it('stops at the wait-until-up bound with the last failure as the reason', async () => {
    const time = virtualTime();
    const http = scriptedHttp(() => refused(), time.clock.now);
    const result = await run(inputs({ checks: [check('health')], waitUntilUpMs: 5_000, retryDelayMs: 2000 }), {
      http,
      clock: time.clock,
      sleep: time.sleep,
      log: recordingLog(),
    });
    expect(result.passed).toBe(false);
    expect(http.sent).toEqual([0, 2000, 4000, 5000]);
    expect(result.outcomes[0]?.verdict).toEqual(
      expect.objectContaining({ passed: false, reason: 'connection refused', status: 'refused' }),
    );
  });

  it('treats 502/503/504 as not up, but a 500 as an answer', async () => {
    const time = virtualTime();
    const statuses = [502, 503, 504, 500];
    const http = scriptedHttp(() => ({ status: statuses.shift() ?? 200, body: '', latencyMs: 1 }), time.clock.now);
    const result = await run(inputs({ checks: [check('health')], waitUntilUpMs: 60_000, retryDelayMs: 100 }), {
      http,
      clock: time.clock,
      sleep: time.sleep,
      log: recordingLog(),
    });
    expect(http.sent).toHaveLength(4);
    expect(result.outcomes[0]?.verdict).toEqual(
      expect.objectContaining({ passed: false, status: 500, reason: 'status: expected 200, got 500', attempts: 4 }),
    );
  });

  it('does not wait once the endpoint has answered: a later refusal fails the check', async () => {
    const time = virtualTime();
    let calls = 0;
    const http = scriptedHttp(() => (++calls === 2 ? refused() : ok()), time.clock.now);
    const result = await run(inputs({ checks: [check('health', { requests: 3 })], waitUntilUpMs: 60_000 }), {
      http,
      clock: time.clock,
      sleep: time.sleep,
      log: recordingLog(),
    });
    expect(result.outcomes[0]?.verdict).toEqual(expect.objectContaining({ passed: false, reason: 'connection refused' }));
    expect(calls).toBe(2);
  });
});

describe('retries and latency', () => {
  it('retries an assertion failure after retry-delay, within the retries budget', async () => {
    const time = virtualTime();
    const http = scriptedHttp(() => ({ status: 500, body: 'boom', latencyMs: 5 }), time.clock.now);
    const result = await run(inputs({ checks: [check('health')], retries: 2, retryDelayMs: 3000 }), {
      http,
      clock: time.clock,
      sleep: time.sleep,
      log: recordingLog(),
    });
    expect(http.sent).toEqual([0, 3000, 6000]);
    expect(result.outcomes[0]?.verdict).toEqual(expect.objectContaining({ passed: false, attempts: 3, body: 'boom' }));
  });

  it('computes p50/p95/max over measured requests only, and checks the p95 against the budget', async () => {
    const time = virtualTime();
    const latencies = [900, 800, 10, 20, 30, 40, 50, 60, 70, 80, 90, 300];
    const http = scriptedHttp(() => ok(latencies.shift()), time.clock.now);
    const result = await run(
      inputs({
        checks: [
          check('predict', {
            warmup: 2,
            requests: 10,
            expect: { status: parseStatusMatcher('2xx') as never, bodyContains: ['ok'], json: [], maxLatencyMs: 250 },
          }),
        ],
      }),
      {
        http,
        clock: time.clock,
        sleep: time.sleep,
        log: recordingLog(),
      },
    );
    const verdict = result.outcomes[0]?.verdict;
    expect(verdict?.stats).toEqual({ p50Ms: 50, p95Ms: 300, maxMs: 300 });
    expect(verdict?.reason).toBe('latency: expected p95 of 10 requests ≤ 250ms, got 300ms');
  });
});

describe('concurrency, fail-fast and cancellation', () => {
  it('never runs more than `concurrency` checks at once', async () => {
    let running = 0;
    let peak = 0;
    const http = scriptedHttp(async () => {
      running++;
      peak = Math.max(peak, running);
      await sleep(20);
      running--;
      return ok();
    }, systemClock.now);
    const checks = Array.from({ length: 9 }, (_, i) => check(`c${i}`));
    const result = await run(inputs({ checks, concurrency: 3 }), { http, clock: systemClock, sleep, log: recordingLog() });
    expect(result.passed).toBe(true);
    expect(peak).toBe(3);
  });

  it('with fail-fast, cancels running checks and skips the rest', async () => {
    const http: HttpClient = {
      request: (req) =>
        req.url.endsWith('/bad')
          ? Promise.resolve({ status: 500, body: '', latencyMs: 1 })
          : new Promise((_resolve, reject) => req.signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true })),
      close: () => undefined,
    };
    const checks = [check('slow'), check('bad'), check('later')];
    const result = await run(inputs({ checks, concurrency: 2, failFast: true }), { http, clock: systemClock, sleep, log: recordingLog() });
    expect(result.failed).toEqual(['bad']);
    expect(result.passed).toBe(false);
    expect(result.outcomes.map((o) => o.skippedBecause)).toEqual([
      "cancelled: fail-fast after 'bad' failed",
      undefined,
      "not run: fail-fast after 'bad' failed",
    ]);
  });

  it('stops waiting at once when the job is cancelled', async () => {
    const controller = new AbortController();
    const http = scriptedHttp(() => refused(), systemClock.now);
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await expect(
      run(inputs({ checks: [check('health')], waitUntilUpMs: 600_000, retryDelayMs: 60_000 }), {
        http,
        clock: systemClock,
        sleep,
        log: recordingLog(),
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
