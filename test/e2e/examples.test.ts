// The workflows in examples/ run under act against the local stack, laid out
// as a user's repository would hold them (example-fixture.ts). The run of
// lambda-container-deploy is also the demo (`npm run demo`): its job summary
// is kept in .stack/examples/ for the demo to print.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  CreateAliasCommand,
  LambdaClient,
  GetAliasCommand,
  GetFunctionCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createFunction } from '../stack/fault-proxy/fixtures.mjs';
import { startCloudWatchFront } from '../stack/cloudwatch/index.mjs';
import { startTraffic } from '../stack/cloudwatch/traffic.mjs';
import { repoRoot } from '../support/act';
import { createFunctionFromFirstImage, credentials } from './pipeline-fixture';
import MarkdownIt from 'markdown-it';
import type { GateReport } from '@mlship/action-kit';
import { ACTIONS_BOT, ledgerStatuses, startFakeGitHub, type FakeDeployment, type FakeGitHub } from '../support/fake-github';
import { exampleEnv, runExample, type ExampleEnv, type ExampleRun } from './example-fixture';

let env: ExampleEnv;
beforeAll(async () => {
  env = await exampleEnv();
}, 120_000);
afterAll(async () => env?.close());

const lambda = () => new LambdaClient({ region: env.stack.region, endpoint: env.stack.motoEndpoint, credentials });

function expectSuccess(run: ExampleRun, steps: string[]): void {
  if (run.result.code !== 0 || run.result.jobResult !== 'success') throw new Error(run.explain());
  for (const id of steps) {
    expect({ step: id, result: run.result.steps[id]?.results['Main'] }).toEqual({ step: id, result: 'success' });
  }
}

function keepForDemo(name: string, run: ExampleRun, where: string[]): void {
  const dir = join(repoRoot, '.stack', 'examples');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.summary.md`), run.result.summary);
  writeFileSync(join(dir, `${name}.where.txt`), `${where.join('\n')}\n`);
}

describe('examples/lambda-container-deploy.yml', () => {
  let run: ExampleRun;
  let name: string;

  beforeAll(async () => {
    name = `model-service-${env.id}`;
    await createFunctionFromFirstImage(env.stack, env.dockerConfig, name, name);
    run = await runExample('lambda-container-deploy.yml', env, {
      rename: { 'model-service': name },
      act: { vars: { API_URL: env.api.url }, secrets: { API_KEY: env.api.key, AWS_ROLE_ARN: 'unused-under-act' } },
    });
  }, 400_000);

  it('runs test, gate, build and push, deploy, smoke test and summary to success', () => {
    expectSuccess(run, ['gate', 'image', 'deploy', 'smoke', 'summary']);
    keepForDemo('lambda-container-deploy', run, [
      `act ${run.result.durationMs} ms, workflow examples/lambda-container-deploy.yml in a fresh repository at ${run.workspace}`,
      `ECR registry ${env.stack.registry} (docker-registry behind a TLS proxy on 127.0.0.1:443), ECR API and Lambda API: moto at ${env.stack.motoEndpoint}`,
      `Lambda updates through the fault proxy at ${env.lambdaProxy.url} (each update stays InProgress 1.5 s, as on AWS)`,
      `API Gateway stand-in at ${env.api.url}; Docker engine at ${env.stack.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock'}`,
    ]);
  });

  it('deploys the pushed digest and points alias live at the new version', async () => {
    const image = run.result.steps['image']?.outputs ?? {};
    const deploy = run.result.steps['deploy']?.outputs ?? {};
    const client = lambda();
    try {
      const fn = await client.send(new GetFunctionCommand({ FunctionName: name }));
      expect(fn.Code?.ImageUri).toBe(image['image-uri-digest']);
      const alias = await client.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }));
      expect(alias.FunctionVersion).toBe(deploy['version']);
    } finally {
      client.destroy();
    }
    expect(Number(deploy['update-seconds'])).toBeGreaterThanOrEqual(1.4);
  });

  it('smoke-tests /health and /predict with the API key, which never shows in the log', () => {
    expect(env.api.requests.filter((r) => r.key === env.api.key).map((r) => r.path)).toEqual(
      expect.arrayContaining(['/health', '/predict']),
    );
    expect(run.result.log).not.toContain(env.api.key);
    expect(run.result.summary).not.toContain(env.api.key);
  });

  it('writes one job summary covering every step', () => {
    for (const part of [name, 'Deployment to production succeeded', 'Model gate', 'Smoke checks', '`live` → 1'])
      expect(run.result.summary).toContain(part);
  });
});

/** Pushes a second image of the example model to the repository; returns repository@digest. */
function pushSecondImage(repository: string): string {
  const ref = `${env.stack.registry}/${repository}:candidate`;
  const docker = (...args: string[]) => {
    const r = spawnSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_CONFIG: env.dockerConfig }, timeout: 120_000 });
    if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  docker('build', '-q', '--label', `candidate=${repository}`, '-t', ref, join(repoRoot, 'test/e2e/fixtures/example-app'));
  const pushed = docker('push', ref);
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
  if (!digest) throw new Error(`no digest in docker push output: ${pushed}`);
  return `${env.stack.registry}/${repository}@${digest}`;
}

async function aliasOf(functionName: string, alias: string) {
  const client = lambda();
  try {
    return await client.send(new GetAliasCommand({ FunctionName: functionName, Name: alias }));
  } finally {
    client.destroy();
  }
}

/** An Image function with version 1 published and alias `live` on it, as after a first deploy. */
async function liveImageFunction(name: string): Promise<void> {
  await createFunctionFromFirstImage(env.stack, env.dockerConfig, name, name);
  const client = lambda();
  try {
    const v1 = await client.send(new PublishVersionCommand({ FunctionName: name }));
    await client.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: v1.Version }));
  } finally {
    client.destroy();
  }
}

/** Steady traffic on alias live (through the Lambda proxy, which routes its weights) recording per-version metrics. */
async function bakeTraffic(name: string, versions: Record<string, { errorRate?: number; latencyMs?: number }>) {
  const front = await startCloudWatchFront({ target: env.stack.motoEndpoint, delayMs: 300 });
  const traffic = startTraffic({
    lambdaUrl: env.lambdaProxy.url,
    cloudwatchUrl: front.url,
    functionName: name,
    alias: 'live',
    ratePerSecond: 60,
    versions,
  });
  return {
    front,
    stop: async () => {
      await traffic.stop();
      await front.close();
    },
  };
}

/** The example with second-long windows, as a demo runs it. */
const QUICK_BAKE = { TRAFFIC_STEPS: '20%:4s, 50%:4s', ANALYSIS_INTERVAL: '2s', METRICS_DELAY: '1s' };

/** Runs examples/canary-with-rollback.yml on a new live function with a second image, under traffic. */
async function runCanary(
  name: string,
  versions: Record<string, { errorRate?: number; latencyMs?: number }>,
  github: FakeGitHub,
): Promise<ExampleRun> {
  await liveImageFunction(name);
  const candidate = pushSecondImage(name);
  const bake = await bakeTraffic(name, versions);
  try {
    return await runExample('canary-with-rollback.yml', env, {
      rename: { 'model-service': name },
      act: {
        event: 'workflow_dispatch',
        eventPayload: { inputs: { 'image-uri': candidate } },
        vars: QUICK_BAKE,
        secrets: { GITHUB_TOKEN: TOKEN },
        env: { AWS_ENDPOINT_URL_CLOUDWATCH: bake.front.url, GITHUB_API_URL: github.url },
      },
    });
  } finally {
    await bake.stop();
  }
}

/** The one ledger deployment of a canary run: started in progress before the bake, finished after it. */
function canaryDeployment(github: FakeGitHub, run: ExampleRun): FakeDeployment {
  const ours = github.deployments.filter((d) => d.task === 'deploy:mlship');
  expect(ours).toHaveLength(1);
  expect(run.result.steps['start']?.outputs['deployment-id']).toBe(String(ours[0]!.id));
  expect(run.result.steps['summary']?.outputs['deployment-id']).toBe(String(ours[0]!.id));
  return ours[0]!;
}

describe('examples/canary-with-rollback.yml with a healthy candidate', () => {
  let run: ExampleRun;
  let name: string;
  let github: FakeGitHub;

  beforeAll(async () => {
    name = `canary-${env.id}`;
    github = await startFakeGitHub();
    run = await runCanary(name, { '1': { latencyMs: 100 }, '2': { latencyMs: 100 } }, github);
  }, 400_000);
  afterAll(() => github?.close());

  it('shows the deployment in progress during the bake, and finishes the same one', () => {
    const deployment = canaryDeployment(github, run);
    expect(deployment.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment.statuses[0]!.log_url).toMatch(/\/actions\/runs\//);
  });

  it('publishes the candidate, bakes it through 20% and 50% and promotes it', async () => {
    expectSuccess(run, ['canary', 'summary']);
    const canary = run.result.steps['canary']?.outputs ?? {};
    expect(canary['previous-version']).toBe('1');
    expect(canary['version']).toBe('2');
    expect(canary['rolled-back']).toBe('false');
    const bake = JSON.parse(canary['bake'] as string) as { result: string; windows: Array<{ weight: number; verdict: string }> };
    expect(bake.result).toBe('promoted');
    expect(new Set(bake.windows.map((w) => w.weight))).toEqual(new Set([20, 50]));
    expect(bake.windows.every((w) => w.verdict !== 'pending' && w.verdict !== 'breach')).toBe(true);
    const live = await aliasOf(name, 'live');
    expect(live.FunctionVersion).toBe('2');
    expect(live.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
    // The timeline and the charts of both versions, as GitHub draws them in the job summary.
    expect(run.result.summary).toMatch(/✅ \*\*Promoted\*\*: version 2 took 100% of `live` after 2 steps/);
    expect(run.result.summary).toMatch(/\| Window \(UTC\) \| Step \|/);
    expect(run.result.summary).toMatch(/```mermaid\n[^`]*xychart-beta\n\s+title "Error rate per window \(%\)"/);
  });
});

describe('examples/canary-with-rollback.yml when the candidate fails under traffic', () => {
  let run: ExampleRun;
  let name: string;
  let github: FakeGitHub;

  beforeAll(async () => {
    name = `rollback-${env.id}`;
    github = await startFakeGitHub();
    // Half the calls of the new version fail, as a broken model would.
    run = await runCanary(name, { '1': { errorRate: 0 }, '2': { errorRate: 0.5 } }, github);
  }, 400_000);
  afterAll(() => github?.close());

  it('marks the deployment it started failure, with the rollback as the reason', () => {
    const deployment = canaryDeployment(github, run);
    expect(deployment.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(deployment.statuses[1]!.description).toMatch(/rolled back: .*error rate/);
  });

  it('fails the job, and the action itself puts alias live back on the previous version', async () => {
    expect(run.result.jobResult).toBe('failure');
    expect(run.result.steps['canary']?.results['Main']).toBe('failure');
    const canary = run.result.steps['canary']?.outputs ?? {};
    expect(canary['previous-version']).toBe('1');
    expect(canary['rolled-back']).toBe('true');
    expect(canary['rollback-reason']).toMatch(
      /error rate: \d+ errors in \d+ invocations \(\d+(\.\d+)?%\); 95% lower bound \d+(\.\d+)?% is over 1%: failed/,
    );
    const live = await aliasOf(name, 'live');
    expect(live.FunctionVersion).toBe('1');
    expect(live.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
    expect(run.result.summary).toMatch(/↩️ \*\*Rolled back\*\*: `live` is back on version 1: .*error rate/);
    expect(run.result.summary).toContain('❌ breach');
    expect(run.result.summary).toContain('Canary');
  });
});

describe('examples/canary-then-approval.yml: the canary holds its split, the approved production job promotes it', () => {
  let run: ExampleRun;
  let name: string;

  beforeAll(async () => {
    name = `approval-${env.id}`;
    await liveImageFunction(name);
    const candidate = pushSecondImage(name);
    const bake = await bakeTraffic(name, { '1': { latencyMs: 100 }, '2': { latencyMs: 100 } });
    try {
      run = await runExample('canary-then-approval.yml', env, {
        rename: { 'model-service': name },
        act: {
          event: 'workflow_dispatch',
          eventPayload: { inputs: { 'image-uri': candidate } },
          // The canary holds 20%; production's steps start at 20% too, so the resume skips it and bakes 50%.
          vars: { CANARY_STEPS: '20%:4s, hold', PROMOTE_STEPS: '20%:4s, 50%:4s', ANALYSIS_INTERVAL: '2s', METRICS_DELAY: '1s' },
          env: { AWS_ENDPOINT_URL_CLOUDWATCH: bake.front.url },
        },
      });
    } finally {
      await bake.stop();
    }
  }, 400_000);

  it('ends the canary job successfully with the split held on purpose', () => {
    expectSuccess(run, ['canary', 'promote']);
    const canary = run.result.steps['canary']?.outputs ?? {};
    expect(canary['version']).toBe('2');
    expect(canary['held']).toBe('true');
    expect(JSON.parse(canary['weights'] as string)).toEqual({ '1': 0.8, '2': 0.2 });
    const timeline = JSON.parse(canary['bake'] as string) as { result: string; heldSplit?: unknown };
    expect(timeline).toMatchObject({ result: 'held', heldSplit: { newVersion: '2', previousVersion: '1', weight: 20 } });
    expect(run.result.summary).toMatch(/⏸️ \*\*Held\*\*: version 2 keeps 20% of `live` and version 1 the rest, held on purpose/);
  });

  it('resumes from the held split in the production job and ends at 100% on the new version', async () => {
    const promote = run.result.steps['promote']?.outputs ?? {};
    expect(promote['held']).toBe('false');
    const timeline = JSON.parse(promote['bake'] as string) as { result: string; resumedFrom?: number; windows: Array<{ weight: number }> };
    expect(timeline).toMatchObject({ result: 'promoted', resumedFrom: 20 });
    expect(new Set(timeline.windows.map((w) => w.weight))).toEqual(new Set([50]));
    const live = await aliasOf(name, 'live');
    expect(live.FunctionVersion).toBe('2');
    expect(live.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
  });
});

describe('examples/staging-then-production.yml', () => {
  let run: ExampleRun;
  let name: string;
  let github: FakeGitHub;
  let seeded: FakeDeployment;

  beforeAll(async () => {
    name = `staged-${env.id}`;
    await createFunctionFromFirstImage(env.stack, env.dockerConfig, name, name);
    const candidate = pushSecondImage(name);
    github = await startFakeGitHub();
    seeded = github.addDeployment({
      sha: 'b'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: productionRecord(name, 0.94),
      statuses: ledgerStatuses('success'),
    });
    run = await runExample('staging-then-production.yml', env, {
      rename: { 'model-service': name },
      act: {
        event: 'workflow_dispatch',
        eventPayload: { inputs: { 'image-uri': candidate } },
        vars: { STAGING_URL: env.api.url, PRODUCTION_URL: env.api.url },
        secrets: { API_KEY: env.api.key, GITHUB_TOKEN: TOKEN },
        env: { GITHUB_API_URL: github.url },
      },
    });
  }, 400_000);
  afterAll(() => github?.close());

  it('deploys behind alias staging, smoke-tests it, then moves production to the same version', async () => {
    if (run.result.code !== 0 || run.result.jobResult !== 'success') throw new Error(run.explain());
    const staging = await aliasOf(name, 'staging');
    const production = await aliasOf(name, 'production');
    expect(staging.FunctionVersion).toMatch(/^\d+$/);
    expect(production.FunctionVersion).toBe(staging.FunctionVersion);
  });

  it("gates against production's record, and records staging, then production, with the gate's metrics", async () => {
    const version = (await aliasOf(name, 'production')).FunctionVersion;
    const ours = github.deployments.filter((d) => d.task === 'deploy:mlship' && d.id !== seeded.id);
    expect(ours.map((d) => d.environment)).toEqual(['staging', 'production']);
    for (const d of ours) {
      expect(d.payload).toMatchObject({ version, function: name, gate: { passed: true, metrics: { accuracy: 0.93 } } });
      expect(d.statuses).toEqual([expect.objectContaining({ state: 'success', environment_url: env.api.url })]);
    }
    expect(ours[0]!.payload).toMatchObject({ alias: 'staging' });
    expect(ours[1]!.payload).toMatchObject({ alias: 'production' });
    // The new production replaces the old record; the next gate reads the new one.
    expect(seeded.statuses.map((s) => s.state)).toEqual(['success', 'inactive']);
    const staging = run.result.summary;
    expect(staging).toContain(`production's deployment ${seeded.id}`);
  });
});

describe('examples/multi-function-zip.yml', () => {
  let run: ExampleRun;
  const names = ['preprocess', 'predict', 'postprocess'];
  const renamed = (fn: string) => `${fn}-${env.id}`;

  beforeAll(async () => {
    for (const fn of names) await createFunction(env.stack.motoEndpoint, renamed(fn));
    run = await runExample('multi-function-zip.yml', env, { rename: Object.fromEntries(names.map((fn) => [fn, renamed(fn)])) });
  }, 400_000);

  it('updates, waits for, publishes and invokes every function of the matrix', async () => {
    if (run.result.code !== 0 || run.result.jobResult !== 'success') throw new Error(run.explain());
    const client = lambda();
    try {
      for (const fn of names) {
        const versions = await client.send(new ListVersionsByFunctionCommand({ FunctionName: renamed(fn) }));
        expect({ fn, versions: versions.Versions?.map((v) => v.Version) }).toEqual({ fn, versions: ['$LATEST', '1'] });
      }
    } finally {
      client.destroy();
    }
    for (const fn of names) expect(env.lambdaProxy.requests('UpdateFunctionCode', renamed(fn))).toHaveLength(1);
  });
});

describe('examples/first-deploy-zip.yml', () => {
  it('creates the missing function through S3, publishes version 1, points live at it, and a second run uploads nothing', async () => {
    const name = `sentiment-api-${env.id}`;
    const bucket = `first-deploy-${env.id}`.toLowerCase();
    const s3 = new S3Client({ region: env.stack.region, endpoint: env.stack.motoEndpoint, forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    const options = {
      rename: { 'sentiment-api': name },
      act: { vars: { ARTIFACT_BUCKET: bucket, LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/lambda-exec' } },
    };
    const first = await runExample('first-deploy-zip.yml', env, options);
    expectSuccess(first, ['deploy']);
    const outputs = first.result.steps['deploy']?.outputs ?? {};
    expect(outputs).toMatchObject({ created: 'true', version: '1' });
    expect(outputs['s3-key']).toMatch(new RegExp(`^lambda/${name}/[0-9a-f]{64}\\.zip$`));
    const client = lambda();
    try {
      const fn = await client.send(new GetFunctionCommand({ FunctionName: name }));
      expect(fn.Configuration).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', MemorySize: 1024, Timeout: 30 });
      expect(fn.Tags).toMatchObject({ team: 'ml', service: name });
      expect((await client.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }))).FunctionVersion).toBe('1');
    } finally {
      client.destroy();
    }
    // The next push with the same code: the function exists, the zip is already in S3.
    const second = await runExample('first-deploy-zip.yml', env, options);
    expectSuccess(second, ['deploy']);
    expect(second.result.steps['deploy']?.outputs).toMatchObject({ created: 'false', 's3-key': outputs['s3-key'] });
    expect(second.result.summary).toContain('already there: not uploaded again');
  }, 600_000);
});

const TOKEN = 'ghs_exampleTokenForActRuns000000';

/** A production record as an earlier deployment would have left it in the ledger. */
function productionRecord(functionName: string, accuracy: number) {
  return {
    mlship: 1,
    writer: 'deployment-summary',
    environment: 'production',
    commit: 'b'.repeat(40),
    run: { id: '999', attempt: '1' },
    function: functionName,
    region: env.stack.region,
    alias: 'live',
    version: '1',
    gate: { passed: true, mode: 'enforce', metrics: { accuracy }, rules: [] },
  };
}

/** What a reader sees: the markdown rendered as GitHub would (markdown-it), tags stripped, cells split. */
function renderedRows(markdown: string): string[][] {
  const html = new MarkdownIt().render(markdown);
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] as string).matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) =>
      (c[1] as string)
        .replace(/<[^>]+>/g, '')
        .replace(/&gt;/g, '>')
        .replace(/&lt;/g, '<')
        .replace(/&amp;/g, '&')
        .trim(),
    ),
  );
}

describe('examples/pr-model-gate.yml: the pull request gates against production, main records the new production', () => {
  let github: FakeGitHub;
  let pr: ExampleRun;
  let push: ExampleRun;
  let name: string;
  let seeded: FakeDeployment;
  /** The comments right after the pull request run (the push run updates them). */
  let prComment: string[];

  beforeAll(async () => {
    name = `ledger-${env.id}`;
    await liveImageFunction(name);
    github = await startFakeGitHub();
    seeded = github.addDeployment({
      sha: 'b'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: productionRecord(name, 0.925),
      statuses: ledgerStatuses('success'),
    });
    // The commit act runs is made by runExample: any commit pushed to main came from pull request 7.
    github.pullsOf = (sha) => [
      { number: 7, state: 'closed', merged_at: '2026-12-01T10:00:00Z', merge_commit_sha: sha, commits: [], base: { ref: 'main' } },
    ];
    const act = { env: { GITHUB_API_URL: github.url }, secrets: { GITHUB_TOKEN: TOKEN }, vars: { API_URL: env.api.url } };
    pr = await runExample('pr-model-gate.yml', env, {
      rename: { 'model-service': name },
      files: { 'metrics.json': '{"accuracy": 0.92, "drift_score": 0.12}' },
      act: {
        ...act,
        event: 'pull_request',
        eventPayload: { number: 7, pull_request: { number: 7, head: { sha: 'abc', ref: 'feature' }, base: { ref: 'main' } } },
      },
    });
    prComment = github.comments.map((c) => c.body);
    push = await runExample('pr-model-gate.yml', env, { rename: { 'model-service': name }, act: { ...act, event: 'push' } });
  }, 700_000);
  afterAll(() => github?.close());

  it("gates the pull request against production's record and comments the deltas", () => {
    expectSuccess(pr, ['image', 'gate', 'summary']);
    const gate = JSON.parse(pr.result.steps['gate']?.outputs['report'] as string) as GateReport;
    expect(gate.baselineRecord).toMatchObject({ environment: 'production', found: true, deploymentId: seeded.id, version: '1' });
    expect(gate.rules).toEqual([
      expect.objectContaining({ metric: 'accuracy', kind: 'threshold', value: 0.92, baseline: 0.925, verdict: 'pass' }),
      expect.objectContaining({ metric: 'accuracy', kind: 'regression', value: 0.92, baseline: 0.925, delta: -0.005, verdict: 'pass' }),
    ]);
    expect(prComment).toHaveLength(1);
    const rows = renderedRows(prComment[0]!);
    expect(rows).toContainEqual(['accuracy', '0.92', 'regression ≤ 0.02 (higher is better)', '0.925', '-0.005 (-0.541%)', '✅ pass']);
  });

  it('deploys on the push, records the new production in the ledger and marks the old record inactive', async () => {
    expectSuccess(push, ['gate', 'image', 'deploy', 'summary']);
    const ours = github.deployments.filter((d) => d.task === 'deploy:mlship' && d.id !== seeded.id);
    expect(ours).toHaveLength(1);
    const deploy = push.result.steps['deploy']?.outputs ?? {};
    const image = push.result.steps['image']?.outputs ?? {};
    expect(ours[0]!.payload).toMatchObject({
      mlship: 1,
      environment: 'production',
      function: name,
      alias: 'live',
      version: deploy['version'],
      previousVersion: '1',
      imageDigest: image['digest'],
      gate: {
        passed: true,
        metrics: { accuracy: 0.93 },
        rules: [
          { metric: 'accuracy', kind: 'threshold' },
          { metric: 'accuracy', kind: 'regression' },
        ],
      },
    });
    expect(ours[0]!.statuses).toEqual([
      expect.objectContaining({ state: 'success', environment_url: env.api.url, log_url: expect.stringMatching(/\/actions\/runs\//) }),
    ]);
    expect(seeded.statuses.map((s) => s.state)).toEqual(['success', 'inactive']);
    expect((await aliasOf(name, 'live')).FunctionVersion).toBe(deploy['version']);
  });

  it("updates the merged pull request's comment with where the model shipped", () => {
    expect(github.comments).toHaveLength(1);
    const body = github.comments[0]!.body;
    expect(body).toContain('## ✅ Model check to production succeeded');
    const rows = renderedRows(body);
    expect(rows).toContainEqual(['accuracy', '0.93', 'regression ≤ 0.02 (higher is better)', '0.925', '+0.005 (+0.541%)', '✅ pass']);
    expect(push.result.log).toContain('on merged pull request #7');
    keepForDemo('pr-model-gate-push', push, [
      `act ${push.result.durationMs} ms, examples/pr-model-gate.yml on push, GitHub API: fake at ${github.url}`,
    ]);
    expect(push.result.log).not.toContain(TOKEN);
  });
});

const FORK_HEAD = 'abcabcabcabcabcabcabcabcabcabcabcabcabca';

describe('examples/fork-pr-gate.yml then examples/fork-pr-comment.yml: a fork pull request gets its comment through workflow_run', () => {
  let github: FakeGitHub;
  let gateRun: ExampleRun;
  let commentRun: ExampleRun;
  let artifacts: string;

  beforeAll(async () => {
    github = await startFakeGitHub();
    github.addDeployment({
      sha: 'b'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: productionRecord('model-service', 0.925),
      statuses: ledgerStatuses('success'),
    });
    // The fork's pull request as GET /pulls/21 shows it: its head is the commit the fork's run built.
    github.pulls.push({
      number: 21,
      state: 'open',
      merged_at: null,
      merge_commit_sha: null,
      commits: [FORK_HEAD],
      base: { ref: 'main' },
      head: { ref: 'patch-1', repo: 'someone/model-service' },
    });
    artifacts = mkdtempSync(join(tmpdir(), 'mlship-artifacts-'));
    const act = { env: { GITHUB_API_URL: github.url, MLSHIP_ARTIFACTS: artifacts }, secrets: { GITHUB_TOKEN: TOKEN } };
    // The fork's run: its token may read, not write.
    github.forbidCommentWrites = true;
    gateRun = await runExample('fork-pr-gate.yml', env, {
      act: {
        ...act,
        event: 'pull_request',
        eventPayload: {
          number: 21,
          pull_request: {
            number: 21,
            head: { sha: FORK_HEAD, ref: 'patch-1', repo: { full_name: 'someone/model-service' } },
            base: { ref: 'main' },
          },
        },
      },
    });
    github.forbidCommentWrites = false;
    commentRun = await runExample('fork-pr-comment.yml', env, {
      act: {
        ...act,
        event: 'workflow_run',
        eventPayload: {
          workflow_run: {
            id: 99,
            event: 'pull_request',
            conclusion: 'success',
            pull_requests: [],
            head_sha: FORK_HEAD,
            head_repository: { full_name: 'someone/model-service' },
          },
        },
      },
    });
  }, 400_000);
  afterAll(async () => {
    await github?.close();
    rmSync(artifacts, { recursive: true, force: true });
  });

  it('gates the fork against production and keeps the report and the number as an artifact', () => {
    expectSuccess(gateRun, ['gate']);
    expect(readFileSync(join(artifacts, 'mlship-report/pr-number'), 'utf8')).toBe('21');
    const report = JSON.parse(readFileSync(join(artifacts, 'mlship-report/gate.json'), 'utf8')) as GateReport;
    expect(report.baselineRecord).toMatchObject({ environment: 'production', found: true });
  });

  it("posts the report from the artifact file as the pull request's comment, with the deltas against production", () => {
    if (commentRun.result.code !== 0 || commentRun.result.jobResult !== 'success') throw new Error(commentRun.explain());
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.issue).toBe(21);
    const rows = renderedRows(github.comments[0]!.body);
    expect(rows).toContainEqual(['accuracy', '0.93', 'regression ≤ 0.02 (higher is better)', '0.925', '+0.005 (+0.541%)', '✅ pass']);
    expect(github.comments[0]!.body).toContain("From a fork's run: its numbers are the fork's own claim.");
    // The example's own check and the action's both asked GitHub for the pull request's head.
    expect(github.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/pulls/21'))).toHaveLength(2);
  });

  it("refuses an artifact that names another pull request: the example's own check stops the job, nothing is posted", async () => {
    github.pulls.push({
      number: 22,
      state: 'open',
      merged_at: null,
      merge_commit_sha: null,
      commits: ['d'.repeat(40)],
      base: { ref: 'main' },
    });
    const victim = github.addComment(22, '<!-- mlship:deployment-summary title="Model check" -->\n## ❌ Model check failed\n', ACTIONS_BOT);
    writeFileSync(join(artifacts, 'mlship-report/pr-number'), '22');
    const before = github.comments.map((c) => ({ ...c }));
    const requestsBefore = github.requests.length;
    const hostile = await runExample('fork-pr-comment.yml', env, {
      act: {
        env: { GITHUB_API_URL: github.url, MLSHIP_ARTIFACTS: artifacts },
        secrets: { GITHUB_TOKEN: TOKEN },
        event: 'workflow_run',
        eventPayload: {
          workflow_run: { id: 100, event: 'pull_request', conclusion: 'success', pull_requests: [], head_sha: FORK_HEAD },
        },
      },
    });
    expect(hostile.result.jobResult).toBe('failure');
    // The example's own check stopped the job: act can drop the last line a fast-failing `run:` step
    // prints (its ::error:: went missing in 1 of 6 runs here), so this is judged by what GitHub saw:
    // the check asked for #22 once, and nothing after it (the action would ask again, then write).
    expect(hostile.result.steps['pr']?.results['Main']).toBe('failure');
    const asked = github.requests.slice(requestsBefore);
    expect(asked.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/nektos/act/pulls/22']);
    expect(github.comments).toEqual(before);
    expect(victim.body).toContain('❌ Model check failed');
  }, 120_000);
});
