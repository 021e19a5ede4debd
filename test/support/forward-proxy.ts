/**
 * A forward proxy of the kind companies put in front of self-hosted runners:
 * CONNECT tunnels (https, and undici for any URL) and absolute-URI requests
 * (plain http through http-proxy-agent). Its host names exist only here
 * (`github.mlship.test` and the like resolve in no DNS), so a client that
 * ignores the proxy fails with ENOTFOUND instead of passing by accident.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ForwardProxy {
  url: string;
  /** `CONNECT host:port` or `GET http://host:port/path`, in arrival order. */
  seen: string[];
  /** Proxy-Authorization headers received. */
  authorizations: string[];
  /** Maps a host name to a local port; call before the client starts. */
  route(host: string, port: number): void;
  close(): Promise<void>;
}

export async function startForwardProxy(options: { basicAuth?: string } = {}): Promise<ForwardProxy> {
  const hosts = new Map<string, number>();
  const seen: string[] = [];
  const authorizations: string[] = [];
  const sockets = new Set<Socket>();
  const expected = options.basicAuth ? `Basic ${Buffer.from(options.basicAuth).toString('base64')}` : undefined;
  const allowed = (req: IncomingMessage): boolean => {
    const auth = req.headers['proxy-authorization'];
    if (auth) authorizations.push(auth);
    return expected === undefined || auth === expected;
  };

  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (!allowed(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="proxy"' }).end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URI expected');
      return;
    }
    const port = hosts.get(target.hostname);
    if (port === undefined) {
      res.writeHead(502).end(`unknown host ${target.hostname}`);
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: target.pathname + target.search, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end('upstream failed'));
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (!allowed(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n\r\n');
      return;
    }
    const [host = '', portText] = (req.url ?? '').split(':');
    const port = hosts.get(host);
    if (port === undefined || portText === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    authorizations,
    route: (host, port) => hosts.set(host, port),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
