// The e2e pipeline (workflows/pipeline.yml) under act against the local stack:
// all five actions from the working tree, outputs passed from step to step,
// and the results checked in moto, not only in the log.
import { ECRClient, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { LambdaClient, GetAliasCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { credentials, runPipeline, stepOf, type PipelineRun } from './pipeline-fixture';

let run: PipelineRun;
const step = (id: string) => stepOf(run, id);

beforeAll(async () => {
  run = await runPipeline('ok');
}, 300_000);

afterAll(async () => run?.close());

it('runs the whole pipeline to success under act', () => {
  if (run.result.code !== 0 || run.result.jobResult !== 'success') throw new Error(run.explain());
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
  expect(outputs['image-uri-digest']).toBe(`${run.stack.registry}/${run.repository}@${outputs['digest']}`);
  const ecr = new ECRClient({ region: run.stack.region, endpoint: run.stack.motoEndpoint, credentials });
  try {
    const images = await ecr.send(new DescribeImagesCommand({ repositoryName: run.repository, imageIds: [{ imageTag: run.tag }] }));
    expect(images.imageDetails?.[0]?.imageDigest).toBe(outputs['digest']);
  } finally {
    ecr.destroy();
  }
  // The post step logs out of the registry.
  expect(step('image').results['Post']).toBe('success');
});

it('deploys the pushed digest to Lambda and points the alias at the new version', async () => {
  const outputs = step('deploy').outputs;
  const lambda = new LambdaClient({ region: run.stack.region, endpoint: run.stack.motoEndpoint, credentials });
  try {
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: run.functionName }));
    expect(fn.Code?.ImageUri).toBe(step('image').outputs['image-uri-digest']);
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: run.functionName, Name: 'live' }));
    expect(alias.FunctionVersion).toBe(outputs['version']);
    expect(outputs['alias-arn']).toBe(alias.AliasArn);
  } finally {
    lambda.destroy();
  }
});

it('waits for the update to finish, polling at its cadence, before publishing', () => {
  const seconds = Number(step('deploy').outputs['update-seconds']);
  // The fault proxy keeps the update InProgress for 2 s, as Lambda would.
  expect(seconds).toBeGreaterThanOrEqual(1.9);
  expect(seconds).toBeLessThan(5);
  const fn = run.functionName;
  const polls = run.lambdaProxy.requests('GetFunction', fn).length + run.lambdaProxy.requests('GetFunctionConfiguration', fn).length;
  // poll-interval 250ms over about 2 s: about 8 polls, never a busy loop.
  expect(polls).toBeGreaterThanOrEqual(4);
  expect(polls).toBeLessThan(30);
  const [update] = run.lambdaProxy.requests('UpdateFunctionCode', fn);
  const [publish] = run.lambdaProxy.requests('PublishVersion', fn);
  expect(update).toBeDefined();
  expect(publish).toBeDefined();
  expect((publish as { time: number }).time - (update as { time: number }).time).toBeGreaterThanOrEqual(1900);
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
  expect(run.result.summary).toContain('E2E pipeline');
  expect(step('summary').outputs['markdown']).toContain('E2E pipeline');
  const printed = step('print').lines.find((l) => l.startsWith('E2E_STEPS '));
  expect(printed).toBeDefined();
  const steps = JSON.parse((printed as string).slice('E2E_STEPS '.length)) as Record<string, { outcome: string }>;
  expect(Object.keys(steps)).toEqual(expect.arrayContaining(['gate', 'image', 'deploy', 'smoke', 'summary']));
});
