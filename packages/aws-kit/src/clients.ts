/**
 * AWS clients, created lazily: the SDK is imported only when an action is
 * about to make its first call, so input errors stay fast (bench/startup).
 * Credentials come from the SDK's default chain (OIDC via
 * configure-aws-credentials, static keys, instance roles), endpoints honour
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> through the SDK itself.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { LambdaClient } from '@aws-sdk/client-lambda';

export interface ClientOptions {
  region: string;
  /** Total attempts per call, including the first (SDK standard retry). */
  maxAttempts?: number;
  /** Longest time one request may take, in ms: a hung endpoint must not hang the job. */
  requestTimeoutMs?: number;
  /** Longest time to open the TCP (and TLS) connection, in ms. */
  connectionTimeoutMs?: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

/**
 * Options every client gets. With @smithy/node-http-handler 4.x,
 * `requestTimeout` alone only logs a warning when it passes and the call
 * keeps waiting; `throwOnRequestTimeout: true` makes it fail the request with
 * a TimeoutError (code ETIMEDOUT), which the SDK's retry treats as transient.
 */
export function common(options: ClientOptions) {
  return {
    region: options.region,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    },
  };
}

export async function createLambdaClient(options: ClientOptions): Promise<LambdaClient> {
  const { LambdaClient } = await import('@aws-sdk/client-lambda');
  return new LambdaClient(common(options));
}

export async function createEcrClient(options: ClientOptions): Promise<ECRClient> {
  const { ECRClient } = await import('@aws-sdk/client-ecr');
  return new ECRClient(common(options));
}
