import { join } from 'node:path';
import { ActionFailure, throwIfCancelled, type Log } from '@mlship/action-kit';
import { consoleUrl } from '@mlship/aws-kit';
import { build, type Built } from './build';
import type { Deps } from './deps';

export type { Deps, Moved } from './deps';
import { checkEngine, hasBuildx, login } from './docker';
import type { Ecr, Repository } from './ecr';
import type { Inputs } from './inputs';
import { INDEX_MEDIA_TYPES, indexPlatforms, manifestProblems, type PlatformImage } from './manifest';
import { scanGate, type ScanOutcome } from './scan';
import { planTags } from './tags';
import { verifyPush, type Verified } from './verify';

export interface BuildResult {
  region?: string;
  registry?: string;
  repository: string;
  /** `<registry>/<repository>:<primary tag>` (without registry when unknown and not pushed). */
  imageUri: string;
  imageUriDigest?: string;
  digest?: string;
  mediaType?: string;
  sizeBytes?: number;
  /** Full references this run pushed (or, when skipped, that point at the existing image). */
  refs: string[];
  /** Tag names, same order as refs. */
  tags: string[];
  notMoved: string[];
  pushed: boolean;
  skipped: boolean;
  skipReason?: string;
  builder?: 'buildx' | 'docker';
  /** A multi-platform index: the image of each platform (Lambda cannot use the index). */
  platforms?: PlatformImage[];
  createdRepository: boolean;
  scan?: ScanOutcome;
  consoleUrl?: string;
}

export async function run(inputs: Inputs, deps: Deps): Promise<BuildResult> {
  if (!inputs.push) return buildOnly(inputs, deps);
  const { log } = deps;
  const region = inputs.region as string;
  const ecr = await deps.ecr();
  const primary = inputs.tags[0] as string;

  const { repo, created } = await log.group('Check the ECR repository', () => ensureRepository(ecr, inputs, log));
  const base = {
    region,
    repository: inputs.repository,
    createdRepository: created,
    consoleUrl: consoleUrl(region, `/repositories/private/${repo.registryId}/${repo.name}`, 'ecr'),
  };
  const existing = await ecr.tagDigests(repo, inputs.tags);
  const existingPrimary = existing.get(primary);

  if (existingPrimary && inputs.skipIfExists) return reuseExisting(ecr, repo, existing, existingPrimary, base, inputs, deps);

  const plan = planTags(inputs.tags, existing, repo.mutability);
  if (plan.push[0] !== primary) {
    throw new ActionFailure(
      `The primary tag '${primary}' already exists in the IMMUTABLE repository ${repo.name} (${existingPrimary}) and cannot be moved. ` +
        'Use a tag that is new for every build (the commit SHA is the default) or set skip-if-exists: true to reuse the existing image.',
    );
  }
  if (plan.notMoved.length > 0) {
    log.warning(
      `Repository ${repo.name} is IMMUTABLE: not moving existing tag${plan.notMoved.length > 1 ? 's' : ''} ${plan.notMoved.join(', ')} ` +
        `(they keep pointing at their current image). Pushing ${plan.push.join(', ')} only.`,
    );
  }

  await logIn(ecr, repo, inputs, deps);
  throwIfCancelled(deps.signal);

  const refs = plan.push.map((tag) => `${repo.uri}:${tag}`);
  const built = await buildWith(inputs, deps, refs, repo.uri);
  deps.pushed?.({ refs, tags: plan.push, digest: built.reportedDigest });
  const verified = await log.group('Verify the pushed image', () =>
    verifyPush(ecr, repo, plan.push, built.reportedDigest, inputs.platforms, deps),
  );
  const scan = inputs.scan ? await log.group('Scan', () => runScan(ecr, repo, verified.digest, inputs, deps)) : undefined;
  return { ...base, ...pushedResult(repo, verified, plan.push, refs, plan.notMoved), builder: built.builder, scan };
}

type Base = Pick<BuildResult, 'region' | 'repository' | 'createdRepository' | 'consoleUrl'>;

/** skip-if-exists with the primary tag already in ECR: report the existing image, after checking Lambda can use it. */
async function reuseExisting(
  ecr: Ecr,
  repo: Repository,
  existing: Map<string, string>,
  existingPrimary: string,
  base: Base,
  inputs: Inputs,
  deps: Deps,
): Promise<BuildResult> {
  const { log } = deps;
  const primary = inputs.tags[0] as string;
  const registry = repo.uri.slice(0, repo.uri.indexOf('/'));
  const [details, manifest] = await Promise.all([ecr.imageDetails(repo, existingPrimary), ecr.manifest(repo, primary)]);
  // Reusing an index would hand Lambda what it rejects: say so now, not at deploy time.
  const problems = manifest
    ? manifestProblems(manifest, { singlePlatform: inputs.platforms.length === 1, ref: `${repo.uri}:${primary}` })
    : [];
  if (problems.length > 0) {
    throw new ActionFailure(
      `The existing image is not reusable: ${problems.join(' ')} Push under a new primary tag, or set skip-if-exists: false on a MUTABLE repository to rebuild it.`,
    );
  }
  const tags = inputs.tags.filter((tag) => existing.get(tag) === existingPrimary);
  const skipReason = `${repo.name}:${primary} is already in ECR (${existingPrimary}); skip-if-exists is on, so nothing was built or pushed`;
  log.info(skipReason);
  const scan = inputs.scan ? await log.group('Scan', () => runScan(ecr, repo, existingPrimary, inputs, deps)) : undefined;
  return {
    ...base,
    registry,
    imageUri: `${repo.uri}:${primary}`,
    imageUriDigest: `${repo.uri}@${existingPrimary}`,
    digest: existingPrimary,
    mediaType: manifest?.mediaType,
    sizeBytes: details?.sizeBytes,
    platforms: manifest && INDEX_MEDIA_TYPES.has(manifest.mediaType) ? indexPlatforms(manifest.body) : undefined,
    refs: tags.map((tag) => `${repo.uri}:${tag}`),
    tags,
    notMoved: [],
    pushed: false,
    skipped: true,
    skipReason,
    scan,
  };
}

/** Docker Engine check, then `docker login` with a password masked before anything can print it. */
async function logIn(ecr: Ecr, repo: Repository, inputs: Inputs, deps: Deps): Promise<void> {
  const { log } = deps;
  const engine = await checkEngine(deps.docker);
  log.info(`Docker Engine ${engine}`);
  const auth = await ecr.authorize(inputs.registryId ?? repo.registryId);
  // Masked before it could reach any log line, including docker's own output.
  log.mask(auth.password);
  await log.group(`Log in to ${auth.registry}`, async () => {
    await login(deps.docker, auth.registry, auth.username, auth.password);
    deps.loggedIn?.(auth.registry);
    log.info(`Logged in to ${auth.registry}`);
  });
}

function pushedResult(repo: Repository, verified: Verified, tags: string[], refs: string[], notMoved: string[]) {
  return {
    registry: repo.uri.slice(0, repo.uri.indexOf('/')),
    imageUri: refs[0] as string,
    imageUriDigest: `${repo.uri}@${verified.digest}`,
    digest: verified.digest,
    mediaType: verified.mediaType,
    sizeBytes: verified.sizeBytes,
    platforms: verified.platforms,
    refs,
    tags,
    notMoved,
    pushed: true,
    skipped: false,
  };
}

async function buildOnly(inputs: Inputs, deps: Deps): Promise<BuildResult> {
  const { log } = deps;
  await checkEngine(deps.docker);
  let registry: string | undefined;
  if (inputs.cache === 'registry') {
    const ecr = await deps.ecr();
    const auth = await ecr.authorize(inputs.registryId);
    log.mask(auth.password);
    await login(deps.docker, auth.registry, auth.username, auth.password);
    deps.loggedIn?.(auth.registry);
    registry = auth.registry;
  } else if (inputs.registryId && inputs.region) {
    registry = `${inputs.registryId}.dkr.ecr.${inputs.region}.amazonaws.com`;
  }
  const repositoryUri = registry ? `${registry}/${inputs.repository}` : inputs.repository;
  const refs = inputs.tags.map((tag) => `${repositoryUri}:${tag}`);
  const built = await buildWith(inputs, deps, refs, repositoryUri);
  log.info('push is false: the image was built but not pushed');
  return {
    region: inputs.region,
    registry,
    repository: inputs.repository,
    imageUri: refs[0] as string,
    refs,
    tags: inputs.tags,
    notMoved: [],
    pushed: false,
    skipped: false,
    builder: built.builder,
    createdRepository: false,
  };
}

async function buildWith(inputs: Inputs, deps: Deps, refs: string[], repositoryUri: string): Promise<Built> {
  const buildx = await hasBuildx(deps.docker);
  if (!buildx) {
    if (inputs.platforms.length > 1) {
      throw new ActionFailure(
        `Building for ${inputs.platforms.join(', ')} needs docker buildx, which is not installed. Add docker/setup-buildx-action before this step.`,
      );
    }
    deps.log.notice('docker buildx is not available: building with `docker build` and pushing with `docker push` (no build cache export).');
  }
  return build(
    inputs,
    deps,
    { refs, repositoryUri, metadataFile: join(deps.workdir, 'build-metadata.json') },
    buildx ? 'buildx' : 'docker',
  );
}

async function ensureRepository(ecr: Ecr, inputs: Inputs, log: Log): Promise<{ repo: Repository; created: boolean }> {
  const found = await ecr.describeRepository(inputs.repository, inputs.registryId);
  if (found) {
    log.info(`Repository ${found.uri} (tags ${found.mutability}, scan on push ${found.scanOnPush ? 'on' : 'off'})`);
    return { repo: found, created: false };
  }
  if (!inputs.createRepository) {
    const where = inputs.registryId ? `registry ${inputs.registryId}` : 'this account';
    throw new ActionFailure(
      `ECR repository '${inputs.repository}' does not exist in ${where} (region ${inputs.region}). ` +
        `Either create it (aws ecr create-repository --repository-name ${inputs.repository} --region ${inputs.region}) ` +
        'or set create-repository: true on this step to let the action create it.',
    );
  }
  const repo = await ecr.createRepository(
    inputs.repository,
    { mutability: inputs.imageTagMutability, scanOnPush: inputs.scanOnPush },
    inputs.registryId,
  );
  log.info(`Created repository ${repo.uri} (tags ${repo.mutability}, scan on push ${repo.scanOnPush ? 'on' : 'off'})`);
  return { repo, created: true };
}

function runScan(ecr: Ecr, repo: Repository, digest: string, inputs: Inputs, deps: Deps): Promise<ScanOutcome> {
  return scanGate(ecr, repo, digest, inputs.failOnSeverity, {
    timeoutMs: inputs.scanTimeoutMs,
    clock: deps.clock,
    sleep: deps.sleep,
    signal: deps.signal,
    log: deps.log,
    intervalMs: deps.timing?.scanIntervalMs,
    graceMs: deps.timing?.scanGraceMs,
  });
}
