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
    "Input 'zip-file' is 52.4 MB, over Lambda's direct upload limit of 50 MiB (52.4 MB): set s3-bucket and the action uploads it to S3 first (any size)",
  );
});

describe('zip-file with s3-bucket', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-inputs-'));
  const zip = join(dir, 'big.zip');
  writeFileSync(zip, '');
  truncateSync(zip, 60 * 1024 * 1024);
  const base = { 'INPUT_FUNCTION-NAME': 'model-service', 'INPUT_ZIP-FILE': zip, AWS_REGION: 'us-east-1' };

  it('takes a zip of any size, staged in the bucket under the default prefix', () => {
    expect(readInputs({ ...base, 'INPUT_S3-BUCKET': 'artifacts' }).source).toEqual({
      kind: 'zip',
      path: zip,
      directory: false,
      upload: { bucket: 'artifacts', prefix: 'lambda' },
    });
    expect(readInputs({ ...base, 'INPUT_S3-BUCKET': 'artifacts', 'INPUT_S3-KEY-PREFIX': 'models/prod' }).source).toMatchObject({
      upload: { bucket: 'artifacts', prefix: 'models/prod' },
    });
  });

  it.each([
    [{ 'INPUT_S3-BUCKET': 'a', 'INPUT_S3-KEY': 'k.zip' }, "Input 's3-key' cannot be combined with zip-file"],
    [{ 'INPUT_S3-KEY-PREFIX': 'x' }, "Input 's3-key-prefix' needs zip-file and s3-bucket"],
    [{ 'INPUT_S3-BUCKET': 'a', 'INPUT_S3-KEY-PREFIX': 'a b' }, "Input 's3-key-prefix' is not a plain S3 key prefix"],
  ])('refuses %o', (extra, message) => {
    expect(() => readInputs({ ...base, ...extra })).toThrow(message);
  });

  it('reads keep-versions as a positive whole number', () => {
    expect(readInputs({ ...base, 'INPUT_S3-BUCKET': 'a', 'INPUT_KEEP-VERSIONS': '3' }).keepVersions).toBe(3);
    expect(readInputs({ ...base, 'INPUT_S3-BUCKET': 'a' }).keepVersions).toBeUndefined();
    expect(() => readInputs({ ...base, 'INPUT_S3-BUCKET': 'a', 'INPUT_KEEP-VERSIONS': '0' })).toThrow("Input 'keep-versions'");
  });
});
