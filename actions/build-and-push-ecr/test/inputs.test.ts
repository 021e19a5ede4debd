import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@mlship/action-kit';
import { readInputs } from '../src/inputs';
import { inputEnv, inputErrorIn } from './input-env';

const dir = mkdtempSync(join(tmpdir(), 'ecr-inputs-'));
mkdirSync(join(dir, 'img'));
writeFileSync(join(dir, 'img', 'Dockerfile'), 'FROM scratch\n');
writeFileSync(join(dir, 'Other.Dockerfile'), 'FROM scratch\n');

const env = inputEnv;
const inputError = (inputs: Record<string, string>, extra?: Record<string, string>): InputError => inputErrorIn(dir, inputs, extra);

describe('readInputs', () => {
  it('fills in the defaults: commit SHA and latest, one platform, no attestations, push', () => {
    const inputs = readInputs(env({ repository: 'ml/model', context: 'img' }), dir);
    expect(inputs).toMatchObject({
      repository: 'ml/model',
      region: 'us-east-1',
      context: join(dir, 'img'),
      file: join(dir, 'img', 'Dockerfile'),
      tags: ['f'.repeat(40), 'latest'],
      platforms: ['linux/amd64'],
      provenance: false,
      sbom: false,
      push: true,
      skipIfExists: true,
      createRepository: false,
      imageTagMutability: 'MUTABLE',
      cache: 'none',
      scan: false,
      failOnSeverity: 'CRITICAL',
      scanTimeoutMs: 300_000,
      logout: true,
    });
  });

  it('reads lists and maps', () => {
    const inputs = readInputs(
      env({
        repository: 'm1',
        context: 'img',
        file: 'Other.Dockerfile',
        tags: 'v1\nv1\nlatest',
        'build-args': 'A=1\nB=x=y',
        'cache-from': 'type=local,src=/a\ntype=gha',
        platforms: 'linux/amd64,linux/arm64',
      }),
      dir,
    );
    expect(inputs.tags).toEqual(['v1', 'latest']);
    expect(inputs.file).toBe(join(dir, 'Other.Dockerfile'));
    expect(inputs.buildArgs).toEqual({ A: '1', B: 'x=y' });
    expect(inputs.cacheFrom).toEqual(['type=local,src=/a', 'type=gha']);
    expect(inputs.platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });

  it('needs no region for a build without push', () => {
    expect(readInputs(env({ repository: 'm1', context: 'img', push: 'false' }, { AWS_REGION: '' }), dir).region).toBeUndefined();
  });

  it.each([
    [{ repository: '' }, 'repository', /required/],
    [{ repository: 'ML/Model', context: 'img' }, 'repository', /lower case/],
    [{ repository: 'm1', context: 'nope' }, 'context', /existing directory/],
    [{ repository: 'm1', context: '.' }, 'file', /no Dockerfile in context/],
    [{ repository: 'm1', context: 'img', file: 'missing/Dockerfile' }, 'file', /does not exist/],
    [{ repository: 'm1', context: 'img', tags: 'ok,bad/tag' }, 'tags', /'bad\/tag' is not a valid image tag/],
    [{ repository: 'm1', context: 'img', tags: '{major}' }, 'tags', /'\{major\}', whose version templates need a tag ref/],
    [{ repository: 'm1', context: 'img', platforms: 'amd64' }, 'platforms', /os\/arch/],
    [{ repository: 'm1', context: 'img', 'registry-id': 'acct' }, 'registry-id', /12-digit/],
    [{ repository: 'm1', context: 'img', cache: 's3' }, 'cache', /none, registry, gha/],
    [{ repository: 'm1', context: 'img', 'fail-on-severity': 'SEVERE' }, 'fail-on-severity', /CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL/],
    [{ repository: 'm1', context: 'img', 'scan-timeout': 'soon' }, 'scan-timeout', /duration/],
    [{ repository: 'm1', context: 'img', 'image-tag-mutability': 'FROZEN' }, 'image-tag-mutability', /MUTABLE, IMMUTABLE/],
    [{ repository: 'm1', context: 'img', push: 'yes' }, 'push', /true or false/],
    [{ repository: 'm1', context: 'img', push: 'false', scan: 'true' }, 'scan', /needs push: true/],
    [{ repository: 'm1', context: 'img', 'build-args': 'JUSTAKEY' }, 'build-args', /KEY=VALUE/],
  ])('rejects %j naming %s', (inputs, name, problem) => {
    const err = inputError(inputs);
    expect(err.input).toBe(name);
    expect(err.message).toMatch(problem);
  });

  it('explains a missing default tag', () => {
    expect(inputError({ repository: 'm1', context: 'img' }, { GITHUB_SHA: '' }).message).toMatch(/GITHUB_SHA is not set/);
  });

  it('explains a missing region when pushing', () => {
    expect(inputError({ repository: 'm1', context: 'img' }, { AWS_REGION: '' }).input).toBe('aws-region');
  });
});
