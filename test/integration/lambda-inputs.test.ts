// Every bad input of update-lambda-and-wait, through the bundle as the runner
// runs it: one ::error:: line naming the input, exit 1, no stack trace, and no
// network call (the AWS endpoint points at a port nothing listens on).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeRuntimes, runAction } from '../support/run-action';
import { AWS_TEST_ENV } from '../support/moto';

const workspace = mkdtempSync(join(tmpdir(), 'ulw-inputs-'));
writeFileSync(join(workspace, 'model.zip'), 'PK');
writeFileSync(join(workspace, 'notes.txt'), 'not a zip');
const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:v1';

const cases: Array<[string, Record<string, string>, string, RegExp]> = [
  ['no function name', { 'zip-file': 'model.zip' }, 'function-name', /is required/],
  [
    'no code source and no version',
    { 'function-name': 'fn' },
    'image-uri / zip-file / s3-bucket + s3-key / version',
    /give one code source \(image-uri, zip-file, or s3-bucket with s3-key\), configuration \(environment, memory-size, \.\.\.\), or version with alias/,
  ],
  [
    'an environment key that is not a variable name',
    { 'function-name': 'fn', 'zip-file': 'model.zip', environment: 'OK=1\nmodel-stage=prod' },
    'environment',
    /line 2: 'model-stage' is not a valid variable name/,
  ],
  [
    'a reserved environment key',
    { 'function-name': 'fn', environment: 'AWS_REGION=eu-west-1' },
    'environment',
    /AWS_REGION is reserved by Lambda/,
  ],
  [
    'an environment line that is neither KEY=VALUE nor -KEY',
    { 'function-name': 'fn', environment: 'sk_live_bare_secret_0123' },
    'environment',
    /line 1 is neither KEY=VALUE nor -KEY \(the line is not shown/,
  ],
  [
    'environment variables over 4 KB',
    { 'function-name': 'fn', environment: `BLOB=${'x'.repeat(5000)}` },
    'environment',
    /over Lambda's limit of 4096 bytes/,
  ],
  ['a memory size of 64 MB', { 'function-name': 'fn', 'memory-size': '64' }, 'memory-size', /at least 128 and at most 10240; got 64/],
  ['a timeout of 901 s', { 'function-name': 'fn', timeout: '901' }, 'timeout', /at least 1 and at most 900; got 901/],
  ['an image command that is not a JSON array', { 'function-name': 'fn', 'image-command': '["a",' }, 'image-command', /not a JSON array/],
  [
    'configuration with version (alias-only mode)',
    { 'function-name': 'fn', alias: 'live', version: '3', 'memory-size': '1024' },
    'version',
    /cannot be combined with configuration inputs/,
  ],
  [
    'configuration with an alias and publish false',
    { 'function-name': 'fn', alias: 'live', publish: 'false', timeout: '10' },
    'publish',
    /must be true when alias is set with new code or configuration/,
  ],
  ['two code sources', { 'function-name': 'fn', 'image-uri': image, 'zip-file': 'model.zip' }, 'image-uri', /and 'zip-file' are both set/],
  [
    'zip-file with s3-key (the key is computed)',
    { 'function-name': 'fn', 'zip-file': 'model.zip', 's3-bucket': 'b', 's3-key': 'k' },
    's3-key',
    /cannot be combined with zip-file: the zip is uploaded under a key made of its SHA-256/,
  ],
  [
    'a canary weight of 1.5',
    { 'function-name': 'fn', 'zip-file': 'model.zip', alias: 'live', 'canary-weight': '1.5' },
    'canary-weight',
    /greater than 0 and less than 1; got 1\.5/,
  ],
  [
    'a canary weight of 0',
    { 'function-name': 'fn', 'zip-file': 'model.zip', alias: 'live', 'canary-weight': '0' },
    'canary-weight',
    /greater than 0/,
  ],
  [
    'a canary weight without alias',
    { 'function-name': 'fn', 'zip-file': 'model.zip', 'canary-weight': '0.1' },
    'canary-weight',
    /needs alias/,
  ],
  [
    'a malformed ARN',
    { 'function-name': 'arn:aws:lambda:us-east-1:12345:function:fn', 'zip-file': 'model.zip' },
    'function-name',
    /is not a valid Lambda function ARN/,
  ],
  [
    'a qualified ARN',
    { 'function-name': 'arn:aws:lambda:us-east-1:123456789012:function:fn:7', 'zip-file': 'model.zip' },
    'function-name',
    /must not carry a version or alias qualifier/,
  ],
  ['a bad function name', { 'function-name': 'my function', 'zip-file': 'model.zip' }, 'function-name', /is not a valid function name/],
  [
    'traffic-steps without alias',
    { 'function-name': 'fn', 'zip-file': 'model.zip', 'traffic-steps': '10%:5m' },
    'traffic-steps',
    /needs alias/,
  ],
  [
    'traffic-steps with canary-weight',
    { 'function-name': 'fn', 'zip-file': 'model.zip', alias: 'live', 'traffic-steps': '10%:5m', 'canary-weight': '0.1' },
    'canary-weight',
    /cannot be combined with traffic-steps/,
  ],
  [
    'traffic-steps that go down',
    { 'function-name': 'fn', 'zip-file': 'model.zip', alias: 'live', 'traffic-steps': '50%:5m, 10%:5m' },
    'traffic-steps',
    /weights must increase step by step: 10% comes after 50%/,
  ],
  [
    'max-error-rate without traffic-steps',
    { 'function-name': 'fn', 'zip-file': 'model.zip', alias: 'live', 'max-error-rate': '1%' },
    'max-error-rate',
    /only applies to a bake: set traffic-steps too/,
  ],
  ['a missing zip file', { 'function-name': 'fn', 'zip-file': 'build/missing.zip' }, 'zip-file', /does not exist: .*build\/missing\.zip/],
  ['a file that is not a zip', { 'function-name': 'fn', 'zip-file': 'notes.txt' }, 'zip-file', /is neither a \.zip file nor a directory/],
  ['s3-bucket without s3-key', { 'function-name': 'fn', 's3-bucket': 'artifacts' }, 's3-key', /is required/],
  [
    's3-object-version without a bucket',
    { 'function-name': 'fn', 's3-object-version': 'abc' },
    's3-object-version',
    /needs s3-bucket and s3-key/,
  ],
  [
    's3-object-version with zip-file',
    { 'function-name': 'fn', 'zip-file': 'model.zip', 's3-object-version': 'abc' },
    's3-object-version',
    /cannot be combined with zip-file/,
  ],
  [
    'an image URI without tag',
    { 'function-name': 'fn', 'image-uri': '123456789012.dkr.ecr.us-east-1.amazonaws.com/model' },
    'image-uri',
    /is not an image URI with a tag or digest/,
  ],
  [
    'version with a code source',
    { 'function-name': 'fn', 'zip-file': 'model.zip', version: '3' },
    'version',
    /cannot be combined with a code source/,
  ],
  ['version without alias', { 'function-name': 'fn', version: '3' }, 'alias', /is required when only version is given/],
  [
    'a version that is not a number',
    { 'function-name': 'fn', alias: 'live', version: 'latest' },
    'version',
    /must be a published version number/,
  ],
  ['an alias made of digits', { 'function-name': 'fn', 'zip-file': 'model.zip', alias: '42' }, 'alias', /is not a valid alias name/],
  [
    'alias with publish false',
    { 'function-name': 'fn', 'zip-file': 'model.zip', alias: 'live', publish: 'false' },
    'publish',
    /must be true when alias is set/,
  ],
  ['publish not a boolean', { 'function-name': 'fn', 'zip-file': 'model.zip', publish: 'yes' }, 'publish', /must be true or false/],
  [
    'a poll interval under 250ms',
    { 'function-name': 'fn', 'zip-file': 'model.zip', 'poll-interval': '100ms' },
    'poll-interval',
    /at least 250ms/,
  ],
  [
    'a wait timeout that is not a duration',
    { 'function-name': 'fn', 'zip-file': 'model.zip', 'wait-timeout': 'soon' },
    'wait-timeout',
    /must be a duration/,
  ],
  [
    'an unknown architecture',
    { 'function-name': 'fn', 'zip-file': 'model.zip', architectures: 'sparc' },
    'architectures',
    /must be one of x86_64, arm64/,
  ],
  ['dry-run not a boolean', { 'function-name': 'fn', 'zip-file': 'model.zip', 'dry-run': 'maybe' }, 'dry-run', /must be true or false/],
  ['no region anywhere', { 'function-name': 'fn', 'zip-file': 'model.zip' }, 'aws-region', /is not set/],
];

describe.each(nodeRuntimes())('on $label', (runtime) => {
  it.each(cases)('rejects %s', async (_title, inputs, input, problem) => {
    const noRegion = input === 'aws-region';
    const result = await runAction('update-lambda-and-wait', {
      node: runtime.path,
      cwd: workspace,
      inputs,
      env: {
        AWS_REGION: noRegion ? undefined : 'us-east-1',
        AWS_ACCESS_KEY_ID: AWS_TEST_ENV.AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: AWS_TEST_ENV.AWS_SECRET_ACCESS_KEY,
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      },
    });
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`Input '${input}'`);
    expect(result.errors[0]).toMatch(problem);
    expect(result.errors[0]).toContain('Example:');
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.outputs).toEqual({});
    // A bad environment line may be a secret: never quoted back.
    expect(result.stdout + result.stderr).not.toContain('sk_live_bare_secret');
    expect(result.stdout + result.stderr).not.toContain('xxxxxxxx');
  });
});
