// What redaction by value and the whole-report schema cost: deployment-summary's
// bundle, start to finish as the runner runs it, on large reports (a gate of
// 300 rules, a smoke test of 300 checks, both with long cut texts), with a
// github-token given (registered: every line, output, report and the summary
// go through redaction by value, also of cut pieces) and without one. Nothing
// is posted (pr-comment false). Node 24, median of a few runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const node = process.env.NODE24_BIN ?? '/opt/mlship-tools/node24/bin/node';
if (!existsSync(node)) throw new Error(`Node 24 not found at ${node}; run .ci/install-tools.sh`);
const bundle = process.env.BENCH_BUNDLE ?? join(root, 'dist/deployment-summary/index.js');
if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run npm run build`);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const TOKEN = 'ghs_benchToken0123456789abcdefABCDEF';

const cut = (i) => `${'upstream said: '.repeat(10)}item ${i}… (812 more bytes)`;
const gate = {
  action: 'model-threshold-gate',
  schema: 1,
  outcome: 'success',
  headline: 'Model gate passed',
  passed: true,
  mode: 'enforce',
  rules: Array.from({ length: 300 }, (_, i) => ({
    metric: `m${i}`,
    kind: 'threshold',
    op: '>=',
    bar: 0.5,
    value: 0.9,
    verdict: 'pass',
    message: cut(i),
  })),
};
const smoke = {
  action: 'smoke-test',
  schema: 1,
  outcome: 'success',
  headline: '300 checks passed',
  passed: true,
  checks: Array.from({ length: 300 }, (_, i) => ({
    name: `c${i}`,
    kind: 'http',
    target: `GET https://api.example.com/${i}`,
    passed: true,
    attempts: 1,
    reason: cut(i),
  })),
};

function once(token) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-redact-'));
  const files = { GITHUB_OUTPUT: 'out', GITHUB_STEP_SUMMARY: 'summary', GITHUB_STATE: 'state', GITHUB_ENV: 'env' };
  for (const name of Object.values(files)) writeFileSync(join(dir, name), '');
  // As files (an artifact): one environment variable holds at most 128 KiB.
  writeFileSync(join(dir, 'gate.json'), JSON.stringify(gate));
  writeFileSync(join(dir, 'smoke.json'), JSON.stringify(smoke));
  const env = {
    PATH: process.env.PATH,
    GITHUB_REPOSITORY: 'octo-org/model-service',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKSPACE: dir,
    INPUT_REPORTS: 'gate.json\nsmoke.json',
    'INPUT_JOB-STATUS': 'success',
    'INPUT_PR-COMMENT': 'false',
    INPUT_TITLE: 'Deployment',
    'INPUT_GITHUB-TOKEN': token,
    ...Object.fromEntries(Object.entries(files).map(([k, v]) => [k, join(dir, v)])),
  };
  const started = process.hrtime.bigint();
  const run = spawnSync(node, [bundle], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`exit ${run.status} ${run.error ?? ''}: ${run.stdout?.slice(-500)}`);
  return { ms, summaryBytes: readFileSync(join(dir, 'summary')).length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [label, token] of [
  ['no secret registered', ''],
  ['github-token registered', TOKEN],
]) {
  const results = Array.from({ length: runs }, () => once(token));
  const ms = median(results.map((r) => r.ms));
  console.log(
    `BENCH_RESULT ${JSON.stringify({ bench: 'redaction', metric: `deployment-summary, 600 rows, ${label}`, value: Math.round(ms), unit: 'ms', note: `median of ${runs}, summary ${results[0].summaryBytes} bytes` })}`,
  );
}
