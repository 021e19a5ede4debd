/**
 * The options every AWS client of these actions is created with, in one
 * place: each service's entry point (`@mlship/aws-kit/ecr`, `/lambda`) passes
 * them to its own client, so a bundle carries only the clients it calls.
 * Credentials come from the SDK's default chain (OIDC via
 * configure-aws-credentials, static keys, instance roles), endpoints honour
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> through the SDK itself.
 * HTTPS_PROXY / NO_PROXY: the agents of action-kit proxy.ts, when a proxy is set.
 */
import type { NodeAgents } from '@mlship/action-kit/proxy';

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
 * With @smithy/node-http-handler 4.x, `requestTimeout` alone only logs a
 * warning when it passes and the call keeps waiting; `throwOnRequestTimeout:
 * true` makes it fail the request with a TimeoutError (code ETIMEDOUT), which
 * the SDK's retry treats as transient.
 */
export function clientConfig(options: ClientOptions, agents?: NodeAgents) {
  return {
    region: options.region,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      ...agents,
    },
  };
}

/** clientConfig with this environment's proxy agents (none loaded when no proxy is set). */
export async function proxiedClientConfig(options: ClientOptions) {
  const { envProxyAgents } = await import('@mlship/action-kit/proxy');
  return clientConfig(options, await envProxyAgents());
}
