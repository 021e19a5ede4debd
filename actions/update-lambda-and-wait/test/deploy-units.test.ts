// The pure parts of the first-deploy and housekeeping paths: the settings
// inputs, the CreateFunction request and its refusals, the content-addressed
// key, and which versions keep-versions deletes. The calls themselves run
// against moto in test/integration/lambda-first-deploy.test.ts.
import { ActionFailure, InputReader } from '@mlship/action-kit';
import { checkCanCreate, createRequest } from '../src/deploy/create-function';
import { planSettings, readFunctionSettings, tagsToWrite } from '../src/deploy/function-settings';
import { planPrune } from '../src/deploy/prune-versions';
import { contentKey, digestZip } from '../src/deploy/s3-upload';
import { readInputs } from '../src/inputs';

const ROLE = 'arn:aws:iam::123456789012:role/lambda-exec';
const asEnv = (inputs: Record<string, string>) =>
  Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
const settings = (inputs: Record<string, string>) => readFunctionSettings(new InputReader(asEnv(inputs)));
const inputs = (extra: Record<string, string>) =>
  readInputs({ ...asEnv({ 'function-name': 'new-fn', 's3-bucket': 'b', 's3-key': 'k.zip', ...extra }), AWS_REGION: 'us-east-1' });

describe('settings inputs', () => {
  it('reads every setting', () => {
    expect(
      settings({
        role: ROLE,
        runtime: 'python3.12',
        handler: 'app.handler',
        layers: 'arn:aws:lambda:us-east-1:123456789012:layer:numpy:3\narn:aws:lambda:us-east-1:123456789012:layer:torch:1',
        'ephemeral-storage': '2048',
        tags: 'team=ml\nservice=sentiment',
        'vpc-subnet-ids': 'subnet-0abc1234def567890, subnet-0123456789abcdef0',
        'vpc-security-group-ids': 'sg-0abc1234def567890',
      }),
    ).toEqual({
      role: ROLE,
      runtime: 'python3.12',
      handler: 'app.handler',
      layers: ['arn:aws:lambda:us-east-1:123456789012:layer:numpy:3', 'arn:aws:lambda:us-east-1:123456789012:layer:torch:1'],
      ephemeralStorageMb: 2048,
      tags: { team: 'ml', service: 'sentiment' },
      vpc: { subnetIds: ['subnet-0abc1234def567890', 'subnet-0123456789abcdef0'], securityGroupIds: ['sg-0abc1234def567890'] },
    });
    expect(settings({})).toEqual({});
  });

  it.each([
    [{ role: 'lambda-exec' }, "Input 'role' is not an IAM role ARN"],
    [{ layers: 'arn:aws:lambda:us-east-1:123456789012:layer:numpy' }, "Input 'layers'"],
    [{ 'ephemeral-storage': '100' }, "Input 'ephemeral-storage'"],
    [{ 'vpc-subnet-ids': 'subnet-0abc1234def567890' }, "Input 'vpc-security-group-ids' is missing"],
    [{ 'vpc-subnet-ids': 'sub-1', 'vpc-security-group-ids': 'sg-0abc1234def567890' }, "Input 'vpc-subnet-ids' 'sub-1'"],
    [{ tags: 'aws:team=x' }, "Input 'tags'"],
  ])('refuses %o', (given, message) => {
    expect(() => settings(given)).toThrow(message);
  });

  it('plans only what differs, and tags to write only when their value differs', () => {
    expect(
      planSettings(
        { role: ROLE, runtime: 'python3.11', handler: 'app.handler', layers: [], ephemeralStorageMb: 512 },
        { role: ROLE, runtime: 'python3.12', handler: 'app.handler', ephemeralStorageMb: 512 },
      ),
    ).toEqual({ update: { Runtime: 'python3.12' }, changed: ['runtime'] });
    expect(tagsToWrite({ team: 'ml', other: 'x' }, { team: 'ml', service: 's' })).toEqual({ service: 's' });
  });
});

describe('creating a missing function', () => {
  const zip = { S3Bucket: 'b', S3Key: 'k.zip' };

  it('refuses without role, naming role, and a zip without runtime or handler', () => {
    expect(() => checkCanCreate(inputs({}))).toThrow(ActionFailure);
    expect(() => checkCanCreate(inputs({}))).toThrow(/input role is not set: give role/);
    expect(() => checkCanCreate(inputs({ role: ROLE, runtime: 'python3.12' }))).toThrow(/handler is not set/);
    expect(() =>
      checkCanCreate(inputs({ role: ROLE, runtime: 'python3.12', handler: 'a.b', alias: 'live', 'canary-weight': '0.1' })),
    ).toThrow(/no previous version to split traffic with/);
  });

  it('sends the code and every configuration input given, environment removals aside', () => {
    const request = createRequest(
      inputs({
        role: ROLE,
        runtime: 'python3.12',
        handler: 'app.handler',
        'memory-size': '1024',
        timeout: '30',
        environment: 'STAGE=prod\n-OLD',
        tags: 'team=ml',
        architectures: 'arm64',
      }),
      zip,
    );
    expect(request).toEqual({
      FunctionName: 'new-fn',
      Role: ROLE,
      PackageType: 'Zip',
      Code: zip,
      Runtime: 'python3.12',
      Handler: 'app.handler',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 30,
      Environment: { Variables: { STAGE: 'prod' } },
      Tags: { team: 'ml' },
    });
  });
});

describe('content-addressed key', () => {
  it('is prefix/name/sha256.zip, with the name out of an ARN', async () => {
    const digest = await digestZip({ bytes: new TextEncoder().encode('abc') });
    expect(digest.hex).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(digest.base64).toBe(Buffer.from(digest.hex, 'hex').toString('base64'));
    expect(contentKey('lambda', 'arn:aws:lambda:us-east-1:123456789012:function:model', digest.hex)).toBe(`lambda/model/${digest.hex}.zip`);
    expect(contentKey('/models/', 'model', 'x')).toBe('models/model/x.zip');
  });
});

describe('keep-versions plan', () => {
  const versions = ['1', '2', '3', '4', '5', '6', '7'];

  it('deletes the oldest beyond N, keeping alias targets, routed versions, the new and the previous one', () => {
    const plan = planPrune(
      versions,
      [
        { name: 'live', versions: ['6', '2'] },
        { name: 'old', versions: ['1'] },
      ],
      2,
      {
        newVersion: '7',
        previousVersion: '4',
      },
    );
    expect(plan.delete).toEqual(['3', '5']);
    expect(plan.kept).toEqual([
      { version: '1', why: 'alias old' },
      { version: '2', why: 'alias live' },
      { version: '4', why: 'the previous version (rollback target)' },
    ]);
  });

  it('counts versions as numbers, not strings, and never touches $LATEST', () => {
    const plan = planPrune(['$LATEST', '9', '10', '11'], [], 2, {});
    expect(plan.delete).toEqual(['9']);
  });
});
