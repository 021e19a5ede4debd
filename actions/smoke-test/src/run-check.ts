/**
 * One check, start to verdict: wait for the endpoint to come up (transport
 * failures and 502/503/504 only, within wait-until-up), send warmup and
 * measured requests, assess each answer, then retry the whole attempt only
 * when `retries` allows.
 */
import { CancelledError, formatDuration, type Clock, type Log, type Sleep } from '@mlship/action-kit';
import { assess, type Mismatch } from './assess';
import type { HttpClient } from './http';
import type { LambdaInvoker } from './lambda';
import { latencyStats, type LatencyStats } from './stats';
import { isGatewayNotReady } from './status';
import { TransportError, type Check, type Observation } from './types';

export interface CheckContext {
  http: HttpClient;
  lambda?: LambdaInvoker;
  clock: Clock;
  sleep: Sleep;
  log: Log;
  signal: AbortSignal;
  headers: Record<string, string>;
  waitUntilUpMs: number;
  retries: number;
  retryDelayMs: number;
}

export interface CheckVerdict {
  passed: boolean;
  attempts: number;
  status?: number | string;
  stats?: LatencyStats;
  reason?: string;
  expected?: string;
  actual?: string;
  /** The answer that failed the check, for the error line (cut to 500 bytes there). */
  body?: string;
  logTail?: string;
  functionError?: string;
  /** How long the check waited for the endpoint to come up. */
  waitedMs?: number;
  durationMs: number;
}

interface WaitState {
  up: boolean;
  attempts: number;
  waitedMs: number;
  started: number;
}

type Failure = Mismatch & { status?: number | string; body?: string; logTail?: string; functionError?: string };

export async function runCheck(check: Check, ctx: CheckContext): Promise<CheckVerdict> {
  const started = ctx.clock.now();
  const upDeadline = started + ctx.waitUntilUpMs;
  const state: WaitState = { up: ctx.waitUntilUpMs === 0, attempts: 0, waitedMs: 0, started };
  let last: Failure | undefined;
  let lastStatus: number | string | undefined;
  for (let attempt = 0; attempt <= ctx.retries; attempt++) {
    if (attempt > 0) {
      ctx.log.info(`${check.name}: attempt ${attempt} failed (${last?.reason}); retrying in ${formatDuration(ctx.retryDelayMs)}`);
      await ctx.sleep(ctx.retryDelayMs, ctx.signal);
    }
    state.attempts++;
    const latencies: number[] = [];
    const total = (attempt === 0 ? check.warmup : 0) + check.requests;
    const warmups = attempt === 0 ? check.warmup : 0;
    last = undefined;
    for (let i = 0; i < total && !last; i++) {
      const answer = await sendUntilUp(check, ctx, upDeadline, state);
      if (i < warmups) continue;
      if (answer instanceof TransportError) {
        last = { reason: answer.message, expected: 'an answer', actual: answer.code ?? answer.kind, status: answer.code ?? answer.kind };
        break;
      }
      lastStatus = answer.status;
      const mismatch = await assess(check.expect, answer);
      if (mismatch) last = { ...mismatch, status: answer.status, body: answer.body, logTail: answer.logTail, functionError: answer.functionError };
      else latencies.push(answer.latencyMs);
    }
    const stats = latencyStats(latencies);
    if (!last && stats && check.expect.maxLatencyMs !== undefined && stats.p95Ms > check.expect.maxLatencyMs) {
      const measure = latencies.length > 1 ? `p95 of ${latencies.length} requests` : 'latency';
      last = { reason: `latency: expected ${measure} ≤ ${check.expect.maxLatencyMs}ms, got ${stats.p95Ms}ms`, expected: `≤ ${check.expect.maxLatencyMs}ms`, actual: `${stats.p95Ms}ms`, status: lastStatus };
    }
    if (!last) {
      return { passed: true, attempts: state.attempts, status: lastStatus, stats, waitedMs: state.waitedMs || undefined, durationMs: ctx.clock.now() - started };
    }
    if (attempt === ctx.retries) {
      const { reason, expected, actual, body, logTail, functionError, status } = last;
      return { passed: false, attempts: state.attempts, status, stats, reason, expected, actual, body, logTail, functionError, waitedMs: state.waitedMs || undefined, durationMs: ctx.clock.now() - started };
    }
  }
  throw new Error('unreachable: the attempt loop always returns');
}

/**
 * Sends one request. Until the endpoint has answered once, transient failures
 * are retried every retry-delay within wait-until-up; afterwards every answer
 * (or failure) is what it is.
 */
async function sendUntilUp(check: Check, ctx: CheckContext, deadline: number, state: WaitState): Promise<Observation | TransportError> {
  for (;;) {
    if (ctx.signal.aborted) throw new CancelledError();
    const sentAt = ctx.clock.now();
    let answer: Observation | TransportError;
    try {
      answer = await send(check, ctx);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      answer = err;
    }
    const notReady = answer instanceof TransportError ? answer.transient : isGatewayNotReady(answer.status);
    const now = ctx.clock.now();
    if (state.up || !notReady || now >= deadline) {
      state.up = true;
      return answer;
    }
    const what = answer instanceof TransportError ? answer.message : `status ${answer.status}`;
    ctx.log.info(`${check.name}: not up yet (${what}); trying again in ${formatDuration(ctx.retryDelayMs)}, ${formatDuration(deadline - now)} left`);
    state.attempts++;
    // Poll on a fixed cadence from the send time, so a slow failure does not add its own time on top.
    const pause = Math.min(Math.max(0, sentAt + ctx.retryDelayMs - now), deadline - now);
    await ctx.sleep(pause, ctx.signal);
    state.waitedMs = ctx.clock.now() - state.started;
  }
}

async function send(check: Check, ctx: CheckContext): Promise<Observation> {
  if (check.kind === 'http') {
    const res = await ctx.http.request({
      method: check.method,
      url: check.url,
      headers: { ...ctx.headers, ...check.headers },
      body: check.body,
      timeoutMs: check.timeoutMs,
      signal: ctx.signal,
    });
    return { status: res.status, body: res.body, latencyMs: res.latencyMs };
  }
  if (!ctx.lambda) throw new Error('a Lambda check needs a Lambda client');
  const out = await ctx.lambda.invoke({ functionName: check.functionName, qualifier: check.qualifier, payload: check.payload, timeoutMs: check.timeoutMs, signal: ctx.signal });
  return { status: out.statusCode, body: out.payload, latencyMs: out.latencyMs, functionError: out.functionError, logTail: out.logTail };
}
