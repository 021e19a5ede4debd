import {
  indexEntries,
  indexPlatforms,
  indexProblems,
  manifestMediaType,
  manifestProblems,
  platformMatches,
  sha256Digest,
  type PushedManifest,
} from '../src/manifest';
import { describeCounts, failingSeverities, normaliseCounts } from '../src/severity';

const image = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: {},
  layers: [],
});
const index = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    { platform: { os: 'linux', architecture: 'amd64' } },
    { platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
  ],
});

describe('manifest checks', () => {
  it('reads the media type from the body, or infers it', () => {
    expect(manifestMediaType(image)).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(manifestMediaType(JSON.stringify({ manifests: [] }))).toBe('application/vnd.oci.image.index.v1+json');
    expect(manifestMediaType(JSON.stringify({ layers: [] }))).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(manifestMediaType('not json', 'x/y')).toBe('x/y');
  });

  it('accepts a single image whose digest matches', () => {
    const digest = sha256Digest(image);
    expect(
      manifestProblems(
        { digest, mediaType: manifestMediaType(image), body: image },
        { singlePlatform: true, reportedDigest: digest, ref: 'r:t' },
      ),
    ).toEqual([]);
  });

  it('explains an index where one platform was built (what Lambda rejects)', () => {
    const [problem] = manifestProblems(
      { digest: sha256Digest(index), mediaType: manifestMediaType(index), body: index },
      { singlePlatform: true, ref: 'r:t' },
    );
    expect(problem).toMatch(/r:t is an image index/);
    expect(problem).toMatch(/linux\/amd64, attestation-manifest/);
    expect(problem).toMatch(/Lambda rejects/);
    expect(problem).toMatch(/provenance: false and sbom: false/);
    expect(indexEntries('nope')).toEqual([]);
  });

  it('accepts an index for a multi-platform build', () => {
    expect(
      manifestProblems({ digest: 'sha256:x', mediaType: manifestMediaType(index), body: index }, { singlePlatform: false, ref: 'r:t' }),
    ).toEqual([]);
  });

  it('explains a digest that differs from the reported one', () => {
    const [problem] = manifestProblems(
      { digest: 'sha256:other', mediaType: manifestMediaType(image), body: image },
      { singlePlatform: true, reportedDigest: 'sha256:mine', ref: 'r:t' },
    );
    expect(problem).toMatch(/sha256:other in the registry, but the build reported sha256:mine/);
  });
});

describe('severity gate', () => {
  it('fails at or above the threshold only', () => {
    const counts = normaliseCounts({ HIGH: 1, LOW: 3, MEDIUM: 0 });
    expect(failingSeverities(counts, 'CRITICAL')).toEqual([]);
    expect(failingSeverities(counts, 'HIGH')).toEqual(['HIGH']);
    expect(failingSeverities(counts, 'LOW')).toEqual(['HIGH', 'LOW']);
    expect(describeCounts(counts)).toBe('1 HIGH, 3 LOW');
    expect(describeCounts({})).toBe('no findings');
  });

  it('counts unknown severity names as UNDEFINED, which never fails the gate', () => {
    const counts = normaliseCounts({ weird: 2, critical: 1 });
    expect(counts).toEqual({ UNDEFINED: 2, CRITICAL: 1 });
    expect(failingSeverities({ UNDEFINED: 5 }, 'INFORMATIONAL')).toEqual([]);
  });
});

describe('multi-platform index verification', () => {
  const A = `sha256:${'a'.repeat(64)}`;
  const B = `sha256:${'b'.repeat(64)}`;
  const index = (manifests: unknown[]): PushedManifest => ({
    digest: `sha256:${'c'.repeat(64)}`,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    body: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }),
  });
  const amd = { digest: A, platform: { os: 'linux', architecture: 'amd64' } };
  const arm = { digest: B, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } };
  const attestation = {
    digest: B,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
  };

  it('lists each platform image, leaving attestations out', () => {
    expect(indexPlatforms(index([amd, arm, attestation]).body)).toEqual([
      { platform: 'linux/amd64', digest: A },
      { platform: 'linux/arm64/v8', digest: B },
    ]);
  });

  it('accepts an index holding every requested platform (arm64 matches arm64/v8)', () => {
    expect(indexProblems(index([amd, arm]), ['linux/amd64', 'linux/arm64'], 'r:1')).toEqual([]);
    expect(platformMatches('linux/arm/v7', 'linux/arm/v6')).toBe(false);
  });

  it('names a requested platform the index lacks', () => {
    expect(indexProblems(index([amd, attestation]), ['linux/amd64', 'linux/arm64'], 'r:1')).toEqual([
      expect.stringMatching(/^r:1 is an image index without linux\/arm64 \(it lists linux\/amd64\)/),
    ]);
  });

  it('refuses a single image where several platforms were asked for', () => {
    const single: PushedManifest = { digest: A, mediaType: 'application/vnd.oci.image.manifest.v1+json', body: '{}' };
    expect(indexProblems(single, ['linux/amd64', 'linux/arm64'], 'r:1')[0]).toMatch(/is a single image .* so an image index was expected/);
  });
});
