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

export interface PlatformImage {
  /** os/arch[/variant], as the index names it. */
  platform: string;
  digest: string;
}

/** The images of an index, one per platform; attestation entries (unknown/unknown) left out. */
export function indexPlatforms(body: string): PlatformImage[] {
  try {
    const parsed = JSON.parse(body) as {
      manifests?: Array<{
        digest?: string;
        platform?: { os?: string; architecture?: string; variant?: string };
        annotations?: Record<string, string>;
      }>;
    };
    return (parsed.manifests ?? []).flatMap((m) => {
      if (m.annotations?.['vnd.docker.reference.type'] || !m.platform?.os || !m.platform.architecture || !m.digest) return [];
      if (m.platform.os === 'unknown') return [];
      const { os, architecture, variant } = m.platform;
      return [{ platform: `${os}/${architecture}${variant ? `/${variant}` : ''}`, digest: m.digest }];
    });
  } catch {
    return [];
  }
}

/** `linux/arm64` asks for any arm64 variant (BuildKit may record v8); a variant asked for must match. */
export function platformMatches(requested: string, listed: string): boolean {
  const [os, arch, variant] = requested.split('/');
  const [listedOs, listedArch, listedVariant] = listed.split('/');
  return os === listedOs && arch === listedArch && (variant === undefined || variant === listedVariant);
}

/** Problems with an index pushed for several platforms: not an index, or a requested platform missing. */
export function indexProblems(pushed: PushedManifest, platforms: string[], ref: string): string[] {
  if (!INDEX_MEDIA_TYPES.has(pushed.mediaType)) {
    return [`${ref} is a single image (${pushed.mediaType}), but ${platforms.join(', ')} were asked for, so an image index was expected.`];
  }
  const listed = indexPlatforms(pushed.body);
  const missing = platforms.filter((wanted) => !listed.some((entry) => platformMatches(wanted, entry.platform)));
  if (missing.length === 0) return [];
  return [
    `${ref} is an image index without ${missing.join(', ')} (it lists ${listed.map((e) => e.platform).join(', ') || 'no platform images'}). ` +
      'Check that the buildx builder supports every platform asked for (docker buildx inspect).',
  ];
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
