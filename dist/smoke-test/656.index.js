export const id = 656;
export const ids = [656];
export const modules = {

/***/ 2656:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   resolveCredentials: () => (/* binding */ resolveCredentials),
/* harmony export */   sigv4Signing: () => (/* binding */ sigv4Signing)
/* harmony export */ });
/* harmony import */ var _aws_sdk_credential_provider_node__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5861);
/* harmony import */ var _smithy_core_checksum__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9542);
/* harmony import */ var _smithy_signature_v4__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5118);
/**
 * `aws-sigv4`: signs HTTP checks with the AWS SDK's own SigV4 signer, for
 * Lambda function URLs (service `lambda`) and API Gateway (`execute-api`)
 * with IAM auth. Credentials come from the SDK's default chain (environment,
 * web identity, profiles, containers, instance metadata), as after
 * configure-aws-credentials. Loaded only when a check signs.
 */



/** The default chain, resolved once before the first request so the values can be masked. */
async function resolveCredentials() {
    const credentials = await (0,_aws_sdk_credential_provider_node__WEBPACK_IMPORTED_MODULE_0__.defaultProvider)()();
    return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken };
}
/** Returns the headers to add: host, x-amz-date, x-amz-content-sha256, x-amz-security-token and authorization. */
function sigv4Signing(credentials) {
    const signers = new Map();
    return async ({ service, region }, req) => {
        const key = `${service}/${region}`;
        let signer = signers.get(key);
        if (!signer) {
            signer = new _smithy_signature_v4__WEBPACK_IMPORTED_MODULE_1__.SignatureV4({ service, region, credentials, sha256: _smithy_core_checksum__WEBPACK_IMPORTED_MODULE_2__.Sha256 });
            signers.set(key, signer);
        }
        const url = new URL(req.url);
        const query = {};
        for (const [name, value] of url.searchParams) {
            const seen = query[name];
            query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
        }
        // The signature covers host and every header given here; user-agent and content-length are left out
        // (the signer never signs user-agent, and Node computes the length of the same body).
        const headers = { host: url.host };
        for (const [name, value] of Object.entries(req.headers)) {
            if (name.toLowerCase() !== 'host')
                headers[name] = value;
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
        const added = {};
        for (const [name, value] of Object.entries(signed.headers)) {
            if (!(name in req.headers))
                added[name] = String(value);
        }
        return added;
    };
}


/***/ })

};
