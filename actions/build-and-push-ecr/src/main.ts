import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionFailure, CancelledError, errorMessage, sleep, systemClock } from '@mlship/action-kit';
import { runAction } from '@mlship/action-kit/lifecycle';
import { execDocker } from './docker-exec';
import type { Ecr } from './ecr';
import { createEcr } from './ecr-sdk';
import { readInputs, type Inputs } from './inputs';
import { STATE, type Output } from './names';
import { run, type BuildResult, type Moved } from './run';
import { describeCounts } from './severity';
import { failureReport, summaryMarkdown, toReport } from './summary';

/** What the push had moved before a failure or cancel: the report says exactly which tags. */
interface Progress {
  moved?: Moved;
}

void runAction<Inputs, BuildResult, Progress>({
  inputs: () => readInputs(),
  // Before docker or the SDK runs: the runner then hides the build secrets in every later line.
  secrets: (inputs) => inputs.buildSecrets.values,
  progress: () => ({}),
  async core({ inputs, kit, signal, progress, closeLater }) {
    for (const held of inputs.heldTags) kit.log.info(`Tag not moved: ${held}`);
    kit.core.saveState(STATE.logout, String(inputs.logout));
    let ecr: (Ecr & { destroy(): void }) | undefined;
    closeLater(() => ecr?.destroy());
    return run(inputs, {
      ecr: async () => (ecr ??= await createEcr(inputs.region as string, signal)),
      docker: execDocker(signal),
      log: kit.log,
      clock: systemClock,
      sleep,
      signal,
      workdir: mkdtempSync(join(process.env['RUNNER_TEMP'] || tmpdir(), 'build-and-push-ecr-')),
      loggedIn: (registry) => kit.core.saveState(STATE.registry, registry),
      pushed: (m) => (progress.moved = m),
    });
  },
  publish({ inputs, signal, progress: { moved } }, ending) {
    if ('error' in ending) {
      // A cancel after the push says exactly which tags it had already moved.
      const failure = signal.aborted
        ? new CancelledError(moved ? `Cancelled after the push had moved ${moved.refs.join(', ')}` : undefined)
        : ending.error;
      const report = { ...failureReport(inputs.repository, errorMessage(failure), inputs.region, moved), commit: inputs.commit };
      return { report, summary: summaryMarkdown(report), fail: failure instanceof Error ? failure : undefined };
    }
    const { result } = ending;
    const gate = gateFailure(result);
    const report = { ...toReport(result, gate), commit: inputs.commit };
    return {
      outputs: {
        registry: result.registry,
        'image-uri': result.imageUri,
        'image-uri-digest': result.imageUriDigest,
        digest: result.digest,
        tags: result.refs.join('\n'),
        skipped: result.skipped,
        'lambda-compatible': result.digest ? !result.platforms : undefined,
        'platform-digests': result.platforms
          ? JSON.stringify(Object.fromEntries(result.platforms.map((p) => [p.platform, p.digest])))
          : undefined,
        'scan-findings': JSON.stringify(result.scan?.findings ?? {}),
      } satisfies Record<Output, unknown>,
      report,
      summary: summaryMarkdown(report),
      fail: gate ? new ActionFailure(gate) : undefined,
    };
  },
});

function gateFailure(result: BuildResult): string | undefined {
  if (!result.scan || result.scan.passed) return undefined;
  return (
    `The ECR scan of ${result.digest} found ${describeCounts(result.scan.findings)}: ${result.scan.failing.join(', ')} is at or above fail-on-severity ${result.scan.threshold}. ` +
    'Fix the image (update its base image or packages) or raise fail-on-severity.'
  );
}
