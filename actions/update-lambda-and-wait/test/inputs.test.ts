// The timing inputs as the runner hands them over (the cadence and the budget the
// run's timing context is built from), and the zip size limit in the one size convention.
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../src/inputs';

const env = (extra: Record<string, string>) => ({
  'INPUT_FUNCTION-NAME': 'fn',
  'INPUT_S3-BUCKET': 'b',
  'INPUT_S3-KEY': 'k',
  AWS_REGION: 'us-east-1',
  ...extra,
});

it.each([
  ['1s', '10m', 1000, 600_000],
  ['250ms', '90s', 250, 90_000],
  ['2', '1m30s', 2000, 90_000],
])('poll-interval %s and wait-timeout %s are %ims and %ims', (poll, wait, pollMs, waitMs) => {
  const inputs = readInputs(env({ 'INPUT_POLL-INTERVAL': poll, 'INPUT_WAIT-TIMEOUT': wait }));
  expect(inputs.pollIntervalMs).toBe(pollMs);
  expect(inputs.waitTimeoutMs).toBe(waitMs);
});

it('names a zip over the direct upload limit in the one size convention, SI, with the limit in MiB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-inputs-'));
  const zip = join(dir, 'big.zip');
  writeFileSync(zip, '');
  truncateSync(zip, 50 * 1024 * 1024 + 1); // sparse: no 50 MB written
  expect(() => readInputs({ 'INPUT_FUNCTION-NAME': 'model-service', 'INPUT_ZIP-FILE': zip, AWS_REGION: 'us-east-1' })).toThrow(
    "Input 'zip-file' is 52.4 MB, over Lambda's direct upload limit of 50 MiB (52.4 MB): upload it to S3 and use s3-bucket + s3-key",
  );
});
