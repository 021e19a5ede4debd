/**
 * build-and-push-ecr's errors through its bundle: every bad input (one
 * ::error:: naming the input, exit 1, no stack trace, no network call), a
 * missing docker, a daemon that is down, a failing build, and AccessDenied
 * from a real SDK client talking to a local HTTP server that answers as ECR
 * does when IAM says no.
 */
import { createServer, type Server } from 'node:http';
import { nodeRuntimes, runAction, type RunResult } from '../support/run-action';
import { freePort } from '../support/moto';
import { ensureStack, type Stack } from '../support/stack';
import { dockerConfig, uniqueName, workspace } from '../support/ecr-stack';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const unreachable = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' };

function expectOneError(result: RunResult, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(pattern);
  expect(result.stdout).not.toMatch(/\n\s+at /);
}

const badInputs: Array<[string, Record<string, string>, RegExp]> = [
  ['repository', { repository: '' }, /^Input 'repository' is required/],
  ['repository', { repository: 'ML/Model' }, /^Input 'repository' must be lower case/],
  [
    'repository',
    { repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/model' },
    /^Input 'repository' must be the repository name only/,
  ],
  ['repository', { repository: 'model//v1' }, /^Input 'repository' is not a valid ECR repository name/],
  ['context', { context: 'no-such-dir' }, /^Input 'context' must be an existing directory/],
  ['file', { file: 'image/Missing.Dockerfile' }, /^Input 'file' must name an existing Dockerfile/],
  ['file', { context: '.' }, /^Input 'file' must name an existing Dockerfile: no Dockerfile in context/],
  ['tags', { tags: 'v1,has space' }, /^Input 'tags' has 'has space' is not a valid image tag/],
  ['platforms', { platforms: 'x86' }, /^Input 'platforms' has 'x86'/],
  ['registry-id', { 'registry-id': 'prod' }, /^Input 'registry-id' must be a 12-digit AWS account ID/],
  ['aws-region', { 'aws-region': 'mars-1' }, /^Input 'aws-region' is not an AWS region/],
  ['push', { push: 'maybe' }, /^Input 'push' must be true or false/],
  ['provenance', { provenance: 'max' }, /^Input 'provenance' must be true or false/],
  ['sbom', { sbom: '1' }, /^Input 'sbom' must be true or false/],
  ['create-repository', { 'create-repository': 'yes' }, /^Input 'create-repository' must be true or false/],
  ['image-tag-mutability', { 'image-tag-mutability': 'LOCKED' }, /^Input 'image-tag-mutability' must be one of MUTABLE, IMMUTABLE/],
  ['scan-on-push', { 'scan-on-push': 'on' }, /^Input 'scan-on-push' must be true or false/],
  ['skip-if-exists', { 'skip-if-exists': 'no' }, /^Input 'skip-if-exists' must be true or false/],
  ['cache', { cache: 's3' }, /^Input 'cache' must be one of none, registry, gha/],
  ['scan', { scan: 'always' }, /^Input 'scan' must be true or false/],
  ['scan', { scan: 'true', push: 'false' }, /^Input 'scan' needs push: true/],
  [
    'fail-on-severity',
    { 'fail-on-severity': 'SEVERE' },
    /^Input 'fail-on-severity' must be one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL/,
  ],
  ['scan-timeout', { 'scan-timeout': 'a while' }, /^Input 'scan-timeout' must be a duration/],
  ['scan-timeout', { 'scan-timeout': '5h' }, /^Input 'scan-timeout' must be a duration at least 1000ms and at most 3600000ms/],
  ['logout', { logout: 'never' }, /^Input 'logout' must be true or false/],
  ['build-args', { 'build-args': 'NOVALUE' }, /^Input 'build-args' line 1 is not KEY=VALUE/],
  ['labels', { labels: 'team' }, /^Input 'labels' line 1 is not KEY=VALUE/],
];

describe.each(nodeRuntimes())('bad inputs under $label', ({ path }) => {
  const ws = workspace('inputs');

  it.each(badInputs)('%s: %j', async (_name, inputs, pattern) => {
    const result = await runAction('build-and-push-ecr', {
      node: path,
      cwd: ws,
      inputs: { repository: 'ml/model', context: 'image', ...inputs },
      env: unreachable,
    });
    expectOneError(result, pattern);
    expect(result.stderr).toBe('');
    expect(result.outputs['report']).toBeUndefined();
  });

  it('aws-region is required when pushing and no AWS_REGION is set', async () => {
    const result = await runAction('build-and-push-ecr', {
      node: path,
      cwd: ws,
      inputs: { repository: 'ml/model', context: 'image' },
      env: { ...unreachable, AWS_REGION: undefined },
    });
    expectOneError(result, /^Input 'aws-region' is not set and neither AWS_REGION nor AWS_DEFAULT_REGION/);
  });
});

describe('docker problems', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await ensureStack();
  });

  it('explains a missing docker', async () => {
    const result = await runAction('build-and-push-ecr', {
      cwd: workspace('no docker'),
      inputs: { repository: 'ml/model', context: 'image', push: 'false' },
      // The bundle runs from an absolute node path; docker would come from PATH.
      env: { PATH: mkdtempSync(join(tmpdir(), 'empty-path-')) },
    });
    expectOneError(result, /docker is not installed or not on PATH/);
  });

  it('explains a daemon that is down', async () => {
    const result = await runAction('build-and-push-ecr', {
      cwd: workspace('no daemon'),
      inputs: { repository: 'ml/model', context: 'image', push: 'false' },
      env: { DOCKER_HOST: 'unix:///tmp/no-such-docker.sock', DOCKER_CONFIG: dockerConfig('real') },
    });
    expectOneError(result, /The Docker daemon is not reachable .*Start it/);
  });

  it('a failed build shows the last lines of the build log in the error', async () => {
    const ws = workspace('broken');
    writeFileSync(join(ws, 'image', 'Dockerfile'), 'FROM scratch\nCOPY weights-that-are-not-there.bin /weights.bin\n');
    const name = uniqueName('ml/broken');
    const result = await runAction('build-and-push-ecr', {
      cwd: ws,
      inputs: { repository: name, context: 'image', 'create-repository': 'true' },
      env: { ...stack.env, DOCKER_CONFIG: dockerConfig('real') },
    });
    expectOneError(result, /docker buildx build failed \(exit 1\)\. Last lines of its log:\n.*weights-that-are-not-there\.bin/s);
    expect(result.report()).toMatchObject({ outcome: 'failure', pushed: false });
  });
});

describe('AWS errors', () => {
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    // Answers every ECR call as IAM-denied ECR does (awsJson1_1, HTTP 400).
    server = createServer((req, res) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.slice(target.lastIndexOf('.') + 1);
      req.resume();
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          __type: 'AccessDeniedException',
          message: `User: arn:aws:sts::123456789012:assumed-role/ci/gha is not authorized to perform: ecr:${operation} on resource: arn:aws:ecr:us-east-1:123456789012:repository/ml/model`,
        }),
      );
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('AccessDenied names the IAM action to grant', async () => {
    const result = await runAction('build-and-push-ecr', {
      cwd: workspace('denied'),
      inputs: { repository: 'ml/model', context: 'image' },
      env: { ...unreachable, AWS_ENDPOINT_URL: endpoint },
    });
    expectOneError(
      result,
      /^DescribeRepositories failed: AccessDeniedException: User: .* \(grant ecr:DescribeRepositories to the role this job assumes\)$/,
    );
    expect(result.report()).toMatchObject({ outcome: 'failure', error: expect.stringContaining('grant ecr:DescribeRepositories') });
  });
});
