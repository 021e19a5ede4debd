/**
 * The ECR client, created lazily: the SDK is imported only when an action is
 * about to make its first call, so input errors stay fast (bench/startup).
 * Its own entry point so that only bundles that call ECR carry it.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { proxiedClientConfig, type ClientOptions } from './client-config';

export async function createEcrClient(options: ClientOptions): Promise<ECRClient> {
  const { ECRClient } = await import('@aws-sdk/client-ecr');
  return new ECRClient(await proxiedClientConfig(options));
}
