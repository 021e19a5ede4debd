// Lambda fixtures shared by the fault-proxy tests, the update-lambda-and-wait
// tests and bench/lambda-*.bench.mjs: functions created straight in moto
// (not through the proxy), so the proxy's log holds only what is under test.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { zipSync, strToU8 } from 'fflate';

export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/lambda-exec';

/** A tiny Python handler zip; the same body always gives the same bytes (fixed timestamp). */
export function handlerZip(body = 'ok') {
  const source = strToU8(`def handler(event, context):\n    return ${JSON.stringify(body)}\n`);
  return zipSync({ 'index.py': source }, { mtime: new Date(1980, 0, 1) });
}

export async function lambdaClient(endpoint, extra = {}) {
  const { LambdaClient } = await import('@aws-sdk/client-lambda');
  return new LambdaClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS, ...extra });
}

/** Creates a Zip (default) or Image function in moto; returns its configuration. */
export async function createFunction(endpoint, name, { packageType = 'Zip', imageUri, role = ROLE_ARN } = {}) {
  const { CreateFunctionCommand } = await import('@aws-sdk/client-lambda');
  const client = await lambdaClient(endpoint);
  try {
    const common = { FunctionName: name, Role: role, Timeout: 3, Environment: { Variables: { MODEL_STAGE: 'prod', KEEP: 'me' } } };
    const params =
      packageType === 'Image'
        ? { ...common, PackageType: 'Image', Code: { ImageUri: imageUri ?? '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:v1' } }
        : { ...common, PackageType: 'Zip', Runtime: 'python3.12', Handler: 'index.handler', Code: { ZipFile: handlerZip('v0') } };
    return await client.send(new CreateFunctionCommand(params));
  } finally {
    client.destroy();
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A moto_server for plain-node scripts (the bench); jest suites use test/helpers/moto.ts. */
export async function spawnMoto() {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited: ${stderr.slice(-1000)}`);
    try {
      await fetch(`${endpoint}/moto-api/`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`moto_server not up on ${endpoint}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await fetch(`${endpoint}/moto-api/config`, { method: 'POST', body: JSON.stringify({ lambda: { use_docker: false } }) });
  const { IAMClient, CreateRoleCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS });
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'lambda-exec',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  iam.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
