// A moto server of the caller's own on a free loopback port, for suites and
// benches that need the ECR/Lambda/IAM/S3 APIs but not the whole stack
// (test/stack). Plain JS so plain-node benches share it with jest suites;
// test/support/moto.ts gives it types.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const AWS_TEST_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** The same keys as SDK client credentials: moto accepts any, these name themselves in a log. */
export const TEST_CREDENTIALS = { accessKeyId: AWS_TEST_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: AWS_TEST_ENV.AWS_SECRET_ACCESS_KEY };

/** @returns {Promise<number>} a loopback port free at the time of asking */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {{ port: number }} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts moto_server and waits until it answers.
 * @param {Record<string, string>} [extraEnv]
 * @returns {Promise<{ endpoint: string, port: number, env: Record<string, string>, stop(): Promise<void> }>}
 */
export async function startMoto(extraEnv = {}) {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `moto_server exited (${child.exitCode}): ${stderr.slice(-2000)} — is moto[server] installed? run .ci/install-tools.sh`,
      );
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok || res.status === 404) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 30s: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    port,
    env: { ...AWS_TEST_ENV, AWS_ENDPOINT_URL: endpoint },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/**
 * POST /moto-api/config, e.g. `{ lambda: { use_docker: false } }` before creating functions.
 * @param {string} endpoint
 * @param {unknown} config
 */
export async function configureMoto(endpoint, config) {
  const res = await fetch(`${endpoint}/moto-api/config`, {
    method: 'POST',
    body: JSON.stringify(config),
    headers: { 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`moto config failed: ${res.status} ${await res.text()}`);
}

/**
 * The Lambda execution role in moto's IAM.
 * @param {string} endpoint
 * @param {string} [name]
 * @returns {Promise<string>} its ARN
 */
export async function createLambdaRole(endpoint, name = 'lambda-exec') {
  const { IAMClient, CreateRoleCommand, GetRoleCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS });
  try {
    const existing = await iam.send(new GetRoleCommand({ RoleName: name }));
    return /** @type {string} */ (existing.Role?.Arn);
  } catch {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    return /** @type {string} */ (created.Role?.Arn);
  } finally {
    iam.destroy();
  }
}
