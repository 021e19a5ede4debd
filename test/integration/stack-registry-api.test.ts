// The stack at the registry-protocol level: both bridge paths (the proxy's own
// registration and the registry's notifications), image indexes, untagged
// manifests, and moto's Lambda checking image URIs against what was pushed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { ECRClient, CreateRepositoryCommand, DescribeImagesCommand, type ImageDetail } from '@aws-sdk/client-ecr';
import { LambdaClient, CreateFunctionCommand, GetFunctionCommand } from '@aws-sdk/client-lambda';
import { IAMClient, GetRoleCommand } from '@aws-sdk/client-iam';
import { ensureStack, type Stack } from '../support/stack';
import { TEST_CREDENTIALS } from '../support/moto';

const credentials = TEST_CREDENTIALS;
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

let stack: Stack;
let ecr: ECRClient;
let auth: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A registry request through the TLS front proxy (or, with upstream, straight to the registry). */
async function registry(
  method: string,
  path: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
  upstream = false,
): Promise<Reply> {
  if (upstream) {
    const res = await fetch(`${stack.env['STACK_REGISTRY_UPSTREAM']}${path}`, {
      method,
      body,
      headers: { authorization: auth, ...headers },
    });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  }
  return new Promise((resolve, reject) => {
    const req = request(
      `https://${stack.registry}${path}`,
      { method, ca: readFileSync(stack.tlsCert), headers: { authorization: auth, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function pushBlob(repo: string, data: Buffer, upstream = false): Promise<{ digest: string; size: number }> {
  const digest = sha256(data);
  const started = await registry('POST', `/v2/${repo}/blobs/uploads/`, undefined, {}, upstream);
  expect(started.status).toBe(202);
  const location = String(started.headers['location']);
  const sep = location.includes('?') ? '&' : '?';
  const path = location.startsWith('http') ? new URL(location).pathname + new URL(location).search : location;
  const done = await registry('PUT', `${path}${sep}digest=${digest}`, data, { 'content-type': 'application/octet-stream' }, upstream);
  expect(done.status).toBe(201);
  return { digest, size: data.length };
}

/** A minimal single-platform image: a config blob, one layer, a v2 manifest. */
async function pushImage(repo: string, ref: string, upstream = false): Promise<{ digest: string; manifest: string }> {
  const layer = await pushBlob(repo, Buffer.from(`layer ${repo} ${ref} ${Math.random()}`), upstream);
  const config = await pushBlob(
    repo,
    Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: {} })),
    upstream,
  );
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_V2,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar', ...layer }],
  });
  const put = await registry('PUT', `/v2/${repo}/manifests/${ref}`, manifest, { 'content-type': MANIFEST_V2 }, upstream);
  expect(put.status).toBe(201);
  expect(put.headers['docker-content-digest']).toBe(sha256(manifest));
  return { digest: sha256(manifest), manifest };
}

async function imagesOf(repo: string): Promise<ImageDetail[]> {
  return (await ecr.send(new DescribeImagesCommand({ repositoryName: repo }))).imageDetails ?? [];
}

async function waitForImage(repo: string, digest: string, budgetMs: number): Promise<{ image?: ImageDetail; waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const image = (await imagesOf(repo)).find((i) => i.imageDigest === digest);
    if (image || Date.now() - started > budgetMs) return { image, waitedMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function newRepo(prefix: string): Promise<string> {
  const name = `${prefix}-${suffix}`;
  await ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
  return name;
}

beforeAll(async () => {
  stack = await ensureStack();
  ecr = new ECRClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials });
  auth = `Basic ${Buffer.from(`AWS:${stack.accountId}-auth-token`).toString('base64')}`;
});

afterAll(() => ecr?.destroy());

it('registers a manifest pushed through the proxy before the push is answered', async () => {
  const repo = await newRepo('proxy-path');
  const { digest } = await pushImage(repo, 'v1');
  const images = await imagesOf(repo);
  expect(images).toEqual([expect.objectContaining({ imageDigest: digest, imageTags: ['v1'], imageManifestMediaType: MANIFEST_V2 })]);
});

it('registers a manifest pushed straight to the registry through its notifications', async () => {
  const repo = await newRepo('notified');
  const { digest } = await pushImage(repo, 'v1', true);
  const { image, waitedMs } = await waitForImage(repo, digest, 10_000);
  expect(image).toMatchObject({ imageTags: ['v1'], imageManifestMediaType: MANIFEST_V2 });
  expect(waitedMs).toBeLessThan(5_000);
});

it('does not move a tag back when a notification arrives after the tag moved on', async () => {
  const repo = await newRepo('late-event');
  const first = await pushImage(repo, 'v1');
  const second = await pushImage(repo, 'v1');
  const event = { events: [{ action: 'push', target: { mediaType: MANIFEST_V2, digest: first.digest, repository: repo, tag: 'v1' } }] };
  const res = await fetch(`${stack.env['STACK_BRIDGE_URL']}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json' },
    body: JSON.stringify(event),
  });
  expect(res.status).toBe(200);
  const images = await imagesOf(repo);
  expect(images.find((i) => i.imageDigest === second.digest)?.imageTags).toEqual(['v1']);
  expect(images.find((i) => i.imageDigest === first.digest)?.imageTags ?? []).toEqual([]);
});

it('registers an image index with its media type, and an untagged manifest by digest', async () => {
  const repo = await newRepo('index');
  const child = await pushImage(repo, 'child');
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      {
        mediaType: MANIFEST_V2,
        digest: child.digest,
        size: Buffer.byteLength(child.manifest),
        platform: { architecture: 'amd64', os: 'linux' },
      },
    ],
  });
  const put = await registry('PUT', `/v2/${repo}/manifests/multi`, index, { 'content-type': OCI_INDEX });
  expect(put.status).toBe(201);
  const untagged = await pushImage(repo, 'tmp');
  const byDigest = await registry('PUT', `/v2/${repo}/manifests/${untagged.digest}`, untagged.manifest, { 'content-type': MANIFEST_V2 });
  expect(byDigest.status).toBe(201);

  const images = await imagesOf(repo);
  expect(images.find((i) => i.imageDigest === sha256(index))).toMatchObject({ imageTags: ['multi'], imageManifestMediaType: OCI_INDEX });
  expect(images.find((i) => i.imageDigest === untagged.digest)).toMatchObject({ imageManifestMediaType: MANIFEST_V2 });
});

it("lets moto's Lambda use a pushed image and refuse one that was never pushed", async () => {
  const repo = await newRepo('lambda-image');
  const { digest } = await pushImage(repo, 'v1');
  const lambda = new LambdaClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials });
  try {
    const name = `stack-image-${suffix}`;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: stack.roleArn,
        PackageType: 'Image',
        Code: { ImageUri: `${stack.registry}/${repo}:v1` },
      }),
    );
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    expect(fn.Code).toMatchObject({ ImageUri: `${stack.registry}/${repo}:v1`, ResolvedImageUri: `${stack.registry}/${repo}@${digest}` });

    await expect(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: `${name}-missing`,
          Role: stack.roleArn,
          PackageType: 'Image',
          Code: { ImageUri: `${stack.registry}/${repo}:never-pushed` },
        }),
      ),
    ).rejects.toThrow(`The image with imageId {'imageTag': 'never-pushed'} does not exist within the repository with name '${repo}'`);
  } finally {
    lambda.destroy();
  }
});

it('has the Lambda execution role in IAM', async () => {
  const iam = new IAMClient({ region: stack.region, endpoint: stack.motoEndpoint, credentials });
  try {
    const role = await iam.send(new GetRoleCommand({ RoleName: 'lambda-exec' }));
    expect(role.Role?.Arn).toBe(stack.roleArn);
    expect(stack.roleArn).toBe('arn:aws:iam::123456789012:role/lambda-exec');
  } finally {
    iam.destroy();
  }
});
