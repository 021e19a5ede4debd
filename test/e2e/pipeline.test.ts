// The e2e pipeline (workflows/pipeline.yml) under act against the local stack:
// all five actions from the working tree, outputs passed from step to step,
// and the results checked in moto, not only in the log.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ECRClient, CreateRepositoryCommand, DescribeImagesCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { LambdaClient, CreateFunctionCommand, GetAliasCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { runAct, repoRoot, type ActResult } from '../helpers/act';
import { ensureStack, tempDockerConfig, type Stack } from '../helpers/stack';

const id = `${Date.now().toString(36)}${process.pid}`;
const repository = `e2e-model-${id}`;
const functionName = `e2e-model-${id}`;
const tag = `run-${id}`;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let stack: Stack;
let dockerConfig: string;
let health: Server;
let healthUrl: string;
let result: ActResult;

function docker(args: string[], input?: string): void {
  const r = spawnSync('docker', args, { encoding: 'utf8', input, timeout: 120_000, env: { ...process.env, DOCKER_CONFIG: dockerConfig } });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
}

/** The function's first code: an image pushed with the docker CLI before the pipeline runs. */
async function createFunctionFromFirstImage(): Promise<void> {
  const ecr = new ECRClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials });
  const lambda = new LambdaClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials });
  try {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: repository }));
    const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken as string;
    const [user, password] = Buffer.from(token, 'base64').toString().split(':');
    docker(['login', '-u', user as string, '--password-stdin', stack.registry], password);
    const first = `${stack.registry}/${repository}:v0`;
    docker(['build', '-q', '--label', 'stage=first', '-t', first, join(repoRoot, 'test/e2e/fixtures/model')]);
    docker(['push', first]);
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: functionName, Role: stack.roleArn, PackageType: 'Image', Code: { ImageUri: first }, Timeout: 10 }),
    );
  } finally {
    ecr.destroy();
    lambda.destroy();
  }
}

const logFile = join(tmpdir(), `mlship-e2e-act-${id}.log`);

function explain(r: ActResult): string {
  return `act exit ${r.code}${r.timedOut ? ' (timed out)' : ''}, job ${r.jobResult}; full log: ${logFile}\n${r.log.slice(-4000)}\n${r.stderr.slice(-2000)}`;
}

beforeAll(async () => {
  stack = await ensureStack();
  dockerConfig = tempDockerConfig();
  health = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', model: { tag } }));
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as { port: number }).port}/health`;
  await createFunctionFromFirstImage();

  result = await runAct({
    workflow: 'test/e2e/workflows/pipeline.yml',
    env: {
      ...stack.env,
      E2E_REPOSITORY: repository,
      E2E_FUNCTION: functionName,
      E2E_TAG: tag,
      E2E_HEALTH_URL: healthUrl,
      DOCKER_CONFIG: dockerConfig,
    },
    timeoutMs: 240_000,
  });
  writeFileSync(logFile, `${result.log}\n--- stderr\n${result.stderr}`);
}, 300_000);

afterAll(async () => {
  await new Promise((resolve) => health?.close(resolve));
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});

const step = (stepId: string) => {
  const found = result.steps[stepId];
  if (!found) throw new Error(`no step ${stepId} in the act log:\n${explain(result)}`);
  return found;
};

it('runs the whole pipeline to success under act', () => {
  if (result.code !== 0 || result.jobResult !== 'success') throw new Error(explain(result));
  for (const stepId of ['gate', 'image', 'deploy', 'smoke', 'summary']) {
    expect({ step: stepId, result: step(stepId).results['Main'] }).toEqual({ step: stepId, result: 'success' });
  }
});

it('gates the model on its thresholds and the baseline', () => {
  expect(step('gate').outputs['passed']).toBe('true');
  expect(JSON.parse(step('gate').outputs['report'] as string)).toMatchObject({ action: 'model-threshold-gate', schema: 1 });
});

it('pushes the image to ECR under the new tag, as moto sees it', async () => {
  const outputs = step('image').outputs;
  expect(outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(outputs['image-uri-digest']).toBe(`${stack.registry}/${repository}@${outputs['digest']}`);
  const ecr = new ECRClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials });
  try {
    const images = await ecr.send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
    expect(images.imageDetails?.[0]?.imageDigest).toBe(outputs['digest']);
  } finally {
    ecr.destroy();
  }
  // The post step logs out of the registry.
  expect(step('image').results['Post']).toBe('success');
});

it('deploys the pushed digest to Lambda and points the alias at the new version', async () => {
  const outputs = step('deploy').outputs;
  const lambda = new LambdaClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials });
  try {
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
    expect(fn.Code?.ImageUri).toBe(step('image').outputs['image-uri-digest']);
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: 'live' }));
    expect(alias.FunctionVersion).toBe(outputs['version']);
    expect(outputs['alias-arn']).toBe(alias.AliasArn);
  } finally {
    lambda.destroy();
  }
});

it('smoke-tests the deployment over HTTP and through the alias', () => {
  expect(step('smoke').outputs['passed']).toBe('true');
  const results = JSON.parse(step('smoke').outputs['results'] as string) as Array<{ name: string; passed: boolean }>;
  expect(results.map((r) => [r.name, r.passed])).toEqual([
    ['health', true],
    ['invoke live', true],
  ]);
});

it('reports every step in one summary, printed to the log', () => {
  expect(result.summary).toContain('E2E pipeline');
  expect(step('summary').outputs['markdown']).toContain('E2E pipeline');
  const printed = step('print').lines.find((l) => l.startsWith('E2E_STEPS '));
  expect(printed).toBeDefined();
  const steps = JSON.parse((printed as string).slice('E2E_STEPS '.length)) as Record<string, { outcome: string }>;
  expect(Object.keys(steps)).toEqual(expect.arrayContaining(['gate', 'image', 'deploy', 'smoke', 'summary']));
});
