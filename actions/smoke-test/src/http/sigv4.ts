/**
 * `aws-sigv4`: signs HTTP checks with the AWS SDK's own SigV4 signer, for
 * Lambda function URLs (service `lambda`) and API Gateway (`execute-api`)
 * with IAM auth. Credentials come from the SDK's default chain (environment,
 * web identity, profiles, containers, instance metadata), as after
 * configure-aws-credentials. Loaded only when a check signs.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from './client';
import type { SigV4Service } from '../types';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The default chain, resolved once before the first request so the values can be masked. */
export async function resolveCredentials(): Promise<AwsCredentials> {
  const credentials = await defaultProvider()();
  return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken };
}

export type SignFor = (target: { service: SigV4Service; region: string }, req: HttpRequest) => Promise<Record<string, string>>;

/** Returns the headers to add: host, x-amz-date, x-amz-content-sha256, x-amz-security-token and authorization. */
export function sigv4Signing(credentials: AwsCredentials): SignFor {
  const signers = new Map<string, SignatureV4>();
  return async ({ service, region }, req) => {
    const key = `${service}/${region}`;
    let signer = signers.get(key);
    if (!signer) {
      signer = new SignatureV4({ service, region, credentials, sha256: Sha256 });
      signers.set(key, signer);
    }
    const url = new URL(req.url);
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of url.searchParams) {
      const seen = query[name];
      query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    // The signature covers host and every header given here; user-agent and content-length are left out
    // (the signer never signs user-agent, and Node computes the length of the same body).
    const headers: Record<string, string> = { host: url.host };
    for (const [name, value] of Object.entries(req.headers)) {
      if (name.toLowerCase() !== 'host') headers[name] = value;
    }
    const signed = await signer.sign({
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: url.pathname,
      query,
      headers,
      body: req.body,
    });
    const added: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) {
      if (!(name in req.headers)) added[name] = String(value);
    }
    return added;
  };
}
