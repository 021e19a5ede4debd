// Start-up cost of each bundle: time from process start to the input error,
// paired run by run with `node -e 0` on Node 24, as a ratio of medians.
// Target (issue 2): at most 2x `node -e 0`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const node = process.env.NODE24_BIN ?? '/opt/mlship-tools/node24/bin/node';
if (!existsSync(node)) throw new Error(`Node 24 not found at ${node}; run .ci/install-tools.sh`);
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

const actions = readdirSync(join(root, 'dist'))
  .filter((a) => existsSync(join(root, 'dist', a, 'index.js')))
  .sort();
for (const action of actions) {
  const bundle = join(root, 'dist', action, 'index.js');
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
  const note = `median of ${pairs} pairs: ${median(act).toFixed(1)} ms vs node -e 0 ${median(base).toFixed(1)} ms (${ratio <= 2 ? 'within' : 'OVER'} the 2x target)`;
  console.log(
    `BENCH_RESULT ${JSON.stringify({ bench: 'startup', metric: `${action} start-to-input-error / node -e 0`, value: Number(ratio.toFixed(2)), unit: 'x', note })}`,
  );
}
