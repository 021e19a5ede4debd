/**
 * Shared set-up of the build-and-push-ecr integration tests
 * (test/integration/ecr-*.test.ts): a build context with a FROM scratch
 * image, a private DOCKER_CONFIG per test (its own logins, so a logout here
 * never touches other suites; buildx linked in, or not, or wrapped), and the
 * real ECR client pointed at the stack's moto.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchGetImageCommand, CreateRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { TEST_CREDENTIALS } from '../support/moto';

const here = new URL('.', import.meta.url).pathname;

export const realBuildx = (): string =>
  realpathSync(join(process.env['BUILDX_PLUGIN'] ?? join(homedir(), '.docker', 'cli-plugins', 'docker-buildx')));

/** A workspace with `image/Dockerfile` (FROM scratch + COPY of a small file whose content makes the image unique). */
export function workspace(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-ws-'));
  mkdirSync(join(dir, 'image'));
  writeFileSync(join(dir, 'image', 'model.txt'), `${content}\n`);
  writeFileSync(join(dir, 'image', 'Dockerfile'), 'FROM scratch\nCOPY model.txt /model.txt\n');
  return dir;
}

/** A DOCKER_CONFIG of the test's own; `buildx` picks the plugin it gets. */
export function dockerConfig(buildx: 'real' | 'none' | 'index-pusher' | 'tag-mover'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-docker-config-'));
  writeFileSync(join(dir, 'config.json'), '{"auths":{}}');
  if (buildx === 'none') return dir;
  mkdirSync(join(dir, 'cli-plugins'));
  const plugin = join(dir, 'cli-plugins', 'docker-buildx');
  if (buildx === 'real') {
    symlinkSync(realBuildx(), plugin);
  } else {
    writeFileSync(
      plugin,
      [
        '#!/bin/sh',
        `[ "$1" = docker-cli-plugin-metadata ] && exec "${realBuildx()}" "$@"`,
        `"${realBuildx()}" "$@" || exit $?`,
        'shift',
        `PUSHER_MODE=${buildx === 'tag-mover' ? 'moved' : 'index'} exec "${process.execPath}" "${join(here, 'index-pusher.mjs')}" "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(plugin, 0o755);
  }
  return dir;
}

export function loggedInRegistries(config: string): string[] {
  return Object.keys((JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')) as { auths?: Record<string, unknown> }).auths ?? {});
}

export function ecrClient(endpoint: string): ECRClient {
  return new ECRClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 2 });
}

let counter = 0;
/** A repository name no other test run uses. */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export async function createRepository(
  ecr: ECRClient,
  name: string,
  mutability: 'MUTABLE' | 'IMMUTABLE',
  scanOnPush = false,
): Promise<void> {
  await ecr.send(
    new CreateRepositoryCommand({ repositoryName: name, imageTagMutability: mutability, imageScanningConfiguration: { scanOnPush } }),
  );
}

/** tag -> digest as moto's ECR API has it (one tag per call: moto labels images with their own tag). */
export async function digestOf(ecr: ECRClient, name: string, tag: string): Promise<string | undefined> {
  const out = await ecr.send(new BatchGetImageCommand({ repositoryName: name, imageIds: [{ imageTag: tag }] }));
  return out.images?.[0]?.imageId?.imageDigest;
}

export async function manifestOf(ecr: ECRClient, name: string, digest: string): Promise<{ mediaType?: string; body: string }> {
  const out = await ecr.send(
    new BatchGetImageCommand({
      repositoryName: name,
      imageIds: [{ imageDigest: digest }],
      acceptedMediaTypes: [
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.oci.image.index.v1+json',
      ],
    }),
  );
  return { mediaType: out.images?.[0]?.imageManifestMediaType, body: out.images?.[0]?.imageManifest ?? '' };
}

export async function imagesIn(ecr: ECRClient, name: string): Promise<Array<{ digest: string; tags: string[] }>> {
  const out = await ecr.send(new DescribeImagesCommand({ repositoryName: name }));
  return (out.imageDetails ?? []).map((d) => ({ digest: d.imageDigest as string, tags: d.imageTags ?? [] }));
}
