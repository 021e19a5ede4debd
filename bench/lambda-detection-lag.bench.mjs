// Detection lag of update-lambda-and-wait: from the moment a Lambda update turns
// Successful to the action noticing it, for updates lasting 3 to 60 s, against
// the AWS SDK's waitUntilFunctionUpdatedV2 with its defaults on the same
// simulated updates. moto on loopback, behind the Lambda fault proxy, which
// keeps each update InProgress for its set time and logs every GetFunction.
// Updates run concurrently on separate functions, so the whole bench takes
// two to four minutes.
//   node bench/lambda-detection-lag.bench.mjs
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultProxy } from '../test/stack/fault-proxy/index.mjs';
import { createFunction, handlerZip, lambdaClient, spawnMoto } from '../test/stack/fault-proxy/fixtures.mjs';
import { AWS_TEST_ENV } from '../test/support/moto.mjs';
import { runAction } from '../test/support/run-action.mjs';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist/update-lambda-and-wait/index.js');
const node = existsSync('/opt/mlship-tools/node24/bin/node') ? '/opt/mlship-tools/node24/bin/node' : process.execPath;
const round = (n, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const DURATIONS_S = [3, 4, 6, 8, 11, 15, 20, 26, 33, 41, 50, 60];
const REPEATS = 2;
const ACTION_WAVE = 12;
const POLL_INTERVAL_MS = 1000;
const SDK_MAX_WAIT_S = 300;

if (!existsSync(bundle)) {
  console.error(`${bundle} is missing: run node scripts/build.mjs update-lambda-and-wait`);
  process.exit(1);
}

const moto = await spawnMoto();
const proxy = await startFaultProxy({ target: moto.endpoint });
const workdir = mkdtempSync(join(tmpdir(), 'lambda-lag-'));
writeFileSync(join(workdir, 'code.zip'), handlerZip('bench'));

// Real updates do not end on whole seconds after the call: a fractional part
// (a repeatable low-discrepancy sequence) keeps them out of phase with the
// cadence, and staggered starts keep 24 processes from all polling in step.
const fraction = (i) => (i * 0.6180339887) % 1;
const plan = [];
for (let r = 0; r < REPEATS; r++) {
  DURATIONS_S.forEach((whole, i) => {
    const k = r * DURATIONS_S.length + i;
    const seconds = round(whole + fraction(k + 1), 3);
    for (const who of ['action', 'sdk'])
      plan.push({ who, seconds, delayMs: Math.round(fraction(k + 7) * 3000), name: `lag-${who}-${whole}s-${r}` });
  });
}
for (const item of plan) {
  await createFunction(moto.endpoint, item.name);
  proxy.configure({ functions: { [item.name]: { updateMs: Math.round(item.seconds * 1000) } } });
}

async function runUpdate(name) {
  const run = await runAction('update-lambda-and-wait', {
    node,
    workdir: mkdtempSync(join(workdir, `${name}-`)),
    cwd: workdir,
    timeoutMs: 360_000,
    inputs: {
      'function-name': name,
      'zip-file': 'code.zip',
      publish: 'false',
      'wait-timeout': '5m',
      'poll-interval': `${POLL_INTERVAL_MS}ms`,
    },
    // RUNNER_DEBUG: the action's debug lines carry each poll's send and answer times.
    env: { ...AWS_TEST_ENV, AWS_ENDPOINT_URL: moto.endpoint, AWS_ENDPOINT_URL_LAMBDA: proxy.url, RUNNER_DEBUG: '1' },
  });
  return { code: run.code, out: run.stdout + run.stderr };
}

async function runSdkWaiter(name) {
  const { UpdateFunctionCodeCommand, waitUntilFunctionUpdatedV2 } = await import('@aws-sdk/client-lambda');
  const client = await lambdaClient(proxy.url);
  try {
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: handlerZip('bench') }));
    const result = await waitUntilFunctionUpdatedV2({ client, maxWaitTime: SDK_MAX_WAIT_S }, { FunctionName: name });
    return { code: result.state === 'SUCCESS' ? 0 : 1, out: result.state };
  } finally {
    client.destroy();
  }
}

const started = Date.now();
const load = loadavg()[0];
const runOne = async (item) => {
  await new Promise((r) => setTimeout(r, item.delayMs));
  return { ...item, ...(await (item.who === 'action' ? runUpdate(item.name) : runSdkWaiter(item.name))) };
};
// The SDK waiters all start at once (they are cheap promises); the action runs
// in waves of ACTION_WAVE processes, so the bench's own CPU load (a Node
// process per run, on a small machine) does not become the latency measured.
const sdkRuns = Promise.all(plan.filter((i) => i.who === 'sdk').map(runOne));
const actionItems = plan.filter((i) => i.who === 'action');
const actionOutcomes = [];
for (let i = 0; i < actionItems.length; i += ACTION_WAVE)
  actionOutcomes.push(...(await Promise.all(actionItems.slice(i, i + ACTION_WAVE).map(runOne))));
const outcomes = [...actionOutcomes, ...(await sdkRuns)];
const wallSeconds = (Date.now() - started) / 1000;

function maxPerSlot(slots) {
  const counts = new Map();
  for (const slot of slots) counts.set(slot, (counts.get(slot) ?? 0) + 1);
  return counts.size ? Math.max(...counts.values()) : undefined;
}

const updates = new Map(proxy.updates().map((u) => [u.function, u]));
const samples = { action: [], sdk: [] };
for (const item of outcomes) {
  if (item.code !== 0) {
    console.error(`${item.name} failed: ${item.out.slice(-500)}`);
    continue;
  }
  const update = updates.get(item.name);
  const polls = proxy.requests('GetFunction', item.name).filter((e) => e.time >= update.start && !e.fault);
  const noticed = polls.find((e) => e.lastUpdateStatus === 'Successful');
  const gaps = polls.slice(1).map((e, i) => e.time - polls[i].time);
  // The action's own debug lines give the send times and the moment it saw Successful.
  const own = [...(item.out ?? '').matchAll(/poll sent (\d+) answered (\d+): LastUpdateStatus (\w+)/g)].map((m) => ({
    sent: Number(m[1]),
    answered: Number(m[2]),
    status: m[3],
  }));
  const seen = own.find((p) => p.status === 'Successful');
  const sentGaps = own.slice(1).map((p, i) => p.sent - own[i].sent);
  samples[item.who].push({
    seconds: item.seconds,
    lag: Math.max(0, noticed.time - update.end) / 1000,
    clientLag: seen ? Math.max(0, seen.answered - update.end) / 1000 : undefined,
    minSentGapMs: sentGaps.length ? Math.min(...sentGaps) : undefined,
    // The poller runs on a fixed-rate grid from its first send: how many sends
    // fell on one grid point (nearest point, since a send can wake late).
    maxPerSlot: maxPerSlot(own.map((p) => Math.round((p.sent - own[0].sent) / POLL_INTERVAL_MS))),
    polls: polls.length,
    callsPerSecond: polls.length / ((noticed.time - update.start) / 1000),
    minGapMs: gaps.length ? Math.min(...gaps) : Infinity,
    shortGaps: gaps.filter((g) => g < POLL_INTERVAL_MS * 0.95).length,
    gaps: gaps.length,
  });
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const result = (metric, value, unit, note) =>
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'lambda-detection-lag', metric, value, unit, note })}`);

for (const who of ['action', 'sdk']) {
  const s = samples[who];
  const label =
    who === 'action'
      ? `update-lambda-and-wait (poll-interval ${POLL_INTERVAL_MS}ms)`
      : 'SDK waitUntilFunctionUpdatedV2 (defaults: minDelay 1s, maxDelay 300s)';
  const lags = s.map((x) => x.lag);
  const n = `n=${s.length}, updates ${DURATIONS_S[0]}-${DURATIONS_S.at(-1)}s`;
  result(`${who} lag p50`, round(percentile(lags, 50)), 's', `${label}; ${n}`);
  if (who === 'action') {
    const client = s.map((x) => x.clientLag).filter((x) => x !== undefined);
    const note = 'from Successful at the service to the action reading it (its own debug log)';
    result('action lag p50 (as the action saw it)', round(percentile(client, 50)), 's', note);
    result(
      'action lag p95 (as the action saw it)',
      round(percentile(client, 95)),
      's',
      `${note}; target <= 1 s: ${percentile(client, 95) <= 1 ? 'met' : 'MISSED'}`,
    );
    const perSlot = Math.max(...s.map((x) => x.maxPerSlot).filter((x) => x !== undefined));
    result(
      'action max GetFunction sends per poll-interval',
      perSlot,
      'calls',
      `sends per point of the fixed-rate grid (start + k * poll-interval); at most one per poll-interval: ${perSlot <= 1 ? 'yes' : 'NO'}`,
    );
    const sent = Math.min(...s.map((x) => x.minSentGapMs).filter((x) => x !== undefined));
    result(
      'action min gap between GetFunction sends',
      Math.round(sent),
      'ms',
      'below the interval only when the send before woke late (timer/CPU jitter); the grid does not drift',
    );
  }
  result(
    `${who} lag p95`,
    round(percentile(lags, 95)),
    's',
    who === 'action' ? `target <= 1 s: ${percentile(lags, 95) <= 1 ? 'met' : 'MISSED'}` : label,
  );
  result(`${who} lag max`, round(Math.max(...lags)), 's', label);
  result(
    `${who} GetFunction calls per second`,
    round(s.reduce((a, x) => a + x.callsPerSecond, 0) / s.length),
    'calls/s',
    `mean over updates; ${s.reduce((a, x) => a + x.polls, 0)} GetFunction calls in total`,
  );
  // Gaps are measured at the proxy: the sender's schedule is exact, arrival times carry the loopback and CPU jitter.
  const short = s.reduce((a, x) => a + x.shortGaps, 0);
  const gaps = s.reduce((a, x) => a + x.gaps, 0);
  result(
    `${who} min gap between GetFunction calls`,
    Math.round(Math.min(...s.map((x) => x.minGapMs))),
    'ms',
    `${short} of ${gaps} gaps under 95% of ${POLL_INTERVAL_MS}ms, as seen by the proxy`,
  );
}
result(
  'wall time',
  round(wallSeconds, 1),
  's',
  `${plan.length} updates (action in waves of ${ACTION_WAVE}); failures: ${outcomes.filter((o) => o.code !== 0).length}; load average ${round(load, 1)} on ${cpus().length} cores at start`,
);

await proxy.close();
await moto.stop();
