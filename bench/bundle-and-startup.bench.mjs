// Bundle size and start-up cost of each action. Size: dist/<action>/index.js
// and the whole dist/<action>/ (ncc splits lazily loaded chunks out of
// index.js). Start-up: time from process start to the input error, paired run
// by run with `node -e 0` on Node 24, as a median and as a ratio of medians.
// Target (issue 2): at most 2x `node -e 0`; issue 24: a refactor must not grow
// either number by more than 5 %. BENCH_COMPARE=<file written by BENCH_SAVE>
// prints the change against an earlier run; BENCH_DIST=<dir> measures another
// dist/ tree (e.g. `git archive main dist | tar -x -C /tmp/main`).
// BENCH_AGAINST=<another dist dir> times each bundle interleaved, run by run,
// with the same action's bundle there: the fairest before/after on a loaded
// machine (a shared runner moves separate runs' medians by 10 % or more).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const node = process.env.NODE24_BIN ?? '/opt/mlship-tools/node24/bin/node';
if (!existsSync(node)) throw new Error(`Node 24 not found at ${node}; run .ci/install-tools.sh`);
const dist = process.env.BENCH_DIST ?? join(root, 'dist');
const pairs = Number(process.env.BENCH_PAIRS ?? 15);
const work = mkdtempSync(join(tmpdir(), 'bench-startup-'));
for (const f of ['output', 'summary', 'state']) writeFileSync(join(work, f), '');
// No inputs at all: every action must stop at its first input check.
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GITHUB_OUTPUT: join(work, 'output'),
  GITHUB_STEP_SUMMARY: join(work, 'summary'),
  GITHUB_STATE: join(work, 'state'),
};

function time(args) {
  const started = process.hrtime.bigint();
  const run = spawnSync(node, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, run };
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const emit = (metric, value, unit, note) =>
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'bundle-and-startup', metric, value, unit, note })}`);

/** Paired with the same action's bundle in BENCH_AGAINST, alternating which runs first. */
function against(action, bundle) {
  const other = join(process.env.BENCH_AGAINST, action, 'index.js');
  if (!existsSync(other)) return;
  time([other]);
  const was = [];
  const now = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 ? [other, bundle] : [bundle, other];
    const [first, second] = order.map((file) => time([file]).ms);
    (order[0] === other ? was : now).push(first);
    (order[1] === other ? was : now).push(second);
  }
  const change = ((median(now) - median(was)) / median(was)) * 100;
  emit(
    `${action} start-up vs BENCH_AGAINST`,
    Number(change.toFixed(1)),
    '%',
    `median of ${pairs} interleaved runs: ${median(was).toFixed(1)} -> ${median(now).toFixed(1)} ms (${process.env.BENCH_AGAINST})`,
  );
}

const actions = readdirSync(dist)
  .filter((a) => existsSync(join(dist, a, 'index.js')))
  .sort();
const results = {};
for (const action of actions) {
  const dir = join(dist, action);
  const bundle = join(dir, 'index.js');
  const indexBytes = statSync(bundle).size;
  const distBytes = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  time([bundle]); // warm the file cache
  const base = [];
  const act = [];
  for (let i = 0; i < pairs; i++) {
    base.push(time(['-e', '0']).ms);
    const { ms, run } = time([bundle]);
    if (run.status !== 1 || !run.stdout.includes('::error::'))
      throw new Error(`${action}: expected an input error, got ${run.status}: ${run.stdout}${run.stderr}`);
    act.push(ms);
  }
  const ratio = median(act) / median(base);
  if (process.env.BENCH_AGAINST) against(action, bundle);
  results[action] = { indexBytes, distBytes, startupMs: median(act), baseMs: median(base), ratio };
  emit(`${action} dist/index.js`, indexBytes, 'bytes', `all .js in dist/${action}/: ${distBytes} bytes`);
  const note = `median of ${pairs} pairs: ${median(act).toFixed(1)} ms vs node -e 0 ${median(base).toFixed(1)} ms (${ratio <= 2 ? 'within' : 'OVER'} the 2x target)`;
  emit(`${action} start-to-input-error / node -e 0`, Number(ratio.toFixed(2)), 'x', note);
}
if (process.env.BENCH_SAVE) writeFileSync(process.env.BENCH_SAVE, `${JSON.stringify(results, null, 2)}\n`);
if (process.env.BENCH_COMPARE) {
  const before = JSON.parse(readFileSync(process.env.BENCH_COMPARE, 'utf8'));
  const pct = (a, b) => `${(((b - a) / a) * 100).toFixed(1)} %`;
  for (const [action, now] of Object.entries(results)) {
    const was = before[action];
    if (!was) continue;
    // Start-up is compared as the ratio to `node -e 0`, which cancels the load
    // other processes put on the machine between the two runs.
    console.error(
      `${action}: index.js ${was.indexBytes} -> ${now.indexBytes} (${pct(was.indexBytes, now.indexBytes)}), dist ${was.distBytes} -> ${now.distBytes} (${pct(was.distBytes, now.distBytes)}), start-up ratio ${was.ratio.toFixed(2)} -> ${now.ratio.toFixed(2)} (${pct(was.ratio, now.ratio)}), ms ${was.startupMs.toFixed(1)} -> ${now.startupMs.toFixed(1)}`,
    );
  }
}
