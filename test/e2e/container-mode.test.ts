// act's container mode, as most act users run it: the job in a runner image
// (scripts/act-runner-image.sh: Debian, Node 24, docker CLI and buildx) rather
// than on this host. The container shares the host's network and act mounts
// the engine's socket into it, so the example reaches the same local stack:
// it builds and pushes through the engine, deploys through the fault proxy and
// smoke-tests the stand-in API on loopback.
import { GetAliasCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ensureRunnerImage } from '../support/act';
import { exampleEnv, runExample, type ExampleEnv, type ExampleRun } from './example-fixture';
import { createFunctionFromFirstImage, credentials } from './pipeline-fixture';

let env: ExampleEnv;
let image: string;
let run: ExampleRun;
let name: string;

beforeAll(async () => {
  image = ensureRunnerImage();
  env = await exampleEnv();
  name = `model-service-container-${env.id}`;
  await createFunctionFromFirstImage(env.stack, env.dockerConfig, name, name);
  run = await runExample('lambda-container-deploy.yml', env, {
    rename: { 'model-service': name },
    act: { image, vars: { API_URL: env.api.url }, secrets: { API_KEY: env.api.key, AWS_ROLE_ARN: 'unused-under-act' } },
  });
}, 900_000);
afterAll(async () => env?.close());

it('runs examples/lambda-container-deploy.yml to success inside the runner image', () => {
  if (run.result.code !== 0 || run.result.jobResult !== 'success') throw new Error(run.explain());
  expect(run.result.log).toContain(`docker create image=${image}`);
  expect(run.result.log).toContain('network="host"');
  for (const id of ['gate', 'image', 'deploy', 'smoke', 'summary'])
    expect({ step: id, result: run.result.steps[id]?.results['Main'] }).toEqual({ step: id, result: 'success' });
});

it('deployed the digest it pushed and smoke-tested the API on loopback from the container', async () => {
  const client = new LambdaClient({ region: env.stack.region, endpoint: env.stack.motoEndpoint, credentials });
  try {
    const fn = await client.send(new GetFunctionCommand({ FunctionName: name }));
    expect(fn.Code?.ImageUri).toBe(run.result.steps['image']?.outputs['image-uri-digest']);
    const alias = await client.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }));
    expect(alias.FunctionVersion).toBe(run.result.steps['deploy']?.outputs['version']);
  } finally {
    client.destroy();
  }
  expect(env.api.requests.filter((r) => r.key === env.api.key).map((r) => r.path)).toEqual(expect.arrayContaining(['/health', '/predict']));
});
