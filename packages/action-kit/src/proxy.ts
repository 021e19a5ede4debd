/**
 * The one place the actions' HTTP clients get their proxy from (settings in
 * proxy-env.ts): a `fetch` for Octokit and Slack, built on undici's
 * ProxyAgent, and Node http(s) agents for the AWS SDK's node-http-handler
 * and smoke-test, built on https-proxy-agent/http-proxy-agent. Each request
 * picks its route by its own URL, so NO_PROXY holds per host. Nothing here
 * loads unless a proxy is set: start-up without one is unchanged.
 */
import type http from 'node:http';
import type https from 'node:https';
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Env } from './inputs';
import { hasProxy, proxyFor, proxySettings, type ProxySettings } from './proxy-env';

export type Fetch = typeof fetch;

/** Basic credentials in the proxy URL become the Proxy-Authorization header (undici does not read them from the URL). */
function proxyAgentOptions(proxy: string): { uri: string; token?: string } {
  const url = new URL(proxy);
  if (!url.username) return { uri: proxy };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { uri: url.href, token: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** A fetch that sends each request through the proxy its URL gets; the global fetch itself when no proxy is set. */
export async function proxiedFetch(settings: ProxySettings = proxySettings(process.env), base: Fetch = fetch): Promise<Fetch> {
  if (!hasProxy(settings)) return base;
  const undici = await import('undici');
  const agents = new Map<string, Dispatcher>();
  const through = (proxy: string): Dispatcher => {
    let agent = agents.get(proxy);
    if (!agent) agents.set(proxy, (agent = new undici.ProxyAgent(proxyAgentOptions(proxy))));
    return agent;
  };
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const proxy = proxyFor(url, settings);
    if (!proxy) return base(input, init);
    // undici's own fetch: a dispatcher from this undici is not guaranteed to fit Node's built-in fetch.
    return undici.fetch(url, { ...(init as object), dispatcher: through(proxy) } as Parameters<typeof undici.fetch>[1]);
  }) as Fetch;
}

export interface NodeAgents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

/**
 * Node agents that route each connection by its host: through the proxy
 * (CONNECT for https, by https-proxy-agent; absolute-URI requests for http,
 * by http-proxy-agent) or direct when NO_PROXY names it. Undefined when no
 * proxy is set, so callers keep their own agents. `tls` (a private CA) is
 * applied to the target's TLS either way.
 */
export async function proxyAgents(
  settings: ProxySettings = proxySettings(process.env),
  tls: https.AgentOptions = {},
): Promise<NodeAgents | undefined> {
  if (!hasProxy(settings)) return undefined;
  const [{ Agent: RoutingBase }, { HttpsProxyAgent }, { HttpProxyAgent }, nodeHttp, nodeHttps] = await Promise.all([
    import('agent-base'),
    import('https-proxy-agent'),
    import('http-proxy-agent'),
    import('node:http'),
    import('node:https'),
  ]);
  const direct = { http: new nodeHttp.Agent({ keepAlive: true }), https: new nodeHttps.Agent({ keepAlive: true, ...tls }) };
  const proxied = new Map<string, http.Agent>();
  const through = (proxy: string, secure: boolean): http.Agent => {
    const key = `${secure ? 's' : ''}${proxy}`;
    let agent = proxied.get(key);
    if (!agent) {
      agent = secure ? new HttpsProxyAgent(proxy, { keepAlive: true }) : new HttpProxyAgent(proxy, { keepAlive: true });
      proxied.set(key, agent);
    }
    return agent;
  };
  class RoutingAgent extends RoutingBase {
    constructor(readonly secure: boolean) {
      super({ keepAlive: true });
      this.protocol = secure ? 'https:' : 'http:';
    }
    connect(_req: http.ClientRequest, opts: { host?: string; port?: number; secureEndpoint: boolean }): http.Agent | Duplex {
      const secure = opts.secureEndpoint;
      const host = opts.host?.includes(':') ? `[${opts.host}]` : opts.host;
      const proxy = proxyFor(`${secure ? 'https' : 'http'}://${host}:${opts.port ?? (secure ? 443 : 80)}`, settings);
      if (!proxy) return secure ? direct.https : direct.http;
      // https-proxy-agent takes the target's TLS options from the request's, not from its own (they are the proxy's):
      // agent-base hands these very options on to the agent returned.
      if (secure) Object.assign(opts, tls);
      return through(proxy, secure);
    }
  }
  return { httpAgent: new RoutingAgent(false), httpsAgent: new RoutingAgent(true) as unknown as https.Agent };
}

/** The agents for this environment's proxy settings, for clients that take Node agents. */
export function envProxyAgents(env: Env = process.env): Promise<NodeAgents | undefined> {
  return proxyAgents(proxySettings(env));
}
