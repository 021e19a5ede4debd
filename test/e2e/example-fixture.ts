// Runs a workflow from examples/ under act the way a user would have it in
// their own repository: a fresh git repository holding the example app
// (fixtures/example-app), the workflow under .github/workflows, and our
// actions, referenced as `uses: ./actions/<name>` instead of `@v1`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runAct, type ActOptions, type ActResult } from '../support/act';
import { freePort } from '../support/moto';
import { ensureStack, tempDockerConfig, type Stack } from '../support/stack';
import { startFaultProxy } from '../stack/fault-proxy/index.mjs';

export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;

export interface ExampleRun {
  result: ActResult;
  workspace: string;
  logFile: string;
  explain(): string;
}

export interface ExampleEnv {
  stack: Stack;
  lambdaProxy: FaultProxy;
  dockerConfig: string;
  api: { url: string; key: string; requests: Array<{ path: string; key?: string }> };
  /** A suffix unique to this test run: moto keeps state between runs. */
  id: string;
  close(): Promise<void>;
}

/** The stack, a Lambda fault proxy (updates take time, as on AWS) and a fake API Gateway in front of the model. */
export async function exampleEnv(updateMs = 1500): Promise<ExampleEnv> {
  const stack = await ensureStack();
  const lambdaProxy = await startFaultProxy({ target: stack.motoEndpoint, updateMs });
  const key = `demo-key-${Math.random().toString(36).slice(2)}`;
  const requests: ExampleEnv['api']['requests'] = [];
  const server: Server = createServer((req, res) => {
    const apiKey = req.headers['x-api-key'] as string | undefined;
    requests.push({ path: req.url ?? '', key: apiKey });
    if (apiKey !== key) return void res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Forbidden"}');
    if (req.url === '/health')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","model":{"version":"v2"}}');
    if (req.url === '/predict' && req.method === 'POST')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"predictions":[0.87]}');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const dockerConfig = tempDockerConfig();
  return {
    stack,
    lambdaProxy,
    dockerConfig,
    api: { url, key, requests },
    id: `${Date.now().toString(36)}${process.pid}`,
    close: async () => {
      await lambdaProxy.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dockerConfig, { recursive: true, force: true });
    },
  };
}

/**
 * `bash scripts/demo.sh --fault ecr-api` sets MLSHIP_DEMO_FAULT: the run's ECR
 * API points at a closed loopback port (nothing else changes, and the shared
 * stack keeps running), so a newcomer sees what a failed demo prints.
 */
async function demoFault(): Promise<Record<string, string>> {
  const fault = process.env['MLSHIP_DEMO_FAULT'];
  if (!fault) return {};
  if (fault !== 'ecr-api') throw new Error(`MLSHIP_DEMO_FAULT=${fault}: the one fault the demo knows is ecr-api`);
  return { AWS_ENDPOINT_URL_ECR: `http://127.0.0.1:${await freePort()}` };
}

const OUR_USES = /uses: mlship\/actions\/actions\/([a-z-]+)@v1/g;
// act clones every remote action when the job starts, even for steps that
// `if: ${{ !env.ACT }}` skips, and nothing can be cloned here: such steps
// point at local stand-ins. The AWS one is never run; the artifact ones keep
// artifacts in $MLSHIP_ARTIFACTS (one directory per name), so a workflow_run
// workflow in a second act run finds what the first one uploaded.
const REMOTE_UNDER_ACT =
  /uses: (aws-actions\/configure-aws-credentials|actions\/upload-artifact|actions\/download-artifact)@[0-9a-f]{40}.*$/gm;
const STAND_INS: Record<string, string> = {
  'aws-actions/configure-aws-credentials': `name: stand-in
description: never runs under act (the step is skipped); stands in for an action act cannot fetch offline
inputs:
  role-to-assume: { required: false }
  aws-region: { required: false }
runs:
  using: composite
  steps:
    - run: exit 1
      shell: bash
`,
  'actions/upload-artifact': `name: upload-artifact stand-in
description: keeps the files in $MLSHIP_ARTIFACTS/<name>
inputs:
  name: { required: true }
  path: { required: true }
runs:
  using: composite
  steps:
    - run: mkdir -p "$MLSHIP_ARTIFACTS/$NAME" && cp -R "$SOURCE"/. "$MLSHIP_ARTIFACTS/$NAME/"
      shell: bash
      env:
        NAME: \${{ inputs.name }}
        SOURCE: \${{ inputs.path }}
`,
  'actions/download-artifact': `name: download-artifact stand-in
description: copies $MLSHIP_ARTIFACTS/<name> to path
inputs:
  name: { required: true }
  path: { required: true }
  run-id: { required: false }
  github-token: { required: false }
runs:
  using: composite
  steps:
    - run: mkdir -p "$TARGET" && cp -R "$MLSHIP_ARTIFACTS/$NAME"/. "$TARGET/"
      shell: bash
      env:
        NAME: \${{ inputs.name }}
        TARGET: \${{ inputs.path }}
`,
};

/**
 * Lays out a user's repository for examples/<file> and runs it under act.
 * `rename` maps names in the example (function, repository) to this run's
 * unique ones.
 */
export async function runExample(
  file: string,
  env: ExampleEnv,
  options: { rename?: Record<string, string>; act?: Partial<ActOptions>; files?: Record<string, string> } = {},
): Promise<ExampleRun> {
  const workspace = mkdtempSync(join(tmpdir(), `example-${file.replace(/\.yml$/, '')}-`));
  cpSync(join(repoRoot, 'test/e2e/fixtures/example-app'), workspace, { recursive: true });
  for (const [from, to] of Object.entries(options.rename ?? {})) {
    const fnDir = join(workspace, 'functions', from);
    try {
      cpSync(fnDir, join(workspace, 'functions', to), { recursive: true });
    } catch {
      // not a function directory
    }
  }
  // Only what the runner reads of our actions: action.yml and the bundles.
  for (const action of readdirSync(join(repoRoot, 'actions'))) {
    mkdirSync(join(workspace, 'actions', action), { recursive: true });
    cpSync(join(repoRoot, 'actions', action, 'action.yml'), join(workspace, 'actions', action, 'action.yml'));
  }
  cpSync(join(repoRoot, 'dist'), join(workspace, 'dist'), { recursive: true });
  let workflow = readFileSync(join(repoRoot, 'examples', file), 'utf8')
    .replace(OUR_USES, 'uses: ./actions/$1')
    .replace(REMOTE_UNDER_ACT, 'uses: ./.github/stand-ins/$1');
  // `uses: ./actions/...` reads the workspace, which act fills only in a checkout
  // step; a user's `@v1` needs none, so jobs without one get it here.
  workflow = workflow.replace(
    /^ {4}steps:\n(?! {6}- uses: actions\/checkout@)/gm,
    '    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n',
  );
  for (const [action, yml] of Object.entries(STAND_INS)) {
    mkdirSync(join(workspace, '.github/stand-ins', action), { recursive: true });
    writeFileSync(join(workspace, '.github/stand-ins', action, 'action.yml'), yml);
  }
  for (const [from, to] of Object.entries(options.rename ?? {})) workflow = workflow.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
  mkdirSync(join(workspace, '.github/workflows'), { recursive: true });
  const workflowPath = join(workspace, '.github/workflows', file);
  writeFileSync(workflowPath, workflow);
  for (const [path, content] of Object.entries(options.files ?? {})) writeFileSync(join(workspace, path), content);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=demo@example.com', '-c', 'user.name=demo', 'add', '-A');
  git('-c', 'user.email=demo@example.com', '-c', 'user.name=demo', 'commit', '-qm', 'example app');

  const result = await runAct({
    workflow: workflowPath,
    cwd: workspace,
    event: 'push',
    timeoutMs: 300_000,
    ...options.act,
    env: {
      ...env.stack.env,
      DOCKER_CONFIG: env.dockerConfig,
      AWS_ENDPOINT_URL_LAMBDA: env.lambdaProxy.url,
      ...(await demoFault()),
      ...options.act?.env,
    },
  });
  const logFile = join(tmpdir(), `mlship-example-${file}-${env.id}.log`);
  writeFileSync(logFile, `${result.log}\n--- stderr\n${result.stderr}`);
  return {
    result,
    workspace,
    logFile,
    explain: () =>
      `act exit ${result.code}${result.timedOut ? ' (timed out)' : ''}, job ${result.jobResult}; full log: ${logFile}\n${result.log.slice(-5000)}\n${result.stderr.slice(-2000)}`,
  };
}
