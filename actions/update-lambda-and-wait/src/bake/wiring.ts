import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Toolkit } from '@mlship/action-kit';
import { createCloudWatchClient } from '@mlship/aws-kit/cloudwatch';
import type { Inputs } from '../inputs';
import { cloudWatchMetricsPort } from './aws';
import type { BakeWiring } from './ports';
import { STATE } from '../names';
import type { BakeState } from './safety-net';

/** Longest the one alias write after a cancel may take (inside the runner's grace before SIGKILL). */
const CLEANUP_MS = 4000;

/** The bake's CloudWatch reader and post-step state, for main.ts. */
export function bakeWiring(inputs: Inputs, kit: Toolkit): BakeWiring & { close(): void } {
  let client: CloudWatchClient | undefined;
  return {
    async metrics(functionName, alias) {
      // The SDK retries CloudWatch reads itself (a window is judged once; a passing fault must not fail it).
      client = await createCloudWatchClient({ region: inputs.region, maxAttempts: 3, requestTimeoutMs: 10_000 });
      return cloudWatchMetricsPort(client, functionName, alias);
    },
    onAliasWritten(view, open, versions) {
      const state: BakeState = {
        open,
        region: inputs.region,
        functionName: inputs.functionName,
        alias: inputs.alias as string,
        ...versions,
        revisionId: view.revisionId,
      };
      kit.core.saveState(STATE.bake, JSON.stringify(state));
    },
    cleanupSignal: () => AbortSignal.timeout(CLEANUP_MS),
    close: () => client?.destroy(),
  };
}
