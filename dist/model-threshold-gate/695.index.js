export const id = 695;
export const ids = [695];
export const modules = {

/***/ 695:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createLambdaClient: () => (/* binding */ createLambdaClient)
});

;// CONCATENATED MODULE: ./packages/aws-kit/src/client-config.ts
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;
/**
 * With @smithy/node-http-handler 4.x, `requestTimeout` alone only logs a
 * warning when it passes and the call keeps waiting; `throwOnRequestTimeout:
 * true` makes it fail the request with a TimeoutError (code ETIMEDOUT), which
 * the SDK's retry treats as transient.
 */
function clientConfig(options, agents) {
    return {
        region: options.region,
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        requestHandler: {
            requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            throwOnRequestTimeout: true,
            connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
            ...agents,
        },
    };
}
/** clientConfig with this environment's proxy agents (none loaded when no proxy is set). */
async function proxiedClientConfig(options) {
    const { envProxyAgents } = await __webpack_require__.e(/* import() */ 376).then(__webpack_require__.bind(__webpack_require__, 7376));
    return clientConfig(options, await envProxyAgents());
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/lambda.ts

async function createLambdaClient(options) {
    const { LambdaClient } = await __webpack_require__.e(/* import() */ 696).then(__webpack_require__.t.bind(__webpack_require__, 1696, 19));
    return new LambdaClient(await proxiedClientConfig(options));
}


/***/ })

};
