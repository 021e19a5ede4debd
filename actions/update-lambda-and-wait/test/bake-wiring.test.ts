// What main.ts wires in for a bake (src/bake/wiring.ts): the state the post
// step's safety net reads back, the bounded signal for the write after a
// cancel, and the CloudWatch client, here against a local HTTP server that
// answers every call with a 500 (no AWS, no stack).
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Toolkit } from '@mlship/action-kit';
import { bakeWiring } from '../src/bake/wiring';
import type { Inputs } from '../src/inputs';

const inputs = (over: Partial<Inputs> = {}): Inputs => ({
  functionName: 'fn',
  source: { kind: 'none' },
  version: '5',
  alias: 'live',
  publish: true,
  versionDescription: '',
  waitTimeoutMs: 60_000,
  pollIntervalMs: 1000,
  dryRun: false,
  region: 'eu-west-3',
  ...over,
});

function kit() {
  const states: Array<[string, string]> = [];
  const core = { saveState: (name: string, value: string) => void states.push([name, value]) } as unknown as Toolkit['core'];
  return { kit: { core } as Toolkit, states };
}

describe('bakeWiring', () => {
  it('saves the state the post step reads back after every alias write: open while split, with the revision written', () => {
    const { kit: toolkit, states } = kit();
    const wiring = bakeWiring(inputs(), toolkit);
    wiring.onAliasWritten?.({ version: '4', weights: { '5': 0.1 }, revisionId: 'r2' }, true, { previousVersion: '4', newVersion: '5' });
    wiring.onAliasWritten?.({ version: '5', weights: {}, revisionId: 'r3' }, false, { previousVersion: '4', newVersion: '5' });
    expect(states.map(([name]) => name)).toEqual(['bake', 'bake']);
    expect(states.map(([, value]) => JSON.parse(value))).toEqual([
      { open: true, region: 'eu-west-3', functionName: 'fn', alias: 'live', previousVersion: '4', newVersion: '5', revisionId: 'r2' },
      { open: false, region: 'eu-west-3', functionName: 'fn', alias: 'live', previousVersion: '4', newVersion: '5', revisionId: 'r3' },
    ]);
  });

  it('gives the write after a cancel a fresh signal of its own, not yet aborted', () => {
    const wiring = bakeWiring(inputs(), kit().kit);
    const signal = wiring.cleanupSignal?.();
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted).toBe(false);
  });

  it('closing before any CloudWatch client was made is a no-op', () => {
    expect(() => bakeWiring(inputs(), kit().kit).close()).not.toThrow();
  });

  describe('the CloudWatch client', () => {
    let server: Server;
    const requests: IncomingMessage[] = [];
    const sockets: Socket[] = [];
    const saved = { ...process.env };

    beforeAll(async () => {
      server = createServer((req, res) => {
        requests.push(req);
        req.resume();
        req.on('end', () => {
          res.writeHead(500, { 'content-type': 'text/xml' });
          res.end('<ErrorResponse><Error><Code>InternalFailure</Code><Message>down</Message></Error></ErrorResponse>');
        });
      });
      server.keepAliveTimeout = 60_000;
      server.on('connection', (socket: Socket) => sockets.push(socket));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
      process.env.AWS_SECRET_ACCESS_KEY = 'secret';
      delete process.env.AWS_PROFILE;
      delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
      delete process.env.HTTPS_PROXY;
      delete process.env.https_proxy;
      delete process.env.HTTP_PROXY;
      delete process.env.http_proxy;
    });

    afterAll(async () => {
      process.env = saved;
      server.closeAllConnections();
      server.close();
    });

    it('reads in the input region, tries a failing read 3 times in all, and close() lets go of its connection', async () => {
      const wiring = bakeWiring(inputs(), kit().kit);
      const port = await wiring.metrics('fn', 'live');
      await expect(port.alarms(['model-errors'])).rejects.toThrow();
      expect(requests).toHaveLength(3);
      expect(requests[0]?.headers.authorization).toMatch(/\/eu-west-3\/monitoring\/aws4_request/);
      const open = sockets.filter((s) => !s.destroyed);
      expect(open.length).toBeGreaterThan(0);
      const closed = Promise.all(open.map((s) => once(s, 'close')));
      wiring.close();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise((resolve) => (timer = setTimeout(() => resolve('still open'), 2000)));
      await expect(Promise.race([closed.then(() => 'closed'), late])).resolves.toBe('closed');
      clearTimeout(timer);
    });
  });
});
