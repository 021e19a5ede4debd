// TLS front of the ECR data plane: the registry listens on plain HTTP on
// loopback, and this proxy on :443 adds the two checks ECR makes that the
// registry does not: the repository must exist in ECR (moto), and an IMMUTABLE
// repository refuses to move an existing tag. Errors are shaped like ECR's so a
// client's handling of them is exercised here the way AWS would.
import { createServer as createHttpsServer } from 'node:https';
import { request as httpRequest, Agent } from 'node:http';

const REPO_PATH = /^\/v2\/(.+?)\/(manifests|blobs|tags)\/(.*)$/;
const POSITIVE_TTL_MS = 2000;

function ecrError(res, status, code, message) {
  const body = JSON.stringify({ errors: [{ code, message }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function createFrontProxy({ tls, upstream, ecr, bridge, accountId, log }) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const known = new Map();

  // Blob uploads make many requests per layer; a short positive cache keeps
  // moto out of the hot path. Manifest writes always ask afresh, since tests
  // flip tag mutability right before pushing.
  async function lookup(name, fresh) {
    const hit = known.get(name);
    if (!fresh && hit && Date.now() - hit.at < POSITIVE_TTL_MS) return hit.repo;
    const repo = await ecr.repository(name);
    if (repo) known.set(name, { repo, at: Date.now() });
    else known.delete(name);
    return repo;
  }

  function forward(req, res, afterManifestPut) {
    const url = new URL(req.url, upstream);
    const headers = { ...req.headers, 'x-forwarded-proto': 'https' };
    const out = httpRequest(url, { method: req.method, headers, agent }, async (up) => {
      if (afterManifestPut && up.statusCode === 201) await afterManifestPut(up.headers['docker-content-digest']);
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', (error) => {
      log(`proxy: upstream ${req.method} ${req.url}: ${error.message}`);
      if (!res.headersSent) ecrError(res, 502, 'UNAVAILABLE', `registry unavailable: ${error.message}`);
      else res.destroy();
    });
    req.pipe(out);
  }

  async function handle(req, res) {
    const match = REPO_PATH.exec(req.url.split('?')[0]);
    // Unauthenticated requests go straight through so the registry answers the
    // 401 challenge first, as ECR does before it looks at the repository.
    if (!match || !req.headers.authorization) return forward(req, res);
    const [, name, kind, ref] = match;
    const isManifestPut = kind === 'manifests' && req.method === 'PUT';
    const repo = await lookup(name, isManifestPut);
    if (!repo) {
      req.resume();
      return ecrError(res, 404, 'NAME_UNKNOWN', `The repository with name '${name}' does not exist in the registry with id '${accountId}'`);
    }
    if (!isManifestPut) return forward(req, res);
    const tag = ref.startsWith('sha256:') ? undefined : decodeURIComponent(ref);
    if (tag && repo.imageTagMutability === 'IMMUTABLE' && (await ecr.tagExists(name, tag))) {
      req.resume();
      log(`proxy: refused to move tag ${name}:${tag} (IMMUTABLE)`);
      return ecrError(
        res,
        400,
        'TAG_INVALID',
        `The image tag '${tag}' already exists in the '${name}' repository and cannot be overwritten because the repository is immutable.`,
      );
    }
    return forward(req, res, async (digest) => {
      if (!digest) return;
      try {
        await Promise.race([
          bridge.register({ repo: name, digest, tag }),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 5s')), 5000).unref()),
        ]);
      } catch (error) {
        log(`proxy: registering ${name}@${digest} in ECR failed (the notification will retry): ${error.message}`);
      }
    });
  }

  const server = createHttpsServer(tls, (req, res) => {
    handle(req, res).catch((error) => {
      log(`proxy: ${req.method} ${req.url}: ${error.message}`);
      if (!res.headersSent) ecrError(res, 503, 'UNAVAILABLE', `ECR control plane unavailable: ${error.message}`);
    });
  });
  return { server };
}
