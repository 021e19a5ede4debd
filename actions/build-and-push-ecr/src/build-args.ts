import type { Inputs } from './inputs';
import { secretArgs } from './build-secrets';
import { CACHE_TAG } from './names';

export interface BuildPlan {
  /** False when the builder cannot export cache (the default `docker` driver). */
  exportCache?: boolean;
  /** Full references to tag the image with, `<registry>/<repository>:<tag>`. */
  refs: string[];
  /** Where buildx writes its metadata (digest of what it pushed). */
  metadataFile: string;
  /** Registry path of the repository (for the registry cache). */
  repositoryUri: string;
}

type BuildOptions = Pick<
  Inputs,
  'context' | 'file' | 'buildArgs' | 'target' | 'labels' | 'platforms' | 'provenance' | 'sbom' | 'push' | 'cache' | 'cacheFrom' | 'cacheTo'
> &
  Partial<Pick<Inputs, 'buildSecrets' | 'noCache' | 'pull' | 'network'>>;

/**
 * `docker buildx build` arguments. Provenance and SBOM are off unless asked
 * for: either one turns a single-platform push into an image index, which
 * Lambda rejects.
 */
export function buildxArgs(inputs: BuildOptions, plan: BuildPlan): string[] {
  const args = ['buildx', 'build', '--file', inputs.file, '--platform', inputs.platforms.join(',')];
  args.push(`--provenance=${String(inputs.provenance)}`, `--sbom=${String(inputs.sbom)}`);
  args.push(...commonArgs(inputs, plan.refs));
  if (inputs.buildSecrets) args.push(...secretArgs(inputs.buildSecrets));
  args.push(...cacheArgs(inputs, plan.repositoryUri, plan.exportCache ?? true));
  args.push('--metadata-file', plan.metadataFile);
  if (inputs.push) args.push('--push');
  // Loading into the engine works for one platform only; a multi-platform
  // build without push just proves that it builds.
  else if (inputs.platforms.length === 1) args.push('--load');
  args.push(inputs.context);
  return args;
}

/** The classic `docker build` used when buildx is missing (one platform only). */
export function dockerBuildArgs(inputs: BuildOptions, plan: BuildPlan): string[] {
  return ['build', '--file', inputs.file, '--platform', inputs.platforms.join(','), ...commonArgs(inputs, plan.refs), inputs.context];
}

function commonArgs(inputs: BuildOptions, refs: string[]): string[] {
  const args: string[] = [];
  for (const ref of refs) args.push('--tag', ref);
  for (const [key, value] of Object.entries(inputs.buildArgs)) args.push('--build-arg', `${key}=${value}`);
  for (const [key, value] of Object.entries(inputs.labels)) args.push('--label', `${key}=${value}`);
  if (inputs.target) args.push('--target', inputs.target);
  if (inputs.noCache) args.push('--no-cache');
  if (inputs.pull) args.push('--pull');
  if (inputs.network && inputs.network !== 'default') args.push('--network', inputs.network);
  return args;
}

/** Whether these inputs ask buildx to write a cache. */
export function wantsCacheExport(inputs: Pick<Inputs, 'cache' | 'cacheTo' | 'push'>): boolean {
  return inputs.cacheTo.length > 0 || inputs.cache === 'gha' || (inputs.cache === 'registry' && inputs.push);
}

export function cacheArgs(
  inputs: Pick<Inputs, 'cache' | 'cacheFrom' | 'cacheTo' | 'push'>,
  repositoryUri: string,
  exportCache = true,
): string[] {
  const from = [...inputs.cacheFrom];
  const to = [...inputs.cacheTo];
  if (inputs.cache === 'registry') {
    const ref = `${repositoryUri}:${CACHE_TAG}`;
    from.push(`type=registry,ref=${ref}`);
    // ECR stores the cache only as an OCI image manifest, not buildx's default cache index.
    if (inputs.push) to.push(`type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`);
  } else if (inputs.cache === 'gha') {
    from.push('type=gha');
    to.push('type=gha,mode=max');
  }
  return [...from.flatMap((spec) => ['--cache-from', spec]), ...(exportCache ? to : []).flatMap((spec) => ['--cache-to', spec])];
}

/** The last lines of a build log, for the error message of a failed build. */
export function tailLines(text: string, count = 20): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .slice(-count);
}
