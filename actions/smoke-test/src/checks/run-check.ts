/**
 * One check, start to verdict: wait for the endpoint to come up (transport
 * failures and 502/503/504 only, within wait-until-up), send warmup and
 * measured requests, assess each answer, then retry the whole attempt only
 * when `retries` allows.
 */
import { CancelledError, formatDuration, type Clock, type Log, type Sleep } from '@mlship/action-kit';
import { assess, type Mismatch } from './assess';
import type { HttpClient, HttpRequest } from '../http/client';
import type { SignFor } from '../http/sigv4';
import type { LambdaInvoker } from '../lambda';
import { requestFollowing } from '../http/redirects';
import { latencyStats, type LatencyStats } from './stats';
import { isGatewayNotReady } from './status';
import { TransportError, type Check, type Observation } from '../types';

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
  /** SigV4 signing for checks with aws-sigv4 (credentials already resolved). */
  sign?: SignFor;
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
  /** With max-error-rate: the measured requests sent and how many of them failed. */
  budget?: ErrorBudgetCount;
}

export interface ErrorBudgetCount {
  sent: number;
  failed: number;
  /** The failures allowed: max-error-rate of the requests, rounded down. */
  allowed: number;
}

interface WaitState {
  up: boolean;
  attempts: number;
  waitedMs: number;
  started: number;
  /** When wait-until-up runs out. */
  deadline: number;
}

type Failure = Mismatch & { status?: number | string; body?: string; logTail?: string; functionError?: string };

export async function runCheck(check: Check, ctx: CheckContext): Promise<CheckVerdict> {
  const started = ctx.clock.now();
  const state: WaitState = { up: ctx.waitUntilUpMs === 0, attempts: 0, waitedMs: 0, started, deadline: started + ctx.waitUntilUpMs };
  const verdict = (passed: boolean, round: Round): CheckVerdict => {
    const { failure } = round;
    return {
      passed,
      attempts: state.attempts,
      status: failure?.status ?? round.lastStatus,
      stats: round.stats,
      ...(failure
        ? {
            reason: failure.reason,
            expected: failure.expected,
            actual: failure.actual,
            body: failure.body,
            logTail: failure.logTail,
            functionError: failure.functionError,
          }
        : {}),
      waitedMs: state.waitedMs || undefined,
      durationMs: ctx.clock.now() - started,
      budget: round.budget,
    };
  };
  let round = await attempt(check, ctx, state, check.warmup);
  for (let retry = 1; round.failure && retry <= ctx.retries; retry++) {
    ctx.log.info(`${check.name}: attempt ${retry} failed (${round.failure.reason}); retrying in ${formatDuration(ctx.retryDelayMs)}`);
    await ctx.sleep(ctx.retryDelayMs, ctx.signal);
    round = await attempt(check, ctx, state, 0);
  }
  return verdict(!round.failure, round);
}

interface Round {
  failure?: Failure;
  lastStatus?: number;
  stats?: LatencyStats;
  budget?: ErrorBudgetCount;
}

/**
 * One attempt: warmups (ignored), then the measured requests. Without an
 * error budget the first failed request ends it; with one, failures are
 * counted and it ends as soon as they are more than the budget allows.
 * Latency is measured over the successful requests only.
 */
async function attempt(check: Check, ctx: CheckContext, state: WaitState, warmups: number): Promise<Round> {
  state.attempts++;
  const latencies: number[] = [];
  let lastStatus: number | undefined;
  const budget = check.maxErrorRate === undefined ? undefined : { sent: 0, failed: 0, allowed: allowedFailures(check) };
  let firstFailure: Failure | undefined;
  for (let i = 0; i < warmups + check.requests; i++) {
    const answer = await sendUntilUp(check, ctx, state);
    if (i < warmups) continue;
    if (budget) budget.sent++;
    let failure: Failure | undefined;
    if (answer instanceof TransportError) {
      const status = answer.code ?? answer.kind;
      failure = { reason: answer.message, expected: 'an answer', actual: status, status };
    } else {
      lastStatus = answer.status;
      const mismatch = await assess(check.expect, answer);
      if (mismatch)
        failure = { ...mismatch, status: answer.status, body: answer.body, logTail: answer.logTail, functionError: answer.functionError };
      else latencies.push(answer.latencyMs);
    }
    if (!failure) continue;
    firstFailure ??= failure;
    if (!budget) return { failure, lastStatus, stats: latencyStats(latencies) };
    budget.failed++;
    if (budget.failed > budget.allowed) {
      const rate = formatRate(budget.failed / budget.sent);
      return {
        failure: {
          ...firstFailure,
          reason: `error rate: ${budget.failed} of ${budget.sent} requests failed (${rate}), more than max-error-rate ${formatRate(check.maxErrorRate as number)} of ${check.requests} allows (${budget.allowed}); first failure: ${firstFailure.reason}`,
          expected: `at most ${budget.allowed} failed`,
          actual: `${budget.failed} failed`,
        },
        lastStatus,
        stats: latencyStats(latencies),
        budget,
      };
    }
  }
  const stats = latencyStats(latencies);
  const latencyBar = check.expect.maxLatencyMs;
  if (stats && latencyBar !== undefined && stats.p95Ms > latencyBar) {
    const measure = latencies.length > 1 ? `p95 of ${latencies.length} ${budget?.failed ? 'successful ' : ''}requests` : 'latency';
    return {
      failure: {
        reason: `latency: expected ${measure} ≤ ${latencyBar}ms, got ${stats.p95Ms}ms`,
        expected: `≤ ${latencyBar}ms`,
        actual: `${stats.p95Ms}ms`,
        status: lastStatus,
      },
      lastStatus,
      stats,
      budget,
    };
  }
  return { lastStatus, stats, budget };
}

/** A 2% budget on 50 requests allows 1 failure; the epsilon keeps 3 * 0.01 from rounding below 3. */
export function allowedFailures(check: Pick<Check, 'requests' | 'maxErrorRate'>): number {
  return Math.floor((check.maxErrorRate ?? 0) * check.requests + 1e-9);
}

/** 0.02 as `2%`, 1/3 as `33.33%`. */
export function formatRate(rate: number): string {
  return `${Math.round(rate * 10_000) / 100}%`;
}

/**
 * Sends one request. Until the endpoint has answered once, transient failures
 * are retried every retry-delay within wait-until-up; afterwards every answer
 * (or failure) is what it is.
 */
async function sendUntilUp(check: Check, ctx: CheckContext, state: WaitState): Promise<Observation | TransportError> {
  const { deadline } = state;
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
    ctx.log.info(
      `${check.name}: not up yet (${what}); trying again in ${formatDuration(ctx.retryDelayMs)}, ${formatDuration(deadline - now)} left`,
    );
    state.attempts++;
    // Poll on a fixed cadence from the send time, so a slow failure does not add its own time on top.
    const pause = Math.min(Math.max(0, sentAt + ctx.retryDelayMs - now), deadline - now);
    await ctx.sleep(pause, ctx.signal);
    state.waitedMs = ctx.clock.now() - state.started;
  }
}

async function send(check: Check, ctx: CheckContext): Promise<Observation> {
  if (check.kind === 'http') {
    const request = {
      method: check.method,
      url: check.url,
      headers: { ...ctx.headers, ...check.headers },
      body: check.body,
      timeoutMs: check.timeoutMs,
      signal: ctx.signal,
    };
    const { sigv4 } = check;
    const sign = sigv4 && ctx.sign ? (req: HttpRequest) => (ctx.sign as SignFor)(sigv4, req) : undefined;
    if (sigv4 && !sign) throw new Error('a signed check needs AWS credentials');
    const res = await requestFollowing(ctx.http, request, check.followRedirects, sign);
    return { status: res.status, body: res.body, latencyMs: res.latencyMs, note: res.note };
  }
  if (!ctx.lambda) throw new Error('a Lambda check needs a Lambda client');
  const out = await ctx.lambda.invoke({
    functionName: check.functionName,
    qualifier: check.qualifier,
    payload: check.payload,
    timeoutMs: check.timeoutMs,
    signal: ctx.signal,
  });
  return { status: out.statusCode, body: out.payload, latencyMs: out.latencyMs, functionError: out.functionError, logTail: out.logTail };
}
