// The bridge keeps moto's ECR in step with the registry: for every pushed
// manifest it fetches the manifest from the registry and calls PutImage with the
// registry's digest and media type, so DescribeImages/BatchGetImage (and moto's
// Lambda with MOTO_LAMBDA_STUB_ECR=false) see exactly what was pushed.
// Two paths feed it: the registry's notifications (POST /events), and the front
// proxy, which registers a manifest before answering the push so the image is
// visible the moment `docker push` returns.
import { createServer } from 'node:http';

export const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
];

export function createBridge({ registryUrl, registryAuth, ecr, log }) {
  const inFlight = new Map();

  async function fetchManifest(repo, digest) {
    const res = await fetch(`${registryUrl}/v2/${repo}/manifests/${digest}`, {
      headers: { accept: MANIFEST_TYPES.join(', '), authorization: registryAuth },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`GET manifest ${repo}@${digest} from the registry: HTTP ${res.status}`);
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    return { manifest: await res.text(), mediaType };
  }

  async function doRegister({ repo, digest, tag }) {
    const { manifest, mediaType } = await fetchManifest(repo, digest);
    const outcome = await ecr.putImage({ repo, digest, mediaType, manifest, tag });
    log(`bridge: ${repo}@${digest}${tag ? ` tag ${tag}` : ''} (${mediaType}): ${outcome}`);
    return outcome;
  }

  /** Idempotent: concurrent calls for the same manifest and tag share one PutImage. */
  function register(target) {
    const key = `${target.repo}@${target.digest}#${target.tag ?? ''}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = doRegister(target).finally(() => setTimeout(() => inFlight.delete(key), 2000).unref());
      inFlight.set(key, pending);
    }
    return pending;
  }

  /** Where the tag points in the registry now (a notification can arrive after the tag moved on). */
  async function currentDigest(repo, tag) {
    const res = await fetch(`${registryUrl}/v2/${repo}/manifests/${encodeURIComponent(tag)}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_TYPES.join(', '), authorization: registryAuth },
      signal: AbortSignal.timeout(5000),
    });
    return res.ok ? res.headers.get('docker-content-digest') : null;
  }

  // The registry notifies while handling the PUT, before it links the tag, so a
  // missing tag means "not linked yet": give it a moment.
  async function settledDigest(repo, tag) {
    for (let i = 0; i < 20; i++) {
      const digest = await currentDigest(repo, tag);
      if (digest) return digest;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  }

  async function fromNotification({ repository: repo, digest, tag }) {
    const current = tag ? await settledDigest(repo, tag) : null;
    if (tag && current && current !== digest) {
      log(`bridge: ${repo}:${tag} no longer points at ${digest}; registering it untagged`);
      return register({ repo, digest });
    }
    return register({ repo, digest, tag: tag || undefined });
  }

  async function onEvents(body) {
    const events = JSON.parse(body).events ?? [];
    const work = events
      .filter((e) => e.action === 'push' && e.target?.digest && MANIFEST_TYPES.includes(e.target.mediaType))
      .map((e) => fromNotification(e.target));
    const results = await Promise.allSettled(work);
    for (const r of results) if (r.status === 'rejected') log(`bridge: notification failed: ${r.reason?.message ?? r.reason}`);
  }

  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (req.method !== 'POST' || req.url !== '/events') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // Always 200: a failed registration is logged, and the registry would
      // otherwise retry the same batch forever and hold up later events.
      onEvents(body)
        .catch((error) => log(`bridge: bad notification: ${error.message}`))
        .finally(() => res.writeHead(200).end());
    });
  });

  return { server, register };
}
