/**
 * A local HTTP server that accepts only requests carrying a valid SigV4
 * signature for given credentials, service and region, the way a function
 * URL with AWS_IAM auth does. It recomputes the signature with the SDK's own
 * signer (the reference), from the signed headers it received and the body,
 * and answers 403 with what disagreed otherwise.
 */
import http from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Verified {
  path: string;
  method: string;
  ok: boolean;
  problem?: string;
  headers: http.IncomingHttpHeaders;
}

export interface SigV4Server {
  url: string;
  seen: Verified[];
  close(): Promise<void>;
}

export async function startSigV4Server(expect: { credentials: Credentials; service: string; region: string }): Promise<SigV4Server> {
  const seen: Verified[] = [];
  const signer = new SignatureV4({ ...expect, sha256: Sha256 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      void verify(signer, req, body, expect).then((problem) => {
        const url = new URL(req.url ?? '/', 'http://x');
        seen.push({ path: url.pathname, method: req.method ?? '', ok: !problem, problem, headers: req.headers });
        // A verified request to /redirect is sent on within the origin, where the next hop must be signed again.
        if (!problem && url.pathname === '/redirect') {
          res.writeHead(302, { location: '/moved' });
          res.end();
          return;
        }
        res.writeHead(problem ? 403 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(problem ? { message: problem } : { status: 'ok', signed: true, path: url.pathname }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function verify(
  signer: SignatureV4,
  req: http.IncomingMessage,
  body: string,
  expect: { credentials: Credentials; service: string; region: string },
): Promise<string | undefined> {
  const authorization = req.headers['authorization'];
  if (!authorization) return 'no Authorization header';
  const parts =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!parts) return 'Authorization is not a SigV4 header';
  const [, keyId, , region, service, signedHeaders] = parts as unknown as string[];
  if (keyId !== expect.credentials.accessKeyId) return `signed with another access key (${keyId})`;
  if (region !== expect.region || service !== expect.service) return `signed for ${service} in ${region}`;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!date) return 'no x-amz-date';
  const [, y, mo, d, h, mi, s] = date.map(Number) as number[];
  const signingDate = new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
  if (Math.abs(Date.now() - signingDate.getTime()) > 5 * 60_000) return 'x-amz-date is more than 5 minutes off';
  // The signature is recomputed from the headers it claims to cover; the signer adds the
  // generated ones (date, token, payload hash from the body received) itself.
  const headers: Record<string, string> = {};
  for (const name of (signedHeaders as string).split(';')) {
    if (['x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'].includes(name)) continue;
    const value = req.headers[name];
    if (value === undefined) return `signed header ${name} is missing`;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const expected = await signer.sign(
    {
      method: req.method ?? 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      path: url.pathname,
      query,
      headers,
      body: body === '' ? undefined : body,
    },
    { signingDate },
  );
  if (expected.headers['authorization'] !== authorization) return 'signature mismatch';
  if (expect.credentials.sessionToken && req.headers['x-amz-security-token'] !== expect.credentials.sessionToken)
    return 'wrong session token';
  return undefined;
}
