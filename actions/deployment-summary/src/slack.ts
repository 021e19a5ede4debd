import { errorMessage, logText, type Log, type Sleep } from '@mlship/action-kit';
import type { SlackMessage } from './slack-message';

export type Fetch = typeof fetch;

const ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;
const RETRY_DELAY_MS = 1_000;
/** Slack's Retry-After on 429 is honoured up to this long; longer, the message is given up. */
const MAX_RETRY_AFTER_S = 30;

interface SlackDeps {
  fetch: Fetch;
  sleep: Sleep;
  log: Log;
  signal?: AbortSignal;
}

type Answer = { ok: true; body: unknown } | { ok: false; why: string };

/** One POST with JSON, a few attempts on 429 (after Retry-After), 5xx and network errors, each bounded. */
async function postJson(url: string, body: unknown, headers: Record<string, string>, deps: SlackDeps): Promise<Answer> {
  let why = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let wait = RETRY_DELAY_MS * attempt;
    try {
      const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(deps.signal ? [deps.signal] : [])];
      const res = await deps.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
      const text = await res.text();
      if (res.ok) return { ok: true, body: parse(text) };
      why = `HTTP ${res.status}`;
      if (res.status !== 429 && res.status < 500) break;
      const after = Number(res.headers.get('retry-after'));
      if (res.status === 429 && Number.isFinite(after) && after > 0) {
        if (after > MAX_RETRY_AFTER_S) {
          why += ` (asked to wait ${after} s)`;
          break;
        }
        wait = after * 1000;
      }
    } catch (err) {
      if (deps.signal?.aborted) break;
      why = errorMessage(err);
    }
    if (attempt < ATTEMPTS) await deps.sleep(wait, deps.signal);
  }
  return { ok: false, why };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Posts to an incoming webhook. A failure is a warning; the URL itself is
 * never printed.
 */
export async function postSlack(url: string, message: SlackMessage, deps: SlackDeps): Promise<boolean> {
  const answer = await postJson(url, message, {}, deps);
  if (!answer.ok) deps.log.warning(`Slack message not sent: the webhook answered ${logText(answer.why)}.`);
  return answer.ok;
}

export interface BotTarget {
  token: string;
  channel: string;
  /** An earlier message of this bot: updated in place, or replied to in its thread. */
  ts?: string;
  thread: boolean;
  /** https://slack.com/api, or a stand-in's. */
  apiUrl: string;
}

export interface BotResult {
  sent: boolean;
  ts?: string;
  channel?: string;
  how?: 'posted' | 'updated' | 'replied';
}

interface SlackApiBody {
  ok?: unknown;
  error?: unknown;
  ts?: unknown;
  channel?: unknown;
}

async function callApi(target: BotTarget, method: string, body: Record<string, unknown>, deps: SlackDeps): Promise<SlackApiBody | string> {
  const answer = await postJson(`${target.apiUrl.replace(/\/$/, '')}/${method}`, body, { authorization: `Bearer ${target.token}` }, deps);
  if (!answer.ok) return answer.why;
  const res = (answer.body ?? {}) as SlackApiBody;
  if (res.ok !== true) return typeof res.error === 'string' ? res.error.slice(0, 100) : 'an answer without ok';
  return res;
}

/**
 * The bot-token mode: chat.postMessage once, then chat.update on the same
 * message when its ts is given again (staging, canary, production in one
 * message), or a reply in its thread. A message that cannot be updated any
 * more (deleted, too old) gets a new one, and the log says so.
 */
export async function sendWithBot(target: BotTarget, message: SlackMessage, deps: SlackDeps): Promise<BotResult> {
  const content = { channel: target.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false };
  if (target.ts && !target.thread) {
    const res = await callApi(target, 'chat.update', { ...content, ts: target.ts }, deps);
    if (typeof res !== 'string')
      return { sent: true, ts: String(res.ts ?? target.ts), channel: String(res.channel ?? target.channel), how: 'updated' };
    deps.log.warning(`Slack message ${logText(target.ts)} not updated (${logText(res)}); posting a new one.`);
  }
  const thread = target.ts && target.thread ? { thread_ts: target.ts } : {};
  const res = await callApi(target, 'chat.postMessage', { ...content, ...thread }, deps);
  if (typeof res === 'string') {
    const hint =
      res === 'not_in_channel' || res === 'channel_not_found'
        ? ' (invite the app to the channel)'
        : res === 'invalid_auth'
          ? ' (check slack-bot-token)'
          : '';
    deps.log.warning(`Slack message not sent: chat.postMessage answered ${logText(res)}${hint}.`);
    return { sent: false };
  }
  return {
    sent: true,
    ts: String(res.ts),
    channel: String(res.channel ?? target.channel),
    how: target.ts && target.thread ? 'replied' : 'posted',
  };
}
