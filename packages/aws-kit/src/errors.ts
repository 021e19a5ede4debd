export type AwsService = 'lambda' | 'ecr' | 'cloudwatch' | 's3';

interface AwsErrorShape {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function awsErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const shape = err as AwsErrorShape;
  return shape.name && shape.name !== 'Error' ? shape.name : (shape.Code ?? shape.code);
}

export function awsHttpStatus(err: unknown): number | undefined {
  return (err as AwsErrorShape | undefined)?.$metadata?.httpStatusCode;
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError']);
const CREDENTIALS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
]);

/**
 * `<Operation> failed: <Code>: <message>`, plus what to do about it:
 * the IAM action to grant on AccessDenied, how to get credentials when
 * there are none.
 */
export function describeAwsError(service: AwsService, operation: string, err: unknown): string {
  const code = awsErrorCode(err) ?? 'Error';
  const message = (err as AwsErrorShape | undefined)?.message ?? String(err);
  let text = `${operation} failed: ${code}: ${message}`;
  if (ACCESS_DENIED.has(code)) {
    text += ` (grant ${service}:${operation} to the role this job assumes)`;
  } else if (CREDENTIALS.has(code)) {
    text += ' (no valid AWS credentials: run aws-actions/configure-aws-credentials before this step)';
  }
  return text;
}

/**
 * Whether `err` is one of the AWS error codes named: the one way the actions
 * tell "not found" (an answer) from a failure.
 */
export function isAwsError(err: unknown, codes: readonly string[]): boolean {
  const code = awsErrorCode(err);
  return code !== undefined && codes.includes(code);
}

export function consoleUrl(region: string, path: string, service: 'lambda' | 'ecr'): string {
  const host = region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
  return `https://${region}.${host}/${service}/home?region=${region}#${path}`;
}
