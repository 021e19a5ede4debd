/**
 * Tag templates through the bundle against the local stack: a release tag
 * ref moves 1.4.0, 1.4, 1 and the SHA to one digest; a pre-release leaves 1
 * and 1.4 where they were; a branch ref fills {ref-name} and {short-sha},
 * and refuses a version template before any network call.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { ensureStack, type Stack } from '../support/stack';
import { runAction, type RunResult } from '../support/run-action';
import { digestOf, dockerConfig, ecrClient, manifestOf, uniqueName, workspace } from '../support/ecr-stack';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const RELEASE_TAGS = '{version}\n{major}.{minor}\n{major}\n{sha}';
let stack: Stack;
let ecr: ECRClient;

beforeAll(async () => {
  stack = await ensureStack();
  ecr = ecrClient(stack.motoEndpoint);
});
afterAll(() => ecr?.destroy());

function push(ws: string, inputs: Record<string, string>, env: Record<string, string>): Promise<RunResult> {
  return runAction('build-and-push-ecr', {
    cwd: ws,
    inputs: { context: 'image', 'create-repository': 'true', ...inputs },
    env: { ...stack.env, DOCKER_CONFIG: dockerConfig('real'), ...env },
  });
}

function expectSuccess(result: RunResult): void {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.errors.join('\n')}\n${result.stdout.slice(-3000)}`);
}

const onTag = (tag: string, sha = SHA): Record<string, string> => ({
  GITHUB_REF: `refs/tags/${tag}`,
  GITHUB_REF_NAME: tag,
  GITHUB_SHA: sha,
});

describe('build-and-push-ecr tag templates', () => {
  const name = uniqueName('ml/release');

  it('a release tag ref pushes {version}, {major}.{minor}, {major} and {sha} as one digest', async () => {
    const run = await push(workspace(`release 1.4.0 of ${name}`), { repository: name, tags: RELEASE_TAGS }, onTag('v1.4.0'));
    expectSuccess(run);
    const digest = await digestOf(ecr, name, '1.4.0');
    expect(digest).toMatch(/^sha256:/);
    for (const tag of ['1.4', '1', SHA]) expect(await digestOf(ecr, name, tag)).toBe(digest);
    expect(run.outputs['image-uri']).toBe(`${stack.registry}/${name}:1.4.0`);
    expect(run.outputs['tags']?.split('\n')).toEqual(['1.4.0', '1.4', '1', SHA].map((t) => `${stack.registry}/${name}:${t}`));
  });

  it('a pre-release pushes its version and SHA but leaves {major} and {major}.{minor} on the release', async () => {
    const released = await digestOf(ecr, name, '1');
    const preSha = 'feedfacefeedfacefeedfacefeedfacefeedface';
    const run = await push(
      workspace(`release 1.5.0-rc.1 of ${name}`),
      { repository: name, tags: RELEASE_TAGS },
      onTag('v1.5.0-rc.1', preSha),
    );
    expectSuccess(run);
    const pre = await digestOf(ecr, name, '1.5.0-rc.1');
    expect(pre).not.toBe(released);
    expect(await digestOf(ecr, name, preSha)).toBe(pre);
    expect(await digestOf(ecr, name, '1')).toBe(released);
    expect(await digestOf(ecr, name, '1.5')).toBeUndefined();
    expect(run.stdout).toContain('Tag not moved: {major}: v1.5.0-rc.1 is a pre-release, so the tag is not moved');
  });

  it('a branch ref fills {ref-name}, {short-sha} and {run-number}', async () => {
    const branchSha = 'abcdef0123456789abcdef0123456789abcdef01';
    const run = await push(
      workspace(`branch build of ${name}`),
      { repository: name, tags: '{ref-name}-{short-sha}\n{ref-name}\nbuild-{run-number}' },
      { GITHUB_REF: 'refs/heads/feature/new-model', GITHUB_REF_NAME: 'feature/new-model', GITHUB_SHA: branchSha, GITHUB_RUN_NUMBER: '77' },
    );
    expectSuccess(run);
    const digest = await digestOf(ecr, name, 'feature-new-model-abcdef0');
    expect(digest).toMatch(/^sha256:/);
    expect(await digestOf(ecr, name, 'feature-new-model')).toBe(digest);
    expect(await digestOf(ecr, name, 'build-77')).toBe(digest);
  });

  it('on a pull_request event, {sha} is the head commit in tags and in the OCI labels of the pushed image', async () => {
    const head = 'abcdef0123456789abcdef0123456789abcdef99';
    const merge = '9999999999999999999999999999999999999999';
    const ws = workspace(`pull request build of ${name}`);
    const event = join(ws, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 12, head: { sha: head } } }));
    const run = await push(
      ws,
      { repository: name, tags: 'pr-{short-sha}\n{sha}\n{merge-sha}', labels: 'org.opencontainers.image.title=sentiment' },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_SHA: merge,
        GITHUB_REF: 'refs/pull/12/merge',
        GITHUB_REPOSITORY: 'octo-org/model-service',
        GITHUB_SERVER_URL: 'https://github.com',
      },
    );
    expectSuccess(run);
    const digest = await digestOf(ecr, name, 'pr-abcdef0');
    expect(digest).toMatch(/^sha256:/);
    expect(await digestOf(ecr, name, head)).toBe(digest);
    expect(await digestOf(ecr, name, merge)).toBe(digest);
    expect(run.report()).toMatchObject({ commit: head });
    // The labels as the registry holds them: the pushed manifest's config blob.
    const manifest = JSON.parse((await manifestOf(ecr, name, digest as string)).body) as { config: { digest: string } };
    const config = JSON.parse(
      execFileSync(
        'curl',
        ['-fsSLk', '-u', 'AWS:123456789012-auth-token', `https://${stack.registry}/v2/${name}/blobs/${manifest.config.digest}`],
        {
          encoding: 'utf8',
        },
      ),
    ) as { config: { Labels: Record<string, string> } };
    const labels = config.config.Labels;
    expect(labels).toMatchObject({
      'org.opencontainers.image.source': 'https://github.com/octo-org/model-service',
      'org.opencontainers.image.revision': head,
      'org.opencontainers.image.title': 'sentiment',
    });
    expect(labels['org.opencontainers.image.created']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(labels).not.toHaveProperty('org.opencontainers.image.version');
  });

  it('a version template on a branch ref is an input error naming it, before any network call', async () => {
    const run = await push(
      workspace('never built'),
      { repository: uniqueName('ml/never'), tags: RELEASE_TAGS },
      { GITHUB_REF: 'refs/heads/main' },
    );
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^Input 'tags' has '\{version\}', whose version templates need a tag ref such as refs\/tags\/v1\.4\.0; this run is on 'refs\/heads\/main'/,
      ),
    ]);
    expect(run.stdout).not.toMatch(/docker|Logged in/);
  });
});
