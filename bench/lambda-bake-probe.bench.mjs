// Probes in update-lambda-and-wait's bake: how fast a version that starts
// crashing is rolled back when it gets no real traffic at all. Against moto
// behind the Lambda fault proxy, which answers every Invoke of a version
// listed in crashVersions as Lambda does for a function that threw (200,
// X-Amz-Function-Error: Unhandled). Each run: traffic-steps 20%:20s,
// analysis-interval 2s, probe-payload {}; once the split is live the proxy
// makes version 2 crash. Measured: from the first failed probe (the proxy's
// log) to the rollback UpdateAlias arriving at Lambda. Target: worst <=
// interval + 1 s.
//   node bench/lambda-bake-probe.bench.mjs
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handlerZip, lambdaClient } from '../test/stack/fault-proxy/fixtures.mjs';
import { startBakeStack } from '../test/stack/cloudwatch/stack.mjs';
import { requireBundle, runBakeAction, whenSplit } from './support/lambda-bake-action.mjs';

const RUNS = 10;
const INTERVAL_S = 2;
const round = (n, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

requireBundle();

const stack = await startBakeStack({ delayMs: 200 });
const lambda = await lambdaClient(stack.proxy.url);
const workdir = mkdtempSync(join(tmpdir(), 'lambda-probe-'));
writeFileSync(join(workdir, 'v2.zip'), handlerZip('v2'));

const runAction = (name) =>
  runBakeAction({
    workdir,
    stackEnv: stack.env,
    name,
    inputs: {
      'traffic-steps': '20%:20s',
      'analysis-interval': `${INTERVAL_S}s`,
      'metrics-delay': '1s',
      'min-invocations': '5',
      'max-error-rate': '5%',
      'probe-payload': '{}',
      'probe-count': '1',
    },
  });

const lags = [];
const fromCrash = [];
for (let i = 0; i < RUNS; i++) {
  const name = `probe-crash-${process.pid}-${i}`;
  await stack.functionWithAlias(name);
  const run = runAction(name);
  await whenSplit(lambda, name);
  stack.proxy.configure({ functions: { [name]: { crashVersions: ['2'] } } });
  const crashedAt = Date.now();
  const result = await run;
  const firstFailed = stack.proxy.requests('Invoke', name).find((e) => e.fault === 'function-error');
  const rollback = stack.proxy
    .requests('UpdateAlias', name)
    .filter((e) => e.status < 300 && !e.fault)
    .at(-1);
  if (result.code !== 1 || !firstFailed || !rollback || !/Rolled back/.test(result.log)) {
    console.error(`run ${i} did not roll back on a probe (exit ${result.code}): ${result.log.slice(-1500)}`);
    continue;
  }
  lags.push((rollback.time - firstFailed.time) / 1000);
  fromCrash.push((rollback.time - crashedAt) / 1000);
}
const sorted = [...lags].sort((a, b) => a - b);
const result = (metric, value, unit, note) =>
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'lambda-bake-probe', metric, value, unit, note })}`);
result(
  'first failed probe to rollback p50',
  round(sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN),
  's',
  `n=${lags.length}, interval ${INTERVAL_S}s, no traffic`,
);
result(
  'first failed probe to rollback max',
  round(Math.max(...lags)),
  's',
  `target <= interval + 1 s = ${INTERVAL_S + 1}s: ${Math.max(...lags) <= INTERVAL_S + 1 ? 'met' : 'MISSED'}`,
);
result(
  'crash onset to rollback max',
  round(Math.max(...fromCrash)),
  's',
  `the version starts crashing at a random moment of an interval; target <= interval + 1 s = ${INTERVAL_S + 1}s: ${Math.max(...fromCrash) <= INTERVAL_S + 1 ? 'met' : 'MISSED'}`,
);
result('crash onset to rollback p50', round([...fromCrash].sort((a, b) => a - b)[Math.floor((fromCrash.length - 1) / 2)] ?? NaN), 's', '');
lambda.destroy();
await stack.stop();
