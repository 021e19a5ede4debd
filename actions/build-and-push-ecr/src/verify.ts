import { ActionFailure, formatDuration } from '@mlship/action-kit';
import type { Ecr, Repository } from './ecr';
import { manifestProblems, type PushedManifest } from './manifest';
import type { Deps } from './deps';

export interface Verified {
  digest: string;
  mediaType: string;
  sizeBytes?: number;
}

/**
 * Reads the pushed manifest back through the ECR API. The API can lag the
 * registry for a moment (and still show a tag's previous image), so it asks
 * a bounded number of times before judging.
 */
export async function verifyPush(
  ecr: Ecr,
  repo: Repository,
  tags: string[],
  reportedDigest: string | undefined,
  singlePlatform: boolean,
  deps: Pick<Deps, 'log' | 'sleep' | 'signal' | 'timing'>,
): Promise<Verified> {
  const attempts = deps.timing?.verifyAttempts ?? 15;
  const interval = deps.timing?.verifyIntervalMs ?? 1000;
  const primary = tags[0] as string;
  const ref = `${repo.uri}:${primary}`;
  let manifest: PushedManifest | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    manifest = await ecr.manifest(repo, primary);
    if (manifest && (!reportedDigest || manifest.digest === reportedDigest)) break;
    if (attempt < attempts) {
      deps.log.info(`ECR does not list ${ref}${manifest ? ` at ${reportedDigest} yet (it shows ${manifest.digest})` : ' yet'}; asking again (${attempt}/${attempts})`);
      await deps.sleep(interval, deps.signal);
    }
  }
  if (!manifest) {
    throw new ActionFailure(
      `Pushed ${ref}, but the ECR API (BatchGetImage) does not list it after ${formatDuration(attempts * interval)}. Check the push log above and the repository in the console.`,
    );
  }
  const problems = manifestProblems(manifest, { singlePlatform, reportedDigest, ref });
  const others = await ecr.tagDigests(repo, tags.slice(1));
  for (const tag of tags.slice(1)) {
    const digest = others.get(tag);
    if (digest !== manifest.digest) problems.push(`Tag '${tag}' points at ${digest ?? 'nothing'}, not at the pushed ${manifest.digest}.`);
  }
  if (problems.length > 0) throw new ActionFailure(problems.join(' '));
  deps.log.info(`Verified ${ref}: ${manifest.mediaType}, ${manifest.digest}`);
  const details = await ecr.imageDetails(repo, manifest.digest);
  return { digest: manifest.digest, mediaType: manifest.mediaType, sizeBytes: details?.sizeBytes };
}
