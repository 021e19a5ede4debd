// Progressive delivery in update-lambda-and-wait: how fast a bad canary is
// rolled back, and what a bake costs in API calls. Against moto behind the
// Lambda fault proxy (RevisionIds, weighted routing) and the CloudWatch front
// (metrics visible 1 s late), with steady traffic recording per-version metrics.
//  - rollback lag: from the end of the first window whose data breaks the bar
//    (version 2 fails half its calls from the start) to the rollback
//    UpdateAlias arriving at Lambda; analysis-interval 5s, metrics-delay 2s,
//    ROLLBACK_RUNS runs one after the other. Target: at most one interval + 1 s.
//  - API calls per minute during a healthy bake (GetAlias, UpdateAlias,
//    GetMetricData, DescribeAlarms), and per analysis interval.
//   node bench/lambda-bake-rollback.bench.mjs
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handlerZip } from '../test/stack/fault-proxy/fixtures.mjs';
import { startBakeStack, startTraffic } from '../test/stack/cloudwatch/stack.mjs';
import { bakeRunner, requireBundle } from './support/lambda-bake-action.mjs';

const ROLLBACK_RUNS = 10;
const INTERVAL_S = 5;
const DELAY_S = 2;
const round = (n, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

requireBundle();

const stack = await startBakeStack({ delayMs: 1000 });
const workdir = mkdtempSync(join(tmpdir(), 'lambda-bake-'));
writeFileSync(join(workdir, 'v2.zip'), handlerZip('v2'));
await stack.alarm('bench-errors');

const runAction = bakeRunner(stack, workdir, { intervalS: INTERVAL_S, delayS: DELAY_S });

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const result = (metric, value, unit, note) =>
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'lambda-bake-rollback', metric, value, unit, note })}`);

// 1. Rollback lag.
const trafficOn = (name, seed, versions = {}) =>
  startTraffic({
    lambdaUrl: stack.proxy.url,
    cloudwatchUrl: stack.front.url,
    functionName: name,
    alias: 'live',
    ratePerSecond: 40,
    versions,
    seed,
  });
const lags = [];
const afterDue = [];
for (let i = 0; i < ROLLBACK_RUNS; i++) {
  const name = `bake-bad-${i}`;
  await stack.functionWithAlias(name);
  const traffic = trafficOn(name, i + 1, { 1: { errorRate: 0 }, 2: { errorRate: 0.5 } });
  const run = await runAction(name, { 'traffic-steps': '20%:15s, 50%:15s' });
  await traffic.stop();
  const breach = run.bake?.windows.find((w) => w.verdict === 'breach');
  const rollback = stack.proxy
    .requests('UpdateAlias', name)
    .filter((e) => e.status < 300 && !e.fault)
    .at(-1);
  if (run.code !== 1 || !breach || !rollback || run.bake.result !== 'rolled-back') {
    console.error(`run ${i} did not roll back as expected (exit ${run.code}): ${run.log.slice(-1500)}`);
    continue;
  }
  const end = Date.parse(breach.end);
  lags.push((rollback.time - end) / 1000);
  afterDue.push((rollback.time - end - DELAY_S * 1000) / 1000);
}
const target = INTERVAL_S + 1;
result(
  'rollback lag p50',
  round(percentile(lags, 50)),
  's',
  `end of the first bad window to the rollback UpdateAlias; interval ${INTERVAL_S}s, metrics-delay ${DELAY_S}s; n=${lags.length}`,
);
result(
  'rollback lag max',
  round(Math.max(...lags)),
  's',
  `target <= interval + 1 s = ${target}s: ${Math.max(...lags) <= target ? 'met' : 'MISSED'}`,
);
result(
  'rollback after the window is due p50',
  round(percentile(afterDue, 50)),
  's',
  'from end + metrics-delay (the earliest the window may be judged) to the rollback',
);
result('rollback after the window is due max', round(Math.max(...afterDue)), 's', 'the judging itself: one GetMetricData, one UpdateAlias');

// 2. API calls during a healthy bake.
const name = 'bake-healthy';
await stack.functionWithAlias(name);
const traffic = trafficOn(name, 99);
stack.front.clearLog();
const healthy = await runAction(name, { 'traffic-steps': '20%:30s, 50%:30s', alarms: 'bench-errors' });
await traffic.stop();
if (healthy.code !== 0) console.error(`healthy bake failed: ${healthy.log.slice(-1500)}`);
const writes = stack.proxy.requests('UpdateAlias', name).filter((e) => !e.fault);
const from = writes[0].time;
const to = writes.at(-1).time;
const lambdaCalls = stack.proxy
  .requests(undefined, name)
  .filter((e) => e.time >= from && e.time <= to && ['GetAlias', 'UpdateAlias'].includes(e.op));
const cwCalls = stack.front.requests().filter((e) => e.time >= from && e.time <= to && ['GetMetricData', 'DescribeAlarms'].includes(e.op));
const minutes = (to - from) / 60_000;
const count = (op) => [...lambdaCalls, ...cwCalls].filter((e) => e.op === op).length;
const total = lambdaCalls.length + cwCalls.length;
result(
  'API calls per minute during a bake',
  round(total / minutes, 1),
  'calls/min',
  `analysis-interval ${INTERVAL_S}s, one alarm, ${round(minutes * 60, 1)}s bake: GetAlias ${count('GetAlias')}, UpdateAlias ${count('UpdateAlias')}, GetMetricData ${count('GetMetricData')}, DescribeAlarms ${count('DescribeAlarms')}`,
);
result(
  'API calls per analysis interval',
  round(total / ((to - from) / (INTERVAL_S * 1000)), 2),
  'calls',
  'the same per interval: with the default 1m interval, that many calls a minute',
);

await stack.stop();
