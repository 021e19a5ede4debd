export const id = 63;
export const ids = [63];
export const modules = {

/***/ 2063:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sdkLambdaInvoker: () => (/* binding */ sdkLambdaInvoker)
/* harmony export */ });
/* harmony import */ var _mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3368);
/* harmony import */ var _mlship_aws_kit__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1038);
/* harmony import */ var _types__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1167);



/** Errors that mean "not ready yet" rather than "wrong": waited out under wait-until-up. */
const NOT_READY = new Set(['ResourceNotReadyException', 'TooManyRequestsException', 'ServiceException', 'EC2ThrottledException', 'TimeoutError', 'RequestTimeout']);
async function sdkLambdaInvoker(region, timeoutMs, now = () => performance.now()) {
    // One SDK attempt per call: retries and waiting are this action's, with its own budget.
    const client = await (0,_mlship_aws_kit__WEBPACK_IMPORTED_MODULE_1__/* .createLambdaClient */ .Vw)({ region, maxAttempts: 1, requestTimeoutMs: timeoutMs });
    const { InvokeCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(696)]).then(__webpack_require__.t.bind(__webpack_require__, 1696, 19));
    return {
        async invoke(req) {
            const started = now();
            const abort = new AbortController();
            const timer = setTimeout(() => abort.abort(), req.timeoutMs);
            const onCancel = () => abort.abort();
            req.signal?.addEventListener('abort', onCancel, { once: true });
            try {
                const out = await client.send(new InvokeCommand({
                    FunctionName: req.functionName,
                    Qualifier: req.qualifier,
                    LogType: 'Tail',
                    ...(req.payload !== undefined ? { Payload: new TextEncoder().encode(req.payload) } : {}),
                }), { abortSignal: abort.signal });
                return {
                    statusCode: out.StatusCode ?? 0,
                    payload: out.Payload ? new TextDecoder().decode(out.Payload) : '',
                    functionError: out.FunctionError,
                    logTail: out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : undefined,
                    latencyMs: now() - started,
                };
            }
            catch (err) {
                if (req.signal?.aborted)
                    throw new _mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc();
                if (abort.signal.aborted)
                    throw new _types__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .w('timeout', `Invoke did not answer within ${req.timeoutMs}ms`, true);
                const code = (0,_mlship_aws_kit__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorCode */ .J6)(err) ?? '';
                const networkCode = err.code;
                if (networkCode === 'ECONNREFUSED' || networkCode === 'ECONNRESET' || networkCode === 'ENOTFOUND') {
                    return Promise.reject(new _types__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .w('refused', `Invoke failed: ${networkCode}: ${err.message}`, true));
                }
                throw new _types__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .w('aws', (0,_mlship_aws_kit__WEBPACK_IMPORTED_MODULE_1__/* .describeAwsError */ .Pp)('lambda', 'InvokeFunction', err), NOT_READY.has(code));
            }
            finally {
                clearTimeout(timer);
                req.signal?.removeEventListener('abort', onCancel);
            }
        },
        close: () => client.destroy(),
    };
}


/***/ })

};
