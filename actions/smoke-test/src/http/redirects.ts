/**
 * `follow-redirects`: none (a 3xx is the answer), same-origin, or all. On a
 * hop to another origin only plain headers go along (no Authorization,
 * cookies, API keys or SigV4 headers), and nothing is signed again; once a
 * chain has left the origin it never gets them back. Hops are bounded.
 */
import type { HttpClient, HttpRequest, HttpResponse } from './client';
import { isPlainHeader } from '../secrets';
import { TransportError, type RedirectMode } from '../types';

/** Browsers allow 20, curl 50; a health check that needs more than 10 is misconfigured. */
export const MAX_REDIRECTS = 10;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Adds the signature headers for one request (SigV4); called per hop while on the original origin. */
export type Signer = (req: HttpRequest) => Promise<Record<string, string>>;

export interface FollowedResponse extends HttpResponse {
  /** Why a redirect was not followed, for the failure reason. */
  note?: string;
  hops: number;
}

export async function requestFollowing(http: HttpClient, first: HttpRequest, mode: RedirectMode, sign?: Signer): Promise<FollowedResponse> {
  const origin = new URL(first.url).origin;
  let req = first;
  let trusted = true;
  let latencyMs = 0;
  for (let hops = 0; ; hops++) {
    const headers = trusted ? { ...req.headers, ...(sign ? await sign(req) : {}) } : req.headers;
    const res = await http.request({ ...req, headers });
    latencyMs += res.latencyMs;
    const answer = (note?: string): FollowedResponse => ({ ...res, latencyMs, hops, ...(note ? { note } : {}) });
    if (mode === 'none' || !REDIRECTS.has(res.status) || !res.location) return answer();
    let next: URL;
    try {
      next = new URL(res.location, req.url);
    } catch {
      return answer(`redirect to an invalid location not followed`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return answer(`redirect to a ${next.protocol} URL not followed`);
    const leaves = next.origin !== origin;
    if (leaves && mode === 'same-origin')
      return answer(`redirect to another origin (${next.origin}) not followed: follow-redirects is same-origin`);
    if (hops + 1 > MAX_REDIRECTS)
      throw new TransportError('other', `more than ${MAX_REDIRECTS} redirects (last to ${next.origin}${next.pathname})`, false);
    trusted &&= !leaves;
    req = nextRequest(req, res.status, next.href, trusted);
  }
}

/** 303, and 301/302 after a POST, turn into a GET without a body (as browsers and fetch do); 307/308 repeat the request. */
function nextRequest(req: HttpRequest, status: number, url: string, trusted: boolean): HttpRequest {
  const toGet = status === 303 ? req.method !== 'HEAD' : (status === 301 || status === 302) && req.method === 'POST';
  let headers = trusted ? req.headers : plainOnly(req.headers);
  if (toGet) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
  return { ...req, url, headers, method: toGet ? 'GET' : req.method, body: toGet ? undefined : req.body };
}

function plainOnly(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => isPlainHeader(name)));
}
