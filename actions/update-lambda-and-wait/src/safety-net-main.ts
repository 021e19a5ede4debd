/**
 * What the post step runs when main left a bake open: put a half-shifted
 * alias back to the previous version through the one alias writer, if this
 * run's last write is still the alias's revision (bake/safety-net.ts decides).
 * Loaded by post.ts only in that case, so the usual post step stays free of the SDK.
 */
import { loadToolkit, runMain, sleep } from '@mlship/action-kit';
import { createLambdaClient } from '@mlship/aws-kit/lambda';
import { aliasWriter } from './alias/writer';
import { parseBakeState, restoreIfUntouched } from './bake/safety-net';
import { lambdaApi } from './lambda-api';

/** The whole restore is bounded: a post step must not hold the job up. */
const SAFETY_NET_BUDGET_MS = 20_000;

export function runSafetyNet(saved: string | undefined): Promise<void> {
  return runMain(async () => {
    const state = parseBakeState(saved);
    if (!state) return;
    const kit = await loadToolkit();
    const client = await createLambdaClient({ region: state.region, maxAttempts: 3, requestTimeoutMs: 10_000 });
    try {
      const writer = aliasWriter(await lambdaApi(client), state.functionName, state.alias, { sleep, log: kit.log });
      await restoreIfUntouched(state, writer, kit.log, AbortSignal.timeout(SAFETY_NET_BUDGET_MS));
    } finally {
      client.destroy();
    }
  });
}
