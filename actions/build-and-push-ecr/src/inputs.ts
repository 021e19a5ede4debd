import { commitsOf } from './commit';
import { buildTime, defaultOciLabels, withOciLabels } from './oci-labels';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError, InputReader, type Env } from '@mlship/action-kit';
import { resolveRegion } from '@mlship/aws-kit';
import { repositoryNameProblem, registryIdProblem, tagProblem } from './ecr-names';
import { readBuildSecrets, type BuildSecrets } from './build-secrets';
import { fillTagTemplates } from './tag-templates';
import { CACHE_MODES, MUTABILITY, SEVERITIES, type CacheMode, type GateSeverity, type Mutability } from './names';

export interface Inputs {
  /** The commit {sha} stands for (commit.ts); undefined outside a workflow run. */
  commit?: string;
  repository: string;
  /** Undefined only when nothing needs AWS (push: false without a registry cache). */
  region: string | undefined;
  registryId: string | undefined;
  /** Absolute paths, checked to exist. */
  context: string;
  file: string;
  buildArgs: Record<string, string>;
  target: string | undefined;
  /** The labels given, over the default OCI labels unless oci-labels is false. */
  labels: Record<string, string>;
  platforms: string[];
  provenance: boolean;
  sbom: boolean;
  /** The first is the primary tag; templates are filled in. */
  tags: string[];
  /** Template tags a pre-release does not move, with why (logged). */
  heldTags: string[];
  push: boolean;
  createRepository: boolean;
  imageTagMutability: Mutability;
  scanOnPush: boolean;
  skipIfExists: boolean;
  cache: CacheMode;
  cacheFrom: string[];
  cacheTo: string[];
  /** secrets, secret-envs, secret-files, ssh and build-contexts. */
  buildSecrets: BuildSecrets;
  noCache: boolean;
  pull: boolean;
  /** Network of the RUN steps: default, none (hermetic) or host. */
  network: (typeof NETWORKS)[number];
  scan: boolean;
  failOnSeverity: GateSeverity;
  scanTimeoutMs: number;
  logout: boolean;
}

const NETWORKS = ['default', 'none', 'host'] as const;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

/** Reads and checks every input; nothing here touches the network. */
export function readInputs(env: Env = process.env, cwd: string = process.cwd()): Inputs {
  const reader = new InputReader(env);
  const { repository, registryId } = readRepository(reader);
  const { context, file } = readDockerfile(reader, cwd);
  const platforms = readPlatforms(reader);
  const { tags, held: heldTags } = readTags(reader, env);
  const push = reader.boolean('push', true);
  const cache = reader.enumOf('cache', CACHE_MODES, 'none');
  const needsAws = push || cache === 'registry';
  const region = needsAws ? resolveRegion(reader.string('aws-region'), env) : optionalRegion(reader, env);

  const scan = reader.boolean('scan', false);
  // The one rule across inputs: ECR scans what is in the registry.
  if (scan && !push) throw new InputError('scan', 'needs push: true (ECR scans images in the registry)', 'scan: false');

  return {
    commit: commitsOf(env).sha,
    repository,
    region,
    registryId,
    context,
    file,
    buildArgs: reader.map('build-args', { style: 'equals', example: 'build-args: |\n  MODEL_VERSION=v2' }),
    target: reader.string('target'),
    labels: withOciLabels(
      reader.map('labels', {
        style: 'equals',
        example: 'labels: |\n  org.opencontainers.image.source=https://github.com/octo-org/model',
      }),
      reader.boolean('oci-labels', true) ? defaultOciLabels(env, commitsOf(env).sha, buildTime(env)) : undefined,
    ),
    platforms,
    provenance: reader.boolean('provenance', false),
    sbom: reader.boolean('sbom', false),
    tags,
    heldTags,
    push,
    createRepository: reader.boolean('create-repository', false),
    imageTagMutability: reader.enumOf('image-tag-mutability', MUTABILITY, 'MUTABLE'),
    scanOnPush: reader.boolean('scan-on-push', true),
    skipIfExists: reader.boolean('skip-if-exists', true),
    cache,
    cacheFrom: reader.list('cache-from', { separator: 'newline' }),
    cacheTo: reader.list('cache-to', { separator: 'newline' }),
    buildSecrets: readBuildSecrets(
      {
        secrets: reader.raw('secrets'),
        secretEnvs: reader.raw('secret-envs'),
        secretFiles: reader.raw('secret-files'),
        ssh: reader.raw('ssh'),
        buildContexts: reader.raw('build-contexts'),
      },
      env,
      cwd,
    ),
    noCache: reader.boolean('no-cache', false),
    pull: reader.boolean('pull', false),
    network: reader.enumOf('network', NETWORKS, 'default', { example: 'network: none' }),
    scan,
    failOnSeverity: reader.enumOf('fail-on-severity', SEVERITIES, 'CRITICAL'),
    scanTimeoutMs: reader.duration('scan-timeout', '5m', { min: 1000, max: 3_600_000, example: 'scan-timeout: 5m' }),
    logout: reader.boolean('logout', true),
  };
}

function readRepository(reader: InputReader): { repository: string; registryId: string | undefined } {
  const repository = reader.required('repository', { example: 'repository: ml/sentiment-model' });
  const nameProblem = repositoryNameProblem(repository);
  if (nameProblem) throw new InputError('repository', nameProblem, 'repository: ml/sentiment-model');
  const registryId = reader.string('registry-id');
  if (registryId !== undefined) {
    const problem = registryIdProblem(registryId);
    if (problem) throw new InputError('registry-id', problem, 'registry-id: 123456789012');
  }
  return { repository, registryId };
}

/** The build context and the Dockerfile, as absolute paths checked to exist. */
function readDockerfile(reader: InputReader, cwd: string): { context: string; file: string } {
  const contextInput = reader.string('context', { default: '.' }) as string;
  const context = resolve(cwd, contextInput);
  if (!existsSync(context) || !statSync(context).isDirectory()) {
    throw new InputError(
      'context',
      `must be an existing directory; '${contextInput}' (${context}) does not exist or is not a directory`,
      'context: ./model-image',
    );
  }
  const fileInput = reader.string('file');
  const file = fileInput === undefined ? join(context, 'Dockerfile') : isAbsolute(fileInput) ? fileInput : resolve(cwd, fileInput);
  if (!existsSync(file) || !statSync(file).isFile()) {
    const where =
      fileInput === undefined ? `no Dockerfile in context '${contextInput}' (${file})` : `'${fileInput}' (${file}) does not exist`;
    throw new InputError('file', `must name an existing Dockerfile: ${where}`, 'file: ./model-image/Dockerfile');
  }
  return { context, file };
}

function readPlatforms(reader: InputReader): string[] {
  const platforms = reader.list('platforms');
  if (platforms.length === 0) platforms.push('linux/amd64');
  const badPlatform = platforms.find((p) => !PLATFORM.test(p));
  if (badPlatform !== undefined)
    throw new InputError('platforms', `has '${badPlatform}', which is not os/arch[/variant]`, 'platforms: linux/amd64,linux/arm64');
  return platforms;
}

function readTags(reader: InputReader, env: Env): { tags: string[]; held: string[] } {
  const filled = fillTagTemplates(reader.list('tags'), env);
  let { tags } = filled;
  if (tags.length === 0 && filled.held.length > 0) {
    throw new InputError('tags', `leaves no tag to push: ${filled.held.join('; ')}`, 'tags: "{version},{major}.{minor},{major},{sha}"');
  }
  if (tags.length === 0) {
    const sha = commitsOf(env).sha;
    if (!sha) throw new InputError('tags', 'is empty and GITHUB_SHA is not set, so there is no default commit tag', 'tags: v1.2.3,latest');
    tags = [sha, 'latest'];
  }
  for (const tag of tags) {
    const problem = tagProblem(tag);
    if (problem) throw new InputError('tags', `has ${problem}`, 'tags: ${{ github.sha }},latest');
  }
  return { tags: [...new Set(tags)], held: filled.held };
}

function optionalRegion(reader: InputReader, env: Env): string | undefined {
  if (!reader.has('aws-region') && !env['AWS_REGION'] && !env['AWS_DEFAULT_REGION']) return undefined;
  return resolveRegion(reader.string('aws-region'), env);
}
