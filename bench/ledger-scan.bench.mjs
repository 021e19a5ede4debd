// model-threshold-gate finding production's record behind 1,000 newer
// deployments of ours (a bad week of failed runs), against the local fake
// GitHub (pages of 100 with Link headers, as github.com). Counts the requests
// the gate made and times the bundle from start to verdict (Node 24, median).
// Two kinds of newer failures: created after the run failed (the payload
// says so: skipped from the list), and created in progress by `stage: start`
// then marked failure (one status read each, 100 at most). The fake is TypeScript, so this
// script runs itself under Node 24, which strips the types.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const node24 = process.env.NODE24_BIN ?? '/opt/mlship-tools/node24/bin/node';
if (!process.versions.node.startsWith('24.')) {
  if (!existsSync(node24)) throw new Error(`Node 24 not found at ${node24}; run .ci/install-tools.sh`);
  const run = spawnSync(node24, [fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist/model-threshold-gate/index.js');
if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run npm run build`);
const { startFakeGitHub, ledgerStatuses } = await import('../test/support/fake-github.ts');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const NEWER = 1000;

const record = (accuracy, outcome) => ({
  mlship: 1,
  writer: 'deployment-summary',
  outcome,
  environment: 'production',
  commit: 'b'.repeat(40),
  gate: { passed: true, mode: 'enforce', metrics: { accuracy }, rules: [] },
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function scenario(kind, newer = NEWER, expectFound = true) {
  const github = await startFakeGitHub();
  const work = mkdtempSync(join(tmpdir(), 'bench-ledger-'));
  try {
    const good = github.addDeployment({
      sha: 'a'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: record(0.93, 'success'),
      statuses: ledgerStatuses('success'),
    });
    for (let i = 0; i < newer; i++) {
      github.addDeployment({
        sha: 'c'.repeat(40),
        environment: 'production',
        task: 'deploy:mlship',
        payload: record(0.1, kind === 'failed' ? 'failure' : 'in_progress'),
        statuses: kind === 'failed' ? ledgerStatuses('failure') : ledgerStatuses('in_progress', 'failure'),
      });
    }
    const times = [];
    let requests = 0;
    for (let i = 0; i < runs; i++) {
      github.requests.length = 0;
      const output = join(work, `out-${i}`);
      const env = {
        PATH: process.env.PATH,
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'octo-org/model-service',
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: join(work, `summary-${i}`),
        INPUT_METRICS: '{"accuracy": 0.925}',
        'INPUT_BASELINE-ENVIRONMENT': 'production',
        'INPUT_GITHUB-TOKEN': 'ghs_bench',
        'INPUT_MAX-REGRESSION': 'accuracy 0.02',
        'INPUT_HIGHER-IS-BETTER': 'accuracy',
        INPUT_MISSING: 'warn',
      };
      const started = process.hrtime.bigint();
      writeFileSync(output, '');
      writeFileSync(env.GITHUB_STEP_SUMMARY, '');
      // Not spawnSync: the fake answers from this process.
      let stdout = '';
      const run = await new Promise((resolve) => {
        const child = spawn(node24, [bundle], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.on('exit', resolve);
      });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      const out = readFileSync(output, 'utf8');
      if (run !== 0 || out.includes(`"deploymentId":${good.id}`) !== expectFound) {
        throw new Error(`gate did not find deployment ${good.id} (exit ${run}):\n${stdout.slice(-3000)}`);
      }
      requests = github.requests.length;
    }
    return { requests, ms: median(times) };
  } finally {
    await github.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const failed = await scenario('failed');
console.log(
  `BENCH_RESULT ${JSON.stringify({ bench: 'ledger-scan', metric: `requests to find production's record behind ${NEWER} failed deployments`, value: failed.requests, unit: 'requests', note: `11 pages of 100 + 1 status read; target <= 11: ${failed.requests <= 11 ? 'met' : 'missed by the one status read that proves the record (see docs/runners-and-github.md)'}` })}`,
);
console.log(
  `BENCH_RESULT ${JSON.stringify({ bench: 'ledger-scan', metric: `gate start to verdict, record behind ${NEWER} failed deployments (median)`, value: Math.round(failed.ms), unit: 'ms', note: `${runs} runs, Node 24 bundle, fake GitHub on loopback` })}`,
);
const started = await scenario('started', 90);
console.log(
  `BENCH_RESULT ${JSON.stringify({ bench: 'ledger-scan', metric: 'requests, record behind 90 deployments started in progress (stage: start) then failed', value: started.requests, unit: 'requests', note: `outcome unknown at creation: one status read each, in batches of up to 16 at once; ${Math.round(started.ms)} ms start to verdict (median of ${runs})` })}`,
);
const bounded = await scenario('started', NEWER, false);
console.log(
  `BENCH_RESULT ${JSON.stringify({ bench: 'ledger-scan', metric: `requests when ${NEWER} started-then-failed deployments hide the record`, value: bounded.requests, unit: 'requests', note: `stops at 100 status reads with a warning (the record is not found); ${Math.round(bounded.ms)} ms (median of ${runs})` })}`,
);
