/**
 * Real local HTTP(S) servers for the smoke-test suites: each test starts the
 * one it needs on a free loopback port and stops it afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  body?: unknown;
  delayMs?: number;
  headers?: Record<string, string>;
  /** Drop the connection without answering (a crashing or restarting backend). */
  reset?: boolean;
}

export type Handler = (req: Seen, count: number) => Answer;

export interface TestServer {
  url: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}
export { freePort } from '../support/moto';

export async function startServer(
  handler: Handler,
  options: { port?: number; tls?: { key: string; cert: string } } = {},
): Promise<TestServer> {
  const seen: Seen[] = [];
  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(entry);
      const answer = handler(entry, seen.length);
      if (answer.reset) {
        req.socket.destroy();
        return;
      }
      const send = (): void => {
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
        res.writeHead(answer.status ?? 200, {
          'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
          ...answer.headers,
        });
        res.end(body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  };
  const server = options.tls ? https.createServer(options.tls, listener) : http.createServer(listener);
  const port = options.port ?? 0;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as { port: number }).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${actual}`,
    port: actual,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed certificate for 127.0.0.1 and localhost (or the subjectAltName given), made with openssl. */
export function selfSignedCert(altNames = 'IP:127.0.0.1,DNS:localhost'): { key: string; cert: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=smoke-test-ca',
      '-addext',
      `subjectAltName=${altNames}`,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}
