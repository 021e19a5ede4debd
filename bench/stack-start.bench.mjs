// How long `npm run stack:up` takes: cold (nothing running, state on disk kept),
// from scratch (state purged too: new certificate, empty Docker data root and
// registry), and warm (already up: what every integration suite pays).
// Leaves the stack up. Traffic stays on 127.0.0.1. Bounded: each run at most 120 s.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const stackDir = join(new URL('..', import.meta.url).pathname, 'test', 'stack');
const runs = Number(process.env.BENCH_STACK_RUNS ?? 3);

function sh(script, ...args) {
  const started = process.hrtime.bigint();
  const r = spawnSync('bash', [join(stackDir, script), ...args], { encoding: 'utf8', timeout: 120_000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = (metric, value, note) =>
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'stack-start', metric, value: Math.round(value), unit: 'ms', note })}`);

sh('down.sh', '--purge');
result('from scratch (state purged)', sh('up.sh'), 'dockerd, moto, registry, proxy+bridge, seed; target < 60000');

const cold = [];
for (let i = 0; i < runs; i++) {
  sh('down.sh');
  cold.push(sh('up.sh'));
}
result('cold (processes down)', median(cold), `median of ${runs}: ${cold.map(Math.round).join(', ')} ms`);

const warm = [];
for (let i = 0; i < runs; i++) warm.push(sh('up.sh'));
result('warm (already up)', median(warm), `median of ${runs}: ${warm.map(Math.round).join(', ')} ms`);
