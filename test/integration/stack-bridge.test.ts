// The stack's ECR data plane behaves like ECR where our actions depend on it:
// a pushed image shows up in ECR's API with the registry's digest and media
// type, an IMMUTABLE tag can't be moved, and a missing repository is refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ECRClient, CreateRepositoryCommand, DescribeImagesCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { ensureStack, tempDockerConfig, type Stack } from '../support/stack';
import { TEST_CREDENTIALS } from '../support/moto';

let stack: Stack;
let ecr: ECRClient;
let dockerConfig: string;
const suffix = `${process.pid}-${Date.now().toString(36)}`;

function docker(args: string[], input?: string) {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 120_000, input, env: { ...process.env, DOCKER_CONFIG: dockerConfig } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function buildImage(tag: string, content: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'stack-img-'));
  writeFileSync(join(dir, 'model.txt'), content);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY model.txt /\n');
  const built = docker(['build', '-q', '-t', tag, dir]);
  rmSync(dir, { recursive: true, force: true });
  expect(built).toMatchObject({ code: 0 });
}

async function createRepo(name: string, mutability: 'MUTABLE' | 'IMMUTABLE'): Promise<void> {
  await ecr.send(new CreateRepositoryCommand({ repositoryName: name, imageTagMutability: mutability }));
}

async function describe(repo: string) {
  return (await ecr.send(new DescribeImagesCommand({ repositoryName: repo }))).imageDetails ?? [];
}

/** What the registry itself says about a tag: its digest and media type. */
function registryManifest(repo: string, tag: string, auth: string): Promise<{ status: number; digest?: string; mediaType?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `https://${stack.registry}/v2/${repo}/manifests/${tag}`,
      {
        method: 'HEAD',
        ca: readFileSync(stack.tlsCert),
        headers: {
          authorization: auth,
          accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
        },
      },
      (res) => {
        res.resume();
        resolve({
          status: res.statusCode ?? 0,
          digest: res.headers['docker-content-digest'] as string | undefined,
          mediaType: (res.headers['content-type'] ?? '').split(';')[0],
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function putManifest(repo: string, tag: string, auth: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `https://${stack.registry}/v2/${repo}/manifests/${tag}`,
      {
        method: 'PUT',
        ca: readFileSync(stack.tlsCert),
        headers: { authorization: auth, 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let basicAuth: string;

beforeAll(async () => {
  stack = await ensureStack();
  ecr = new ECRClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials: TEST_CREDENTIALS });
  dockerConfig = tempDockerConfig();
  const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken as string;
  basicAuth = `Basic ${token}`;
  const [user, password] = Buffer.from(token, 'base64').toString().split(':');
  expect(docker(['login', '--username', user as string, '--password-stdin', stack.registry], password)).toMatchObject({ code: 0 });
});

afterAll(() => {
  ecr?.destroy();
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});

it('shows a pushed image in DescribeImages with the registry digest and media type', async () => {
  const repo = `bridge-${suffix}`;
  await createRepo(repo, 'MUTABLE');
  const ref = `${stack.registry}/${repo}:v1`;
  buildImage(ref, `model ${suffix}`);
  const pushed = docker(['push', ref]);
  expect(pushed.code).toBe(0);
  const pushedDigest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed.out)?.[1];

  const inRegistry = await registryManifest(repo, 'v1', basicAuth);
  expect(inRegistry).toMatchObject({ status: 200, digest: pushedDigest });

  // The proxy registers the manifest before answering the push, so the first
  // look normally finds it; the bounded poll covers the notification path.
  let images = await describe(repo);
  for (let i = 0; i < 20 && images.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 250));
    images = await describe(repo);
  }
  expect(images).toHaveLength(1);
  expect(images[0]).toMatchObject({
    imageDigest: inRegistry.digest,
    imageManifestMediaType: inRegistry.mediaType,
    imageTags: ['v1'],
  });
});

it('refuses to move an existing tag in an IMMUTABLE repository, like ECR', async () => {
  const repo = `immutable-${suffix}`;
  await createRepo(repo, 'IMMUTABLE');
  const ref = `${stack.registry}/${repo}:v1`;
  buildImage(ref, `first ${suffix}`);
  expect(docker(['push', ref]).code).toBe(0);
  const first = await registryManifest(repo, 'v1', basicAuth);

  buildImage(ref, `second ${suffix}`);
  const again = docker(['push', ref]);
  expect(again.code).not.toBe(0);
  expect(again.out).toContain(
    `The image tag 'v1' already exists in the '${repo}' repository and cannot be overwritten because the repository is immutable.`,
  );
  expect(await registryManifest(repo, 'v1', basicAuth)).toMatchObject({ digest: first.digest });
  expect((await describe(repo)).map((i) => i.imageDigest)).toEqual([first.digest]);

  const raw = await putManifest(repo, 'v1', basicAuth, '{}');
  expect(raw.status).toBe(400);
  expect(JSON.parse(raw.body)).toEqual({
    errors: [
      {
        code: 'TAG_INVALID',
        message: `The image tag 'v1' already exists in the '${repo}' repository and cannot be overwritten because the repository is immutable.`,
      },
    ],
  });

  // A new tag in the same repository is fine.
  const other = `${stack.registry}/${repo}:v2`;
  expect(docker(['tag', ref, other]).code).toBe(0);
  expect(docker(['push', other]).code).toBe(0);
});

it('refuses a push to a repository that does not exist in ECR', async () => {
  const repo = `missing-${suffix}`;
  const ref = `${stack.registry}/${repo}:v1`;
  buildImage(ref, `orphan ${suffix}`);
  const pushed = docker(['push', ref]);
  expect(pushed.code).not.toBe(0);
  expect(pushed.out).toContain(`The repository with name '${repo}' does not exist in the registry with id '${stack.accountId}'`);

  const raw = await putManifest(repo, 'v1', basicAuth, '{}');
  expect(raw.status).toBe(404);
  expect(JSON.parse(raw.body).errors[0].code).toBe('NAME_UNKNOWN');
});

it('asks for credentials before anything else, as ECR does', async () => {
  const res = await registryManifest(`missing-${suffix}`, 'v1', '');
  expect(res.status).toBe(401);
});
