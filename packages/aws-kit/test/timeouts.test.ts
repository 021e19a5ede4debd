// The client options every action gets, against an endpoint that accepts the
// connection and never answers (a hung AWS API): the real SDK client must
// fail the call at requestTimeout, and stop at once when its signal aborts.
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { clientConfig } from '@mlship/aws-kit';
import { startSilentEndpoint } from '../../../test/support/faults.mjs';
import { TEST_CREDENTIALS } from '../../../test/support/moto.mjs';

let silent: Awaited<ReturnType<typeof startSilentEndpoint>>;
beforeAll(async () => {
  silent = await startSilentEndpoint();
});
afterAll(async () => {
  await silent.close();
});

const credentials = TEST_CREDENTIALS;

function client(requestTimeoutMs: number): LambdaClient {
  return new LambdaClient({
    ...clientConfig({ region: 'us-east-1', maxAttempts: 1, requestTimeoutMs }),
    endpoint: silent.url,
    credentials,
  });
}

it('fails a hung call with TimeoutError at requestTimeout instead of waiting forever', async () => {
  const lambda = client(300);
  const started = performance.now();
  const err = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn' })).catch((e: Error & { code?: string }) => e);
  const took = performance.now() - started;
  lambda.destroy();
  expect(err).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
  expect(took).toBeGreaterThanOrEqual(250);
  expect(silent.connections()).toBeGreaterThan(0);
}, 10_000);

it('stops a hung call when its abortSignal aborts', async () => {
  const lambda = client(60_000);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const err = await lambda.send(new GetFunctionCommand({ FunctionName: 'fn' }), { abortSignal: controller.signal }).catch((e: Error) => e);
  lambda.destroy();
  expect(err).toMatchObject({ name: 'AbortError' });
}, 10_000);
