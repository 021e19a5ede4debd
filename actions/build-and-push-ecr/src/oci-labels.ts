/**
 * The OCI labels registries and scanners show (source, revision, created,
 * title, version), set by default as docker/metadata-action does; a label
 * given in `labels` wins, and `oci-labels: false` sets none.
 */
import type { Env } from '@mlship/action-kit';

const VERSION_TAG = /^refs\/tags\/v?((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?)(\+[0-9A-Za-z.-]+)?$/;

export function defaultOciLabels(env: Env, sha: string | undefined, now: Date): Record<string, string> {
  const repository = env['GITHUB_REPOSITORY']?.trim();
  const server = (env['GITHUB_SERVER_URL']?.trim() || 'https://github.com').replace(/\/+$/, '');
  const version = VERSION_TAG.exec(env['GITHUB_REF']?.trim() ?? '')?.[1];
  const labels: Record<string, string> = {};
  if (repository) labels['org.opencontainers.image.source'] = `${server}/${repository}`;
  if (sha) labels['org.opencontainers.image.revision'] = sha;
  // RFC 3339 in UTC, to the second.
  labels['org.opencontainers.image.created'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (repository) labels['org.opencontainers.image.title'] = repository.split('/').pop() as string;
  if (version) labels['org.opencontainers.image.version'] = version;
  return labels;
}

/**
 * When the image counts as created: SOURCE_DATE_EPOCH when the workflow sets it
 * (the reproducible-builds convention buildx also honours, so the label and the
 * image's own timestamps agree and a rebuild labels the same), else now.
 */
export function buildTime(env: Env, now: () => Date = () => new Date()): Date {
  const epoch = env['SOURCE_DATE_EPOCH']?.trim();
  return epoch && /^\d{1,12}$/.test(epoch) ? new Date(Number(epoch) * 1000) : now();
}

/** The labels to build with: the defaults under the given ones (a given key wins). */
export function withOciLabels(given: Record<string, string>, defaults: Record<string, string> | undefined): Record<string, string> {
  return { ...(defaults ?? {}), ...given };
}
