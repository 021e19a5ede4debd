/**
 * A local stand-in for the two Slack Web API methods deployment-summary calls
 * (chat.postMessage, chat.update), with state, answering as Slack does: HTTP
 * 200 with `{ok: false, error}` for API errors, 429 with Retry-After when
 * rate limited. Point the action at it with SLACK_API_URL.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
  /** How many times chat.update changed it. */
  edits: number;
}

export interface FakeSlack {
  /** The API base URL, for SLACK_API_URL. */
  url: string;
  token: string;
  messages: FakeSlackMessage[];
  calls: Array<{ method: string; body: Record<string, unknown> }>;
  /** Answer the next this many calls with 429 and Retry-After: 1. */
  rateLimitNext: number;
  close(): Promise<void>;
}

/** Channel names the workspace knows, and their IDs. */
const CHANNELS: Record<string, string> = { deploys: 'C0DEPLOYS1', C0DEPLOYS1: 'C0DEPLOYS1' };

export async function startFakeSlack(token = 'xoxb-1111-2222-fakeslacktoken'): Promise<FakeSlack> {
  let clock = 1_733_100_000;
  const state: FakeSlack = {
    url: '',
    token,
    messages: [],
    calls: [],
    rateLimitNext: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const answer = (body: Record<string, unknown>): unknown => {
    const channel = CHANNELS[String(body['channel'] ?? '').replace(/^#/, '')];
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (typeof body['text'] !== 'string' && !Array.isArray(body['blocks'])) return { ok: false, error: 'no_text' };
    return channel;
  };
  const methods: Record<string, (body: Record<string, unknown>) => unknown> = {
    'chat.postMessage': (body) => {
      const channel = answer(body);
      if (typeof channel !== 'string') return channel;
      const thread = body['thread_ts'] as string | undefined;
      if (thread && !state.messages.some((m) => m.ts === thread && m.channel === channel)) return { ok: false, error: 'thread_not_found' };
      const message: FakeSlackMessage = {
        channel,
        ts: `${clock++}.000100`,
        text: String(body['text'] ?? ''),
        blocks: (body['blocks'] as unknown[]) ?? [],
        ...(thread ? { thread_ts: thread } : {}),
        edits: 0,
      };
      state.messages.push(message);
      return { ok: true, channel, ts: message.ts, message: { text: message.text } };
    },
    'chat.update': (body) => {
      const channel = answer(body);
      if (typeof channel !== 'string') return channel;
      // Slack wants the channel ID here; a name is channel_not_found... unless it maps, which the real API does not do.
      if (!String(body['channel']).startsWith('C')) return { ok: false, error: 'channel_not_found' };
      const message = state.messages.find((m) => m.ts === body['ts'] && m.channel === channel);
      if (!message) return { ok: false, error: 'message_not_found' };
      message.text = String(body['text'] ?? '');
      message.blocks = (body['blocks'] as unknown[]) ?? [];
      message.edits++;
      return { ok: true, channel, ts: message.ts, text: message.text };
    },
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      state.calls.push({ method, body });
      if (state.rateLimitNext > 0) {
        state.rateLimitNext--;
        return void res
          .writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' })
          .end('{"ok":false,"error":"ratelimited"}');
      }
      const handler = methods[method];
      const result =
        req.headers.authorization !== `Bearer ${state.token}`
          ? { ok: false, error: 'invalid_auth' }
          : handler
            ? handler(body)
            : { ok: false, error: 'unknown_method' };
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  return state;
}
