export const id = 63;
export const ids = [63,38];
export const modules = {

/***/ 2063:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sdkLambdaInvoker: () => (/* binding */ sdkLambdaInvoker)
/* harmony export */ });
/* harmony import */ var _mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(793);
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
                    throw new _types__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .w(networkCode === 'ENOTFOUND' ? 'dns' : networkCode === 'ECONNRESET' ? 'reset' : 'refused', `Invoke failed: ${networkCode}: ${err.message}`, true);
                }
                throw new _types__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .w('aws', (0,_mlship_aws_kit__WEBPACK_IMPORTED_MODULE_1__/* .describeAwsError */ .Pp)('lambda', 'InvokeFunction', err), NOT_READY.has(code), code || undefined);
            }
            finally {
                clearTimeout(timer);
                req.signal?.removeEventListener('abort', onCancel);
            }
        },
        close: () => client.destroy(),
    };
}


/***/ }),

/***/ 1038:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J6: () => (/* reexport */ awsErrorCode),
  Vw: () => (/* reexport */ createLambdaClient),
  Pp: () => (/* reexport */ describeAwsError),
  resolveRegion: () => (/* reexport */ resolveRegion)
});

// UNUSED EXPORTS: awsCall, awsHttpStatus, consoleUrl, createEcrClient

;// CONCATENATED MODULE: ./packages/aws-kit/src/clients.ts
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
function common(options) {
    return {
        region: options.region,
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        requestHandler: { requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, connectionTimeout: 10_000 },
    };
}
async function createLambdaClient(options) {
    const { LambdaClient } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(696)]).then(__webpack_require__.t.bind(__webpack_require__, 1696, 19));
    return new LambdaClient(common(options));
}
async function createEcrClient(options) {
    const { ECRClient } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    return new ECRClient(common(options));
}

// EXTERNAL MODULE: ./packages/action-kit/src/index.ts + 13 modules
var src = __webpack_require__(793);
;// CONCATENATED MODULE: ./packages/aws-kit/src/errors.ts

function awsErrorCode(err) {
    if (typeof err !== 'object' || err === null)
        return undefined;
    const shape = err;
    return shape.name && shape.name !== 'Error' ? shape.name : (shape.Code ?? shape.code);
}
function awsHttpStatus(err) {
    return err?.$metadata?.httpStatusCode;
}
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError']);
const CREDENTIALS = new Set(['CredentialsProviderError', 'UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException']);
/**
 * `<Operation> failed: <Code>: <message>`, plus what to do about it:
 * the IAM action to grant on AccessDenied, how to get credentials when
 * there are none.
 */
function describeAwsError(service, operation, err) {
    const code = awsErrorCode(err) ?? 'Error';
    const message = err?.message ?? String(err);
    let text = `${operation} failed: ${code}: ${message}`;
    if (ACCESS_DENIED.has(code)) {
        text += ` (grant ${service}:${operation} to the role this job assumes)`;
    }
    else if (CREDENTIALS.has(code)) {
        text += ' (no valid AWS credentials: run aws-actions/configure-aws-credentials before this step)';
    }
    return text;
}
/** Call an AWS operation, turning its error into an ActionFailure with hints. */
async function awsCall(service, operation, call) {
    try {
        return await call();
    }
    catch (err) {
        throw new ActionFailure(describeAwsError(service, operation, err));
    }
}
function consoleUrl(region, path, service) {
    const host = region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
    return `https://${region}.${host}/${service}/home?region=${region}#${path}`;
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/region.ts

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
/**
 * The region from the `aws-region` input, else AWS_REGION, else
 * AWS_DEFAULT_REGION (what configure-aws-credentials exports).
 */
function resolveRegion(input, env = process.env) {
    const fromInput = input?.trim();
    const region = fromInput || env['AWS_REGION']?.trim() || env['AWS_DEFAULT_REGION']?.trim();
    if (!region) {
        throw new src/* InputError */.dz('aws-region', 'is not set and neither AWS_REGION nor AWS_DEFAULT_REGION is in the environment', 'aws-region: us-east-1 (or run aws-actions/configure-aws-credentials first)');
    }
    if (!REGION_PATTERN.test(region)) {
        throw new src/* InputError */.dz(fromInput ? 'aws-region' : 'aws-region (from AWS_REGION)', `is not an AWS region: '${region}'`, 'aws-region: eu-west-1');
    }
    return region;
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/index.ts





/***/ })

};
