export const id = 38;
export const ids = [38];
export const modules = {

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
