/**
 * build-and-push-ecr through its bundle against the local stack: dockerd,
 * the TLS registry posing as ECR, and moto's ECR API kept in step by the
 * bridge. Images are FROM scratch (nothing can be pulled here).
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { ensureStack, type Stack } from '../support/stack';
import { nodeRuntimes, runAction, type RunResult } from '../support/run-action';
import { digestOf, dockerConfig, ecrClient, loggedInRegistries, manifestOf, uniqueName, workspace } from '../support/ecr-stack';

const SHA = '0123456789abcdef0123456789abcdef01234567';
let stack: Stack;
let ecr: ECRClient;

beforeAll(async () => {
  stack = await ensureStack();
  ecr = ecrClient(stack.motoEndpoint);
});
afterAll(() => ecr?.destroy());

function push(
  ws: string,
  config: string,
  inputs: Record<string, string>,
  options: { node?: string; workdir?: string } = {},
): Promise<RunResult> {
  return runAction('build-and-push-ecr', {
    cwd: ws,
    inputs: { context: 'image', ...inputs },
    env: { ...stack.env, DOCKER_CONFIG: config },
    ...options,
  });
}

function expectSuccess(result: RunResult): void {
  if (result.code !== 0)
    throw new Error(`exit ${result.code}: ${result.errors.join('\n')}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
}

describe.each(nodeRuntimes())('build-and-push-ecr under $label', ({ path }) => {
  const name = uniqueName(`ml/push-${path.includes('node24') ? '24' : 'x'}`);
  const ws = workspace(`model weights for ${name}`);
  const config = dockerConfig('real');
  let first: RunResult;

  it('creates the repository, builds, pushes, and reports the registry digest that ECR lists', async () => {
    first = await push(ws, config, { repository: name, 'create-repository': 'true' }, { node: path });
    expectSuccess(first);
    const registry = stack.registry;
    const digest = await digestOf(ecr, name, SHA);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await digestOf(ecr, name, 'latest')).toBe(digest);
    expect(first.outputs).toMatchObject({
      registry,
      'image-uri': `${registry}/${name}:${SHA}`,
      'image-uri-digest': `${registry}/${name}@${digest}`,
      digest,
      tags: `${registry}/${name}:${SHA}\n${registry}/${name}:latest`,
      skipped: 'false',
      'scan-findings': '{}',
    });
    // A single-platform image manifest, which is what Lambda accepts.
    const manifest = await manifestOf(ecr, name, digest as string);
    expect(JSON.parse(manifest.body).mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(first.report()).toMatchObject({
      action: 'build-and-push-ecr',
      schema: 1,
      outcome: 'success',
      pushed: true,
      skipped: false,
      createdRepository: true,
      builder: 'buildx',
      digest,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    });
    expect((first.report()['sizeBytes'] as number) > 0).toBe(true);
    expect(first.summary).toContain(`${registry}/${name}@${digest}`);
    expect(first.summary).toContain(
      `https://us-east-1.console.aws.amazon.com/ecr/home?region=us-east-1#/repositories/private/${stack.accountId}/${name}`,
    );
    expect(first.stdout).toContain('::group::Build and push');
    expect(first.stdout).toContain('--provenance=false --sbom=false');
  });

  it('masks the registry password before anything else and never puts it on a command line', () => {
    const password = `${stack.accountId}-auth-token`;
    const lines = first.stdout.split('\n');
    const maskAt = lines.indexOf(`::add-mask::${password}`);
    expect(maskAt).toBeGreaterThanOrEqual(0);
    expect(lines.filter((l) => l.includes(password))).toEqual([`::add-mask::${password}`]);
    expect(lines.findIndex((l) => l.includes('Logged in to'))).toBeGreaterThan(maskAt);
    expect(loggedInRegistries(config)).toContain(stack.registry);
    expect(first.state['registry']).toBe(stack.registry);
  });

  it('a re-run finds the primary tag in ECR and finishes in under 3 s without building', async () => {
    const again = await push(ws, config, { repository: name }, { node: path });
    expectSuccess(again);
    expect(again.durationMs).toBeLessThan(3000);
    expect(again.stdout).not.toMatch(/buildx build|docker build|::group::Build/);
    expect(again.outputs['skipped']).toBe('true');
    expect(again.outputs['digest']).toBe(first.outputs['digest']);
    expect(again.outputs['image-uri-digest']).toBe(first.outputs['image-uri-digest']);
    expect(again.report()).toMatchObject({ outcome: 'skipped', skipped: true, pushed: false });
    expect(again.report()['skipReason']).toMatch(/already in ECR/);
    expect(again.summary).toMatch(/Pushed\*\* \| no: .*already in ECR/);
  });

  it('the post step logs out of the registry main logged in to', async () => {
    const post = await runAction('build-and-push-ecr', {
      post: true,
      workdir: first.workdir,
      cwd: ws,
      env: { ...stack.env, DOCKER_CONFIG: config },
      node: path,
    });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`Logged out of ${stack.registry}`);
    expect(loggedInRegistries(config)).not.toContain(stack.registry);
  });
});

describe('build-and-push-ecr tags, builders and logout', () => {
  it('pushes custom tags, the first one primary', async () => {
    const name = uniqueName('ml/tags');
    const result = await push(workspace(name), dockerConfig('real'), {
      repository: name,
      'create-repository': 'true',
      tags: 'v1.2.0\nstable,candidate',
    });
    expectSuccess(result);
    const digest = result.outputs['digest'];
    for (const tag of ['v1.2.0', 'stable', 'candidate']) expect(await digestOf(ecr, name, tag)).toBe(digest);
    expect(await digestOf(ecr, name, 'latest')).toBeUndefined();
    expect(result.outputs['image-uri']).toBe(`${stack.registry}/${name}:v1.2.0`);
    expect(result.outputs['tags']?.split('\n')).toHaveLength(3);
  });

  it('falls back to docker build and docker push, with a notice, when buildx is missing', async () => {
    const name = uniqueName('ml/classic');
    const result = await push(workspace(name), dockerConfig('none'), { repository: name, 'create-repository': 'true' });
    expectSuccess(result);
    expect(result.stdout).toMatch(/::notice::docker buildx is not available/);
    expect(result.stdout).toContain('docker push');
    expect(result.outputs['digest']).toBe(await digestOf(ecr, name, SHA));
    expect(result.report()['builder']).toBe('docker');
    expect(result.summary).toContain('buildx missing');
  });

  it('cache: registry reads the buildcache tag, and with the docker driver skips the export with a warning instead of failing', async () => {
    const name = uniqueName('ml/cache');
    const result = await push(workspace(name), dockerConfig('real'), { repository: name, 'create-repository': 'true', cache: 'registry' });
    expectSuccess(result);
    expect(result.stdout).toContain(`--cache-from type=registry,ref=${stack.registry}/${name}:buildcache`);
    expect(result.stdout).not.toMatch(/\[command\].*--cache-to/);
    expect(result.warnings).toEqual([
      expect.stringMatching(/'docker' driver, which cannot export build cache.*docker\/setup-buildx-action/),
    ]);
  });

  it('logout: false keeps the login after the post step', async () => {
    const name = uniqueName('ml/stay');
    const config = dockerConfig('real');
    const ws = workspace(name);
    const main = await push(ws, config, { repository: name, 'create-repository': 'true', logout: 'false' });
    expectSuccess(main);
    const post = await runAction('build-and-push-ecr', {
      post: true,
      workdir: main.workdir,
      cwd: ws,
      env: { ...stack.env, DOCKER_CONFIG: config },
    });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('logout is false');
    expect(loggedInRegistries(config)).toContain(stack.registry);
  });

  it('push: false builds without AWS credentials or any AWS call', async () => {
    const name = uniqueName('ml/pr');
    const result = await runAction('build-and-push-ecr', {
      cwd: workspace(name),
      inputs: { context: 'image', repository: name, push: 'false', tags: 'pr-42' },
      env: { DOCKER_HOST: stack.env['DOCKER_HOST'], DOCKER_CONFIG: dockerConfig('real'), AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    expectSuccess(result);
    expect(result.outputs['image-uri']).toBe(`${name}:pr-42`);
    expect(result.outputs['skipped']).toBe('false');
    expect(result.outputs['digest']).toBeUndefined();
    expect(result.report()).toMatchObject({ outcome: 'success', pushed: false });
    expect(result.stdout).toContain('--load');
    expect(result.state['registry']).toBeUndefined();
  });
});
