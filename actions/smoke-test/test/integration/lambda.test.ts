/**
 * Lambda checks through the bundle: direct invocation against our own moto
 * (no-Docker mode, responses queued through the moto API), and, for what
 * moto cannot produce (a log tail, throttling, AWS errors), an HTTP-level fake
 * of the Invoke API with the real SDK client in front.
 */
import { CreateAliasCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { TEST_CREDENTIALS, AWS_TEST_ENV, configureMoto, createLambdaRole, startMoto, type Moto } from '../../../../test/support/moto';
import { nodeRuntimes, runAction, type RunResult } from '../../../../test/support/run-action';
import { startServer, type TestServer } from '../../../../test/support/servers';

let moto: Moto;

beforeAll(async () => {
  moto = await startMoto();
  await configureMoto(moto.endpoint, { lambda: { use_docker: false } });
  const role = await createLambdaRole(moto.endpoint);
  const lambda = new LambdaClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: TEST_CREDENTIALS });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'model-api',
      Role: role,
      Runtime: 'python3.12',
      Handler: 'app.handler',
      Code: { ZipFile: zipSync({ 'app.py': strToU8('def handler(event, context):\n    return {}\n') }) },
    }),
  );
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'model-api' }));
  await lambda.send(new CreateAliasCommand({ FunctionName: 'model-api', Name: 'live', FunctionVersion: Version }));
  lambda.destroy();
}, 60_000);

afterAll(() => moto.stop());

/** moto answers the next invocations with these payloads, in order. */
async function queueResponses(...results: string[]): Promise<void> {
  const res = await fetch(`${moto.endpoint}/moto-api/static/lambda-simple/response`, {
    method: 'POST',
    body: JSON.stringify({ results, region: 'us-east-1' }),
  });
  expect(res.status).toBe(201);
}

function results(run: RunResult): Array<Record<string, unknown>> {
  return JSON.parse(run.outputs['results'] ?? '[]') as Array<Record<string, unknown>>;
}

const aliasCheck = `
- name: invoke-live
  function-name: model-api
  qualifier: live
  payload: { instances: [[1, 2]] }
  expect-json:
    status: ok
    model.version: v2
    length(predictions): 1
`;

describe.each(nodeRuntimes())('Lambda checks against moto under $label', ({ path }) => {
  it('invokes an alias directly and asserts on the payload', async () => {
    await queueResponses(JSON.stringify({ status: 'ok', model: { version: 'v2' }, predictions: [0.91] }));
    const run = await runAction('smoke-test', { node: path, inputs: { checks: aliasCheck }, env: moto.env });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(results(run)).toEqual([
      expect.objectContaining({
        name: 'invoke-live',
        kind: 'lambda',
        target: 'lambda:model-api:live',
        passed: true,
        status: 200,
        attempts: 1,
      }),
    ]);
    expect(run.summary).toContain('| invoke-live | ✅ passed | 200 |');
  });
});

describe('Lambda checks against moto', () => {
  it('fails a canary whose version is not the expected one, showing expected versus actual', async () => {
    await queueResponses(JSON.stringify({ status: 'ok', model: { version: 'v1' }, predictions: [0.5] }));
    const run = await runAction('smoke-test', { inputs: { checks: aliasCheck }, env: moto.env });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      expect.stringContaining(`Check 'invoke-live' failed: json: model.version expected "v2", got "v1" (lambda:model-api:live, 1 attempt)`),
    ]);
    expect(run.errors[0]).toContain('Body (first 500 bytes): {"status":"ok","model":{"version":"v1"}');
  });

  it('fails on a FunctionError moto produces (a response over the 6 MB payload limit)', async () => {
    await queueResponses('x'.repeat(6_100_000));
    const run = await runAction('smoke-test', { inputs: { checks: '- { name: oversized, function-name: model-api }' }, env: moto.env });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      expect.stringContaining(
        "Check 'oversized' failed: function error (Unhandled): Function.ResponseSizeTooLarge: Response payload size exceeded",
      ),
    ]);
    expect(run.report()['checks']).toEqual([expect.objectContaining({ functionError: 'Unhandled', status: 200 })]);
  });

  it('runs HTTP and Lambda checks side by side', async () => {
    await queueResponses(JSON.stringify({ status: 'ok', model: { version: 'v2' }, predictions: [1] }));
    const api = await startServer(() => ({ body: { status: 'ok' } }));
    try {
      const run = await runAction('smoke-test', {
        inputs: { checks: `${aliasCheck}\n- { name: health, url: "${api.url}/health" }` },
        env: moto.env,
      });
      expect(run.errors).toEqual([]);
      expect(results(run).map((r) => [r['name'], r['kind'], r['passed']])).toEqual([
        ['invoke-live', 'lambda', true],
        ['health', 'http', true],
      ]);
    } finally {
      await api.close();
    }
  });
});

describe('Lambda checks against an HTTP-level fake of the Invoke API', () => {
  let fake: TestServer;
  let answer: (count: number) => { status?: number; body?: unknown; headers?: Record<string, string> };
  beforeAll(async () => {
    fake = await startServer((_req, count) => answer(count));
  });
  afterAll(() => fake.close());
  const env = (): Record<string, string> => ({ ...AWS_TEST_ENV, AWS_ENDPOINT_URL_LAMBDA: fake.url });

  it('shows the function error message and the log tail it returned', async () => {
    const log = [
      'START RequestId: 1f2e Version: 7',
      '[ERROR] FileNotFoundError: /opt/ml/model.bin',
      'Traceback (most recent call last):',
      '  File "/var/task/app.py", line 4, in handler',
      'END RequestId: 1f2e',
      'REPORT RequestId: 1f2e Duration: 12.3 ms',
    ].join('\n');
    answer = () => ({
      body: { errorMessage: "[Errno 2] No such file or directory: '/opt/ml/model.bin'", errorType: 'FileNotFoundError', stackTrace: [] },
      headers: {
        'X-Amz-Function-Error': 'Unhandled',
        'X-Amz-Log-Result': Buffer.from(log).toString('base64'),
        'X-Amz-Executed-Version': '7',
      },
    });
    const run = await runAction('smoke-test', {
      inputs: { checks: '- { name: invoke, function-name: model-api, qualifier: live, payload: "{\\"instances\\": []}" }' },
      env: env(),
    });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(
      "Check 'invoke' failed: function error (Unhandled): FileNotFoundError: [Errno 2] No such file or directory: '/opt/ml/model.bin'",
    );
    expect(run.errors[0]).toContain('Log tail:\nSTART RequestId: 1f2e Version: 7\n[ERROR] FileNotFoundError');
    const request = fake.seen[fake.seen.length - 1];
    expect(request?.path).toBe('/2015-03-31/functions/model-api/invocations?Qualifier=live');
    expect(request?.headers['x-amz-log-type']).toBe('Tail');
    expect(request?.body).toBe('{"instances": []}');
  });

  it('waits out throttling under wait-until-up', async () => {
    const throttled = {
      status: 429,
      body: { message: 'Rate exceeded', Type: 'User' },
      headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' },
    };
    const first = fake.seen.length + 1;
    answer = (count) => (count - first < 2 ? throttled : { body: { status: 'ok' } });
    const run = await runAction('smoke-test', {
      inputs: { checks: '- function-name: model-api', 'wait-until-up': '10s', 'retry-delay': '100ms' },
      env: env(),
    });
    expect(run.errors).toEqual([]);
    expect(results(run)[0]).toEqual(expect.objectContaining({ passed: true, attempts: 3 }));
    expect(run.stdout).toContain('not up yet (InvokeFunction failed: TooManyRequestsException: Rate exceeded)');
  });

  it('names the IAM action when the role may not invoke', async () => {
    answer = () => ({
      status: 403,
      body: { Message: 'User is not authorized to perform: lambda:InvokeFunction' },
      headers: { 'x-amzn-ErrorType': 'AccessDeniedException' },
    });
    const run = await runAction('smoke-test', { inputs: { checks: '- function-name: model-api', 'wait-until-up': '10s' }, env: env() });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      expect.stringContaining(
        "Check 'model-api' failed: InvokeFunction failed: AccessDeniedException: User is not authorized to perform: lambda:InvokeFunction (grant lambda:InvokeFunction",
      ),
    ]);
    expect(results(run)[0]).toEqual(expect.objectContaining({ status: 'AccessDeniedException', attempts: 1 }));
  });
});
