/**
 * The HTTP client the core is given: Node's http/https with a keep-alive
 * agent, an overall per-request timeout, cancellation, and an extra CA.
 * Transport failures come back as TransportError with a kind, so the core
 * can tell "not up yet" from "answered wrongly".
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { CancelledError } from '@mlship/action-kit';
import { TransportError } from '../types';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  body: string;
  latencyMs: number;
  /** The Location header of a redirect. */
  location?: string;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): void;
}

/** Enough for any health or prediction answer; larger bodies are cut, not buffered whole. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function nodeHttpClient(
  options: { ca?: string; now?: () => number; agents?: { httpAgent: http.Agent; httpsAgent: https.Agent } } = {},
): HttpClient {
  const now = options.now ?? (() => performance.now());
  const httpAgent = options.agents?.httpAgent ?? new http.Agent({ keepAlive: true });
  // The private CA adds to Node's roots rather than replacing them.
  const httpsAgent = options.agents?.httpsAgent ?? new https.Agent({ keepAlive: true, ...caOption(options.ca) });
  return {
    request: (req) =>
      new Promise((resolve, reject) => {
        if (req.signal?.aborted) return reject(new CancelledError());
        const url = new URL(req.url);
        const isHttps = url.protocol === 'https:';
        const headers: Record<string, string> = { 'user-agent': 'mlship-smoke-test', ...req.headers };
        if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
        const started = now();
        const request = (isHttps ? https : http).request(url, { method: req.method, headers, agent: isHttps ? httpsAgent : httpAgent });
        let settled = false;
        const finish = (err: Error | undefined, response?: HttpResponse): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          req.signal?.removeEventListener('abort', onAbort);
          if (err) {
            request.destroy();
            reject(err);
          } else resolve(response as HttpResponse);
        };
        const onAbort = (): void => finish(new CancelledError());
        const timer = setTimeout(
          () => finish(new TransportError('timeout', `no complete answer within ${req.timeoutMs}ms`, true)),
          req.timeoutMs,
        );
        req.signal?.addEventListener('abort', onAbort, { once: true });
        request.on('error', (err) => finish(transportError(err)));
        request.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_BODY_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('error', (err) => finish(transportError(err)));
          res.on('end', () => {
            finish(undefined, {
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
              latencyMs: now() - started,
              ...(res.headers.location ? { location: res.headers.location } : {}),
            });
          });
        });
        request.end(req.body);
      }),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

export function caOption(ca: string | undefined): { ca?: string[] } {
  return ca ? { ca: [...rootCertificates, ca] } : {};
}

function transportError(err: Error): TransportError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNREFUSED') return new TransportError('refused', `connection refused (${err.message})`, true);
  if (code === 'ECONNRESET' || code === 'EPIPE' || err.message === 'socket hang up')
    return new TransportError('reset', `connection reset (${err.message})`, true);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TransportError('dns', `DNS lookup failed (${err.message})`, true);
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new TransportError('timeout', `${code} (${err.message})`, true);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) || /certificate/i.test(err.message)) {
    return new TransportError('tls', `TLS failed: ${err.message} (for a private CA, set ca-file)`, false);
  }
  return new TransportError('other', `${code ? `${code}: ` : ''}${err.message}`, false);
}
