import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordingKit } from '../../../test/support/recording-kit';
import { smokeTest } from '../src/smoke';

const SECRET = 'sk-live-0123456789abcdef';
let server: Server;
let url: string;

beforeAll(async () => {
  // Echoes the key back: a careless log line or report would then carry it.
  server = createServer((req, res) => res.end(`key ${String(req.headers['x-api-key'])}`));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

it('masks every header secret before anything else reaches the log', async () => {
  const events: string[] = [];
  const passed = await smokeTest({
    signal: new AbortController().signal,
    env: { INPUT_URL: url, INPUT_HEADERS: `X-Api-Key: ${SECRET}`, 'INPUT_EXPECT-BODY-CONTAINS': 'nothing like this' },
    loadKit: async () => recordingKit(events),
  });
  expect(passed).toBe(false);
  expect(events[0]).toBe(`mask ${SECRET}`);
  expect(events.filter((event) => event.startsWith('mask'))).toEqual([`mask ${SECRET}`]);
  // The body echoed the key; everything after the mask is redacted as well.
  expect(events.slice(1).filter((event) => event.includes(SECRET))).toEqual([]);
});
