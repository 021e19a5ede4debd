import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Toolkit } from '@mlship/action-kit';
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

/** A toolkit that records every call, in order, as the runner would see them. */
function recordingKit(events: string[]): Toolkit {
  const record = (kind: string) => (text: string) => void events.push(`${kind} ${text}`);
  return {
    core: {} as Toolkit['core'],
    log: {
      info: record('info'),
      warning: record('warning'),
      error: record('error'),
      notice: record('notice'),
      debug: record('debug'),
      mask: record('mask'),
      group: async (title, body) => (events.push(`group ${title}`), body()),
    },
    setOutputs: (outputs) => void events.push(`outputs ${JSON.stringify(outputs)}`),
    setReport: (report) => void events.push(`report ${JSON.stringify(report)}`),
    writeSummary: async (markdown) => void events.push(`summary ${markdown}`),
  };
}

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
