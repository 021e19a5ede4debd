/**
 * A two-platform build through the bundle: buildx with a `remote` driver on
 * a buildkitd of the test's own (the stack's dockerd cannot build an index),
 * pushed to the ECR stand-in. The action verifies that the index holds both
 * platforms, says Lambda cannot use it, and names each platform's digest.
 * FROM scratch + COPY needs no emulation, so arm64 builds on amd64.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { ensureStack, type Stack } from '../support/stack';
import { runAction } from '../support/run-action';
import { digestOf, dockerConfig, ecrClient, manifestOf, uniqueName, workspace } from '../support/ecr-stack';
import { startBuildkitd, type Buildkitd } from '../stack/buildkit/buildkitd';

const SHA = '0123456789abcdef0123456789abcdef01234567';
let stack: Stack;
let ecr: ECRClient;
let buildkitd: Buildkitd;
let config: string;

beforeAll(async () => {
  stack = await ensureStack();
  ecr = ecrClient(stack.motoEndpoint);
  buildkitd = await startBuildkitd({ host: stack.registry, caFile: stack.env['STACK_TLS_CERT'] as string });
  config = dockerConfig('real');
  execFileSync('docker', ['buildx', 'create', '--name', `mlship-remote-${process.pid}`, '--driver', 'remote', buildkitd.addr, '--use'], {
    env: { ...process.env, ...stack.env, DOCKER_CONFIG: config },
    stdio: 'ignore',
  });
}, 900_000);
afterAll(async () => {
  ecr?.destroy();
  await buildkitd?.stop();
});

describe('build-and-push-ecr with two platforms', () => {
  it('pushes an index, verifies both platforms are in it, and says Lambda cannot use it', async () => {
    const name = uniqueName('ml/multi');
    const run = await runAction('build-and-push-ecr', {
      cwd: workspace(`multi-platform ${name}`),
      inputs: { repository: name, 'create-repository': 'true', context: 'image', platforms: 'linux/amd64,linux/arm64' },
      env: { ...stack.env, DOCKER_CONFIG: config },
    });
    if (run.code !== 0)
      throw new Error(`exit ${run.code}: ${run.errors.join('\n')}\n${run.stdout.slice(-4000)}\n${buildkitd.log().slice(-1500)}`);
    const digest = await digestOf(ecr, name, SHA);
    expect(run.outputs['digest']).toBe(digest);
    const index = await manifestOf(ecr, name, digest as string);
    expect(JSON.parse(index.body).mediaType).toMatch(/image\.index\.v1\+json|manifest\.list\.v2\+json/);

    expect(run.outputs['lambda-compatible']).toBe('false');
    const perPlatform = JSON.parse(run.outputs['platform-digests'] ?? '{}') as Record<string, string>;
    expect(Object.keys(perPlatform).sort()).toEqual([expect.stringMatching(/^linux\/amd64/), expect.stringMatching(/^linux\/arm64/)]);
    const listed = (JSON.parse(index.body) as { manifests: Array<{ digest: string; platform: { architecture: string } }> }).manifests;
    for (const [platform, platformDigest] of Object.entries(perPlatform)) {
      expect(platformDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(listed.find((m) => m.digest === platformDigest)?.platform.architecture).toBe(platform.split('/')[1]);
    }
    expect(run.report()).toMatchObject({ outcome: 'success', lambdaCompatible: false, platforms: expect.any(Array) });
    expect(run.summary).toContain('AWS Lambda cannot use it');
    for (const platformDigest of Object.values(perPlatform)) expect(run.summary).toContain(platformDigest);
  }, 300_000);

  it('build-contexts: a named context is copied from (the buildkitd frontend has them; dockerd 20.10 does not)', async () => {
    const name = uniqueName('ml/contexts');
    const ws = workspace(`contexts ${name}`);
    mkdirSync(join(ws, 'weights'));
    writeFileSync(join(ws, 'weights', 'model.bin'), 'weights v2\n');
    writeFileSync(join(ws, 'image', 'Dockerfile'), 'FROM scratch\nCOPY model.txt /model.txt\nCOPY --from=weights model.bin /model.bin\n');
    const run = await runAction('build-and-push-ecr', {
      cwd: ws,
      inputs: { repository: name, 'create-repository': 'true', context: 'image', 'build-contexts': 'weights=./weights' },
      env: { ...stack.env, DOCKER_CONFIG: config },
    });
    if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.errors.join('\n')}\n${run.stdout.slice(-3000)}`);
    expect(run.stdout).toMatch(/--build-context weights=\/\S+\/weights/);
    expect(run.stdout).toMatch(/COPY --from=weights model.bin \/model.bin/);
  }, 300_000);

  it('one platform through the same builder stays a single Lambda-safe image', async () => {
    const name = uniqueName('ml/single');
    const run = await runAction('build-and-push-ecr', {
      cwd: workspace(`single-platform ${name}`),
      inputs: { repository: name, 'create-repository': 'true', context: 'image', platforms: 'linux/arm64' },
      env: { ...stack.env, DOCKER_CONFIG: config },
    });
    if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.errors.join('\n')}\n${run.stdout.slice(-3000)}`);
    expect(run.outputs['lambda-compatible']).toBe('true');
    expect(run.outputs['platform-digests']).toBeUndefined();
    const manifest = await manifestOf(ecr, name, run.outputs['digest'] as string);
    expect(JSON.parse(manifest.body).mediaType).toMatch(/image\.manifest\.v1\+json|manifest\.v2\+json/);
  }, 300_000);
});
