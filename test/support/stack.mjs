/**
 * The local AWS stack (test/stack/up.sh) for jest suites and benches: call `ensureStack()`
 * in beforeAll. It checks that every component answers (about 50 ms when the
 * stack is up), runs `bash test/stack/up.sh` when one does not, and returns the
 * stack's environment. Stable interface: other suites depend on it.
 *
 * <repo>/.stack/env (KEY=VALUE lines, also sourced by act runs) holds:
 *   AWS_ENDPOINT_URL          moto, e.g. http://127.0.0.1:43131 (ECR, Lambda, IAM, S3...)
 *   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   dummy credentials ("testing")
 *   AWS_REGION, AWS_DEFAULT_REGION             us-east-1
 *   AWS_EC2_METADATA_DISABLED                  true
 *   STACK_MOTO_ENDPOINT       same as AWS_ENDPOINT_URL
 *   STACK_ACCOUNT_ID          123456789012
 *   STACK_ECR_REGISTRY        123456789012.dkr.ecr.us-east-1.amazonaws.com (TLS on 127.0.0.1:443;
 *                             docker login user AWS, password from moto's GetAuthorizationToken)
 *   STACK_REGISTRY_UPSTREAM   the registry behind the proxy, http://127.0.0.1:<port> (no ECR checks)
 *   STACK_BRIDGE_URL          the bridge (POST /events, GET /health)
 *   STACK_TLS_CERT            the registry's self-signed certificate (PEM path)
 *   STACK_LAMBDA_ROLE_ARN     arn:aws:iam::123456789012:role/lambda-exec (exists in moto IAM)
 *   STACK_DIR                 state, logs (STACK_DIR/logs) and pid files
 *   DOCKER_HOST               unix:///var/run/docker.sock
 *
 * The registry refuses pushes to repositories moto's ECR does not have
 * (NAME_UNKNOWN, 404) and moving a tag in an IMMUTABLE repository
 * (TAG_INVALID, 400), as ECR does. A pushed manifest is in moto's
 * DescribeImages by the time `docker push` returns.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';

export const repoRoot = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const stackEnvFile = join(repoRoot, '.stack', 'env');

/** @param {string} text @returns {Record<string, string>} */
export function parseEnvFile(text) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

function readStackEnv() {
  return existsSync(stackEnvFile) ? parseEnvFile(readFileSync(stackEnvFile, 'utf8')) : undefined;
}

/** @param {{ url: string, status: (code: number) => boolean, ca?: Buffer, socketPath?: string }} probe @returns {Promise<boolean>} */
function probe({ url, status, ca, socketPath }) {
  return new Promise((resolve) => {
    const u = new URL(url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(u, { method: 'GET', timeout: 2000, ...(ca ? { ca } : {}), ...(socketPath ? { socketPath } : {}) }, (res) => {
      res.resume();
      resolve(status(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** The names of the components that do not answer (empty when all do). */
/** @param {Record<string, string>} env @returns {Promise<string[]>} */
export async function stackProblems(env) {
  const cert = env.STACK_TLS_CERT;
  if (!cert || !existsSync(cert)) return ['tls-cert'];
  const ca = readFileSync(cert);
  const checks = [
    ['moto', { url: `${env.STACK_MOTO_ENDPOINT}/moto-api/`, status: (/** @type {number} */ c) => c === 200 }],
    ['bridge', { url: `${env.STACK_BRIDGE_URL}/health`, status: (/** @type {number} */ c) => c === 200 }],
    ['registry', { url: `${env.STACK_REGISTRY_UPSTREAM}/v2/`, status: (/** @type {number} */ c) => c === 401 }],
    ['proxy', { url: `https://${env.STACK_ECR_REGISTRY}/v2/`, status: (/** @type {number} */ c) => c === 401, ca }],
    [
      'docker',
      {
        url: 'http://localhost/_ping',
        status: (/** @type {number} */ c) => c === 200,
        socketPath: (env.DOCKER_HOST ?? '').replace(/^unix:\/\//, ''),
      },
    ],
  ];
  const results = await Promise.all(checks.map(async ([name, p]) => ((await probe(p)) ? undefined : name)));
  return results.filter((r) => r !== undefined);
}

/** @param {Record<string, string>} env */
function toStack(env) {
  return {
    env,
    motoEndpoint: env.STACK_MOTO_ENDPOINT,
    registry: env.STACK_ECR_REGISTRY,
    accountId: env.STACK_ACCOUNT_ID,
    region: env.AWS_REGION,
    roleArn: env.STACK_LAMBDA_ROLE_ARN,
    tlsCert: env.STACK_TLS_CERT,
  };
}

/** The running stack, started first if any component is down. */
export async function ensureStack() {
  const current = readStackEnv();
  if (current && (await stackProblems(current)).length === 0) return toStack(current);
  const up = spawnSync('bash', [join(repoRoot, 'test', 'stack', 'up.sh')], { encoding: 'utf8', timeout: 180_000 });
  if (up.status !== 0) {
    throw new Error(`stack:up failed (exit ${up.status ?? up.signal}):\n${up.stdout}\n${up.stderr}`);
  }
  const env = readStackEnv();
  if (!env) throw new Error(`stack:up succeeded but wrote no ${stackEnvFile}:\n${up.stdout}`);
  const problems = await stackProblems(env);
  if (problems.length > 0) throw new Error(`stack:up finished but ${problems.join(', ')} do not answer:\n${up.stdout}\n${up.stderr}`);
  return toStack(env);
}

/**
 * A docker config directory of a test's own (pass it as DOCKER_CONFIG), so
 * login and logout never touch ~/.docker/config.json. Docker looks for CLI
 * plugins under DOCKER_CONFIG too, so buildx is linked in.
 */
export function tempDockerConfig() {
  const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
  const plugins = join(homedir(), '.docker', 'cli-plugins');
  if (existsSync(plugins)) symlinkSync(plugins, join(dir, 'cli-plugins'));
  else mkdirSync(join(dir, 'cli-plugins'));
  return dir;
}
