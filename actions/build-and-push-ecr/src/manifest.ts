import { createHash } from 'node:crypto';

export const INDEX_MEDIA_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

export const IMAGE_MEDIA_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]);

/** Every media type we accept when reading a manifest back from ECR. */
export const ACCEPTED_MEDIA_TYPES = [...INDEX_MEDIA_TYPES, ...IMAGE_MEDIA_TYPES];

export interface PushedManifest {
  digest: string;
  mediaType: string;
  /** The manifest JSON exactly as the registry stores it. */
  body: string;
}

/** The media type a manifest declares (OCI allows leaving it out of the body). */
export function manifestMediaType(body: string, declared?: string): string {
  try {
    const parsed = JSON.parse(body) as { mediaType?: string; manifests?: unknown; layers?: unknown };
    if (parsed.mediaType) return parsed.mediaType;
    if (Array.isArray(parsed.manifests)) return 'application/vnd.oci.image.index.v1+json';
    if (Array.isArray(parsed.layers)) return 'application/vnd.oci.image.manifest.v1+json';
  } catch {
    // not JSON: fall through to what the API said
  }
  return declared ?? 'unknown';
}

export function sha256Digest(body: string): string {
  return `sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`;
}

/** Platforms listed in an index, for explaining what was pushed. */
export function indexEntries(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as {
      manifests?: Array<{ platform?: { os?: string; architecture?: string }; annotations?: Record<string, string> }>;
    };
    return (parsed.manifests ?? []).map((m) => {
      const kind = m.annotations?.['vnd.docker.reference.type'];
      if (kind) return kind;
      return m.platform ? `${m.platform.os ?? '?'}/${m.platform.architecture ?? '?'}` : 'unknown';
    });
  } catch {
    return [];
  }
}

/**
 * Problems with what the registry holds after a push: an index where one
 * platform was built (Lambda rejects it), or a digest other than the one the
 * build reported. Empty when the push is what was intended.
 */
export function manifestProblems(
  pushed: PushedManifest,
  expected: { singlePlatform: boolean; reportedDigest?: string; ref: string },
): string[] {
  const problems: string[] = [];
  if (expected.singlePlatform && INDEX_MEDIA_TYPES.has(pushed.mediaType)) {
    const entries = indexEntries(pushed.body);
    problems.push(
      `${expected.ref} is an image index (${pushed.mediaType}${entries.length ? `, entries: ${entries.join(', ')}` : ''}), ` +
        'but one platform was asked for, so a single image was expected. AWS Lambda rejects an index ("The image manifest or layer media type for the source image ... is not supported"). ' +
        'Build one platform with provenance: false and sbom: false (the defaults of this action), and check for a buildx builder or BUILDX_* setting that adds attestations.',
    );
  }
  if (expected.reportedDigest && expected.reportedDigest !== pushed.digest) {
    problems.push(
      `${expected.ref} has digest ${pushed.digest} in the registry, but the build reported ${expected.reportedDigest}: ` +
        'another job may have pushed the same tag meanwhile. Use a unique primary tag such as the commit SHA.',
    );
  }
  return problems;
}
