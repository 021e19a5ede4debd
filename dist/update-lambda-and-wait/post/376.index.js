export const id = 376;
export const ids = [376];
export const modules = {

/***/ 7376:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  envProxyAgents: () => (/* binding */ envProxyAgents)
});

// UNUSED EXPORTS: proxiedFetch, proxyAgents

;// CONCATENATED MODULE: ./packages/action-kit/src/proxy-env.ts
const pick = (env, name) => env[name.toLowerCase()]?.trim() || env[name.toUpperCase()]?.trim() || undefined;
/**
 * The settings of this environment. `override` (smoke-test's `proxy` input)
 * replaces the proxy for both schemes; `none` turns proxies off. NO_PROXY
 * applies either way, as it does to `curl --proxy`.
 */
function proxy_env_proxySettings(env, override) {
    const noProxy = (pick(env, 'no_proxy') ?? '')
        .split(/[\s,]+/)
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean);
    if (override === 'none')
        return { noProxy: [] };
    if (override)
        return { http: withScheme(override), https: withScheme(override), noProxy };
    const all = pick(env, 'all_proxy');
    const http = pick(env, 'http_proxy') ?? all;
    const https = pick(env, 'https_proxy') ?? all;
    return { http: http && withScheme(http), https: https && withScheme(https), noProxy };
}
/** curl takes `proxy:3128` as `http://proxy:3128`. */
function withScheme(proxy) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}
function proxy_env_hasProxy(settings) {
    return Boolean(settings.http || settings.https);
}
/** The proxy URL for `target`, or undefined to go direct. */
function proxy_env_proxyFor(target, settings) {
    const url = typeof target === 'string' ? new URL(target) : target;
    const proxy = url.protocol === 'https:' ? settings.https : url.protocol === 'http:' ? settings.http : undefined;
    if (!proxy)
        return undefined;
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return settings.noProxy.some((entry) => bypasses(entry, host, port)) ? undefined : proxy;
}
function bypasses(entry, host, port) {
    if (entry === '*')
        return true;
    let name = entry;
    const withPort = /^(.*[^:]):(\d+)$/.exec(entry);
    if (withPort && !entry.startsWith('[') && entry.split(':').length === 2) {
        if (withPort[2] !== port)
            return false;
        name = withPort[1];
    }
    name = name.replace(/^\[|\]$/g, '');
    if (name.includes('/'))
        return inCidr(host, name);
    name = name.replace(/^\*?\./, '');
    return host === name || host.endsWith(`.${name}`);
}
/** IPv4 CIDR ranges, as curl 7.86 and later match them. */
function inCidr(host, cidr) {
    const [base = '', bitsText = ''] = cidr.split('/');
    const a = ipv4(host);
    const b = ipv4(base);
    const bits = Number(bitsText);
    if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32)
        return false;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (a & mask) >>> 0 === (b & mask) >>> 0;
}
function ipv4(text) {
    const parts = text.split('.');
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
        return undefined;
    return parts.reduce((n, p) => ((n << 8) | Number(p)) >>> 0, 0);
}

;// CONCATENATED MODULE: ./packages/action-kit/src/proxy.ts

/** Basic credentials in the proxy URL become the Proxy-Authorization header (undici does not read them from the URL). */
function proxyAgentOptions(proxy) {
    const url = new URL(proxy);
    if (!url.username)
        return { uri: proxy };
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    url.username = '';
    url.password = '';
    return { uri: url.href, token: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
/** A fetch that sends each request through the proxy its URL gets; the global fetch itself when no proxy is set. */
async function proxiedFetch(settings = proxySettings(process.env), base = fetch) {
    if (!hasProxy(settings))
        return base;
    const undici = await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
    const agents = new Map();
    const through = (proxy) => {
        let agent = agents.get(proxy);
        if (!agent)
            agents.set(proxy, (agent = new undici.ProxyAgent(proxyAgentOptions(proxy))));
        return agent;
    };
    return (async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const proxy = proxyFor(url, settings);
        if (!proxy)
            return base(input, init);
        // undici's own fetch: a dispatcher from this undici is not guaranteed to fit Node's built-in fetch.
        return undici.fetch(url, { ...init, dispatcher: through(proxy) });
    });
}
/**
 * Node agents that route each connection by its host: through the proxy
 * (CONNECT for https, by https-proxy-agent; absolute-URI requests for http,
 * by http-proxy-agent) or direct when NO_PROXY names it. Undefined when no
 * proxy is set, so callers keep their own agents. `tls` (a private CA) is
 * applied to the target's TLS either way.
 */
async function proxyAgents(settings = proxy_env_proxySettings(process.env), tls = {}) {
    if (!proxy_env_hasProxy(settings))
        return undefined;
    const [{ Agent: RoutingBase }, { HttpsProxyAgent }, { HttpProxyAgent }, nodeHttp, nodeHttps] = await Promise.all([
        __webpack_require__.e(/* import() */ 894).then(__webpack_require__.t.bind(__webpack_require__, 8894, 23)),
        Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(669)]).then(__webpack_require__.t.bind(__webpack_require__, 3669, 23)),
        Promise.all(/* import() */[__webpack_require__.e(171), __webpack_require__.e(970)]).then(__webpack_require__.t.bind(__webpack_require__, 1970, 23)),
        Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 7067, 23)),
        Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23)),
    ]);
    const direct = { http: new nodeHttp.Agent({ keepAlive: true }), https: new nodeHttps.Agent({ keepAlive: true, ...tls }) };
    const proxied = new Map();
    const through = (proxy, secure) => {
        const key = `${secure ? 's' : ''}${proxy}`;
        let agent = proxied.get(key);
        if (!agent) {
            agent = secure ? new HttpsProxyAgent(proxy, { keepAlive: true }) : new HttpProxyAgent(proxy, { keepAlive: true });
            proxied.set(key, agent);
        }
        return agent;
    };
    class RoutingAgent extends RoutingBase {
        secure;
        constructor(secure) {
            super({ keepAlive: true });
            this.secure = secure;
            this.protocol = secure ? 'https:' : 'http:';
        }
        connect(_req, opts) {
            const secure = opts.secureEndpoint;
            const host = opts.host?.includes(':') ? `[${opts.host}]` : opts.host;
            const proxy = proxy_env_proxyFor(`${secure ? 'https' : 'http'}://${host}:${opts.port ?? (secure ? 443 : 80)}`, settings);
            if (!proxy)
                return secure ? direct.https : direct.http;
            // https-proxy-agent takes the target's TLS options from the request's, not from its own (they are the proxy's):
            // agent-base hands these very options on to the agent returned.
            if (secure)
                Object.assign(opts, tls);
            return through(proxy, secure);
        }
    }
    return { httpAgent: new RoutingAgent(false), httpsAgent: new RoutingAgent(true) };
}
/** The agents for this environment's proxy settings, for clients that take Node agents. */
function envProxyAgents(env = process.env) {
    return proxyAgents(proxy_env_proxySettings(env));
}


/***/ })

};
