/**
 * The CloudWatch client, created lazily: the SDK is imported only when an
 * action is about to read metrics or alarms (update-lambda-and-wait during a
 * bake), so input errors stay fast and deploys without a bake never load it.
 * Its own entry point so that only bundles that call CloudWatch carry it.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { proxiedClientConfig, type ClientOptions } from './client-config';

export async function createCloudWatchClient(options: ClientOptions): Promise<CloudWatchClient> {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  return new CloudWatchClient(await proxiedClientConfig(options));
}
