import { ActionFailure } from '@mlship/action-kit';
import type { AliasState, LambdaApi } from '../lambda-api';
import type { Deploy } from '../deploy/types';
import { aliasWriter } from '../alias/writer';
import { runBake, startProgress } from './engine';
import type { ProbePort } from './probes';
import type { BakeSettings } from './settings';

/** The deploy's last phase with traffic-steps: bake the new version behind the alias, then promote it or roll back. */
export async function bakeAlias(deploy: Deploy, settings: BakeSettings, existing: AliasState): Promise<void> {
  const { inputs, name, api, log, result, time } = deploy;
  const aliasName = inputs.alias as string;
  const target = result.version ?? inputs.version;
  if (inputs.version) {
    result.version = inputs.version;
    result.versionArn = `${result.functionArn}:${inputs.version}`;
  }
  if (!target) return;
  if (existing.version === target)
    throw new ActionFailure(`alias ${aliasName} already points at version ${target}: a bake needs a different version`);
  const wiring = deploy.bake;
  if (!wiring) throw new Error('bakeAlias: no CloudWatch wiring given');
  // The metrics carry the function's name, whatever form function-name took.
  const functionName = result.functionArn?.split(':').pop() || name;
  const progress = startProgress(settings);
  result.bake = progress;
  const previous = existing.version;
  try {
    await deploy.phase(`Baking version ${target} behind alias ${aliasName}`, async () => {
      const metrics = await wiring.metrics(functionName, aliasName);
      await runBake(
        settings,
        {
          functionName,
          alias: aliasName,
          newVersion: target,
          start: { version: existing.version, weights: existing.weights, revisionId: existing.revisionId },
        },
        {
          clock: time.clock,
          sleep: time.sleep,
          signal: time.signal,
          alias: aliasWriter(api, name, aliasName, { sleep: time.sleep, log }),
          metrics,
          ...(settings.probe && api.invoke ? { probes: probePort(api, name) } : {}),
          log,
          onAliasWritten: (view, open) => wiring.onAliasWritten?.(view, open, { previousVersion: previous, newVersion: target }),
          cleanupSignal: wiring.cleanupSignal,
        },
        progress,
      );
    });
  } finally {
    const view = progress.alias;
    if (view)
      result.alias = { arn: existing.arn, name: aliasName, version: view.version, weights: view.weights, revisionId: view.revisionId };
    const judged = progress.timeline.windows.filter((w) => w.verdict !== 'pending').length;
    result.steps.push(
      `bake of version ${target}: ${progress.timeline.result} after ${judged} judged window${judged === 1 ? '' : 's'}` +
        (progress.rollbackReason ? ` (${progress.rollbackReason})` : ''),
    );
  }
}

function probePort(api: LambdaApi, functionName: string): ProbePort {
  const invoke = api.invoke?.bind(api);
  return {
    invoke: async (version, payload, signal) => {
      if (!invoke) throw new Error('probes need Lambda Invoke');
      return invoke(functionName, version, payload, signal);
    },
  };
}
