/**
 * build-and-push-ecr's refusals against the local stack: IMMUTABLE tags,
 * missing repositories, image indexes where Lambda needs one image, and the
 * ECR scan gate on moto's findings (one HIGH CVE-9999-9999 by default).
 */
import { DescribeRepositoriesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { ensureStack, type Stack } from '../support/stack';
import { runAction, type RunResult } from '../support/run-action';
import { createRepository, digestOf, dockerConfig, ecrClient, uniqueName, workspace } from '../support/ecr-stack';

let stack: Stack;
let ecr: ECRClient;

beforeAll(async () => {
  stack = await ensureStack();
  ecr = ecrClient(stack.motoEndpoint);
});
afterAll(() => ecr?.destroy());

function push(
  inputs: Record<string, string>,
  options: { ws?: string; buildx?: 'real' | 'index-pusher' | 'tag-mover' } = {},
): Promise<RunResult> {
  return runAction('build-and-push-ecr', {
    cwd: options.ws ?? workspace(`${inputs['repository']} ${Math.random()}`),
    inputs: { context: 'image', ...inputs },
    env: { ...stack.env, DOCKER_CONFIG: dockerConfig(options.buildx ?? 'real') },
  });
}

function expectSuccess(result: RunResult): void {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.errors.join('\n')}\n${result.stdout.slice(-3000)}`);
}

function expectOneError(result: RunResult, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(pattern);
  expect(result.stdout).not.toMatch(/\n\s+at /);
}

describe('IMMUTABLE repositories', () => {
  const name = uniqueName('ml/immutable');
  let firstDigest: string | undefined;

  beforeAll(async () => {
    await createRepository(ecr, name, 'IMMUTABLE');
  });

  it('pushes new tags', async () => {
    const result = await push({ repository: name, tags: 'build-1,latest' });
    expectSuccess(result);
    firstDigest = result.outputs['digest'];
    expect(await digestOf(ecr, name, 'latest')).toBe(firstDigest);
  });

  it('never tries to move an existing tag: warns naming it, pushes the rest, says so in the summary', async () => {
    const result = await push({ repository: name, tags: 'build-2,latest' });
    expectSuccess(result);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/IMMUTABLE: not moving existing tag latest/);
    expect(result.outputs['digest']).not.toBe(firstDigest);
    expect(await digestOf(ecr, name, 'build-2')).toBe(result.outputs['digest']);
    expect(await digestOf(ecr, name, 'latest')).toBe(firstDigest);
    expect(result.outputs['tags']).toBe(`${stack.registry}/${name}:build-2`);
    expect(result.report()['tagsNotMoved']).toEqual(['latest']);
    expect(result.summary).toMatch(/Not moved \(IMMUTABLE\).*latest.*the repository is IMMUTABLE/);
  });

  it('refuses, before building, a primary tag that already exists when skip-if-exists is off', async () => {
    const result = await push({ repository: name, tags: 'build-1', 'skip-if-exists': 'false' });
    expectOneError(result, /primary tag 'build-1' already exists in the IMMUTABLE repository .* cannot be moved.*skip-if-exists: true/);
    expect(result.stdout).not.toMatch(/\[command\].*buildx build/);
    expect(result.report()).toMatchObject({ outcome: 'failure', pushed: false });
  });
});

describe('repositories', () => {
  it('a missing repository without create-repository names it and both fixes', async () => {
    const name = uniqueName('ml/absent');
    const result = await push({ repository: name });
    expectOneError(
      result,
      new RegExp(`ECR repository '${name}' does not exist.*aws ecr create-repository --repository-name ${name}.*create-repository: true`),
    );
    expect(result.summary).toContain('does not exist');
  });

  it('create-repository applies image-tag-mutability and scan-on-push', async () => {
    const name = uniqueName('ml/created');
    const result = await push({
      repository: name,
      'create-repository': 'true',
      'image-tag-mutability': 'IMMUTABLE',
      'scan-on-push': 'false',
    });
    expectSuccess(result);
    const repo = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))).repositories?.[0];
    expect(repo?.imageTagMutability).toBe('IMMUTABLE');
    expect(repo?.imageScanningConfiguration?.scanOnPush).toBe(false);
    expect(result.summary).toContain('(created by this run)');
  });
});

describe('manifest checks', () => {
  const name = uniqueName('ml/index');

  it('detects an image index pushed where one platform was built, and explains what Lambda does with it', async () => {
    await createRepository(ecr, name, 'MUTABLE');
    const result = await push({ repository: name, tags: 'v1' }, { buildx: 'index-pusher' });
    expect(result.stdout).toContain('pushed image index');
    expectOneError(result, /is an image index \(application\/vnd\.oci\.image\.index\.v1\+json, entries: linux\/amd64\).*Lambda rejects/);
    expect(result.report()).toMatchObject({ outcome: 'failure' });
  });

  it('refuses to reuse an existing index on a re-run, and names both ways out', async () => {
    const result = await push({ repository: name, tags: 'v1' });
    expectOneError(result, /existing image is not reusable: .*v1 is an image index.*new primary tag, or set skip-if-exists: false/);
    expect(result.stdout).not.toMatch(/\[command\].*buildx build/);
  });

  it('detects a primary tag that holds another digest than the build reported, after waiting out the API lag', async () => {
    const moved = uniqueName('ml/moved');
    await createRepository(ecr, moved, 'MUTABLE');
    const result = await push({ repository: moved, tags: 'm1' }, { buildx: 'tag-mover' });
    expect(result.stdout).toMatch(/moved .*:m1 to sha256:/);
    expectOneError(
      result,
      /:m1 has digest sha256:[0-9a-f]{64} in the registry, but the build reported sha256:[0-9a-f]{64}: another job may have pushed the same tag meanwhile/,
    );
    expect(result.stdout).toContain('asking again (14/15)');
  });

  it('reports the media type of an image it reuses', async () => {
    const other = uniqueName('ml/reuse');
    const ws = workspace(other);
    expectSuccess(await push({ repository: other, 'create-repository': 'true', tags: 'r1' }, { ws }));
    const again = await push({ repository: other, tags: 'r1' }, { ws });
    expectSuccess(again);
    expect(again.report()).toMatchObject({ skipped: true, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' });
  });
});

describe('scan gate', () => {
  it('fails on a finding at or above fail-on-severity, after starting the scan itself (scan-on-push off)', async () => {
    const name = uniqueName('ml/scan-fail');
    await createRepository(ecr, name, 'MUTABLE', false);
    const result = await push({ repository: name, scan: 'true', 'fail-on-severity': 'HIGH', 'scan-timeout': '60s' });
    expectOneError(result, /The ECR scan of sha256:[0-9a-f]{64} found 1 HIGH: HIGH is at or above fail-on-severity HIGH/);
    expect(result.stdout).toContain('Started an image scan');
    expect(result.outputs['scan-findings']).toBe('{"HIGH":1}');
    expect(result.outputs['digest']).toMatch(/^sha256:/);
    expect(result.report()).toMatchObject({
      outcome: 'failure',
      scan: { status: 'COMPLETE', findings: { HIGH: 1 }, threshold: 'HIGH', passed: false },
    });
    expect(result.summary).toMatch(/Scan.*❌ 1 HIGH \(fails at HIGH or above\)/);
  });

  it('passes when findings are below the threshold and reports them', async () => {
    const name = uniqueName('ml/scan-pass');
    await createRepository(ecr, name, 'MUTABLE', false);
    const result = await push({ repository: name, scan: 'true', 'fail-on-severity': 'CRITICAL' });
    expectSuccess(result);
    expect(result.outputs['scan-findings']).toBe('{"HIGH":1}');
    expect(result.report()).toMatchObject({ outcome: 'success', scan: { passed: true, threshold: 'CRITICAL' } });
  });
});
