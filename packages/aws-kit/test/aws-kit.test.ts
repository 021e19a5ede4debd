import { clientConfig, describeAwsError, isAwsError, resolveRegion } from '@mlship/aws-kit';
import { InputError } from '@mlship/action-kit';

describe('resolveRegion', () => {
  it('prefers the input, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(resolveRegion('eu-west-1', { AWS_REGION: 'us-east-1' })).toBe('eu-west-1');
    expect(resolveRegion(undefined, { AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'us-west-1' })).toBe('us-east-2');
    expect(resolveRegion('', { AWS_DEFAULT_REGION: 'us-west-1' })).toBe('us-west-1');
    expect(resolveRegion('us-gov-west-1', {})).toBe('us-gov-west-1');
  });
  it('names aws-region when nothing sets it', () => {
    expect(() => resolveRegion(undefined, {})).toThrow(InputError);
    expect(() => resolveRegion(undefined, {})).toThrow(/Input 'aws-region' is not set/);
  });
  it('rejects something that is not a region', () => {
    expect(() => resolveRegion('Frankfurt', {})).toThrow("Input 'aws-region' is not an AWS region: 'Frankfurt'");
  });
});

describe('describeAwsError', () => {
  const err = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });
  it('names the operation, the code and the IAM action to grant on AccessDenied', () => {
    expect(describeAwsError('lambda', 'UpdateFunctionCode', err('AccessDeniedException', 'not authorized'))).toBe(
      'UpdateFunctionCode failed: AccessDeniedException: not authorized (grant lambda:UpdateFunctionCode to the role this job assumes)',
    );
  });
  it('says how to get credentials when there are none', () => {
    expect(describeAwsError('ecr', 'GetAuthorizationToken', err('CredentialsProviderError', 'Could not load credentials'))).toContain(
      'configure-aws-credentials',
    );
  });
});

describe('isAwsError', () => {
  it('matches the SDK error name against the codes given', () => {
    const notFound = Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' });
    expect(isAwsError(notFound, ['ResourceNotFoundException'])).toBe(true);
    expect(isAwsError(notFound, ['ImageNotFoundException'])).toBe(false);
    expect(isAwsError(new Error('plain'), ['Error'])).toBe(false);
    expect(isAwsError('not an error', ['ResourceNotFoundException'])).toBe(false);
  });
});

describe('clientConfig', () => {
  it('bounds attempts and every request by default', () => {
    expect(clientConfig({ region: 'eu-west-1' })).toEqual({
      region: 'eu-west-1',
      maxAttempts: 5,
      requestHandler: { requestTimeout: 60_000, throwOnRequestTimeout: true, connectionTimeout: 10_000 },
    });
    expect(clientConfig({ region: 'eu-west-1', maxAttempts: 1, requestTimeoutMs: 30_000 })).toMatchObject({
      maxAttempts: 1,
      requestHandler: { requestTimeout: 30_000 },
    });
  });
});
