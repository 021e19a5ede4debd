import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../src/inputs';

it('names a zip over the direct upload limit in the one size convention, SI, with the limit in MiB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-inputs-'));
  const zip = join(dir, 'big.zip');
  writeFileSync(zip, '');
  truncateSync(zip, 50 * 1024 * 1024 + 1); // sparse: no 50 MB written
  expect(() => readInputs({ 'INPUT_FUNCTION-NAME': 'model-service', 'INPUT_ZIP-FILE': zip, AWS_REGION: 'us-east-1' })).toThrow(
    "Input 'zip-file' is 52.4 MB, over Lambda's direct upload limit of 50 MiB (52.4 MB): upload it to S3 and use s3-bucket + s3-key",
  );
});
