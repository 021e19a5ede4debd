export const id = 901;
export const ids = [901];
export const modules = {

/***/ 901:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   envProxyAgents: () => (/* binding */ envProxyAgents),
/* harmony export */   proxiedFetch: () => (/* binding */ proxiedFetch),
/* harmony export */   proxyAgents: () => (/* binding */ proxyAgents)
/* harmony export */ });
/* harmony import */ var _proxy_env__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1623);

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
async function proxiedFetch(settings = (0,_proxy_env__WEBPACK_IMPORTED_MODULE_0__/* .proxySettings */ .EM)(process.env), base = fetch) {
    if (!(0,_proxy_env__WEBPACK_IMPORTED_MODULE_0__/* .hasProxy */ .jL)(settings))
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
        const proxy = (0,_proxy_env__WEBPACK_IMPORTED_MODULE_0__/* .proxyFor */ .iJ)(url, settings);
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
async function proxyAgents(settings = (0,_proxy_env__WEBPACK_IMPORTED_MODULE_0__/* .proxySettings */ .EM)(process.env), tls = {}) {
    if (!(0,_proxy_env__WEBPACK_IMPORTED_MODULE_0__/* .hasProxy */ .jL)(settings))
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
            const proxy = (0,_proxy_env__WEBPACK_IMPORTED_MODULE_0__/* .proxyFor */ .iJ)(`${secure ? 'https' : 'http'}://${host}:${opts.port ?? (secure ? 443 : 80)}`, settings);
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
    return proxyAgents((0,_proxy_env__WEBPACK_IMPORTED_MODULE_0__/* .proxySettings */ .EM)(env));
}


/***/ })

};
