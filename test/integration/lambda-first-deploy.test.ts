// update-lambda-and-wait from the first day to the hundredth, the committed
// bundle against moto (Lambda behind the fault proxy, S3 and IAM straight):
// a function created by the pipeline (and refused without role, before any
// write), a zip over Lambda's direct limit through S3 uploaded once, a
// cancelled upload leaving nothing behind, keep-versions sparing what an alias
// needs, and a role change refused before a traffic split.
import { randomBytes } from 'node:crypto';
import { statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import {
  CreateAliasCommand,
  GetAliasCommand,
  GetFunctionCommand,
  ListVersionsByFunctionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, HeadObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { zipSync } from 'fflate';
import { TEST_CREDENTIALS, type Moto } from '../support/moto';
import { nodeRuntimes } from '../support/run-action';
import { createFunction, ROLE_ARN } from '../stack/fault-proxy/fixtures.mjs';
import { startLambdaStack, type LambdaStack } from '../support/lambda-stack';

const [node24] = nodeRuntimes();
let stack: LambdaStack;
let moto: Moto;
let lambda: LambdaClient;
let s3: S3Client;
let workspace: string;
let counter = 0;
const BUCKET = `first-deploy-${process.pid}`;

beforeAll(async () => {
  stack = await startLambdaStack({ 'v1.zip': 'v1', 'v2.zip': 'v2', 'v3.zip': 'v3', 'v4.zip': 'v4' }, 'ulw-first-');
  ({ moto, lambda, workspace } = stack);
  s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  // Incompressible and over the 50 MiB direct limit: only S3 can take it.
  writeFileSync(join(workspace, 'big.zip'), zipSync({ 'model.bin': randomBytes(60 * 1024 * 1024) }, { level: 0 }));
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await stack?.close();
});

const deploy = (inputs: Record<string, string>, options: Parameters<LambdaStack['deploy']>[1] = {}) =>
  stack.deploy(inputs, { node: node24?.path, ...options });
const fresh = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;
/** CreateFunction requests through the proxy so far (its path names no function). */
const creates = (): number => (stack.proxy.requests('CreateFunction') as unknown[]).length;
const exists = (name: string) =>
  lambda.send(new GetFunctionCommand({ FunctionName: name })).then(
    () => true,
    () => false,
  );

it('refuses a missing function without role with one error naming role, and writes nothing', async () => {
  const name = fresh('no-role');
  const createsBefore = creates();
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live' });
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/does not exist in region us-east-1 and input role is not set: give role/);
  expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(stack.calls(name).map((e) => e.op)).toEqual(['GetFunction']);
  expect(creates()).toBe(createsBefore);
  expect(await exists(name)).toBe(false);
});

it('creates a missing function with its configuration, publishes version 1 and creates the alias', async () => {
  const name = fresh('first');
  const createsBefore = creates();
  const result = await deploy({
    'function-name': name,
    'zip-file': 'v1.zip',
    role: ROLE_ARN,
    runtime: 'python3.12',
    handler: 'index.handler',
    'memory-size': '256',
    timeout: '15',
    environment: 'MODEL_STAGE=prod',
    tags: 'team=ml\nservice=sentiment',
    'ephemeral-storage': '1024',
    alias: 'live',
  });
  expect(result.errors).toEqual([]);
  expect(result.outputs).toMatchObject({ created: 'true', version: '1' });
  expect(result.report()).toMatchObject({ created: true, version: '1', alias: { name: 'live', version: '1' }, outcome: 'success' });
  expect(result.summary).toContain('this run created the function');
  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
  expect(fn.Configuration).toMatchObject({
    Runtime: 'python3.12',
    Handler: 'index.handler',
    MemorySize: 256,
    Timeout: 15,
    Role: ROLE_ARN,
    Environment: { Variables: { MODEL_STAGE: 'prod' } },
  });
  expect(fn.Tags).toMatchObject({ team: 'ml', service: 'sentiment' });
  expect((await lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }))).FunctionVersion).toBe('1');
  expect(creates()).toBe(createsBefore + 1);

  // The hundredth day: the same inputs on the existing function update it; a changed tag is written, created is false.
  const again = await deploy({
    'function-name': name,
    'zip-file': 'v2.zip',
    role: ROLE_ARN,
    runtime: 'python3.13',
    handler: 'index.handler',
    tags: 'team=ml-platform',
    alias: 'live',
  });
  expect(again.errors).toEqual([]);
  expect(again.outputs).toMatchObject({ created: 'false', version: '2', 'previous-version': '1' });
  expect((await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Tags).toMatchObject({
    team: 'ml-platform',
    service: 'sentiment',
  });
  expect(creates()).toBe(createsBefore + 1);
  // Only what differs is sent: the runtime; role and handler are as they were.
  expect(stack.calls(name, 'UpdateFunctionConfiguration')).toHaveLength(1);
  expect(again.report()).toMatchObject({ configuration: { changed: ['runtime'] } });
  expect((await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration?.Runtime).toBe('python3.13');
}, 60_000);

it('refuses a role change with a canary before any write', async () => {
  const name = fresh('role-split');
  await createFunction(moto.endpoint, name);
  const first = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live' });
  expect(first.errors).toEqual([]);
  const before = stack.calls(name).length;
  const result = await deploy({
    'function-name': name,
    'zip-file': 'v2.zip',
    alias: 'live',
    'canary-weight': '0.1',
    role: 'arn:aws:iam::123456789012:role/other-role',
  });
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/split alias traffic between versions with different roles/);
  const ops = stack
    .calls(name)
    .slice(before)
    .map((e) => e.op);
  expect(ops).toEqual(['GetFunction']);
}, 60_000);

describe('zip-file through S3', () => {
  it('uploads a 60 MB zip under its content address, creates the function from it, and does not upload it again', async () => {
    const name = fresh('big');
    const inputs = {
      'function-name': name,
      'zip-file': 'big.zip',
      's3-bucket': BUCKET,
      role: ROLE_ARN,
      runtime: 'python3.12',
      handler: 'index.handler',
    };
    const size = statSync(join(workspace, 'big.zip')).size;
    const first = await deploy(inputs);
    expect(first.errors).toEqual([]);
    const key = first.outputs['s3-key'] as string;
    expect(key).toMatch(new RegExp(`^lambda/${name}/[0-9a-f]{64}\\.zip$`));
    expect(first.report()).toMatchObject({ created: true, s3Bucket: BUCKET, s3Key: key, uploadedBytes: size });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentLength).toBe(size);
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    expect(fn.Configuration?.CodeSha256).toBe(first.outputs['code-sha256']);
    expect(Buffer.from(first.outputs['code-sha256'] as string, 'base64').toString('hex')).toBe(key.split('/').pop()?.slice(0, 64));

    const second = await deploy(inputs);
    expect(second.errors).toEqual([]);
    expect(second.outputs['s3-key']).toBe(key);
    expect(second.report()).toMatchObject({ uploadedBytes: 0 });
    expect(second.outputs['created']).toBe('false');
    expect(second.summary).toContain('already there: not uploaded again');
  }, 120_000);

  it('names a bucket that does not exist in one error line, and deploys nothing', async () => {
    const name = fresh('no-bucket');
    await createFunction(moto.endpoint, name);
    const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', 's3-bucket': 'no-such-bucket-mlship' });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^PutObject failed: NoSuchBucket: .* \(bucket no-such-bucket-mlship\); s3-bucket must name an existing bucket in this region; nothing was deployed\.$/,
      ),
    ]);
    expect(stack.calls(name, 'UpdateFunctionCode')).toHaveLength(0);
  });

  it('refuses a zip over 50 MiB without s3-bucket before any request', async () => {
    const result = await deploy({ 'function-name': fresh('big-direct'), 'zip-file': 'big.zip' });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(/^Input 'zip-file' is .* over Lambda's direct upload limit of 50 MiB .*set s3-bucket/),
    ]);
  });

  it('leaves no object and no multipart upload behind when the job is cancelled mid-upload', async () => {
    const name = fresh('cancel');
    writeFileSync(join(workspace, 'huge.zip'), '');
    truncateSync(join(workspace, 'huge.zip'), 400 * 1024 * 1024);
    let child: ChildProcess | undefined;
    let killed = false;
    let inFlight = 0;
    const listUploads = async () =>
      (await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: `cancel/${name}/` }))).Uploads ?? [];
    // Cancelled only once a multipart upload is really open: the abort is what is under test.
    const cancelWhenOpen = async (): Promise<void> => {
      for (let i = 0; i < 100 && inFlight === 0; i++) {
        inFlight = (await listUploads()).length;
        if (inFlight === 0) await new Promise((r) => setTimeout(r, 50));
      }
      child?.kill('SIGINT');
    };
    const result = await deploy(
      {
        'function-name': name,
        'zip-file': 'huge.zip',
        's3-bucket': BUCKET,
        's3-key-prefix': 'cancel',
        role: ROLE_ARN,
        runtime: 'python3.12',
        handler: 'index.handler',
      },
      {
        onSpawn: (c) => {
          child = c;
          c.stdout?.on('data', (chunk: Buffer) => {
            if (!killed && chunk.toString().includes('Uploading')) {
              killed = true;
              void cancelWhenOpen();
            }
          });
        },
      },
    );
    expect(killed).toBe(true);
    expect(inFlight).toBe(1);
    expect(result.code).not.toBe(0);
    expect(await listUploads()).toEqual([]);
    const key = (result.stdout.match(/to s3:\/\/[^/]+\/(cancel\/\S+\.zip)/) ?? [])[1] as string;
    expect(key).toBeDefined();
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({ name: 'NotFound' });
    expect(await exists(name)).toBe(false);
  }, 60_000);
});

it('keep-versions: 2 deletes the oldest beyond two and keeps what an alias points at', async () => {
  const name = fresh('keep');
  await createFunction(moto.endpoint, name);
  for (const zip of ['v1.zip', 'v2.zip', 'v3.zip']) {
    const result = await deploy({ 'function-name': name, 'zip-file': zip, alias: 'live' });
    expect(result.errors).toEqual([]);
  }
  await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'old', FunctionVersion: '1' }));
  const result = await deploy({ 'function-name': name, 'zip-file': 'v4.zip', alias: 'live', 'keep-versions': '2' });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  expect(result.outputs).toMatchObject({ version: '4', 'previous-version': '3', 'deleted-versions': '2' });
  expect(result.report()).toMatchObject({ deletedVersions: ['2'] });
  expect(result.summary).toMatch(/Versions deleted.*2/);
  const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
  expect((versions.Versions ?? []).map((v) => v.Version)).toEqual(['$LATEST', '1', '3', '4']);

  // A dry run says what it would delete (the version it would publish is one of the newest N) and deletes nothing.
  const dry = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', alias: 'live', 'keep-versions': '1', 'dry-run': 'true' });
  expect(dry.errors).toEqual([]);
  expect(dry.report()['steps']).toContain('would delete old versions 3 (keep-versions: 1)');
  expect(stack.calls(name, 'DeleteFunction')).toHaveLength(1);
}, 60_000);
