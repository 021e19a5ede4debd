// The fault proxy's behaviours, each checked with the real Lambda SDK client
// pointed at it, in front of a moto of this suite's own.
import {
  CreateAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { Moto } from '../support/moto';
import { resolvedImageUri, startFaultProxy } from '../stack/fault-proxy/index.mjs';
import { createFunction, handlerZip, lambdaClient, spawnMoto } from '../stack/fault-proxy/fixtures.mjs';

type Proxy = Awaited<ReturnType<typeof startFaultProxy>>;

let moto: Moto;
let proxy: Proxy;
let client: LambdaClient;
let counter = 0;

beforeAll(async () => {
  moto = await spawnMoto();
  proxy = await startFaultProxy({ target: moto.endpoint });
  // One attempt: the test sees each injected fault instead of the SDK retrying it away.
  client = await lambdaClient(proxy.url, { maxAttempts: 1 });
});

afterAll(async () => {
  client?.destroy();
  await proxy?.close();
  await moto?.stop();
});

beforeEach(async () => {
  await fetch(`${proxy.url}/__fault/reset`, { method: 'POST' });
});

async function newFunction(): Promise<string> {
  const name = `fp-${++counter}`;
  await createFunction(moto.endpoint, name);
  return name;
}

const status = async (name: string) => (await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).LastUpdateStatus;
const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err) => err,
  );
}

it('keeps LastUpdateStatus InProgress for the configured time after UpdateFunctionCode, in both read operations', async () => {
  const name = await newFunction();
  proxy.configure({ updateMs: 800 });
  const update = await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: handlerZip('v1') }));
  expect(update.LastUpdateStatus).toBe('InProgress');
  expect(await status(name)).toBe('InProgress');
  expect((await client.send(new GetFunctionCommand({ FunctionName: name }))).Configuration?.LastUpdateStatus).toBe('InProgress');
  await sleepMs(900);
  expect(await status(name)).toBe('Successful');
  expect((await client.send(new GetFunctionCommand({ FunctionName: name }))).Configuration?.LastUpdateStatus).toBe('Successful');
});

it('keeps UpdateFunctionConfiguration InProgress too, and accepts a full ARN as the function name', async () => {
  const name = await newFunction();
  proxy.configure({ updateMs: 500 });
  const arn = `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
  await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: arn, Timeout: 5 }));
  expect(await status(arn)).toBe('InProgress');
  await sleepMs(600);
  expect(await status(name)).toBe('Successful');
});

it('answers ResourceConflictException (409, x-amzn-errortype) to updates, PublishVersion and alias writes during the window', async () => {
  const name = await newFunction();
  const published = await client.send(new PublishVersionCommand({ FunctionName: name }));
  await client.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: published.Version }));
  proxy.configure({ updateMs: 1500 });
  await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: handlerZip('v2') }));
  const attempts = [
    client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: handlerZip('v3') })),
    client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 9 })),
    client.send(new PublishVersionCommand({ FunctionName: name })),
    client.send(new CreateAliasCommand({ FunctionName: name, Name: 'canary', FunctionVersion: published.Version })),
    client.send(new UpdateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: published.Version })),
  ];
  for (const attempt of attempts) {
    const err = await errorOf(attempt);
    expect(err.name).toBe('ResourceConflictException');
    expect(err.$metadata?.httpStatusCode).toBe(409);
    expect(err.message).toContain(`An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:${name}`);
  }
  expect(proxy.requests(undefined, name).filter((e: { fault?: string }) => e.fault === 'conflict')).toHaveLength(5);
});

it('simulates an update by someone else through the control API', async () => {
  const name = await newFunction();
  const res = await fetch(`${proxy.url}/__fault/update`, { method: 'POST', body: JSON.stringify({ function: name, durationMs: 700 }) });
  expect(((await res.json()) as { by: string }).by).toBe('someone-else');
  expect(await status(name)).toBe('InProgress');
  expect((await errorOf(client.send(new PublishVersionCommand({ FunctionName: name })))).name).toBe('ResourceConflictException');
  await sleepMs(800);
  expect(await status(name)).toBe('Successful');
  expect((await client.send(new PublishVersionCommand({ FunctionName: name }))).Version).toBeDefined();
});

it('ends an update Failed with a reason and a reason code, until the next update', async () => {
  const name = await newFunction();
  await fetch(`${proxy.url}/__fault/config`, {
    method: 'POST',
    body: JSON.stringify({
      functions: { [name]: { updateMs: 300, outcome: 'Failed', reason: 'Image not found', reasonCode: 'ImageAccessDenied' } },
    }),
  });
  await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: handlerZip('bad') }));
  expect(await status(name)).toBe('InProgress');
  await sleepMs(400);
  const conf = await client.send(new GetFunctionCommand({ FunctionName: name }));
  expect(conf.Configuration).toMatchObject({
    LastUpdateStatus: 'Failed',
    LastUpdateStatusReason: 'Image not found',
    LastUpdateStatusReasonCode: 'ImageAccessDenied',
  });
  proxy.configure({ functions: { [name]: { updateMs: 0 } } });
  await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: handlerZip('good') }));
  expect(await status(name)).toBe('Successful');
});

it('keeps a new version State Pending for a while after PublishVersion', async () => {
  const name = await newFunction();
  proxy.configure({ versionPendingMs: 500 });
  const published = await client.send(new PublishVersionCommand({ FunctionName: name }));
  expect(published.State).toBe('Pending');
  const versionState = async () =>
    (await client.send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: published.Version }))).State;
  expect(await versionState()).toBe('Pending');
  expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).State).toBe('Active');
  await sleepMs(600);
  expect(await versionState()).toBe('Active');
});

it('injects TooManyRequestsException (429), 5xx and dropped connections at the configured rates, repeatably', async () => {
  const name = await newFunction();
  const tally = async () => {
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const key = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name })).then(
        () => 'ok',
        (err: { name: string; $metadata?: { httpStatusCode?: number } }) => `${err.name}:${err.$metadata?.httpStatusCode ?? 'none'}`,
      );
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    return outcomes;
  };
  proxy.configure({ throttleRate: 0.2, errorRate: 0.1, dropRate: 0.1, seed: 7 });
  const first = await tally();
  expect(first['TooManyRequestsException:429']).toBeGreaterThan(20);
  expect(first['ServiceException:500']).toBeGreaterThan(8);
  const dropped = Object.entries(first).filter(([key]) => key.endsWith(':none'));
  expect(dropped.reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThan(8);
  expect(first['ok']).toBeGreaterThan(100);
  proxy.configure({ seed: 7 });
  expect(await tally()).toEqual(first);
});

it('limits faults to chosen operations', async () => {
  const name = await newFunction();
  proxy.configure({ throttleRate: 1, faultOps: ['PublishVersion'] });
  expect(await status(name)).toBe('Successful');
  expect((await errorOf(client.send(new PublishVersionCommand({ FunctionName: name })))).name).toBe('TooManyRequestsException');
});

it('logs every request with its time, operation and the status it answered', async () => {
  const name = await newFunction();
  const before = Date.now();
  await status(name);
  await status(name);
  await client.send(new GetFunctionCommand({ FunctionName: name }));
  const log = (await (await fetch(`${proxy.url}/__fault/log?since=${before}`)).json()) as Array<{
    op: string;
    function: string;
    time: number;
    status: number;
    lastUpdateStatus: string;
  }>;
  expect(log.map((e) => e.op)).toEqual(['GetFunctionConfiguration', 'GetFunctionConfiguration', 'GetFunction']);
  for (const entry of log) {
    expect(entry).toMatchObject({ function: name, status: 200, lastUpdateStatus: 'Successful' });
    expect(entry.time).toBeGreaterThanOrEqual(before);
  }
  await fetch(`${proxy.url}/__fault/log`, { method: 'DELETE' });
  expect(proxy.log).toHaveLength(0);
});

it('lets someone else race one chosen operation once (raceOn), then behaves', async () => {
  const name = await newFunction();
  proxy.configure({ functions: { [name]: { raceOn: 'PublishVersion', raceMs: 400 } } });
  expect((await errorOf(client.send(new PublishVersionCommand({ FunctionName: name })))).name).toBe('ResourceConflictException');
  expect(await status(name)).toBe('InProgress');
  await sleepMs(500);
  expect((await client.send(new PublishVersionCommand({ FunctionName: name }))).Version).toBe('1');
  expect(proxy.updates().find((u: { function: string }) => u.function === name)).toMatchObject({ by: 'someone-else', durationMs: 400 });
});

it('runs as a CLI, controlled over HTTP', async () => {
  const { spawn } = await import('node:child_process');
  const name = await newFunction();
  const cli = spawn(
    process.execPath,
    [new URL('../stack/fault-proxy/cli.mjs', import.meta.url).pathname, '--target', moto.endpoint, '--update-ms', '600'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      cli.stdout.on('data', (chunk: Buffer) => {
        const match = /listening on (http:\/\/[\d.:]+)/.exec(chunk.toString());
        if (match) resolve(match[1] as string);
      });
      cli.once('exit', (code) => reject(new Error(`cli exited ${code}`)));
    });
    const viaCli = await lambdaClient(url, { maxAttempts: 1 });
    await viaCli.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: handlerZip('cli') }));
    expect((await viaCli.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).LastUpdateStatus).toBe('InProgress');
    const config = (await (await fetch(`${url}/__fault/config`, { method: 'POST', body: JSON.stringify({ throttleRate: 1 }) })).json()) as {
      updateMs: number;
      throttleRate: number;
    };
    expect(config).toMatchObject({ updateMs: 600, throttleRate: 1 });
    expect((await errorOf(viaCli.send(new GetFunctionConfigurationCommand({ FunctionName: name })))).name).toBe('TooManyRequestsException');
    viaCli.destroy();
  } finally {
    cli.kill('SIGTERM');
  }
});

describe("AWS's ResolvedImageUri shape, repo@sha256:<hex>", () => {
  const repo = '123456789012.dkr.ecr.us-east-1.amazonaws.com/model';
  const digest = `sha256:${'ab'.repeat(32)}`;

  it("mends moto's doubled algorithm (repo@sha256@sha256:<hex>) and leaves AWS's shape alone", () => {
    expect(resolvedImageUri(`${repo}@sha256@${digest}`)).toBe(`${repo}@${digest}`);
    expect(resolvedImageUri(`${repo}@${digest}`)).toBe(`${repo}@${digest}`);
    expect(resolvedImageUri(undefined)).toBeUndefined();
  });

  it('is what GetFunction answers through the proxy for a function deployed by digest', async () => {
    const name = `fp-${++counter}`;
    await createFunction(moto.endpoint, name, { packageType: 'Image', imageUri: `${repo}@${digest}` });
    const fn = await client.send(new GetFunctionCommand({ FunctionName: name }));
    expect(fn.Code?.ResolvedImageUri).toMatch(/^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/model@sha256:[0-9a-f]{64}$/);
  });
});
