// The same pipeline with a model worse than production: the gate stops it, no
// image is pushed, the function keeps its code, and the summary still reports.
import { ECRClient, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { LambdaClient, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { credentials, runPipeline, stepOf, type PipelineRun } from './pipeline-fixture';

let run: PipelineRun;
const step = (id: string) => stepOf(run, id);

beforeAll(async () => {
  run = await runPipeline('gate', { E2E_METRICS_FILE: 'test/e2e/fixtures/metrics-regressed.json' });
}, 300_000);

afterAll(async () => run?.close());

it('fails the job at the gate and skips build, deploy and smoke test', () => {
  expect(run.result.code).not.toBe(0);
  expect(run.result.jobResult).toBe('failure');
  expect(step('gate').results['Main']).toBe('failure');
  expect(step('gate').outputs['passed']).toBe('false');
  expect(step('gate').outputs['failed']).toContain('accuracy');
  for (const skipped of ['image', 'deploy', 'smoke']) {
    expect({ step: skipped, result: run.result.steps[skipped]?.results['Main'] ?? 'not run' }).not.toEqual({
      step: skipped,
      result: 'success',
    });
  }
});

it('changes nothing in ECR or Lambda', async () => {
  const ecr = new ECRClient({ region: run.stack.region, endpoint: run.stack.motoEndpoint, credentials });
  const lambda = new LambdaClient({ region: run.stack.region, endpoint: run.stack.motoEndpoint, credentials });
  try {
    const images = await ecr.send(new DescribeImagesCommand({ repositoryName: run.repository }));
    expect(images.imageDetails?.flatMap((i) => i.imageTags ?? [])).toEqual(['v0']);
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: run.functionName }));
    expect(fn.Code?.ImageUri).toBe(run.firstImage);
  } finally {
    ecr.destroy();
    lambda.destroy();
  }
});

it('still writes the summary, with the gate failed and the rest not run', () => {
  expect(step('summary').results['Main']).toBe('success');
  expect(run.result.summary).toContain('E2E pipeline');
  const markdown = step('summary').outputs['markdown'] as string;
  expect(markdown).toMatch(/fail/i);
  expect(markdown).toContain('accuracy');
});
