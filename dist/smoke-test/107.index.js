export const id = 107;
export const ids = [107,833];
export const modules = {

/***/ 1107:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  sdkLambdaInvoker: () => (/* binding */ sdkLambdaInvoker)
});

// EXTERNAL MODULE: ./packages/action-kit/src/index.ts + 15 modules
var src = __webpack_require__(7643);
// EXTERNAL MODULE: ./packages/aws-kit/src/index.ts + 3 modules
var aws_kit_src = __webpack_require__(7833);
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
    const { envProxyAgents } = await __webpack_require__.e(/* import() */ 901).then(__webpack_require__.bind(__webpack_require__, 901));
    return clientConfig(options, await envProxyAgents());
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/lambda.ts

async function createLambdaClient(options) {
    const { LambdaClient } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(696)]).then(__webpack_require__.t.bind(__webpack_require__, 1696, 19));
    return new LambdaClient(await proxiedClientConfig(options));
}

// EXTERNAL MODULE: ./actions/smoke-test/src/types.ts
var types = __webpack_require__(1167);
;// CONCATENATED MODULE: ./actions/smoke-test/src/lambda.ts




/** Errors that mean "not ready yet" rather than "wrong": waited out under wait-until-up. */
const NOT_READY = new Set([
    'ResourceNotReadyException',
    'TooManyRequestsException',
    'ServiceException',
    'EC2ThrottledException',
    'TimeoutError',
    'RequestTimeout',
]);
async function sdkLambdaInvoker(region, timeoutMs, now = () => performance.now()) {
    // One SDK attempt per call: retries and waiting are this action's, with its own budget.
    const client = await createLambdaClient({ region, maxAttempts: 1, requestTimeoutMs: timeoutMs });
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
                    throw new src/* CancelledError */.cc();
                if (abort.signal.aborted)
                    throw new types/* TransportError */.wX('timeout', `Invoke did not answer within ${req.timeoutMs}ms`, true);
                const code = (0,aws_kit_src/* awsErrorCode */.J6)(err) ?? '';
                const networkCode = err.code;
                if (networkCode === 'ECONNREFUSED' || networkCode === 'ECONNRESET' || networkCode === 'ENOTFOUND') {
                    throw new types/* TransportError */.wX(networkCode === 'ENOTFOUND' ? 'dns' : networkCode === 'ECONNRESET' ? 'reset' : 'refused', `Invoke failed: ${networkCode}: ${err.message}`, true);
                }
                throw new types/* TransportError */.wX('aws', (0,aws_kit_src/* describeAwsError */.Pp)('lambda', 'InvokeFunction', err), NOT_READY.has(code), code || undefined);
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

/***/ 7833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J6: () => (/* reexport */ errors_awsErrorCode),
  Pp: () => (/* reexport */ describeAwsError),
  resolveRegion: () => (/* reexport */ resolveRegion)
});

// UNUSED EXPORTS: TransientAwsFailure, awsHttpStatus, clientConfig, consoleUrl, failureName, isAwsError, proxiedClientConfig, transientKind

;// CONCATENATED MODULE: ./packages/aws-kit/src/errors.ts
function errors_awsErrorCode(err) {
    if (typeof err !== 'object' || err === null)
        return undefined;
    const shape = err;
    return shape.name && shape.name !== 'Error' ? shape.name : (shape.Code ?? shape.code);
}
function errors_awsHttpStatus(err) {
    return err?.$metadata?.httpStatusCode;
}
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError']);
const CREDENTIALS = new Set([
    'CredentialsProviderError',
    'UnrecognizedClientException',
    'InvalidSignatureException',
    'ExpiredTokenException',
]);
/**
 * `<Operation> failed: <Code>: <message>`, plus what to do about it:
 * the IAM action to grant on AccessDenied, how to get credentials when
 * there are none.
 */
function describeAwsError(service, operation, err) {
    const code = errors_awsErrorCode(err) ?? 'Error';
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
/**
 * Whether `err` is one of the AWS error codes named: the one way the actions
 * tell "not found" (an answer) from a failure.
 */
function isAwsError(err, codes) {
    const code = errors_awsErrorCode(err);
    return code !== undefined && codes.includes(code);
}
function consoleUrl(region, path, service) {
    const host = region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
    return `https://${region}.${host}/${service}/home?region=${region}#${path}`;
}

// EXTERNAL MODULE: ./packages/action-kit/src/index.ts + 15 modules
var src = __webpack_require__(7643);
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

;// CONCATENATED MODULE: ./packages/aws-kit/src/transient.ts


const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded', 'ThrottledException']);
const NETWORK = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|socket hang up|timed? ?out|network/i;
/**
 * Whether an AWS call failed for a passing reason worth another try:
 * throttling (429), a service error (5xx), or the network (reset, refused,
 * a request timeout). Undefined for everything else, and for an aborted call:
 * a cancel or a passed deadline is never retried.
 */
function transientKind(err) {
    if (isAbort(err))
        return undefined;
    const code = awsErrorCode(err) ?? '';
    const status = awsHttpStatus(err);
    if (THROTTLING.has(code) || status === 429)
        return 'throttled';
    if (status !== undefined && status >= 500)
        return 'transient';
    const errno = String(err?.code ?? '');
    const message = err?.message ?? '';
    if (status === undefined && (NETWORK.test(message) || NETWORK.test(code) || NETWORK.test(errno)))
        return 'transient';
    return undefined;
}
/** `ServiceException (HTTP 500)`, `TimeoutError`: the short name of a failure for retry logs. */
function failureName(err) {
    const status = awsHttpStatus(err);
    return `${awsErrorCode(err) ?? 'network error'}${status ? ` (HTTP ${status})` : ''}`;
}
/** An AWS failure explained for the user that a later attempt may not repeat. */
class TransientAwsFailure extends src/* ActionFailure */.dR {
    kind;
    constructor(message, kind) {
        super(message);
        this.kind = kind;
    }
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/index.ts
// The shared core (region, errors, client options). Each service's client has
// its own entry point, `@mlship/aws-kit/ecr`, `/lambda` and `/cloudwatch`, so a
// bundle carries only the SDK clients its action calls.






/***/ })

};
