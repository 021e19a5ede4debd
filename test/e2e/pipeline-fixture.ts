// What a run of workflows/pipeline.yml needs from the stack: an ECR repository
// with a first image, an Image function running it, a health endpoint, and the
// --env that names them. Each run gets names of its own (moto keeps state).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ECRClient, CreateRepositoryCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { LambdaClient, CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { repoRoot, runAct, type ActResult } from '../support/act';
import { ensureStack, tempDockerConfig, type Stack } from '../support/stack';
import { startFaultProxy } from '../stack/fault-proxy/index.mjs';
import { TEST_CREDENTIALS } from '../support/moto';

export const credentials = TEST_CREDENTIALS;

type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;

export interface PipelineRun {
  stack: Stack;
  /** Every Lambda call of the run went through it (AWS_ENDPOINT_URL_LAMBDA). */
  lambdaProxy: FaultProxy;
  repository: string;
  functionName: string;
  tag: string;
  firstImage: string;
  result: ActResult;
  logFile: string;
  explain(): string;
  close(): Promise<void>;
}

function docker(dockerConfig: string, args: string[], input?: string): void {
  const r = spawnSync('docker', args, { encoding: 'utf8', input, timeout: 120_000, env: { ...process.env, DOCKER_CONFIG: dockerConfig } });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
}

/** The function's first code: an image pushed with the docker CLI before the pipeline runs. */
export async function createFunctionFromFirstImage(
  stack: Stack,
  dockerConfig: string,
  repository: string,
  functionName: string,
): Promise<string> {
  const ecr = new ECRClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials });
  const lambda = new LambdaClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials });
  try {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: repository }));
    const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken as string;
    const [user, password] = Buffer.from(token, 'base64').toString().split(':');
    docker(dockerConfig, ['login', '-u', user as string, '--password-stdin', stack.registry], password);
    const first = `${stack.registry}/${repository}:v0`;
    docker(dockerConfig, ['build', '-q', '--label', 'stage=first', '-t', first, join(repoRoot, 'test/e2e/fixtures/model')]);
    docker(dockerConfig, ['push', first]);
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: functionName,
        Role: stack.roleArn,
        PackageType: 'Image',
        Code: { ImageUri: first },
        Timeout: 10,
      }),
    );
    return first;
  } finally {
    ecr.destroy();
    lambda.destroy();
  }
}

/**
 * Runs workflows/pipeline.yml under act; extra env such as E2E_METRICS_FILE
 * changes the scenario. Lambda is reached through the fault proxy, so an update
 * stays InProgress for lambdaUpdateMs as on AWS and the deploy really waits.
 */
export async function runPipeline(name: string, extraEnv: Record<string, string> = {}, lambdaUpdateMs = 2000): Promise<PipelineRun> {
  const stack = await ensureStack();
  const id = `${name}-${Date.now().toString(36)}${process.pid}`;
  const repository = `e2e-${id}`;
  const functionName = `e2e-${id}`;
  const tag = `run-${id}`;
  const dockerConfig = tempDockerConfig();
  const health = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', model: { tag } }));
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  const healthUrl = `http://127.0.0.1:${(health.address() as { port: number }).port}/health`;
  const lambdaProxy = await startFaultProxy({ target: stack.motoEndpoint, updateMs: lambdaUpdateMs });
  const close = async () => {
    await lambdaProxy.close();
    await new Promise((resolve) => health.close(resolve));
    rmSync(dockerConfig, { recursive: true, force: true });
  };
  try {
    const firstImage = await createFunctionFromFirstImage(stack, dockerConfig, repository, functionName);
    const result = await runAct({
      workflow: 'test/e2e/workflows/pipeline.yml',
      env: {
        ...stack.env,
        E2E_REPOSITORY: repository,
        E2E_FUNCTION: functionName,
        E2E_TAG: tag,
        E2E_HEALTH_URL: healthUrl,
        DOCKER_CONFIG: dockerConfig,
        AWS_ENDPOINT_URL_LAMBDA: lambdaProxy.url,
        ...extraEnv,
      },
      timeoutMs: 240_000,
    });
    const logFile = join(tmpdir(), `mlship-e2e-act-${id}.log`);
    writeFileSync(logFile, `${result.log}\n--- stderr\n${result.stderr}`);
    const explain = () =>
      `act exit ${result.code}${result.timedOut ? ' (timed out)' : ''}, job ${result.jobResult}; full log: ${logFile}\n${result.log.slice(-4000)}\n${result.stderr.slice(-2000)}`;
    return { stack, lambdaProxy, repository, functionName, tag, firstImage, result, logFile, explain, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function stepOf(run: PipelineRun, stepId: string) {
  const found = run.result.steps[stepId];
  if (!found) throw new Error(`no step ${stepId} in the act log:\n${run.explain()}`);
  return found;
}
