// File inputs that are not plain files, and JSON files that are broken:
// refused with one clear error before anything blocks or crawls.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@mlship/action-kit';
import { makeFifo } from '../../../test/support/faults.mjs';
import { gate, largeReport } from './helpers';

const inputError = (promise: Promise<unknown>): Promise<InputError> =>
  promise.then(
    () => Promise.reject(new Error('expected an InputError')),
    (e: InputError) => e,
  );

it('refuses a FIFO as metrics-file without opening it (a read would block past every signal)', async () => {
  const fifo = makeFifo('metrics.json');
  const err = await inputError(gate({ thresholds: 'accuracy >= 0.9', 'metrics-file': fifo }));
  expect(err).toBeInstanceOf(InputError);
  expect(err.input).toBe('metrics-file');
  expect(err.message).toBe(
    `Input 'metrics-file' names '${fifo}', which is a named pipe (FIFO), not a regular file. Example: metrics-file: metrics.json`,
  );
});

it('refuses a directory as baseline-file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-dir-'));
  mkdirSync(join(dir, 'prod.json'));
  const err = await inputError(gate({ thresholds: 'accuracy >= 0.9', metrics: '{"accuracy": 1}', 'baseline-file': 'prod.json' }, dir));
  expect(err.input).toBe('baseline-file');
  expect(err.message).toContain("names 'prod.json', which is a directory, not a regular file");
});

it('fails a truncated .json file as JSON, never through the YAML parser', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-trunc-'));
  const full = largeReport(2_000_000);
  writeFileSync(join(dir, 'metrics.json'), full.slice(0, full.length / 2));
  const err = await inputError(gate({ thresholds: 'accuracy >= 0.9', 'metrics-file': 'metrics.json' }, dir));
  expect(err.input).toBe('metrics-file');
  expect(err.message).toMatch(/^Input 'metrics-file' names 'metrics.json', which is not a JSON metrics document: JSON parser: /);
});

it('still reads YAML from a .yaml file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-yaml-'));
  writeFileSync(join(dir, 'metrics.yaml'), 'accuracy: 0.95\n');
  const result = await gate({ thresholds: 'accuracy >= 0.9', 'metrics-file': 'metrics.yaml' }, dir);
  expect(result.passed).toBe(true);
});
