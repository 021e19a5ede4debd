import { buildxArgs, cacheArgs, dockerBuildArgs, tailLines, wantsCacheExport } from '../src/build-args';
import { metadataDigest, pushDigest } from '../src/build';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = {
  context: '/w/ctx',
  file: '/w/ctx/Dockerfile',
  buildArgs: {},
  target: undefined,
  labels: {},
  platforms: ['linux/amd64'],
  provenance: false,
  sbom: false,
  push: true,
  cache: 'none' as const,
  cacheFrom: [],
  cacheTo: [],
};
const repo = '123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/model';
const plan = { refs: [`${repo}:abc`, `${repo}:latest`], metadataFile: '/tmp/meta.json', repositoryUri: repo };

describe('buildxArgs', () => {
  it('builds one platform without attestations and pushes, by default', () => {
    expect(buildxArgs(base, plan)).toEqual([
      'buildx',
      'build',
      '--file',
      '/w/ctx/Dockerfile',
      '--platform',
      'linux/amd64',
      '--provenance=false',
      '--sbom=false',
      '--tag',
      `${repo}:abc`,
      '--tag',
      `${repo}:latest`,
      '--metadata-file',
      '/tmp/meta.json',
      '--push',
      '/w/ctx',
    ]);
  });

  it('passes build args, labels, target and attestations when asked', () => {
    const args = buildxArgs(
      { ...base, buildArgs: { MODEL: 'v2' }, labels: { team: 'ml' }, target: 'runtime', provenance: true, sbom: true },
      plan,
    );
    expect(args).toEqual(expect.arrayContaining(['--provenance=true', '--sbom=true', 'runtime']));
    expect(args.join(' ')).toContain('--build-arg MODEL=v2 --label team=ml --target runtime');
  });

  it('loads a single-platform image when not pushing, and does neither for several platforms', () => {
    expect(buildxArgs({ ...base, push: false }, plan)).toContain('--load');
    const multi = buildxArgs({ ...base, push: false, platforms: ['linux/amd64', 'linux/arm64'] }, plan);
    expect(multi).not.toContain('--load');
    expect(multi).not.toContain('--push');
    expect(multi).toContain('linux/amd64,linux/arm64');
  });

  it('the classic builder gets the same tags and arguments, and no buildx-only flags', () => {
    const args = dockerBuildArgs({ ...base, buildArgs: { A: '1' } }, plan);
    expect(args[0]).toBe('build');
    expect(args).toEqual(expect.arrayContaining(['--tag', `${repo}:abc`, '--build-arg', 'A=1']));
    expect(args.join(' ')).not.toMatch(/provenance|sbom|metadata-file|--push/);
  });
});

describe('cacheArgs', () => {
  it('registry cache is an OCI image manifest under the buildcache tag (what ECR accepts)', () => {
    expect(cacheArgs({ ...base, cache: 'registry' }, repo)).toEqual([
      '--cache-from',
      `type=registry,ref=${repo}:buildcache`,
      '--cache-to',
      `type=registry,ref=${repo}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`,
    ]);
  });

  it('reads but never writes the registry cache without push', () => {
    expect(cacheArgs({ ...base, cache: 'registry', push: false }, repo)).toEqual(['--cache-from', `type=registry,ref=${repo}:buildcache`]);
  });

  it('leaves --cache-to out for a builder that cannot export cache', () => {
    expect(cacheArgs({ ...base, cache: 'gha', cacheTo: ['type=local,dest=/c'] }, repo, false)).toEqual(['--cache-from', 'type=gha']);
    expect(buildxArgs({ ...base, cache: 'registry' }, { ...plan, exportCache: false }).join(' ')).not.toContain('--cache-to');
  });

  it('knows when a cache would be written', () => {
    expect(wantsCacheExport(base)).toBe(false);
    expect(wantsCacheExport({ ...base, cache: 'registry' })).toBe(true);
    expect(wantsCacheExport({ ...base, cache: 'registry', push: false })).toBe(false);
    expect(wantsCacheExport({ ...base, cache: 'gha', push: false })).toBe(true);
    expect(wantsCacheExport({ ...base, cacheTo: ['type=local,dest=/c'] })).toBe(true);
  });

  it('gha cache and explicit specs pass through', () => {
    expect(cacheArgs({ ...base, cache: 'gha', cacheFrom: ['type=local,src=/c'], cacheTo: ['type=local,dest=/c'] }, repo)).toEqual([
      '--cache-from',
      'type=local,src=/c',
      '--cache-from',
      'type=gha',
      '--cache-to',
      'type=local,dest=/c',
      '--cache-to',
      'type=gha,mode=max',
    ]);
  });
});

describe('reading what the builder reported', () => {
  it('takes containerimage.digest from the metadata file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meta-'));
    const file = join(dir, 'm.json');
    writeFileSync(
      file,
      JSON.stringify({ 'containerimage.config.digest': 'sha256:cfg', 'containerimage.digest': `sha256:${'a'.repeat(64)}` }),
    );
    expect(metadataDigest(file)).toBe(`sha256:${'a'.repeat(64)}`);
    expect(metadataDigest(join(dir, 'absent.json'))).toBeUndefined();
  });

  it('takes the digest from docker push output', () => {
    expect(pushDigest(`abc: Pushed\nlatest: digest: sha256:${'b'.repeat(64)} size: 528\n`)).toBe(`sha256:${'b'.repeat(64)}`);
    expect(pushDigest('denied')).toBeUndefined();
  });

  it('keeps the last non-empty lines of a log', () => {
    expect(tailLines('a\n\nb\nc\n', 2)).toEqual(['b', 'c']);
  });
});
