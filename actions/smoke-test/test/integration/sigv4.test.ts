/**
 * aws-sigv4 through the bundle: requests signed with the SDK's signer and
 * credentials from the default chain (the environment here), checked by a
 * local server that recomputes the signature with the same credentials.
 */
import { runAction, type RunResult } from '../../../../test/support/run-action';
import { startServer, type TestServer } from '../../../../test/support/servers';
import { startSigV4Server, type SigV4Server } from './sigv4-server';

const credentials = {
  accessKeyId: 'AKIDSMOKETEST0000001',
  secretAccessKey: 'smokeSecretKey/0123456789abcdefghijklmnopq',
  sessionToken: 'smokeSessionToken0123456789+session/token==',
};
const awsEnv = {
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_SESSION_TOKEN: credentials.sessionToken,
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_PROFILE: undefined,
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
async function signedServer(service: 'lambda' | 'execute-api', region = 'eu-west-1', creds = credentials): Promise<SigV4Server> {
  const server = await startSigV4Server({ credentials: creds, service, region });
  closers.push(server);
  return server;
}

function results(run: RunResult): Array<Record<string, unknown>> {
  return JSON.parse(run.outputs['results'] ?? '[]') as Array<Record<string, unknown>>;
}

/** Everything the run printed or wrote, without the mask commands that name the secrets to hide. */
function printed(run: RunResult): string {
  const log = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return log + run.stderr + run.summary + JSON.stringify(run.outputs);
}

describe('smoke-test aws-sigv4', () => {
  it('signs a single url check for a function URL (lambda), body included', async () => {
    const server = await signedServer('lambda');
    const run = await runAction('smoke-test', {
      env: awsEnv,
      inputs: {
        url: `${server.url}/predict?explain=true&top=3`,
        method: 'POST',
        body: '{"instances":[[1,2]]}',
        'aws-sigv4': 'lambda',
        'aws-region': 'eu-west-1',
        'expect-json': 'signed: true',
        requests: '3',
      },
    });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(server.seen.map((s) => [s.method, s.path, s.ok, s.problem])).toEqual([
      ['POST', '/predict', true, undefined],
      ['POST', '/predict', true, undefined],
      ['POST', '/predict', true, undefined],
    ]);
    const signature = String(server.seen[0]?.headers['authorization']).split('Signature=')[1] as string;
    for (const secret of [credentials.secretAccessKey, credentials.sessionToken, credentials.accessKeyId, signature])
      expect(printed(run)).not.toContain(secret);
    expect(run.stdout).toContain(`::add-mask::${credentials.sessionToken}`);
  });

  it('signs checks for execute-api, takes the region from the environment, and leaves a check with none unsigned', async () => {
    const server = await signedServer('execute-api', 'ap-southeast-2');
    const checks = [
      `- name: signed\n  url: ${server.url}/prod/models/iris?version=2`,
      `- name: open\n  url: ${server.url}/prod/health\n  aws-sigv4: none\n  expect-status: 403`,
    ].join('\n');
    const run = await runAction('smoke-test', {
      env: { ...awsEnv, AWS_REGION: 'ap-southeast-2' },
      inputs: { checks, 'aws-sigv4': 'execute-api', concurrency: '1' },
    });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(server.seen.map((s) => [s.path, s.ok, s.problem])).toEqual([
      ['/prod/models/iris', true, undefined],
      ['/prod/health', false, 'no Authorization header'],
    ]);
  });

  it('a signature the server cannot verify is a failed check with its 403', async () => {
    const server = await signedServer('lambda', 'eu-west-1', { ...credentials, secretAccessKey: 'another-secret-key-the-server-holds' });
    const run = await runAction('smoke-test', {
      env: awsEnv,
      inputs: { checks: `- name: fn-url\n  url: ${server.url}/\n  aws-sigv4: lambda`, 'aws-region': 'eu-west-1' },
    });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([expect.stringContaining("Check 'fn-url' failed: status: expected 200, got 403")]);
    expect(run.errors[0]).toContain('signature mismatch');
    expect(results(run)[0]).toEqual(expect.objectContaining({ passed: false, status: 403 }));
    expect(printed(run)).not.toContain(credentials.secretAccessKey);
  });

  it('re-signs each same-origin redirect hop and sends no signature to another origin', async () => {
    const signed = await signedServer('lambda');
    const other = await startServer(() => ({ body: { status: 'ok' } }));
    closers.push(other as TestServer);
    const front = await startServer((req) =>
      req.path === '/elsewhere'
        ? { status: 307, headers: { location: `${other.url}/x` } }
        : { status: 308, headers: { location: `${signed.url}/moved` } },
    );
    closers.push(front);
    const run = await runAction('smoke-test', {
      env: awsEnv,
      inputs: {
        checks: [
          `- name: within\n  url: ${signed.url}/redirect\n  aws-sigv4: lambda\n  follow-redirects: same-origin\n  expect-json: { path: /moved }`,
          `- name: away\n  url: ${front.url}/elsewhere\n  aws-sigv4: lambda\n  follow-redirects: all`,
        ].join('\n'),
        'aws-region': 'eu-west-1',
      },
    });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(signed.seen.map((s) => [s.path, s.ok])).toEqual([
      ['/redirect', true],
      ['/moved', true],
    ]);
    expect(front.seen[0]?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(other.seen[0]?.headers['authorization']).toBeUndefined();
    expect(other.seen[0]?.headers['x-amz-security-token']).toBeUndefined();
    expect(other.seen[0]?.headers['x-amz-date']).toBeUndefined();
  });

  it('without credentials in the chain, fails before any request with one clear error', async () => {
    const server = await signedServer('lambda');
    const run = await runAction('smoke-test', {
      env: { ...awsEnv, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined },
      inputs: { url: `${server.url}/`, 'aws-sigv4': 'lambda', 'aws-region': 'eu-west-1' },
    });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(/^aws-sigv4: no AWS credentials found in the default chain .*configure-aws-credentials/),
    ]);
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(server.seen).toHaveLength(0);
  });
});
