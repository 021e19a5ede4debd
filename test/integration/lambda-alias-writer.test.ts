// The one alias writer of update-lambda-and-wait (src/alias/writer.ts) with
// the real Lambda SDK client, against moto behind the fault proxy: moto keeps
// an alias's RevisionId forever and ignores it on UpdateAlias, so the proxy
// keeps revisions as Lambda does and injects the faults. The bake engine runs
// on the real clock with one-second windows; its CloudWatch numbers come
// from a port of the test's own (the numbers are not under test here).
import { CreateAliasCommand, PublishVersionCommand, UpdateFunctionCodeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ActionFailure, recordingLog, sleep, systemClock } from '@mlship/action-kit';
import { aliasWriter, AliasChangedError, sameRevision, TRIES } from '../../actions/update-lambda-and-wait/src/alias/writer';
import { runBake, startProgress } from '../../actions/update-lambda-and-wait/src/bake/engine';
import type { MetricsPort } from '../../actions/update-lambda-and-wait/src/bake/ports';
import { parseBakeState, restoreIfUntouched, type BakeState } from '../../actions/update-lambda-and-wait/src/bake/safety-net';
import type { BakeSettings } from '../../actions/update-lambda-and-wait/src/bake/settings';
import { lambdaApi, type LambdaApi } from '../../actions/update-lambda-and-wait/src/lambda-api';
import type { Moto } from '../support/moto';
import { bakeSettings } from '../support/bake-settings';
import { startFaultProxy } from '../stack/fault-proxy/index.mjs';
import { createFunction, handlerZip, lambdaClient, spawnMoto } from '../stack/fault-proxy/fixtures.mjs';

type Proxy = Awaited<ReturnType<typeof startFaultProxy>>;
type Entry = { op?: string; status?: number; fault?: string; revisionId?: string };

let moto: Moto;
let proxy: Proxy;
let client: LambdaClient;
let api: LambdaApi;
let counter = 0;

beforeAll(async () => {
  moto = await spawnMoto();
  proxy = await startFaultProxy({ target: moto.endpoint });
  // One attempt per SDK call: the writer's own retry rule is under test.
  client = await lambdaClient(proxy.url, { maxAttempts: 1 });
  api = await lambdaApi(client);
});

afterAll(async () => {
  client?.destroy();
  await proxy?.close();
  await moto?.stop();
});

beforeEach(async () => {
  await fetch(`${proxy.url}/__fault/reset`, { method: 'POST' });
});

/** A function with versions 1 and 2 and alias live on version 1 (100%). */
async function functionWithTwoVersions(): Promise<string> {
  const name = `aw-${++counter}`;
  await createFunction(moto.endpoint, name);
  const direct = await lambdaClient(moto.endpoint);
  try {
    await direct.send(new PublishVersionCommand({ FunctionName: name }));
    await direct.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: handlerZip('v2') }));
    await direct.send(new PublishVersionCommand({ FunctionName: name }));
    await direct.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
  } finally {
    direct.destroy();
  }
  return name;
}

/** Someone else's write through the proxy, unguarded: Lambda gives it a new RevisionId even when the routing is the same. */
async function foreignWrite(name: string, version: string, weights: Record<string, number>): Promise<void> {
  await api.updateAlias(name, 'live', version, weights);
}

const ok = (e: Entry | undefined) => e?.status !== undefined && e.status >= 200 && e.status < 300;

/** The writer's waits, recorded and not slept: the retry rule is checked in milliseconds. */
function recordedSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

it('writes with the RevisionId it read, rounds weights to 0.01 %, and gets a new RevisionId back', async () => {
  const name = await functionWithTwoVersions();
  const writer = aliasWriter(api, name, 'live', recordedSleep());
  const before = await writer.read();
  const after = await writer.write('1', { '2': 0.123456 }, before?.revisionId);
  expect(after).toMatchObject({ version: '1', weights: { '2': 0.1235 } });
  expect(after.revisionId).toBeDefined();
  expect(after.revisionId).not.toBe(before?.revisionId);
  const sent = proxy.requests('UpdateAlias', name) as Entry[];
  expect(sent.map((e) => e.revisionId)).toEqual([before?.revisionId]);
  expect(ok(sent[0])).toBe(true);
});

it('refuses to overwrite a foreign write that kept the routing and changed only the RevisionId', async () => {
  const name = await functionWithTwoVersions();
  const writer = aliasWriter(api, name, 'live', recordedSleep());
  const before = await writer.read();
  await foreignWrite(name, '1', {});
  const now = await writer.read();
  expect(now).toMatchObject({ version: '1', weights: {} });
  expect(sameRevision(now, before)).toBe(false);
  const refused = await writer.write('1', { '2': 0.1 }, before?.revisionId).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(AliasChangedError);
  expect((refused as AliasChangedError).now).toMatchObject({ version: '1', weights: {}, revisionId: now?.revisionId });
  expect(await writer.read()).toMatchObject({ version: '1', weights: {} });
});

it('treats two missing RevisionIds as different revisions: no write without one', async () => {
  expect(sameRevision({}, {})).toBe(false);
  expect(sameRevision({ revisionId: 'a' }, { revisionId: 'a' })).toBe(true);
  const name = await functionWithTwoVersions();
  const writer = aliasWriter(api, name, 'live', recordedSleep());
  await expect(writer.write('2', {}, undefined)).rejects.toBeInstanceOf(AliasChangedError);
  expect(proxy.requests('UpdateAlias', name)).toEqual([]);
});

it('retries injected 5xx and throttling with doubling waits, then writes once', async () => {
  const name = await functionWithTwoVersions();
  const waits = recordedSleep();
  const writer = aliasWriter(api, name, 'live', waits);
  const before = await writer.read();
  // Seeded dice (seed 12 at these rates): throttled, throttled, 503, then the write lands.
  proxy.configure({ throttleRate: 0.3, errorRate: 0.3, errorStatus: 503, faultOps: ['UpdateAlias'], seed: 12 });
  const after = await writer.write('2', {}, before?.revisionId);
  expect(after).toMatchObject({ version: '2', weights: {} });
  const tries = proxy.requests('UpdateAlias', name) as Entry[];
  expect(tries.map((e) => e.fault ?? 'ok')).toEqual(['throttle', 'throttle', 'error', 'ok']);
  expect(tries.slice(0, 3).map((e) => e.status)).toEqual([429, 429, 503]);
  expect(ok(tries.at(-1))).toBe(true);
  expect(waits.waits).toEqual([500, 1000, 2000]);
});

it('gives up after its bounded tries with the AWS error named, and stops waiting at a cancel', async () => {
  const name = await functionWithTwoVersions();
  const waits = recordedSleep();
  const writer = aliasWriter(api, name, 'live', waits);
  const before = await writer.read();
  proxy.configure({ errorRate: 1, errorStatus: 500, faultOps: ['UpdateAlias'] });
  const failed = await writer.write('2', {}, before?.revisionId).catch((err: unknown) => err);
  expect(failed).toBeInstanceOf(ActionFailure);
  expect((failed as Error).message).toMatch(new RegExp(`^UpdateAlias failed: .*\\(${TRIES} tries\\)$`));
  expect(proxy.requests('UpdateAlias', name)).toHaveLength(TRIES);
  expect(waits.waits).toEqual([500, 1000, 2000, 4000]);
  const controller = new AbortController();
  const cancelling = aliasWriter(api, name, 'live', {
    sleep: async () => {
      controller.abort();
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    },
  });
  proxy.clearLog();
  await expect(cancelling.write('2', {}, before?.revisionId, controller.signal)).rejects.toThrow(/abort/i);
  expect(proxy.requests('UpdateAlias', name)).toHaveLength(1);
});

/** One 3-second step at 10%, judged every second as soon as a window ends. */
const settings = (): BakeSettings =>
  bakeSettings({
    steps: [{ weight: 10, bakeMs: 3000 }],
    maxErrorRate: 0.05,
    analysisIntervalMs: 1000,
    metricsDelayMs: 0,
    minInvocations: 1,
  });

/** Per-version numbers of the test's choosing; `onRead` runs before each window's answer. */
function numbers(newErrors: number, onRead: () => void | Promise<void> = () => undefined): MetricsPort {
  return {
    async window(q) {
      await onRead();
      return {
        versions: Object.fromEntries(q.versions.map((v) => [v, { invocations: 100, errors: v === '2' ? newErrors : 0 }])),
        custom: [],
      };
    },
    alarms: async () => ({}),
  };
}

async function bake(name: string, metrics: MetricsPort, onSplit: () => void = () => undefined) {
  const writer = aliasWriter(api, name, 'live', recordedSleep());
  const start = await writer.read();
  const saved: BakeState[] = [];
  const progress = startProgress(settings());
  const outcome = await runBake(
    settings(),
    { functionName: name, alias: 'live', newVersion: '2', start: start as NonNullable<typeof start> },
    {
      clock: systemClock,
      sleep,
      alias: writer,
      metrics,
      log: recordingLog(),
      onAliasWritten: (view, open) => {
        saved.push({
          open,
          region: 'us-east-1',
          functionName: name,
          alias: 'live',
          previousVersion: '1',
          newVersion: '2',
          revisionId: view.revisionId,
        });
        if (open) onSplit();
      },
    },
    progress,
  ).catch((err: unknown) => err);
  return { outcome, progress, saved, writer };
}

it('stops a bake when someone else rewrites the very same split (only the RevisionId changed), without touching the alias', async () => {
  const name = await functionWithTwoVersions();
  const { outcome, progress } = await bake(name, numbers(0), () => {
    setTimeout(() => void foreignWrite(name, '1', { '2': 0.1 }), 200);
  });
  expect(outcome).toBeInstanceOf(ActionFailure);
  expect((outcome as Error).message).toMatch(
    /Alias live was changed by someone else during the bake of version 2: it now points at version 1 \(90%\) and 10% on version 2/,
  );
  expect(progress.timeline.result).toBe('stopped');
  const writes = (proxy.requests('UpdateAlias', name) as Entry[]).filter(ok);
  // The split, then the foreign write: the bake wrote nothing after it.
  expect(writes).toHaveLength(2);
});

it('leaves the split open when the rollback write fails, and the post step then restores the previous version', async () => {
  const name = await functionWithTwoVersions();
  // The new version breaks its first window; from then on every UpdateAlias answers 500.
  const metrics = numbers(50, () => void proxy.configure({ errorRate: 1, errorStatus: 500, faultOps: ['UpdateAlias'] }));
  const { outcome, progress, saved, writer } = await bake(name, metrics);
  expect((outcome as Error).message).toMatch(/the rollback failed: UpdateAlias failed: .*; alias live may still send 10% to version 2/);
  expect(progress.timeline.result).toBe('held');
  expect(await writer.read()).toMatchObject({ version: '1', weights: { '2': 0.1 } });
  const last = saved.at(-1) as BakeState;
  expect(last.open).toBe(true);
  proxy.configure({ errorRate: 0 });
  const log = recordingLog();
  expect(await restoreIfUntouched(last, writer, log)).toBe('restored');
  expect(await writer.read()).toMatchObject({ version: '1', weights: {} });
  // A second post step finds the revision changed (by the restore itself) and leaves it.
  expect(await restoreIfUntouched(last, writer, log)).toBe('changed');
});

describe("the post step's safety net (bake/safety-net.ts) through the real writer", () => {
  const state = (name: string, revisionId: string | undefined): BakeState => ({
    open: true,
    region: 'us-east-1',
    functionName: name,
    alias: 'live',
    previousVersion: '1',
    newVersion: '2',
    revisionId,
  });

  it('leaves a split someone rewrote with the very same routing (only the RevisionId changed), and says so', async () => {
    const name = await functionWithTwoVersions();
    const writer = aliasWriter(api, name, 'live', recordedSleep());
    const split = await writer.write('1', { '2': 0.1 }, (await writer.read())?.revisionId);
    await foreignWrite(name, '1', { '2': 0.1 });
    const log = recordingLog();
    expect(await restoreIfUntouched(state(name, split.revisionId), writer, log)).toBe('changed');
    expect(log.lines).toEqual([
      {
        level: 'info',
        message:
          "Alias live was changed after this run's last write (it points at version 1 (90%) and 10% on version 2): leaving it as it is",
      },
    ]);
    expect(await writer.read()).toMatchObject({ version: '1', weights: { '2': 0.1 } });
  });

  it('restores an untouched split and warns that it did', async () => {
    const name = await functionWithTwoVersions();
    const writer = aliasWriter(api, name, 'live', recordedSleep());
    const split = await writer.write('1', { '2': 0.1 }, (await writer.read())?.revisionId);
    const log = recordingLog();
    expect(await restoreIfUntouched({ ...state(name, split.revisionId), previousVersion: '1' }, writer, log)).toBe('restored');
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message: `The bake of version 2 did not finish: alias live of ${name} put back to version 1 (100%) by the post step`,
      },
    ]);
  });

  it('fails with a warning, never a throw, when the restore write keeps failing', async () => {
    const name = await functionWithTwoVersions();
    const writer = aliasWriter(api, name, 'live', recordedSleep());
    const split = await writer.write('1', { '2': 0.1 }, (await writer.read())?.revisionId);
    proxy.configure({ errorRate: 1, errorStatus: 500, faultOps: ['UpdateAlias'] });
    const log = recordingLog();
    expect(await restoreIfUntouched(state(name, split.revisionId), writer, log)).toBe('failed');
    expect(log.lines.at(-1)?.message).toMatch(/^The post step could not put alias live back to version 1: UpdateAlias failed/);
  });

  it('reads only an open state back: a closed, broken or empty one is nothing to restore', () => {
    expect(parseBakeState(JSON.stringify(state('f', 'r1')))).toMatchObject({ open: true, revisionId: 'r1' });
    expect(parseBakeState(JSON.stringify({ ...state('f', 'r1'), open: false }))).toBeUndefined();
    expect(parseBakeState('{not json')).toBeUndefined();
    expect(parseBakeState('null')).toBeUndefined();
    expect(parseBakeState(undefined)).toBeUndefined();
  });
});
