/**
 * The Lambda client, created lazily: the SDK is imported only when an action
 * is about to make its first call, so input errors stay fast (bench/startup).
 * Its own entry point so that only bundles that call Lambda carry it.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { proxiedClientConfig, type ClientOptions } from './client-config';

export async function createLambdaClient(options: ClientOptions): Promise<LambdaClient> {
  const { LambdaClient } = await import('@aws-sdk/client-lambda');
  return new LambdaClient(await proxiedClientConfig(options));
}
