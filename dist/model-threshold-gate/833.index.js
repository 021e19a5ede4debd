export const id = 833;
export const ids = [833];
export const modules = {

/***/ 7833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  describeAwsError: () => (/* reexport */ describeAwsError)
});

// UNUSED EXPORTS: TransientAwsFailure, awsErrorCode, awsHttpStatus, clientConfig, consoleUrl, failureName, isAwsError, proxiedClientConfig, resolveRegion, transientKind

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

// EXTERNAL MODULE: ./packages/action-kit/src/index.ts + 14 modules
var src = __webpack_require__(1237);
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
        throw new InputError('aws-region', 'is not set and neither AWS_REGION nor AWS_DEFAULT_REGION is in the environment', 'aws-region: us-east-1 (or run aws-actions/configure-aws-credentials first)');
    }
    if (!REGION_PATTERN.test(region)) {
        throw new InputError(fromInput ? 'aws-region' : 'aws-region (from AWS_REGION)', `is not an AWS region: '${region}'`, 'aws-region: eu-west-1');
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
