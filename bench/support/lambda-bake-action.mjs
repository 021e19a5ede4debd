// Runs the committed update-lambda-and-wait bundle as the runner does (INPUT_*
// variables, GITHUB_OUTPUT and GITHUB_STATE files) against a bake stack, for
// the bake benches. Resolves with the exit code, the log, and the bake output.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
export const bundle = join(root, 'dist/update-lambda-and-wait/index.js');
const node = existsSync('/opt/mlship-tools/node24/bin/node') ? '/opt/mlship-tools/node24/bin/node' : process.execPath;

export function requireBundle() {
  if (existsSync(bundle)) return;
  console.error(`${bundle} is missing: run node scripts/build.mjs update-lambda-and-wait`);
  process.exit(1);
}

/** `inputs` are lower-case input names, as in a workflow's `with:`; they override the bake defaults below. */
export function runBakeAction({ workdir, stackEnv, name, inputs }) {
  const out = join(workdir, `${name}.out`);
  writeFileSync(out, '');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? '/root',
    GITHUB_OUTPUT: out,
    GITHUB_STATE: join(workdir, `${name}.state`),
    GITHUB_WORKSPACE: workdir,
    ...stackEnv,
    'INPUT_FUNCTION-NAME': name,
    'INPUT_ZIP-FILE': 'v2.zip',
    INPUT_ALIAS: 'live',
    INPUT_PUBLISH: 'true',
    'INPUT_WAIT-TIMEOUT': '5m',
    'INPUT_POLL-INTERVAL': '250ms',
    'INPUT_DRY-RUN': 'false',
    'INPUT_INSUFFICIENT-TRAFFIC': 'warn',
    'INPUT_ON-FAILURE': 'rollback',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  writeFileSync(env.GITHUB_STATE, '');
  return new Promise((resolve) => {
    const child = spawn(node, [bundle], { env, cwd: workdir, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (c) => (log += c));
    child.stderr.on('data', (c) => (log += c));
    child.on('close', (code) => {
      const text = readFileSync(out, 'utf8');
      const bake = /^bake<<(.+)\n([\s\S]*?)\n\1$/m.exec(text)?.[2];
      resolve({ code, log, bake: bake ? JSON.parse(bake) : undefined });
    });
  });
}

/** Resolves once alias `live` of `name` sends traffic to version 2 (the first step is live); `lambda` is a client on the proxy. */
export async function whenSplit(lambda, name, timeoutMs = 60_000) {
  const { GetAliasCommand } = await import('@aws-sdk/client-lambda');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const out = await lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }));
    if (out.RoutingConfig?.AdditionalVersionWeights?.['2'] !== undefined) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} never split`);
}

/**
 * The bake runner of a bench: the bundle against `stack`, with its interval
 * and delay and the error-rate bar every bake bench uses; `inputs` add to them.
 */
export function bakeRunner(stack, workdir, { intervalS, delayS }) {
  return (name, inputs) =>
    runBakeAction({
      workdir,
      stackEnv: stack.env,
      name,
      inputs: {
        'analysis-interval': `${intervalS}s`,
        'metrics-delay': `${delayS}s`,
        'min-invocations': '5',
        'max-error-rate': '5%',
        ...inputs,
      },
    });
}
