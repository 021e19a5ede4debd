// An HTTP front for a local API fake (test/…/fake-github.ts) that answers the
// first request matching a rule with an error page, as GitHub's front end does
// during a hiccup (a 502 with its HTML "Unicorn!" page), and forwards
// everything else. Plain JS so plain-node scripts can use it too.
import { createServer, request } from 'node:http';

export const GITHUB_502_PAGE =
  '<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n    <title>Unicorn! &middot; GitHub</title>\n' +
  `    <style type="text/css" media="screen">${'body { background-color: #f1f1f1; } '.repeat(60)}</style>\n  </head>\n  <body>\n` +
  '    <p>We had issues producing the response to your request. Sorry about that.</p>\n  </body>\n</html>\n';

/**
 * @param {string} target the fake's base URL
 * @param {Array<{ method: string, path: RegExp, times?: number, status?: number, lostAnswer?: boolean }>} rules
 *   each answers its first `times` (default 1) matching requests with `status` (default 502) and the page;
 *   with `lostAnswer` the request reaches the fake first (the write happened, its answer was lost)
 * @returns {Promise<{ url: string, failed: Array<{ method: string, path: string, status: number }>, close(): Promise<void> }>}
 */
export async function startFlakyFront(target, rules) {
  const left = rules.map((rule) => ({ ...rule, left: rule.times ?? 1 }));
  /** @type {Array<{ method: string, path: string, status: number }>} */
  const failed = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://front').pathname;
    const rule = left.find((r) => r.left > 0 && r.method === req.method && r.path.test(path));
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const fail = () => {
        const status = rule?.status ?? 502;
        failed.push({ method: req.method ?? '', path, status });
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(GITHUB_502_PAGE);
      };
      if (rule) rule.left--;
      if (rule && !rule.lostAnswer) return fail();
      const url = new URL(req.url ?? '/', target);
      const out = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
        if (rule) {
          answer.resume();
          answer.on('end', fail);
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.writeHead(599).end());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {{ port: number }} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    failed,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve(undefined));
      }),
  };
}
