export const id = 264;
export const ids = [264];
export const modules = {

/***/ 2264:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   caOption: () => (/* binding */ caOption),
/* harmony export */   nodeHttpClient: () => (/* binding */ nodeHttpClient)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _mlship_action_kit__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7643);
/* harmony import */ var _types__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1167);
/**
 * The HTTP client the core is given: Node's http/https with a keep-alive
 * agent, an overall per-request timeout, cancellation, and an extra CA.
 * Transport failures come back as TransportError with a kind, so the core
 * can tell "not up yet" from "answered wrongly".
 */





/** Enough for any health or prediction answer; larger bodies are cut, not buffered whole. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
function nodeHttpClient(options = {}) {
    const now = options.now ?? (() => performance.now());
    const httpAgent = options.agents?.httpAgent ?? new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)({ keepAlive: true });
    // The private CA adds to Node's roots rather than replacing them.
    const httpsAgent = options.agents?.httpsAgent ?? new (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)({ keepAlive: true, ...caOption(options.ca) });
    return {
        request: (req) => new Promise((resolve, reject) => {
            if (req.signal?.aborted)
                return reject(new _mlship_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .CancelledError */ .cc());
            const url = new URL(req.url);
            const isHttps = url.protocol === 'https:';
            const headers = { 'user-agent': 'mlship-smoke-test', ...req.headers };
            if (req.body !== undefined)
                headers['content-length'] = String(Buffer.byteLength(req.body));
            const started = now();
            const request = (isHttps ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default())).request(url, { method: req.method, headers, agent: isHttps ? httpsAgent : httpAgent });
            let settled = false;
            const finish = (err, response) => {
                if (settled)
                    return;
                settled = true;
                clearTimeout(timer);
                req.signal?.removeEventListener('abort', onAbort);
                if (err) {
                    request.destroy();
                    reject(err);
                }
                else
                    resolve(response);
            };
            const onAbort = () => finish(new _mlship_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .CancelledError */ .cc());
            const timer = setTimeout(() => finish(new _types__WEBPACK_IMPORTED_MODULE_4__/* .TransportError */ .wX('timeout', `no complete answer within ${req.timeoutMs}ms`, true)), req.timeoutMs);
            req.signal?.addEventListener('abort', onAbort, { once: true });
            request.on('error', (err) => finish(transportError(err)));
            request.on('response', (res) => {
                const chunks = [];
                let size = 0;
                res.on('data', (chunk) => {
                    if (size < MAX_BODY_BYTES)
                        chunks.push(chunk);
                    size += chunk.length;
                });
                res.on('error', (err) => finish(transportError(err)));
                res.on('end', () => {
                    finish(undefined, {
                        status: res.statusCode ?? 0,
                        body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
                        latencyMs: now() - started,
                        ...(res.headers.location ? { location: res.headers.location } : {}),
                    });
                });
            });
            request.end(req.body);
        }),
        close: () => {
            httpAgent.destroy();
            httpsAgent.destroy();
        },
    };
}
function caOption(ca) {
    return ca ? { ca: [...node_tls__WEBPACK_IMPORTED_MODULE_2__.rootCertificates, ca] } : {};
}
function transportError(err) {
    const code = err.code ?? '';
    if (code === 'ECONNREFUSED')
        return new _types__WEBPACK_IMPORTED_MODULE_4__/* .TransportError */ .wX('refused', `connection refused (${err.message})`, true);
    if (code === 'ECONNRESET' || code === 'EPIPE' || err.message === 'socket hang up')
        return new _types__WEBPACK_IMPORTED_MODULE_4__/* .TransportError */ .wX('reset', `connection reset (${err.message})`, true);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return new _types__WEBPACK_IMPORTED_MODULE_4__/* .TransportError */ .wX('dns', `DNS lookup failed (${err.message})`, true);
    if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
        return new _types__WEBPACK_IMPORTED_MODULE_4__/* .TransportError */ .wX('timeout', `${code} (${err.message})`, true);
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) || /certificate/i.test(err.message)) {
        return new _types__WEBPACK_IMPORTED_MODULE_4__/* .TransportError */ .wX('tls', `TLS failed: ${err.message} (for a private CA, set ca-file)`, false);
    }
    return new _types__WEBPACK_IMPORTED_MODULE_4__/* .TransportError */ .wX('other', `${code ? `${code}: ` : ''}${err.message}`, false);
}


/***/ })

};
