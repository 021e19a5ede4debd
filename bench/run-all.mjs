// Runs every bench/*.bench.mjs in turn and prints one table. Each script
// prints its results as lines `BENCH_RESULT {"bench":..,"metric":..,"value":..,"unit":..,"note":..}`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const rows = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  process.stderr.write(`running bench/${file}\n`);
  const run = spawnSync(process.execPath, [join(dir, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 20 * 60_000,
  });
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('BENCH_RESULT ')) rows.push(JSON.parse(line.slice('BENCH_RESULT '.length)));
  }
  if (run.status !== 0) rows.push({ bench: file, metric: 'exit code', value: run.status, unit: '', note: 'FAILED' });
}
const header = ['bench', 'metric', 'value', 'unit', 'note'];
console.log(`| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |`);
for (const r of rows) console.log(`| ${header.map((h) => r[h] ?? '').join(' | ')} |`);
console.log(
  `\n${new Date().toISOString().slice(0, 10)}, ${process.platform} ${process.arch}, ${(await import('node:os')).cpus().length} cores, bench runner ${process.version}`,
);
