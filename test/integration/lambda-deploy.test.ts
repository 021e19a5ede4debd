// update-lambda-and-wait end to end: the committed bundle, run as the runner
// runs it, against moto behind the Lambda fault proxy (which fakes the
// InProgress windows, conflicts and faults moto never shows).
import { spawn } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListVersionsByFunctionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { TEST_CREDENTIALS, type Moto } from '../support/moto';
import { actionDefaults, nodeRuntimes, repoRoot, type RunOptions } from '../support/run-action';
import { createFunction, handlerZip } from '../stack/fault-proxy/fixtures.mjs';
import { startLambdaStack, type LambdaStack, type LogEntry, type Proxy } from '../support/lambda-stack';
import { codeSha256, zipDirectory } from '../../actions/update-lambda-and-wait/src/deploy/zip';

const ACTION = 'update-lambda-and-wait';
const [node24] = nodeRuntimes();
let stack: LambdaStack;
let moto: Moto;
let proxy: Proxy;
let lambda: LambdaClient;
let workspace: string;
let counter = 0;

beforeAll(async () => {
  stack = await startLambdaStack({ 'v1.zip': 'v1', 'v2.zip': 'v2', 'v3.zip': 'v3' });
  ({ moto, proxy, lambda, workspace } = stack);
});

afterAll(async () => {
  await stack?.close();
});

async function newFunction(options: { packageType?: 'Zip' | 'Image' } = {}): Promise<string> {
  const name = `deploy-${++counter}`;
  await createFunction(moto.endpoint, name, options);
  return name;
}

const deploy = (inputs: Record<string, string>, options: RunOptions = {}) => stack.deploy(inputs, { node: node24?.path, ...options });
const calls = (name: string, op?: string): LogEntry[] => stack.calls(name, op);

function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe.each(nodeRuntimes())('on $label', (runtime) => {
  it('deploys a zip, publishes version 1, sets outputs and the report, keeps environment variables', async () => {
    const name = await newFunction();
    const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip' }, { node: runtime.path });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    const arn = `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
    expect(result.outputs).toMatchObject({
      'function-arn': arn,
      version: '1',
      'version-arn': `${arn}:1`,
      'code-sha256': codeSha256(handlerZip('v1')),
    });
    expect(Number(result.outputs['update-seconds'])).toBeLessThan(2);
    expect(result.report()).toMatchObject({
      action: ACTION,
      schema: 1,
      outcome: 'success',
      functionName: name,
      packageType: 'Zip',
      codeSource: 'zip',
      version: '1',
      dryRun: false,
    });
    expect(result.summary).toContain(`update-lambda-and-wait: ${name}`);
    expect(result.summary).toContain('console.aws.amazon.com/lambda');
    const conf = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(conf.Environment?.Variables).toEqual({ MODEL_STAGE: 'prod', KEEP: 'me' });
    expect(calls(name, 'UpdateFunctionConfiguration')).toHaveLength(0);
  });
});

it('waits out a 3 s update at a fixed 1 s cadence and notices it within one interval', async () => {
  const name = await newFunction();
  proxy.configure({ functions: { [name]: { updateMs: 3000 } } });
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', publish: 'false' });
  expect(result.errors).toEqual([]);
  const seconds = Number(result.outputs['update-seconds']);
  expect(seconds).toBeGreaterThanOrEqual(3);
  expect(seconds).toBeLessThan(4.5);
  expect(result.outputs['version']).toBe('$LATEST');
  const [update] = proxy.updates().filter((u: { function: string }) => u.function === name) as Array<{ start: number; end: number }>;
  const polls = calls(name, 'GetFunction').filter((e) => e.time >= (update as { start: number }).start);
  const gaps = polls.slice(1).map((e, i) => e.time - (polls[i] as LogEntry).time);
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(900);
  expect(polls.length).toBeLessThanOrEqual(5);
  const noticed = polls.at(-1) as LogEntry;
  expect(noticed.time - (update as { end: number }).end).toBeLessThan(1100);
});

it('waits out a 20 s update with at most one GetFunction per poll-interval', async () => {
  const name = await newFunction();
  proxy.configure({ functions: { [name]: { updateMs: 20_000 } } });
  const result = await deploy({ 'function-name': name, 'zip-file': 'v2.zip', 'poll-interval': '2s' });
  expect(result.errors).toEqual([]);
  const seconds = Number(result.outputs['update-seconds']);
  expect(seconds).toBeGreaterThanOrEqual(20);
  expect(seconds).toBeLessThan(22.5);
  expect(calls(name, 'GetFunction').length).toBeLessThanOrEqual(1 + 11 + 1);
}, 60_000);

it('fails with the reason and reason code when the update ends Failed', async () => {
  const name = await newFunction();
  proxy.configure({
    functions: {
      [name]: {
        updateMs: 1000,
        outcome: 'Failed',
        reason: 'Unzipped size must be smaller than 262144000 bytes',
        reasonCode: 'InvalidZipFileException',
      },
    },
  });
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live' });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([
    `The update of ${name} failed: Unzipped size must be smaller than 262144000 bytes (InvalidZipFileException)`,
  ]);
  expect(result.report()).toMatchObject({ outcome: 'failure', lastUpdateStatus: 'Failed' });
  expect(calls(name, 'PublishVersion')).toHaveLength(0);
  expect(calls(name, 'CreateAlias')).toHaveLength(0);
  expectNoStack(result.stdout + result.stderr);
});

it('waits for an update someone else has in progress before updating', async () => {
  const name = await newFunction();
  proxy.startUpdate(name, { durationMs: 2500 });
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip' });
  expect(result.errors).toEqual([]);
  expect(result.stdout).toContain(`Before updating: waiting for the update in progress on ${name}`);
  expect(result.report()['waitedForOthersSeconds']).toBeGreaterThanOrEqual(1.5);
  const [first] = calls(name, 'UpdateFunctionCode');
  const theirs = proxy.updates().find((u: { function: string }) => u.function === name) as { end: number } | undefined;
  expect(first).toBeDefined();
  expect(proxy.requests('UpdateFunctionCode', name).filter((e: LogEntry) => e.fault === 'conflict')).toHaveLength(0);
  expect(theirs).toBeDefined();
});

it('on ResourceConflictException waits for the other update, says so, and retries', async () => {
  const name = await newFunction();
  proxy.configure({ functions: { [name]: { raceOn: 'PublishVersion', raceMs: 2000 } } });
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live' });
  expect(result.errors).toEqual([]);
  expect(result.stdout).toContain(
    'PublishVersion: another update of the function is in progress (ResourceConflictException); waiting for it to finish, then retrying',
  );
  expect(proxy.requests('PublishVersion', name).map((e: LogEntry) => e.fault ?? 'ok')).toEqual(['conflict', 'ok']);
  expect(result.outputs['version']).toBe('1');
});

it('rides out throttling, 5xx and dropped connections on a share of requests', async () => {
  const name = await newFunction();
  proxy.configure({ throttleRate: 0.25, errorRate: 0.1, dropRate: 0.05, seed: 11, functions: { [name]: { updateMs: 2000 } } });
  try {
    const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live' });
    expect(result.errors).toEqual([]);
    expect(result.outputs['version']).toBe('1');
    const faults = (proxy.requests(undefined, name) as LogEntry[]).filter((e) => e.fault);
    expect(faults.length).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/throttled|transient error|polling again/);
  } finally {
    proxy.configure({ throttleRate: 0, errorRate: 0, dropRate: 0 });
  }
});

it('times out saying how long it waited and in what state the function was', async () => {
  const name = await newFunction();
  proxy.configure({ functions: { [name]: { updateMs: 60_000 } } });
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', 'wait-timeout': '3s', 'poll-interval': '500ms' });
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(
    new RegExp(`^Timed out after [23]\\.\\ds waiting for the update of ${name} \\(wait-timeout\\): LastUpdateStatus InProgress`),
  );
  expect(result.durationMs).toBeLessThan(8000);
});

it('creates, updates, splits (canary), promotes and rolls back an alias', async () => {
  const name = await newFunction();
  const alias = async () => lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }));
  const first = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live' });
  expect(first.errors).toEqual([]);
  expect(first.outputs).toMatchObject({ version: '1', 'alias-arn': `arn:aws:lambda:us-east-1:123456789012:function:${name}:live` });
  expect(first.outputs['previous-version']).toBeUndefined();
  expect((await alias()).FunctionVersion).toBe('1');

  const second = await deploy({ 'function-name': name, 'zip-file': 'v2.zip', alias: 'live' });
  expect(second.outputs).toMatchObject({ version: '2', 'previous-version': '1' });
  expect((await alias()).FunctionVersion).toBe('2');

  const canary = await deploy({ 'function-name': name, 'zip-file': 'v3.zip', alias: 'live', 'canary-weight': '0.1' });
  expect(canary.errors).toEqual([]);
  expect(canary.outputs).toMatchObject({ version: '3', 'previous-version': '2' });
  expect(await alias()).toMatchObject({ FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: { '3': 0.1 } } });
  expect(canary.report()['alias']).toMatchObject({ name: 'live', version: '2', weights: { '3': 0.1 } });
  expect(canary.summary).toContain('10% on 3');

  const promote = await deploy({ 'function-name': name, alias: 'live', version: '3' });
  expect(promote.errors).toEqual([]);
  expect(promote.outputs).toMatchObject({ version: '3', 'previous-version': '2' });
  const promoted = await alias();
  expect(promoted.FunctionVersion).toBe('3');
  expect(promoted.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});

  const rollback = await deploy({ 'function-name': name, alias: 'live', version: promote.outputs['previous-version'] as string });
  expect(rollback.outputs).toMatchObject({ version: '2', 'previous-version': '3' });
  expect((await alias()).FunctionVersion).toBe('2');
  expect(calls(name, 'UpdateFunctionCode')).toHaveLength(3);
}, 60_000);

it('deploys an image to an Image function and reports the resolved image', async () => {
  const name = await newFunction({ packageType: 'Image' });
  const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:v2';
  const result = await deploy({ 'function-name': `arn:aws:lambda:us-east-1:123456789012:function:${name}`, 'image-uri': image });
  expect(result.errors).toEqual([]);
  expect(result.outputs['version']).toBe('1');
  expect(result.report()).toMatchObject({ packageType: 'Image', codeSource: 'image' });
  expect(result.outputs['resolved-image-uri']).toMatch(/^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/model@sha256:/);
  expect(result.summary).toContain(result.outputs['resolved-image-uri'] as string);
  const deployed = await lambda.send(new GetFunctionCommand({ FunctionName: name, Qualifier: '1' }));
  expect(deployed.Configuration?.PackageType).toBe('Image');
  expect(deployed.Code?.ImageUri).toBe(image);
});

it('deploys a zip from S3', async () => {
  const name = await newFunction();
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: 'artifacts' }));
  await s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: `lambda/${name}.zip`, Body: handlerZip('from-s3') }));
  s3.destroy();
  const result = await deploy({ 'function-name': name, 's3-bucket': 'artifacts', 's3-key': `lambda/${name}.zip` });
  expect(result.errors).toEqual([]);
  expect(result.outputs['code-sha256']).toBe(codeSha256(handlerZip('from-s3')));
  expect(result.report()).toMatchObject({ codeSource: 's3', version: '1' });
});

it('zips a directory deterministically: same content, same CodeSha256, whatever the timestamps', async () => {
  const name = await newFunction();
  const dir = join(workspace, 'src-dir');
  mkdirSync(join(dir, 'pkg'), { recursive: true });
  writeFileSync(join(dir, 'index.py'), 'def handler(e, c):\n    return 1\n');
  writeFileSync(join(dir, 'pkg', 'model.txt'), 'weights');
  const first = await deploy({ 'function-name': name, 'zip-file': 'src-dir', publish: 'false' });
  expect(first.errors).toEqual([]);
  utimesSync(join(dir, 'index.py'), new Date(2030, 1, 1), new Date(2030, 1, 1));
  const second = await deploy({ 'function-name': name, 'zip-file': 'src-dir', publish: 'false' });
  expect(second.outputs['code-sha256']).toBe(first.outputs['code-sha256']);
  expect(first.outputs['code-sha256']).toBe(codeSha256(await zipDirectory(dir)));
});

it('dry run checks the function, alias and version and changes nothing', async () => {
  const name = await newFunction();
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live', 'dry-run': 'true' });
  expect(result.errors).toEqual([]);
  expect(result.stdout).toContain('Dry run: checks passed, nothing was changed');
  expect(result.report()).toMatchObject({ dryRun: true, outcome: 'success', codeSha256: codeSha256(handlerZip('v1')) });
  const writes = (proxy.requests(undefined, name) as LogEntry[]).filter((e) => !/^Get|^List/.test(e.op));
  expect(writes).toEqual([]);
  const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
  expect(versions.Versions?.map((v) => v.Version)).toEqual(['$LATEST']);

  const missing = await deploy({ 'function-name': name, alias: 'live', version: '9', 'dry-run': 'true' });
  expect(missing.code).toBe(1);
  expect(missing.errors).toEqual([`version 9 of ${name} does not exist: publish it first or pick an existing version`]);
});

it('refuses a code source that does not fit the package type, changing nothing', async () => {
  const name = await newFunction();
  const result = await deploy({ 'function-name': name, 'image-uri': '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:v1' });
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toContain(`function ${name} is a Zip function but image-uri was given`);
  expect(calls(name, 'UpdateFunctionCode')).toHaveLength(0);
  const image = await newFunction({ packageType: 'Image' });
  const wrong = await deploy({ 'function-name': image, 'zip-file': 'v1.zip' });
  expect(wrong.errors[0]).toContain(`function ${image} is an Image function but zip-file was given`);
});

it('names a function that does not exist, and role to create it', async () => {
  const result = await deploy({ 'function-name': 'no-such-function', 'zip-file': 'v1.zip' });
  expect(result.code).toBe(1);
  expect(result.errors[0]).toContain('function no-such-function does not exist in region us-east-1 and input role is not set');
});

it('stops polling at once when the job is cancelled (SIGTERM)', async () => {
  const name = await newFunction();
  proxy.configure({ functions: { [name]: { updateMs: 60_000 } } });
  const inputs: Record<string, string> = { ...actionDefaults(ACTION), 'function-name': name, 'zip-file': 'v1.zip' };
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: '/root',
    GITHUB_WORKSPACE: workspace,
    ...moto.env,
    AWS_ENDPOINT_URL_LAMBDA: proxy.url,
  };
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value;
  const child = spawn(node24?.path ?? process.execPath, [join(repoRoot, 'dist', ACTION, 'index.js')], {
    env,
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while (calls(name, 'GetFunction').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const killedAt = Date.now();
  child.kill('SIGTERM');
  const code = await exited;
  expect(Date.now() - killedAt).toBeLessThan(1000);
  expect(code).toBe(1);
  expect(stdout).toContain('::error::Cancelled');
  const after = calls(name, 'GetFunction').filter((e) => e.time > killedAt + 50);
  expect(after).toEqual([]);
});

it('waits for a published version that is still Pending to become Active before moving the alias', async () => {
  const name = await newFunction();
  proxy.configure({ versionPendingMs: 2000 });
  try {
    const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live' });
    expect(result.errors).toEqual([]);
    expect(result.stdout).toContain('Published version 1 (State Pending)');
    const versionPolls = calls(name, 'GetFunctionConfiguration').filter((e) => (e as { qualifier?: string }).qualifier === '1');
    expect(versionPolls.length).toBeGreaterThanOrEqual(2);
    const aliasCreated = calls(name, 'CreateAlias')[0] as LogEntry;
    const published = calls(name, 'PublishVersion')[0] as LogEntry;
    expect(aliasCreated.time - published.time).toBeGreaterThanOrEqual(1900);
  } finally {
    proxy.configure({ versionPendingMs: 0 });
  }
});

it('refuses a canary on an alias that does not exist yet, before changing anything', async () => {
  const name = await newFunction();
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live', 'canary-weight': '0.2' });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([
    `alias live of ${name} does not exist, so there is no current version to keep for a canary: run once without canary-weight to create it`,
  ]);
  expect(calls(name, 'UpdateFunctionCode')).toHaveLength(0);
});
