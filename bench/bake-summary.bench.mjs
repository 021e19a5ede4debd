// deployment-summary rendering a bake timeline (traffic-steps): the bundle,
// start to finish as the runner runs it, on an update-lambda-and-wait report
// with 15, 60 and 240 one-minute windows (a 15-minute canary, an hour, four
// hours), and the size of the markdown it writes (the job summary; the PR
// comment is the same text, cut to 65,000 characters when needed). Node 24,
// median of a few runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const node = process.env.NODE24_BIN ?? '/opt/mlship-tools/node24/bin/node';
if (!existsSync(node)) throw new Error(`Node 24 not found at ${node}; run .ci/install-tools.sh`);
const bundle = join(root, 'dist/deployment-summary/index.js');
if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run npm run build`);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const START = Date.parse('2026-12-01T12:00:00Z');

function bake(windows) {
  return {
    steps: [
      { weight: 10, bakeSeconds: (windows / 2) * 60 },
      { weight: 50, bakeSeconds: (windows / 2) * 60 },
    ],
    analysisIntervalSeconds: 60,
    metricsDelaySeconds: 120,
    rules: ['error rate <= 1%', 'p99 <= previous +20%', 'alarm api-5xx not in ALARM'],
    result: 'promoted',
    windows: Array.from({ length: windows }, (_, i) => {
      const weight = i < windows / 2 ? 10 : 50;
      const n = 4 * weight + (i % 7);
      const p = 4 * (100 - weight) + (i % 5);
      return {
        start: new Date(START + i * 60_000).toISOString(),
        end: new Date(START + (i + 1) * 60_000).toISOString(),
        step: weight === 10 ? 1 : 2,
        weight,
        new: {
          version: '14',
          invocations: n,
          errors: i % 9 === 0 ? 1 : 0,
          errorRate: (i % 9 === 0 ? 1 : 0) / n,
          latency: { stat: 'p99', ms: 800 + (i % 11) * 7 },
        },
        previous: { version: '13', invocations: p, errors: 0, errorRate: 0, latency: { stat: 'p99', ms: 790 + (i % 5) * 3 } },
        alarms: [{ name: 'api-5xx', state: 'OK' }],
        verdict: 'healthy',
      };
    }),
  };
}

const report = (windows) => ({
  action: 'update-lambda-and-wait',
  schema: 1,
  outcome: 'success',
  headline: 'api: version 14 promoted',
  functionName: 'api',
  dryRun: false,
  version: '14',
  previousVersion: '13',
  alias: { name: 'live', version: '14' },
  bake: bake(windows),
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const work = mkdtempSync(join(tmpdir(), 'bench-bake-'));
for (const windows of [15, 60, 240]) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const summary = join(work, `summary-${windows}-${i}.md`);
    writeFileSync(summary, '');
    writeFileSync(join(work, 'out'), '');
    const env = {
      PATH: process.env.PATH,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: join(work, 'out'),
      INPUT_STEPS: JSON.stringify({
        deploy: { outputs: { report: JSON.stringify(report(windows)) }, outcome: 'success', conclusion: 'success' },
      }),
      'INPUT_JOB-STATUS': 'success',
      INPUT_TITLE: 'Deployment',
      'INPUT_PR-COMMENT': 'false',
      'INPUT_DEPLOYMENT-STATUS': 'false',
    };
    const started = process.hrtime.bigint();
    const run = spawnSync(node, [bundle], { env, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (run.status !== 0) throw new Error(`deployment-summary exited ${run.status}: ${run.stdout}${run.stderr}`);
    bytes = Buffer.byteLength(readFileSync(summary, 'utf8'));
  }
  const note = `${windows} windows, median of ${runs}`;
  console.log(
    `BENCH_RESULT ${JSON.stringify({ bench: 'bake-summary', metric: `run time, ${windows} windows`, value: Math.round(median(times)), unit: 'ms', note })}`,
  );
  console.log(
    `BENCH_RESULT ${JSON.stringify({ bench: 'bake-summary', metric: `summary size, ${windows} windows`, value: bytes, unit: 'bytes', note: 'table of every window, charts of the last 60' })}`,
  );
}
