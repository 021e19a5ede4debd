import type { ECRClient } from '@aws-sdk/client-ecr';
import { ActionFailure, throwIfCancelled } from '@mlship/action-kit';
import { TransientAwsFailure, awsErrorCode, describeAwsError, isAwsError, transientKind } from '@mlship/aws-kit';
import { createEcrClient } from '@mlship/aws-kit/ecr';
import type { Ecr, Repository, ScanState } from './ecr';
import { ACCEPTED_MEDIA_TYPES, manifestMediaType, sha256Digest, type PushedManifest } from './manifest';
import type { Mutability } from './names';
import { normaliseCounts } from './severity';

type Sdk = typeof import('@aws-sdk/client-ecr');

/** Loads the SDK (lazily: only after inputs are valid) and adapts it to `Ecr`; every call stops when `signal` aborts. */
export async function createEcr(region: string, signal?: AbortSignal): Promise<Ecr & { destroy(): void }> {
  const [client, sdk] = await Promise.all([createEcrClient({ region }), import('@aws-sdk/client-ecr')]);
  return sdkEcr(client, sdk, signal);
}

/**
 * One ECR call: an expected "not found" comes back as a value, a cancel as
 * CancelledError, a passing fault (throttling, 5xx, network) as a
 * TransientAwsFailure a caller may retry, anything else as an ActionFailure.
 */
async function callEcr<T>(
  operation: string,
  fn: () => Promise<T>,
  expected: string[],
  signal: AbortSignal | undefined,
): Promise<T | { missing: string }> {
  try {
    return await fn();
  } catch (err) {
    throwIfCancelled(signal);
    if (isAwsError(err, expected)) return { missing: awsErrorCode(err) ?? '' };
    const transient = transientKind(err);
    if (transient) throw new TransientAwsFailure(describeAwsError('ecr', operation, err), transient);
    throw new ActionFailure(describeAwsError('ecr', operation, err));
  }
}

function isMissing(value: unknown): value is { missing: string } {
  return typeof value === 'object' && value !== null && 'missing' in value;
}

function toRepository(repo: {
  repositoryName?: string;
  repositoryUri?: string;
  registryId?: string;
  imageTagMutability?: string;
  imageScanningConfiguration?: { scanOnPush?: boolean };
}): Repository {
  return {
    name: repo.repositoryName ?? '',
    uri: repo.repositoryUri ?? '',
    registryId: repo.registryId ?? '',
    // IMMUTABLE_WITH_EXCLUSION behaves like IMMUTABLE for the tags it covers.
    mutability: (repo.imageTagMutability ?? 'MUTABLE').startsWith('IMMUTABLE') ? 'IMMUTABLE' : 'MUTABLE',
    scanOnPush: repo.imageScanningConfiguration?.scanOnPush ?? false,
  };
}

/** What each group of calls below needs: the signal-bound send, the error mapping, the SDK's commands. */
interface Calls {
  send: ECRClient['send'];
  call: <T>(operation: string, fn: () => Promise<T>, expected?: string[]) => Promise<T | { missing: string }>;
  sdk: Sdk;
}

export function sdkEcr(client: ECRClient, sdk: Sdk, signal?: AbortSignal): Ecr & { destroy(): void } {
  const send: ECRClient['send'] = ((command: Parameters<ECRClient['send']>[0]) =>
    client.send(command, { abortSignal: signal })) as ECRClient['send'];
  const call = <T>(operation: string, fn: () => Promise<T>, expected: string[] = []) => callEcr(operation, fn, expected, signal);
  const calls: Calls = { send, call, sdk };
  return {
    destroy: () => client.destroy(),
    ...repositoryCalls(calls),
    ...imageCalls(calls),
    ...scanCalls(calls),
  };
}

function repositoryCalls({ send, call, sdk }: Calls): Pick<Ecr, 'authorize' | 'describeRepository' | 'createRepository'> {
  return {
    async authorize(registryId) {
      const out = await call('GetAuthorizationToken', () =>
        send(new sdk.GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {})),
      );
      const data = isMissing(out) ? undefined : out.authorizationData?.[0];
      if (!data?.authorizationToken || !data.proxyEndpoint) throw new ActionFailure('GetAuthorizationToken returned no authorization data');
      const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
      const cut = decoded.indexOf(':');
      return {
        username: decoded.slice(0, cut),
        password: decoded.slice(cut + 1),
        registry: data.proxyEndpoint.replace(/^https?:\/\//, '').replace(/\/$/, ''),
      };
    },

    async describeRepository(name, registryId) {
      const out = await call(
        'DescribeRepositories',
        () => send(new sdk.DescribeRepositoriesCommand({ repositoryNames: [name], registryId })),
        ['RepositoryNotFoundException'],
      );
      const repo = isMissing(out) ? undefined : out.repositories?.[0];
      return repo ? toRepository(repo) : undefined;
    },

    async createRepository(name, options: { mutability: Mutability; scanOnPush: boolean }, registryId) {
      const out = await call('CreateRepository', () =>
        send(
          new sdk.CreateRepositoryCommand({
            repositoryName: name,
            registryId,
            imageTagMutability: options.mutability,
            imageScanningConfiguration: { scanOnPush: options.scanOnPush },
          }),
        ),
      );
      if (isMissing(out) || !out.repository) throw new ActionFailure(`CreateRepository returned no repository for ${name}`);
      return toRepository(out.repository);
    },
  };
}

function imageCalls({ send, call, sdk }: Calls): Pick<Ecr, 'manifest' | 'tagDigests' | 'imageDetails'> {
  async function manifest(repo: Repository, tag: string): Promise<PushedManifest | undefined> {
    const out = await call('BatchGetImage', () =>
      send(
        new sdk.BatchGetImageCommand({
          repositoryName: repo.name,
          registryId: repo.registryId,
          imageIds: [{ imageTag: tag }],
          acceptedMediaTypes: ACCEPTED_MEDIA_TYPES,
        }),
      ),
    );
    const image = isMissing(out) ? undefined : out.images?.[0];
    if (!image?.imageManifest) return undefined;
    return {
      digest: image.imageId?.imageDigest ?? sha256Digest(image.imageManifest),
      mediaType: manifestMediaType(image.imageManifest, image.imageManifestMediaType),
      body: image.imageManifest,
    };
  }

  return {
    manifest,

    async tagDigests(repo, tags) {
      // One tag per BatchGetImage: the answer is then unambiguous even from a
      // backend (moto) that labels each image with its own latest tag rather
      // than the tag that was asked for.
      const found = new Map<string, string>();
      const answers = await Promise.all(tags.map(async (tag) => [tag, await manifest(repo, tag)] as const));
      for (const [tag, manifest] of answers) if (manifest) found.set(tag, manifest.digest);
      return found;
    },

    async imageDetails(repo, digest) {
      const out = await call(
        'DescribeImages',
        () =>
          send(
            new sdk.DescribeImagesCommand({ repositoryName: repo.name, registryId: repo.registryId, imageIds: [{ imageDigest: digest }] }),
          ),
        ['ImageNotFoundException'],
      );
      const image = isMissing(out) ? undefined : out.imageDetails?.[0];
      if (!image) return undefined;
      return { digest, sizeBytes: image.imageSizeInBytes, tags: image.imageTags ?? [], pushedAt: image.imagePushedAt };
    },
  };
}

function scanCalls({ send, call, sdk }: Calls): Pick<Ecr, 'scanState' | 'startScan'> {
  return {
    async scanState(repo, digest): Promise<ScanState> {
      const out = await call(
        'DescribeImageScanFindings',
        () =>
          send(
            new sdk.DescribeImageScanFindingsCommand({
              repositoryName: repo.name,
              registryId: repo.registryId,
              imageId: { imageDigest: digest },
              maxResults: 1,
            }),
          ),
        ['ScanNotFoundException', 'ImageNotFoundException'],
      );
      if (isMissing(out)) return { kind: 'missing' };
      const status = out.imageScanStatus?.status ?? 'UNKNOWN';
      if (status === 'COMPLETE' || status === 'ACTIVE')
        return { kind: 'complete', counts: normaliseCounts(out.imageScanFindings?.findingSeverityCounts) };
      if (status === 'IN_PROGRESS' || status === 'PENDING') return { kind: 'in-progress', status };
      return { kind: 'failed', status, reason: out.imageScanStatus?.description ?? 'no reason given' };
    },

    async startScan(repo, digest) {
      const out = await call(
        'StartImageScan',
        () =>
          send(new sdk.StartImageScanCommand({ repositoryName: repo.name, registryId: repo.registryId, imageId: { imageDigest: digest } })),
        ['LimitExceededException'],
      );
      return !isMissing(out);
    },
  };
}
