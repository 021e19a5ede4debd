// Time of the model-threshold-gate bundle, start to finish, on a 10 MB metrics
// file (a scikit-learn classification report with ~100k classes), generated
// here in a temp dir: plain JSON, Python json with NaN (the slower fallback
// path), and YAML; a small file for scale. Node 24, median of a few runs,
// each paired with a `node -e 0`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const node = process.env.NODE24_BIN ?? '/opt/mlship-tools/node24/bin/node';
if (!existsSync(node)) throw new Error(`Node 24 not found at ${node}; run .ci/install-tools.sh`);
const bundle = join(root, 'dist/model-threshold-gate/index.js');
if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run npm run build`);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const SIZE = 10 * 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'bench-gate-'));

function classEntries(format, nan) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < SIZE; i++) {
    const f1 = nan && i % 97 === 0 ? 'NaN' : String(0.8 + (i % 200) / 1000);
    const p = 0.8 + (i % 100) / 1000;
    const r = 0.85 + (i % 50) / 1000;
    const entry =
      format === 'yaml'
        ? `class_${i}:\n  precision: ${p}\n  recall: ${r}\n  f1-score: ${f1}\n  support: ${(i % 40) + 1}.0\n`
        : `"class_${i}": {"precision": ${p}, "recall": ${r}, "f1-score": ${f1}, "support": ${(i % 40) + 1}.0},\n`;
    parts.push(entry);
    size += entry.length;
  }
  return parts.join('');
}

const files = {
  // A typical DVC metrics.json, for scale: what every run pays.
  small: JSON.stringify({ accuracy: 0.9203, 'weighted avg': { 'f1-score': 0.9205 }, class_5000: { 'f1-score': 0.81 } }),
  json: `{${classEntries('json', false)}"accuracy": 0.9203, "weighted avg": {"precision": 0.92, "recall": 0.92, "f1-score": 0.9205, "support": 1000000.0}}`,
  'python-json-nan': `{${classEntries('json', true)}"accuracy": 0.9203, "weighted avg": {"precision": 0.92, "recall": 0.92, "f1-score": 0.9205, "support": 1000000.0}}`,
  yaml: `${classEntries('yaml', false)}accuracy: 0.9203\nweighted avg:\n  precision: 0.92\n  recall: 0.92\n  f1-score: 0.9205\n  support: 1000000.0\n`,
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function time(args, env) {
  const started = process.hrtime.bigint();
  const run = spawnSync(node, args, { env, encoding: 'utf8', cwd: work, timeout: 120_000 });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, run };
}

const thresholds = 'accuracy >= 0.9\n"weighted avg"."f1-score" >= 0.85\nclass_5000."f1-score" >= 0.5';
try {
  for (const [kind, text] of Object.entries(files)) {
    const file = join(work, `metrics-${kind}.${kind === 'yaml' ? 'yaml' : 'json'}`);
    writeFileSync(file, text);
    for (const f of ['output', 'summary']) writeFileSync(join(work, f), '');
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_OUTPUT: join(work, 'output'),
      GITHUB_STEP_SUMMARY: join(work, 'summary'),
      'INPUT_METRICS-FILE': file,
      INPUT_THRESHOLDS: thresholds,
      INPUT_MISSING: 'fail',
      INPUT_MODE: 'enforce',
    };
    const count = kind === 'yaml' ? Math.min(runs, 3) : runs;
    const base = [];
    const gate = [];
    for (let i = 0; i < count; i++) {
      base.push(time(['-e', '0'], env).ms);
      const { ms, run } = time([bundle], env);
      if (run.status !== 0) throw new Error(`${kind}: the gate exited ${run.status}: ${run.stdout}${run.stderr}`);
      gate.push(ms);
    }
    const mb = Buffer.byteLength(text) / 1024 / 1024;
    const label = kind === 'small' ? 'small JSON' : `${kind} 10 MB`;
    const note = `${kind === 'small' ? `${Buffer.byteLength(text)} bytes` : `${mb.toFixed(1)} MB`}, 3 rules, median of ${count} runs on Node 24 (node -e 0: ${median(base).toFixed(0)} ms)${kind === 'small' ? '' : `; ${(mb / (median(gate) / 1000)).toFixed(1)} MB/s`}`;
    console.log(
      `BENCH_RESULT ${JSON.stringify({ bench: 'gate-large-metrics', metric: `${label}, start to verdict`, value: Number(median(gate).toFixed(0)), unit: 'ms', note })}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
