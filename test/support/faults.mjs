// Network and runner faults for tests and benches, each the real thing rather
// than a stub: a TCP endpoint that accepts and then never answers (a hung AWS
// or GitHub API), a FIFO nothing ever writes to, and a way to send a running
// bundle the runner's stop signal. Plain JS so plain-node scripts share it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Listens on a free loopback port, accepts every connection, reads what it is
 * sent and never writes a byte back: the request is in flight until the
 * client gives up.
 * `requests` counts the connections that carried a request: Node 24's fetch
 * (undici 7) may open a spare connection beside the one it sends on.
 * @returns {Promise<{ url: string, port: number, connections: () => number, requests: () => number, close(): Promise<void> }>}
 */
export async function startSilentEndpoint() {
  const sockets = new Set();
  let accepted = 0;
  let requests = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    let sent = false;
    socket.on('data', () => {
      if (!sent) requests++;
      sent = true;
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {{ port: number }} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => accepted,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      }),
  };
}

/**
 * A named pipe nobody writes to: opening it for reading blocks until a writer
 * comes, which never happens.
 * @returns {string} its path
 */
export function makeFifo(name = 'metrics.json') {
  const dir = mkdtempSync(join(tmpdir(), 'fifo-'));
  const path = join(dir, name);
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo ${path} failed: ${made.stderr}`);
  return path;
}

/**
 * Waits until `predicate(output)` holds for a child's stdout and stderr so far, then
 * sends it `signal` and resolves with the time it was sent.
 * @param {import('node:child_process').ChildProcess} child
 * @param {(stdout: string) => boolean} predicate
 * @param {NodeJS.Signals} [signal]
 * @returns {Promise<number>} performance.now() when the signal was sent
 */
export function signalWhen(child, predicate, signal = 'SIGINT') {
  let seen = '';
  return new Promise((resolve, reject) => {
    const check = (chunk) => {
      seen += chunk.toString();
      if (!predicate(seen)) return;
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.kill(signal);
      resolve(performance.now());
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', () => reject(new Error(`the child exited before it was signalled; its output:\n${seen}`)));
  });
}
