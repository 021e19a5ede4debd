// Metric-based detection in update-lambda-and-wait's bake, end to end: the
// committed bundle against moto behind the Lambda fault proxy and the
// CloudWatch front (data visible 0.5 s late), with steady traffic recording
// per-version metrics. Complements lambda-bake-rollback.bench.mjs (which
// measures from the end of the first bad window, at a 5 s interval) and
// lambda-bake-probe.bench.mjs (probes, no traffic).
//  - onset to rollback: once the split is live, version 2 starts failing every
//    call at a random moment of an interval; measured from that moment to the
//    rollback UpdateAlias arriving at Lambda. analysis-interval 2s,
//    metrics-delay 1s, RUNS runs one after the other. Target: worst <=
//    interval + metrics-delay + 1 s.
//  - GetMetricData calls per judged window during a healthy bake with five
//    custom metric rules (read in the same call as Lambda's own). Target: one.
//   node bench/lambda-bake-metrics.bench.mjs
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handlerZip, lambdaClient } from '../test/stack/fault-proxy/fixtures.mjs';
import { startBakeStack, startTraffic } from '../test/stack/cloudwatch/stack.mjs';
import { dice } from '../test/stack/fault-proxy/index.mjs';
import { bakeRunner, requireBundle, whenSplit } from './support/lambda-bake-action.mjs';

const RUNS = 10;
const INTERVAL_S = 2;
const DELAY_S = 1;
const round = (n, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN;
const result = (metric, value, unit, note) =>
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'lambda-bake-metrics', metric, value, unit, note })}`);

requireBundle();

const stack = await startBakeStack({ delayMs: 500 });
const lambda = await lambdaClient(stack.proxy.url);
const workdir = mkdtempSync(join(tmpdir(), 'lambda-bake-metrics-'));
writeFileSync(join(workdir, 'v2.zip'), handlerZip('v2'));
const phase = dice(23);

const runAction = bakeRunner(stack, workdir, { intervalS: INTERVAL_S, delayS: DELAY_S });

const trafficOn = (name, seed) =>
  startTraffic({
    lambdaUrl: stack.proxy.url,
    cloudwatchUrl: stack.front.url,
    functionName: name,
    alias: 'live',
    ratePerSecond: 40,
    versions: { 1: { errorRate: 0 }, 2: { errorRate: 0 } },
    seed,
  });

// 1. Onset of failures to the alias back on the previous version.
const lags = [];
for (let i = 0; i < RUNS; i++) {
  const name = `metrics-bad-${process.pid}-${i}`;
  await stack.functionWithAlias(name);
  const traffic = trafficOn(name, i + 1);
  const run = runAction(name, { 'traffic-steps': '20%:40s' });
  await whenSplit(lambda, name);
  // One to two intervals in, at a repeatable random phase of the window.
  await new Promise((r) => setTimeout(r, (1 + phase()) * INTERVAL_S * 1000));
  traffic.set('2', { errorRate: 1 });
  const onset = Date.now();
  const done = await run;
  await traffic.stop();
  const rollback = stack.proxy
    .requests('UpdateAlias', name)
    .filter((e) => e.status < 300 && !e.fault)
    .at(-1);
  if (done.code !== 1 || !rollback || done.bake?.result !== 'rolled-back') {
    console.error(`run ${i} did not roll back as expected (exit ${done.code}): ${done.log.slice(-1500)}`);
    continue;
  }
  lags.push((rollback.time - onset) / 1000);
}
const target = INTERVAL_S + DELAY_S + 1;
result(
  'failure onset to rollback p50',
  round(median(lags)),
  's',
  `n=${lags.length}, interval ${INTERVAL_S}s, metrics-delay ${DELAY_S}s, 40 calls/s at 20%, every call of version 2 failing from the onset`,
);
result(
  'failure onset to rollback max',
  round(Math.max(...lags)),
  's',
  `target <= interval + metrics-delay + 1 s = ${target}s: ${Math.max(...lags) <= target ? 'met' : 'MISSED'}`,
);
result('failure onset to rollback all', lags.map((l) => round(l, 2)).join(' '), 's', 'each run, in order');

// 2. GetMetricData calls per judged window, with five custom rules.
const dims = 'FunctionName={function} Resource={function}:{alias} ExecutedVersion={version}';
const rules = [
  `AWS/Lambda/Invocations Sum >= 0 ${dims}`,
  `AWS/Lambda/Errors Sum <= 1000 ${dims}`,
  `AWS/Lambda/Duration Average < 60000 ${dims}`,
  `AWS/Lambda/Duration Maximum < 60000 ${dims}`,
  `AWS/Lambda/Invocations SampleCount >= 0 ${dims}`,
].join('\n');
const name = `metrics-healthy-${process.pid}`;
await stack.functionWithAlias(name);
const traffic = trafficOn(name, 99);
stack.front.clearLog();
const healthy = await runAction(name, { 'traffic-steps': '20%:10s, 50%:10s', metrics: rules });
await traffic.stop();
if (healthy.code !== 0) console.error(`healthy bake failed (exit ${healthy.code}): ${healthy.log.slice(-1500)}`);
const windows = healthy.bake?.windows ?? [];
const judged = windows.filter((w) => w.verdict !== 'pending').length;
const calls = stack.front.requests('GetMetricData').length;
const withRules = windows.filter((w) => (w.metrics ?? []).length === 5).length;
result(
  'GetMetricData calls per window, five custom rules',
  round(calls / Math.max(1, judged), 2),
  'calls',
  `${calls} calls for ${judged} judged windows (${withRules} with all five rules' values); target: one`,
);

lambda.destroy();
await stack.stop();
