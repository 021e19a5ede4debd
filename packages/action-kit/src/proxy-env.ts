/**
 * Which proxy a URL goes through, read from the environment as curl reads it:
 * `https_proxy`/`HTTPS_PROXY` for https URLs, `http_proxy`/`HTTP_PROXY` for
 * http ones, `all_proxy`/`ALL_PROXY` for either when those are unset (the
 * lower-case name wins), and `no_proxy`/`NO_PROXY` for the hosts that go
 * direct. Pure: the agents that use it are in proxy.ts, loaded only when a
 * proxy is set.
 */
import type { Env } from './inputs';

export interface ProxySettings {
  http?: string;
  https?: string;
  /** Entries of NO_PROXY, lower-cased: `*`, host names (a leading dot is optional), IP addresses, CIDR ranges, optionally with `:port`. */
  noProxy: string[];
}

const pick = (env: Env, name: string): string | undefined =>
  env[name.toLowerCase()]?.trim() || env[name.toUpperCase()]?.trim() || undefined;

/**
 * The settings of this environment. `override` (smoke-test's `proxy` input)
 * replaces the proxy for both schemes; `none` turns proxies off. NO_PROXY
 * applies either way, as it does to `curl --proxy`.
 */
export function proxySettings(env: Env, override?: string): ProxySettings {
  const noProxy = (pick(env, 'no_proxy') ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  if (override === 'none') return { noProxy: [] };
  if (override) return { http: withScheme(override), https: withScheme(override), noProxy };
  const all = pick(env, 'all_proxy');
  const http = pick(env, 'http_proxy') ?? all;
  const https = pick(env, 'https_proxy') ?? all;
  return { http: http && withScheme(http), https: https && withScheme(https), noProxy };
}

/** curl takes `proxy:3128` as `http://proxy:3128`. */
function withScheme(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

export function hasProxy(settings: ProxySettings): boolean {
  return Boolean(settings.http || settings.https);
}

/** The proxy URL for `target`, or undefined to go direct. */
export function proxyFor(target: string | URL, settings: ProxySettings): string | undefined {
  const url = typeof target === 'string' ? new URL(target) : target;
  const proxy = url.protocol === 'https:' ? settings.https : url.protocol === 'http:' ? settings.http : undefined;
  if (!proxy) return undefined;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return settings.noProxy.some((entry) => bypasses(entry, host, port)) ? undefined : proxy;
}

function bypasses(entry: string, host: string, port: string): boolean {
  if (entry === '*') return true;
  let name = entry;
  const withPort = /^(.*[^:]):(\d+)$/.exec(entry);
  if (withPort && !entry.startsWith('[') && entry.split(':').length === 2) {
    if (withPort[2] !== port) return false;
    name = withPort[1] as string;
  }
  name = name.replace(/^\[|\]$/g, '');
  if (name.includes('/')) return inCidr(host, name);
  name = name.replace(/^\*?\./, '');
  return host === name || host.endsWith(`.${name}`);
}

/** IPv4 CIDR ranges, as curl 7.86 and later match them. */
function inCidr(host: string, cidr: string): boolean {
  const [base = '', bitsText = ''] = cidr.split('/');
  const a = ipv4(host);
  const b = ipv4(base);
  const bits = Number(bitsText);
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => ((n << 8) | Number(p)) >>> 0, 0);
}
