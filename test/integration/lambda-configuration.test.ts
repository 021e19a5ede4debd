// update-lambda-and-wait, configuration with the code: the committed bundle,
// run as the runner runs it, against moto behind the Lambda fault proxy (which
// keeps each update InProgress for a while and answers conflicts as Lambda does).
import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  ListVersionsByFunctionCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { Moto } from '../support/moto';
import type { RunOptions } from '../support/run-action';
import { createFunction, handlerZip } from '../stack/fault-proxy/fixtures.mjs';
import { startLambdaStack, type LambdaStack, type LogEntry, type Proxy } from '../support/lambda-stack';
import { codeSha256 } from '../../actions/update-lambda-and-wait/src/deploy/zip';

/** Values that must never show: a secret and an ordinary value. */
const SECRET = 'sk_live_CONFIG_0123456789';
const STAGE = 'canary-stage-7';

let stack: LambdaStack;
let moto: Moto;
let proxy: Proxy;
let lambda: LambdaClient;
let counter = 0;

beforeAll(async () => {
  stack = await startLambdaStack({ 'v1.zip': 'v1' }, 'ulw-config-');
  ({ moto, proxy, lambda } = stack);
});

afterAll(async () => {
  await stack?.close();
});

/** A function with three variables (straight in moto, not through the proxy). */
async function newFunction(options: { packageType?: 'Zip' | 'Image' } = {}): Promise<string> {
  const name = `config-${++counter}`;
  await createFunction(moto.endpoint, name, options);
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: name,
      Environment: { Variables: { MODEL_STAGE: 'prod', KEEP: 'me', OLD_FLAG: 'on' } },
      MemorySize: 512,
    }),
  );
  return name;
}

const deploy = (inputs: Record<string, string>, options: RunOptions = {}) => stack.deploy(inputs, options);
const calls = (name: string, op?: string): LogEntry[] => stack.calls(name, op);

const configuration = (name: string, qualifier?: string) =>
  lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: qualifier }));

/** A value may appear only in the ::add-mask:: line that hides it; nowhere else. */
function expectNeverShown(text: string, value: string): void {
  const lines = text.split('\n').filter((l) => l.includes(value));
  expect(lines.filter((l) => !l.startsWith('::add-mask::'))).toEqual([]);
}

const ENVIRONMENT = `MODEL_STAGE=${STAGE}\nAPI_KEY=${SECRET}\n-OLD_FLAG\n-NEVER_SET`;

it('code, then configuration, then publish, each waited for: the version carries both, variables merged, values never shown', async () => {
  const name = await newFunction();
  proxy.configure({ functions: { [name]: { updateMs: 1500 } } });
  const result = await deploy({
    'function-name': name,
    'zip-file': 'v1.zip',
    environment: ENVIRONMENT,
    'memory-size': '2048',
    timeout: '30',
    alias: 'live',
  });
  expect(result.errors).toEqual([]);
  expect(result.outputs['version']).toBe('1');

  // The published version has the new code and the whole new configuration; nothing nobody named was lost.
  const variables = { MODEL_STAGE: STAGE, KEEP: 'me', API_KEY: SECRET };
  for (const qualifier of ['1', undefined]) {
    const conf = await configuration(name, qualifier);
    expect(conf.Environment?.Variables).toEqual(variables);
    expect(conf).toMatchObject({ MemorySize: 2048, Timeout: 30, CodeSha256: codeSha256(handlerZip('v1')) });
  }
  expect((await lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }))).FunctionVersion).toBe('1');

  // In order, each after the previous update was over (the proxy held each InProgress for 1.5 s).
  const [code] = calls(name, 'UpdateFunctionCode');
  const [config] = calls(name, 'UpdateFunctionConfiguration');
  const [publish] = calls(name, 'PublishVersion');
  expect(code?.update && config?.update && publish).toBeTruthy();
  expect(config!.time).toBeGreaterThanOrEqual(code!.update!.end);
  expect(publish!.time).toBeGreaterThanOrEqual(config!.update!.end);
  expect(proxy.requests(undefined, name).filter((e: LogEntry) => e.fault === 'conflict')).toEqual([]);

  // Names only, everywhere.
  const report = result.report();
  expect(report['configuration']).toEqual({
    changed: ['environment', 'memory-size', 'timeout'],
    environment: { added: ['API_KEY'], changed: ['MODEL_STAGE'], removed: ['OLD_FLAG'] },
  });
  expect(result.stdout).toContain('environment: added API_KEY; changed MODEL_STAGE; removed OLD_FLAG (1 other variable kept as it was)');
  expect(result.stdout).toContain(`environment: -NEVER_SET: the function has no variable NEVER_SET; nothing to remove`);
  expect(result.stdout).toContain('memory-size: 512 → 2048 MB');
  expect(result.summary).toContain('| **Variables added** | `API_KEY` |');
  expect(result.summary).toContain('| **Variables removed** | `OLD_FLAG` |');
  expect(result.stdout).toContain(`::add-mask::${SECRET}`);
  for (const value of [SECRET, STAGE]) {
    expectNeverShown(result.stdout, value);
    expect(result.stderr).not.toContain(value);
    expect(result.summary).not.toContain(value);
    expect(JSON.stringify(result.outputs)).not.toContain(value);
  }
}, 60_000);

it('configuration alone (no code source) publishes a version that carries it, and does nothing when it is already as asked', async () => {
  const name = await newFunction();
  const inputs = { 'function-name': name, 'memory-size': '1024', description: 'sentiment model', environment: 'KEEP=me', alias: 'live' };
  const first = await deploy(inputs);
  expect(first.errors).toEqual([]);
  expect(first.outputs['version']).toBe('1');
  expect(first.report()).toMatchObject({ codeSource: 'none', configuration: { changed: ['memory-size', 'description'] } });
  expect(await configuration(name, '1')).toMatchObject({
    MemorySize: 1024,
    Environment: { Variables: { MODEL_STAGE: 'prod', KEEP: 'me', OLD_FLAG: 'on' } },
  });
  expect(calls(name, 'UpdateFunctionCode')).toEqual([]);
  // Publishing configuration alone keeps the CodeSha256 guard.
  expect(calls(name, 'PublishVersion')).toHaveLength(1);

  const again = await deploy(inputs);
  expect(again.errors).toEqual([]);
  expect(again.stdout).toContain('The configuration is already as asked: nothing to update');
  expect(again.report()['configuration']).toEqual({ changed: [] });
  expect(again.summary).toContain('nothing: already as asked');
  expect(calls(name, 'UpdateFunctionConfiguration')).toHaveLength(1);
  const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
  expect(versions.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1']);
});

it('on ResourceConflictException for the configuration update waits for the other update, says so, and retries', async () => {
  const name = await newFunction();
  proxy.configure({ functions: { [name]: { raceOn: 'UpdateFunctionConfiguration', raceMs: 1500 } } });
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', environment: `API_KEY=${SECRET}` });
  expect(result.errors).toEqual([]);
  expect(result.stdout).toContain(
    'UpdateFunctionConfiguration: another update of the function is in progress (ResourceConflictException); waiting for it to finish, then retrying',
  );
  expect(proxy.requests('UpdateFunctionConfiguration', name).map((e: LogEntry) => e.fault ?? 'ok')).toEqual(['conflict', 'ok']);
  expect((await configuration(name, '1')).Environment?.Variables).toMatchObject({ API_KEY: SECRET, KEEP: 'me' });
});

it('a failed configuration update names the reason with the values taken out', async () => {
  const name = await newFunction();
  proxy.configure({
    functions: {
      [name]: { updateMs: 500, outcome: 'Failed', reason: `Invalid value ${SECRET} for API_KEY`, reasonCode: 'InvalidConfiguration' },
    },
  });
  const result = await deploy({ 'function-name': name, environment: `API_KEY=${SECRET}` });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([`The configuration update of ${name} failed: Invalid value *** for API_KEY (InvalidConfiguration)`]);
  expect(result.report()).toMatchObject({ outcome: 'failure', stoppedAt: `Updating the configuration of ${name}` });
  expectNeverShown(result.stdout, SECRET);
  expect(result.summary).not.toContain(SECRET);
  expect(calls(name, 'PublishVersion')).toEqual([]);
});

it('dry run plans the configuration by name and changes nothing', async () => {
  const name = await newFunction();
  const result = await deploy({ 'function-name': name, environment: ENVIRONMENT, timeout: '10', 'dry-run': 'true' });
  expect(result.errors).toEqual([]);
  expect(result.stdout).toContain(
    'Dry run: would update the configuration: environment (added API_KEY; changed MODEL_STAGE; removed OLD_FLAG), timeout',
  );
  expect(result.stdout).toContain('Dry run: would publish a new version');
  expect(result.summary).toContain('| **Configuration would change** | `environment` `timeout` |');
  const writes = (proxy.requests(undefined, name) as LogEntry[]).filter((e) => !/^Get|^List/.test(e.op));
  expect(writes).toEqual([]);
  expectNeverShown(result.stdout, SECRET);
});

it('refuses ImageConfig on a Zip function before changing anything', async () => {
  const name = await newFunction();
  const result = await deploy({ 'function-name': name, 'zip-file': 'v1.zip', 'image-command': '["app.handler"]' });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([
    `function ${name} is a Zip function: image-command only apply to Image functions (ImageConfig); nothing was changed. Remove it, or set the handler of a Zip function in its runtime settings.`,
  ]);
  const writes = (proxy.requests(undefined, name) as LogEntry[]).filter((e) => !/^Get|^List/.test(e.op));
  expect(writes).toEqual([]);
});

it('updates an Image function with its image, ImageConfig and variables in one step', async () => {
  const name = await newFunction({ packageType: 'Image' });
  const result = await deploy({
    'function-name': name,
    'image-uri': '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:v2',
    'image-command': '["app.handler"]',
    'image-working-directory': '/var/task',
    environment: 'MODEL_STAGE=canary',
  });
  expect(result.errors).toEqual([]);
  expect(result.report()['configuration']).toMatchObject({ changed: ['environment', 'image-command', 'image-working-directory'] });
  expect((await configuration(name, '1')).Environment?.Variables).toEqual({ MODEL_STAGE: 'canary', KEEP: 'me', OLD_FLAG: 'on' });
  // moto 5.2 accepts ImageConfig in UpdateFunctionConfiguration but does not store it: the request is what is checked here.
  expect(calls(name, 'UpdateFunctionConfiguration')).toHaveLength(1);
});
