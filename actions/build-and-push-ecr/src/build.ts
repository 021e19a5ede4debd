import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ActionFailure } from '@mlship/action-kit';
import { buildxArgs, dockerBuildArgs, tailLines, wantsCacheExport, type BuildPlan } from './build-args';
import { usesBuildKitInputs } from './build-secrets';
import { buildxDriver, type DockerResult } from './docker';
import type { Inputs } from './inputs';
import type { Deps } from './deps';

export interface Built {
  builder: 'buildx' | 'docker';
  /** The manifest digest the builder says it pushed, when it says. */
  reportedDigest?: string;
}

export async function build(
  inputs: Inputs,
  deps: Pick<Deps, 'docker' | 'log'>,
  plan: BuildPlan,
  builder: 'buildx' | 'docker',
): Promise<Built> {
  const { docker, log } = deps;
  if (builder === 'buildx') {
    rmSync(plan.metadataFile, { force: true });
    if (wantsCacheExport(inputs) && (await buildxDriver(docker)) === 'docker') {
      plan = { ...plan, exportCache: false };
      log.warning(
        "The current buildx builder uses the 'docker' driver, which cannot export build cache: building without --cache-to (cache is still read). " +
          'Add docker/setup-buildx-action before this step to keep a cache.',
      );
    }
    const title = inputs.push ? `Build and push ${plan.refs.join(', ')}` : `Build ${plan.refs.join(', ')}`;
    const env = inputs.buildSecrets.childEnv;
    const result = await log.group(title, () => docker.run(buildxArgs(inputs, plan), Object.keys(env).length > 0 ? { env } : {}));
    if (result.code !== 0) throw buildFailure('docker buildx build', result);
    return { builder, reportedDigest: metadataDigest(plan.metadataFile) };
  }
  if (usesBuildKitInputs(inputs.buildSecrets)) {
    throw new ActionFailure(
      'secrets, secret-envs, secret-files, ssh and build-contexts need docker buildx, which is not installed: add docker/setup-buildx-action before this step.',
    );
  }
  const result = await log.group(`Build ${plan.refs.join(', ')}`, () => docker.run(dockerBuildArgs(inputs, plan)));
  if (result.code !== 0) throw buildFailure('docker build', result);
  if (!inputs.push) return { builder };
  let reportedDigest: string | undefined;
  await log.group(`Push ${plan.refs.join(', ')}`, async () => {
    for (const ref of plan.refs) {
      const pushed = await docker.run(['push', ref]);
      if (pushed.code !== 0) throw buildFailure(`docker push ${ref}`, pushed);
      reportedDigest ??= pushDigest(pushed.output);
    }
  });
  return { builder, reportedDigest };
}

function buildFailure(what: string, result: DockerResult): ActionFailure {
  const tail = tailLines(result.output, 15);
  return new ActionFailure(`${what} failed (exit ${result.code}). Last lines of its log:\n${tail.map((l) => `  ${l}`).join('\n')}`);
}

/** `containerimage.digest` from buildx's --metadata-file. */
export function metadataDigest(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const digest = meta['containerimage.digest'];
    return typeof digest === 'string' && digest.startsWith('sha256:') ? digest : undefined;
  } catch {
    return undefined;
  }
}

/** `latest: digest: sha256:… size: 528`, the last line of `docker push`. */
export function pushDigest(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1];
}
