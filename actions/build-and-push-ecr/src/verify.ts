import { ActionFailure, formatDuration, type Log, type Sleep } from '@mlship/action-kit';
import { TransientAwsFailure } from '@mlship/aws-kit';
import type { Ecr, Repository } from './ecr';
import { indexPlatforms, indexProblems, manifestProblems, type PlatformImage, type PushedManifest } from './manifest';
import type { Deps } from './deps';

export interface Verified {
  digest: string;
  mediaType: string;
  sizeBytes?: number;
  /** For an index: the image of each platform in it. */
  platforms?: PlatformImage[];
}

/** Tries for a passing ECR fault after the push: the tags have moved, so failing now would be the costliest answer. */
const TRANSIENT_ATTEMPTS = 4;

/** Retries a call that failed with a TransientAwsFailure, a few times, 1, 2, 3 intervals apart. */
async function retryingTransient<T>(
  call: () => Promise<T>,
  deps: { log: Log; sleep: Sleep; signal?: AbortSignal },
  intervalMs: number,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof TransientAwsFailure) || attempt >= TRANSIENT_ATTEMPTS) throw err;
      deps.log.warning(
        `${err.message}; asking again in ${formatDuration(intervalMs * attempt)} (retry ${attempt}/${TRANSIENT_ATTEMPTS - 1})`,
      );
      await deps.sleep(intervalMs * attempt, deps.signal);
    }
  }
}

/**
 * Reads the pushed manifest back through the ECR API. The API can lag the
 * registry for a moment (and still show a tag's previous image), so it asks
 * a bounded number of times before judging; a passing API fault (throttling,
 * 5xx, network) is asked again within a small budget.
 */
export async function verifyPush(
  ecr: Ecr,
  repo: Repository,
  tags: string[],
  reportedDigest: string | undefined,
  platforms: string[],
  deps: Pick<Deps, 'log' | 'sleep' | 'signal' | 'timing'>,
): Promise<Verified> {
  const singlePlatform = platforms.length === 1;
  const attempts = deps.timing?.verifyAttempts ?? 15;
  const interval = deps.timing?.verifyIntervalMs ?? 1000;
  const primary = tags[0] as string;
  const ref = `${repo.uri}:${primary}`;
  let manifest: PushedManifest | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    manifest = await retryingTransient(() => ecr.manifest(repo, primary), deps, interval);
    if (manifest && (!reportedDigest || manifest.digest === reportedDigest)) break;
    if (attempt < attempts) {
      deps.log.info(
        `ECR does not list ${ref}${manifest ? ` at ${reportedDigest} yet (it shows ${manifest.digest})` : ' yet'}; asking again (${attempt}/${attempts})`,
      );
      await deps.sleep(interval, deps.signal);
    }
  }
  if (!manifest) {
    throw new ActionFailure(
      `Pushed ${ref}, but the ECR API (BatchGetImage) does not list it after ${formatDuration(attempts * interval)}. Check the push log above and the repository in the console.`,
    );
  }
  const problems = manifestProblems(manifest, { singlePlatform, reportedDigest, ref });
  if (!singlePlatform) problems.push(...indexProblems(manifest, platforms, ref));
  const others = await retryingTransient(() => ecr.tagDigests(repo, tags.slice(1)), deps, interval);
  for (const tag of tags.slice(1)) {
    const digest = others.get(tag);
    if (digest !== manifest.digest) problems.push(`Tag '${tag}' points at ${digest ?? 'nothing'}, not at the pushed ${manifest.digest}.`);
  }
  if (problems.length > 0) throw new ActionFailure(problems.join(' '));
  deps.log.info(`Verified ${ref}: ${manifest.mediaType}, ${manifest.digest}`);
  const digest = manifest.digest;
  const details = await retryingTransient(() => ecr.imageDetails(repo, digest), deps, interval);
  const images = singlePlatform ? undefined : indexPlatforms(manifest.body);
  if (images) deps.log.info(`Index ${manifest.digest} holds ${images.map((i) => `${i.platform} ${i.digest}`).join(', ')}`);
  return { digest: manifest.digest, mediaType: manifest.mediaType, sizeBytes: details?.sizeBytes, platforms: images };
}
