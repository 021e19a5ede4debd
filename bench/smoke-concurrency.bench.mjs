// smoke-test benchmark, run against the committed bundle and local servers only.
// 1. Parallelism: 8 checks against an endpoint answering in 200 ms, concurrency 8,
//    must finish within 1.5x the time of a single check (action-measured
//    durationMs from the report, median of 5 runs; wall time printed too).
// 2. wait-until-up: the endpoint comes up at a random moment; the lag from
//    "listening" to the first request it receives must be within one retry-delay.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/helpers/moto.mjs';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist/smoke-test/index.js');
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

function runAction(inputs) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const env = { PATH: process.env.PATH, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: join(dir, 'summary'), RUNNER_TEMP: dir };
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  const defaults = {
    method: 'GET',
    'expect-status': '200',
    'wait-until-up': '0',
    retries: '0',
    'retry-delay': '2s',
    timeout: '10s',
    requests: '1',
    warmup: '0',
    concurrency: '4',
    'fail-fast': 'false',
  };
  for (const [k, v] of Object.entries({ ...defaults, ...inputs })) env[`INPUT_${k.toUpperCase()}`] = v;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(node, [bundle], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const text = readFileSync(output, 'utf8');
      const match = /report<<(.+)\n([\s\S]*?)\n\1/.exec(text);
      if (code !== 0 || !match) return reject(new Error(`smoke-test exited ${code}: ${stdout}`));
      resolve({ wallMs, report: JSON.parse(match[2]) });
    });
  });
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
  const a = await runAction({ checks: one, concurrency: '8' });
  const b = await runAction({ checks: eight, concurrency: '8' });
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
  const run = await runAction({ url: `http://127.0.0.1:${port}/health`, 'wait-until-up': '30s', 'retry-delay': `${RETRY_DELAY_MS}ms` });
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
