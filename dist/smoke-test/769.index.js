export const id = 769;
export const ids = [769];
export const modules = {

/***/ 5769:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J6: () => (/* reexport */ awsErrorCode),
  Pp: () => (/* reexport */ describeAwsError),
  resolveRegion: () => (/* reexport */ resolveRegion)
});

// UNUSED EXPORTS: awsHttpStatus, clientConfig, consoleUrl, isAwsError

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
/**
 * Whether `err` is one of the AWS error codes named: the one way the actions
 * tell "not found" (an answer) from a failure.
 */
function isAwsError(err, codes) {
    const code = awsErrorCode(err);
    return code !== undefined && codes.includes(code);
}
function consoleUrl(region, path, service) {
    const host = region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
    return `https://${region}.${host}/${service}/home?region=${region}#${path}`;
}

// EXTERNAL MODULE: ./packages/action-kit/src/index.ts + 9 modules
var src = __webpack_require__(4477);
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
// The shared core (region, errors, client options). Each service's client has
// its own entry point, `@mlship/aws-kit/ecr` and `@mlship/aws-kit/lambda`, so a
// bundle carries only the SDK clients its action calls.





/***/ })

};
