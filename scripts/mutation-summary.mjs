#!/usr/bin/env node
// Prints what `npm run test:mutation` found, for CI's log: the score per file
// (killed and timed-out mutants over all valid ones, as Stryker counts) and
// every surviving or uncovered mutant with its place and replacement.
// Reads Stryker's JSON report (mutation-testing-report-schema).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Per file: detected, undetected, score in percent; and the undetected mutants. */
export function summarise(report) {
  const files = [];
  const left = [];
  for (const [name, file] of Object.entries(report.files ?? {})) {
    let detected = 0;
    let undetected = 0;
    for (const m of file.mutants ?? []) {
      if (DETECTED.has(m.status)) detected++;
      else if (UNDETECTED.has(m.status)) {
        undetected++;
        left.push({
          file: name,
          line: m.location.start.line,
          column: m.location.start.column,
          status: m.status,
          mutator: m.mutatorName,
          replacement: m.replacement ?? '',
        });
      }
    }
    const valid = detected + undetected;
    files.push({ file: name, detected, undetected, score: valid === 0 ? 100 : (100 * detected) / valid });
  }
  const detected = files.reduce((n, f) => n + f.detected, 0);
  const undetected = files.reduce((n, f) => n + f.undetected, 0);
  const total = detected + undetected;
  return {
    files: files.sort((a, b) => a.file.localeCompare(b.file)),
    left,
    detected,
    undetected,
    score: total === 0 ? 100 : (100 * detected) / total,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2] ?? 'reports/mutation/mutation.json';
  const summary = summarise(JSON.parse(readFileSync(path, 'utf8')));
  console.log('mutation score per file (killed + timed out / all valid mutants):');
  for (const f of summary.files) console.log(`  ${f.score.toFixed(1).padStart(5)} %  ${String(f.undetected).padStart(3)} left  ${f.file}`);
  console.log(
    `mutation: ${summary.score.toFixed(2)} % of ${summary.detected + summary.undetected} mutants (${summary.undetected} not detected)`,
  );
  for (const m of summary.left) {
    const replacement = m.replacement.replace(/\s+/g, ' ').slice(0, 120);
    console.log(`  ${m.status.padEnd(10)} ${m.file}:${m.line}:${m.column} ${m.mutator}: ${replacement}`);
  }
}
