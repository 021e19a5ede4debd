// Run after the real buildx by a wrapper plugin (test/support/ecr-stack.ts).
// Mode `index` (default) stands in for a buildx builder adding attestations
// (the docker-container driver since buildx 0.10): it rewraps every pushed
// tag in an OCI image index, as such a builder pushes it, and reports the
// index digest in the metadata file, as buildx does. Mode `moved` stands in
// for another job pushing the same tag meanwhile: the primary tag gets a
// different (re-serialised, still valid) image manifest, and the metadata
// keeps what this build pushed. Usage: node index-pusher.mjs <buildx arguments>.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { request } from 'node:https';

const args = process.argv.slice(2);
const valuesOf = (flag) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
const ca = readFileSync(process.env.STACK_TLS_CERT);
const auth = `Basic ${Buffer.from(`AWS:${process.env.STACK_ACCOUNT_ID}-auth-token`).toString('base64')}`;

function call(method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, headers: { authorization: auth, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const mode = process.env.PUSHER_MODE ?? 'index';
let indexDigest;
for (const ref of mode === 'moved' ? valuesOf('--tag').slice(0, 1) : valuesOf('--tag')) {
  const slash = ref.indexOf('/');
  const colon = ref.lastIndexOf(':');
  const [host, name, tag] = [ref.slice(0, slash), ref.slice(slash + 1, colon), ref.slice(colon + 1)];
  const manifestUrl = `https://${host}/v2/${name}/manifests/${tag}`;
  const got = await call('GET', manifestUrl, {
    accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
  });
  if (got.status !== 200) throw new Error(`GET ${manifestUrl}: ${got.status} ${got.body}`);
  const image = got.body;
  if (mode === 'moved') {
    const moved = JSON.stringify(JSON.parse(image), null, 7);
    const put = await call('PUT', manifestUrl, { 'content-type': JSON.parse(image).mediaType }, moved);
    if (put.status !== 201) throw new Error(`PUT ${manifestUrl}: ${put.status} ${put.body}`);
    process.stdout.write(`moved ${ref} to sha256:${createHash('sha256').update(moved).digest('hex')}\n`);
    continue;
  }
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: JSON.parse(image).mediaType,
        digest: `sha256:${createHash('sha256').update(image).digest('hex')}`,
        size: Buffer.byteLength(image),
        platform: { os: 'linux', architecture: 'amd64' },
      },
    ],
  });
  const put = await call('PUT', manifestUrl, { 'content-type': 'application/vnd.oci.image.index.v1+json' }, index);
  if (put.status !== 201) throw new Error(`PUT ${manifestUrl}: ${put.status} ${put.body}`);
  indexDigest = `sha256:${createHash('sha256').update(index).digest('hex')}`;
  process.stdout.write(`pushed image index ${indexDigest} for ${ref}\n`);
}

const [metadataFile] = valuesOf('--metadata-file');
if (metadataFile && existsSync(metadataFile) && indexDigest) {
  const meta = JSON.parse(readFileSync(metadataFile, 'utf8'));
  writeFileSync(metadataFile, JSON.stringify({ ...meta, 'containerimage.digest': indexDigest }));
}
