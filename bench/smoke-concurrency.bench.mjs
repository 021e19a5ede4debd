// smoke-test benchmark, run against the committed bundle and local servers only.
// 1. Parallelism: 8 checks against an endpoint answering in 200 ms, concurrency 8,
//    must finish within 1.5x the time of a single check (action-measured
//    durationMs from the report, median of 5 runs; wall time printed too).
// 2. wait-until-up: the endpoint comes up at a random moment; the lag from
//    "listening" to the first request it receives must be within one retry-delay.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { freePort } from '../test/support/moto.mjs';
import { runAction } from '../test/support/run-action.mjs';

const node = existsSync('/opt/mlship-tools/node24/bin/node') ? '/opt/mlship-tools/node24/bin/node' : process.execPath;
const RUNS = 5;
const RESPONSE_MS = 200;
const RETRY_DELAY_MS = 1000;

function result(metric, value, unit, note) {
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'smoke-concurrency', metric, value, unit, note })}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function listen(handler, port = 0) {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

// Fixed for every run here, so only what each measurement varies differs.
const BENCH_INPUTS = { 'wait-until-up': '0', retries: '0', 'retry-delay': '2s', timeout: '10s', concurrency: '4' };

async function runSmoke(inputs) {
  const run = await runAction('smoke-test', { node, timeoutMs: 60_000, inputs: { ...BENCH_INPUTS, ...inputs } });
  if (run.code !== 0 || !run.outputs.report) throw new Error(`smoke-test exited ${run.code}: ${run.stdout}${run.stderr}`);
  return { wallMs: run.durationMs, report: run.report() };
}

// 1. Parallelism.
const slow = await listen((_req, res) => setTimeout(() => res.end('{"status":"ok"}'), RESPONSE_MS));
const base = `http://127.0.0.1:${slow.address().port}`;
const eight = Array.from({ length: 8 }, (_, i) => `- { name: c${i}, url: "${base}/c${i}", expect-json: { status: ok } }`).join('\n');
const one = `- { name: c0, url: "${base}/c0", expect-json: { status: ok } }`;
const single = [];
const parallel = [];
const singleWall = [];
const parallelWall = [];
for (let i = 0; i < RUNS; i++) {
  const a = await runSmoke({ checks: one, concurrency: '8' });
  const b = await runSmoke({ checks: eight, concurrency: '8' });
  single.push(a.report.durationMs);
  parallel.push(b.report.durationMs);
  singleWall.push(a.wallMs);
  parallelWall.push(b.wallMs);
}
slow.close();
const ratio = median(parallel) / median(single);
result('1 check (200 ms endpoint)', median(single), 'ms', `median of ${RUNS}, action-measured; wall ${Math.round(median(singleWall))} ms`);
result(
  '8 checks, concurrency 8',
  median(parallel),
  'ms',
  `median of ${RUNS}, action-measured; wall ${Math.round(median(parallelWall))} ms`,
);
result(
  '8 checks / 1 check',
  Number(ratio.toFixed(2)),
  'x',
  `target <= 1.5: ${ratio <= 1.5 ? 'PASS' : 'FAIL'}; wall-time ratio ${(median(parallelWall) / median(singleWall)).toFixed(2)}x`,
);

// 2. wait-until-up lag.
const lags = [];
for (const upAfterMs of [1300, 2050, 2900]) {
  const port = await freePort();
  let upAt;
  let firstSeenAt;
  let server;
  const timer = setTimeout(async () => {
    server = await listen((_req, res) => {
      firstSeenAt ??= performance.now();
      res.end('{"status":"ok"}');
    }, port);
    upAt = performance.now();
  }, upAfterMs);
  const run = await runSmoke({ url: `http://127.0.0.1:${port}/health`, 'wait-until-up': '30s', 'retry-delay': `${RETRY_DELAY_MS}ms` });
  clearTimeout(timer);
  server?.close();
  if (!run.report.passed) throw new Error('wait-until-up run did not pass');
  lags.push(firstSeenAt - upAt);
}
const worst = Math.max(...lags);
result(
  'wait-until-up: lag after the endpoint is up (worst of 3)',
  Math.round(worst),
  'ms',
  `retry-delay ${RETRY_DELAY_MS} ms; target <= one retry-delay: ${worst <= RETRY_DELAY_MS ? 'PASS' : 'FAIL'}; lags ${lags.map((l) => Math.round(l)).join(', ')} ms`,
);
