// The first-deploy and staging paths of the deploy sequence with an in-memory
// Lambda and S3 (the same paths against moto: test/integration/lambda-first-deploy.test.ts):
// a dry run of a creation writes nothing, a staged zip Lambda reports another
// CodeSha256 for is never published.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLog, virtualTime } from '@mlship/action-kit';
import type { CreateApi } from '../src/deploy/create-function';
import type { ZipUploader } from '../src/deploy/s3-upload';
import type { Inputs } from '../src/inputs';
import type { FunctionState, LambdaApi } from '../src/lambda-api';
import { emptyResult, run } from '../src/deploy/run';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fn';
const ROLE = 'arn:aws:iam::123456789012:role/lambda-exec';
const dir = mkdtempSync(join(tmpdir(), 'first-deploy-run-'));
const zip = join(dir, 'model.zip');
writeFileSync(zip, 'PK not really a zip, but bytes with a SHA-256');

function fakes(options: { exists: boolean; lambdaSha?: string }) {
  const calls: string[] = [];
  const objects = new Map<string, number>();
  const state = (): FunctionState => ({
    arn: ARN,
    name: 'fn',
    version: '$LATEST',
    packageType: 'Zip',
    state: 'Active',
    lastUpdateStatus: 'Successful',
    codeSha256: options.lambdaSha,
  });
  let exists = options.exists;
  const notFound = () => Object.assign(new Error('Function not found: fn'), { name: 'ResourceNotFoundException' });
  const api = {
    async getFunction() {
      calls.push('GetFunction');
      if (!exists) throw notFound();
      return state();
    },
    async getAlias() {
      calls.push('GetAlias');
      return undefined;
    },
    async publishVersion() {
      calls.push('PublishVersion');
      return { ...state(), version: '1' };
    },
    async createAlias(_n: string, name: string, version: string) {
      calls.push(`CreateAlias ${version}`);
      return { arn: `${ARN}:${name}`, name, version, weights: {} };
    },
  } as unknown as LambdaApi;
  const create: CreateApi = {
    async createFunction(request) {
      calls.push(`CreateFunction ${JSON.stringify(request.Code)}`);
      exists = true;
      return state();
    },
  };
  const uploader: ZipUploader = {
    async existingSize({ key }) {
      calls.push('HeadObject');
      return objects.get(key);
    },
    async upload({ key }, body) {
      calls.push('Upload');
      objects.set(key, 'bytes' in body ? body.bytes.byteLength : body.size);
    },
    close() {},
  };
  return { api, create, uploader, calls };
}

const inputs = (over: Partial<Inputs> = {}): Inputs => ({
  functionName: 'fn',
  source: { kind: 'zip', path: zip, directory: false, upload: { bucket: 'artifacts', prefix: 'lambda' } },
  publish: true,
  versionDescription: 'test',
  waitTimeoutMs: 60_000,
  pollIntervalMs: 1000,
  dryRun: false,
  region: 'us-east-1',
  alias: 'live',
  configuration: { settings: { role: ROLE, runtime: 'python3.12', handler: 'app.handler' } },
  ...over,
});

it('in a dry run of a creation reads only: nothing uploaded, nothing created', async () => {
  const { api, create, uploader, calls } = fakes({ exists: false });
  const result = await run(inputs({ dryRun: true }), { api, create, uploader, log: recordingLog(), time: virtualTime(0) });
  expect(calls).toEqual(['GetFunction', 'HeadObject']);
  expect(result.steps).toEqual([
    expect.stringMatching(/^would upload the zip \(.*\) to s3:\/\/artifacts\/lambda\/fn\/[0-9a-f]{64}\.zip$/),
    `would create function fn (Zip, python3.12, role ${ROLE})`,
    'would publish version 1',
    'would create alias live',
  ]);
});

it('creates from the staged key, publishes and creates the alias when Lambda took the zip it was given', async () => {
  const first = fakes({ exists: false, lambdaSha: createHash('sha256').update(readFileSync(zip)).digest('base64') });
  const result = await run(inputs(), { ...first, log: recordingLog(), time: virtualTime(0) });
  const sha = result.codeSha256 as string;
  expect(first.calls).toEqual([
    'GetFunction',
    'HeadObject',
    'Upload',
    `CreateFunction {"S3Bucket":"artifacts","S3Key":"${result.s3Key}"}`,
    'GetFunction',
    'PublishVersion',
    'CreateAlias 1',
  ]);
  expect(result).toMatchObject({ created: true, version: '1', uploadedBytes: 45 });
  expect(Buffer.from(sha, 'base64').toString('hex')).toBe(result.s3Key?.split('/').pop()?.slice(0, 64));
});

it('never publishes code whose CodeSha256 is not the zip it read (the S3 object changed after the upload)', async () => {
  const { api, create, uploader, calls } = fakes({ exists: false, lambdaSha: 'c29tZW9uZSBlbHNlJ3M=' });
  const result = emptyResult(inputs());
  await expect(run(inputs(), { api, create, uploader, log: recordingLog(), time: virtualTime(0) }, result)).rejects.toThrow(
    /^Lambda reports CodeSha256 c29tZW9uZSBlbHNlJ3M= for fn, but the zip this run read has .* \(s3:\/\/artifacts\/lambda\/fn\/.*\.zip was changed after the upload\?\); not publishing it\.$/,
  );
  expect(calls).not.toContain('PublishVersion');
});
