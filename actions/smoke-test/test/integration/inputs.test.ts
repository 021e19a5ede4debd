/**
 * Every bad input to smoke-test, through the bundle: exit 1, exactly one
 * ::error:: line naming the input (or the check field), no stack trace, and
 * no request sent to the server the checks point at.
 */
import { nodeRuntimes, runAction } from '../../../../test/support/run-action';
import { startServer, type TestServer } from '../../../../test/support/servers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer(() => ({ body: { status: 'ok' } }));
});
afterAll(() => server.close());

const ok = (): string => `${server.url}/health`;
const list = (...entries: string[]): string => entries.map((e) => `- ${e}`).join('\n');

const cases: Array<[string, () => Record<string, string>, RegExp]> = [
  ['neither url nor checks', () => ({}), /^Input 'url' or 'checks' must be set/],
  ['both url and checks', () => ({ url: ok(), checks: list(`url: ${ok()}`) }), /^Input 'url' and 'checks' are both set/],
  ['a relative url', () => ({ url: '/health' }), /^Input 'url' must be an absolute http\(s\) URL; got '\/health'/],
  ['a non-http url', () => ({ url: 'ftp://example.com/health' }), /^Input 'url' must be an http or https URL; got ftp/],
  [
    'checks that are a mapping',
    () => ({ checks: `name: health\nurl: ${ok()}` }),
    /^Input 'checks' must be a YAML list of checks; got a mapping/,
  ],
  ['checks that are a scalar', () => ({ checks: 'health' }), /^Input 'checks' must be a YAML list of checks; got 'health'/],
  ['checks that are not YAML', () => ({ checks: '- name: [unclosed' }), /^Input 'checks' is not valid JSON or YAML/],
  ['a timeout out of range', () => ({ url: ok(), timeout: '0' }), /^Input 'timeout' must be a duration at least 100ms/],
  ['a timeout that is no duration', () => ({ url: ok(), timeout: 'soon' }), /^Input 'timeout' must be a duration/],
  ['concurrency 0', () => ({ url: ok(), concurrency: '0' }), /^Input 'concurrency' must be an integer at least 1 and at most 64; got 0/],
  ['concurrency 500', () => ({ url: ok(), concurrency: '500' }), /^Input 'concurrency' must be an integer at least 1 and at most 64/],
  ['retries 99', () => ({ url: ok(), retries: '99' }), /^Input 'retries' must be an integer at least 0 and at most 20; got 99/],
  ['negative retries', () => ({ url: ok(), retries: '-1' }), /^Input 'retries' must be an integer/],
  ['requests 0', () => ({ url: ok(), requests: '0' }), /^Input 'requests' must be an integer at least 1/],
  ['fail-fast yes', () => ({ url: ok(), 'fail-fast': 'yes' }), /^Input 'fail-fast' must be true or false/],
  ['an unknown method', () => ({ url: ok(), method: 'FETCH' }), /^Input 'method' must be one of GET, HEAD, POST/],
  [
    'a bad expect-status',
    () => ({ url: ok(), 'expect-status': '2xx, 99' }),
    /^Input 'expect-status' has '99', which is neither a status code/,
  ],
  [
    'expect-json that is a list',
    () => ({ url: ok(), 'expect-json': '- status' }),
    /^Input 'expect-json' must be a mapping from JMESPath expression/,
  ],
  [
    'a broken JMESPath expression',
    () => ({ url: ok(), 'expect-json': '"items[": 1' }),
    /^Input 'expect-json' has 'items\[', which is not a JMESPath expression/,
  ],
  [
    'an expect-json comparison with no number',
    () => ({ url: ok(), 'expect-json': 'confidence: ">= high"' }),
    /^Input 'expect-json' entry 'confidence' has '>= high': >= compares with a number, got 'high' \(to mean the text itself, quote it: '">= high"'\)\. Example: expect-json: \{ confidence: ">= 0\.5"/,
  ],
  [
    'an expect-json regex without slashes, in a named check',
    () => ({ checks: list(`{ name: predict, url: "${ok()}", expect-json: { label: "~ ^set" } }`) }),
    /^Input 'checks\[0\]\.expect-json' \(check 'predict'\) entry 'label' has '~ \^set': ~ takes a regular expression between slashes/,
  ],
  [
    'an expect-json type that is no JSON type',
    () => ({ url: ok(), 'expect-json': 'score: type float' }),
    /^Input 'expect-json' entry 'score' has type 'float', which is not a JSON type/,
  ],
  [
    'an expect-json length of a fraction',
    () => ({ url: ok(), 'expect-json': 'classes: length >= 2.5' }),
    /^Input 'expect-json' entry 'classes' has 'length >= 2.5': length compares with a whole number/,
  ],
  [
    'max-error-rate without a percent sign',
    () => ({ url: ok(), requests: '50', 'max-error-rate': '0.02' }),
    /^Input 'max-error-rate' must be a percentage such as 2% or 0\.5%; got '0\.02'\. Example: max-error-rate: 2%/,
  ],
  [
    'max-error-rate over 100%',
    () => ({ url: ok(), requests: '50', 'max-error-rate': '150%' }),
    /^Input 'max-error-rate' must be at most 100%/,
  ],
  [
    'max-error-rate with one request',
    () => ({ url: ok(), 'max-error-rate': '2%' }),
    /^Input 'max-error-rate' applies to checks with requests > 1; every check here sends one request/,
  ],
  [
    'a check max-error-rate with one request',
    () => ({ checks: list(`{ url: "${ok()}", max-error-rate: 5% }`) }),
    /^Input 'checks\[0\]\.max-error-rate' applies to checks with requests > 1; this check sends 1/,
  ],
  [
    'follow-redirects that is no mode',
    () => ({ url: ok(), 'follow-redirects': 'yes' }),
    /^Input 'follow-redirects' must be one of none, same-origin, all; got 'yes'/,
  ],
  [
    'a check follow-redirects that is no mode',
    () => ({ checks: list(`{ url: "${ok()}", follow-redirects: true }`) }),
    /^Input 'checks\[0\]\.follow-redirects' must be one of none, same-origin, all; got 'true'/,
  ],
  [
    'follow-redirects on a Lambda check',
    () => ({ checks: list('{ function-name: fn, follow-redirects: all }'), 'aws-region': 'us-east-1' }),
    /^Input 'checks\[0\]\.follow-redirects' applies to url checks only/,
  ],
  [
    'aws-sigv4 that is no service',
    () => ({ url: ok(), 'aws-sigv4': 's3' }),
    /^Input 'aws-sigv4' must be one of lambda, execute-api; got 's3'/,
  ],
  [
    'a check aws-sigv4 that is no service',
    () => ({ checks: list(`{ url: "${ok()}", aws-sigv4: iam }`) }),
    /^Input 'checks\[0\]\.aws-sigv4' must be one of lambda, execute-api, none; got 'iam'/,
  ],
  ['aws-sigv4 without a region', () => ({ url: ok(), 'aws-sigv4': 'lambda' }), /^Input 'aws-region' is not set/],
  [
    'aws-sigv4 with only Lambda checks',
    () => ({ checks: list('function-name: fn'), 'aws-sigv4': 'lambda', 'aws-region': 'us-east-1' }),
    /^Input 'aws-sigv4' applies to url checks/,
  ],
  ['max-latency-ms 0', () => ({ url: ok(), 'max-latency-ms': '0' }), /^Input 'max-latency-ms' must be a number greater than 0/],
  [
    'headers that are not Name: value, without echoing the line',
    () => ({ url: ok(), headers: 'Accept: */*\nX-Api-Key s3cr3t-v4lue' }),
    /^Input 'headers' line 2 is not 'Name: value' \(the line is not shown: it may hold a secret\)\. Example/,
  ],
  [
    'a missing ca-file',
    () => ({ url: ok(), 'ca-file': '/nonexistent/ca.pem' }),
    /^Input 'ca-file' was not found \(\/nonexistent\/ca.pem\)\. Example: ca-file: /,
  ],
  ['a ca-file that is no certificate', () => ({ url: ok(), 'ca-file': '/etc/hostname' }), /^Input 'ca-file' is not a PEM certificate file/],
  [
    'url-only inputs next to checks',
    () => ({ checks: list(`url: ${ok()}`), 'expect-body-contains': 'ok' }),
    /^Input 'expect-body-contains' applies to the single url check only/,
  ],
  [
    'checks[2].expect-status invalid',
    () => ({ checks: list(`url: ${ok()}`, `url: ${ok()}/a`, `{ url: "${ok()}/b", expect-status: "20x" }`) }),
    /^Input 'checks\[2\]\.expect-status' has '20x'/,
  ],
  [
    'a check with neither url nor function-name',
    () => ({ checks: list(`url: ${ok()}`, 'name: nothing') }),
    /^Input 'checks\[1\]' needs url \(HTTP check\) or function-name/,
  ],
  [
    'a check with both url and function-name',
    () => ({ checks: list(`{ url: "${ok()}", function-name: fn }`) }),
    /^Input 'checks\[0\]' has both url and function-name/,
  ],
  [
    'a misspelt check field',
    () => ({ checks: list(`{ url: "${ok()}", expect_status: 200 }`) }),
    /^Input 'checks\[0\]\.expect_status' is not a check field; known fields: name, url/,
  ],
  ['a relative check url', () => ({ checks: list('url: /health') }), /^Input 'checks\[0\]\.url' must be an absolute http\(s\) URL/],
  ['a check that is a string', () => ({ checks: list(ok()) }), /^Input 'checks\[0\]' must be a mapping/],
  [
    'duplicate check names',
    () => ({ checks: list(`{ name: a, url: "${ok()}" }`, `{ name: a, url: "${ok()}/x" }`) }),
    /^Input 'checks\[1\]\.name' 'a' is used by an earlier check/,
  ],
  [
    'a name with a comma',
    () => ({ checks: list(`{ name: "a,b", url: "${ok()}" }`) }),
    /^Input 'checks\[0\]\.name' must not contain a comma/,
  ],
  [
    'a check timeout out of range',
    () => ({ checks: list(`{ url: "${ok()}", timeout: 1ms }`) }),
    /^Input 'checks\[0\]\.timeout' must be a duration from 100ms to 15m/,
  ],
  [
    'check requests 0',
    () => ({ checks: list(`{ url: "${ok()}", requests: 0 }`) }),
    /^Input 'checks\[0\]\.requests' must be an integer from 1 to 1000/,
  ],
  [
    'check headers as a list',
    () => ({ checks: list(`{ url: "${ok()}", headers: [a] }`) }),
    /^Input 'checks\[0\]\.headers' must be a mapping/,
  ],
  [
    'a check expect-json with a bad expression',
    () => ({ checks: list(`{ url: "${ok()}", expect-json: { "a..b": 1 } }`) }),
    /^Input 'checks\[0\]\.expect-json' has 'a\.\.b'/,
  ],
  [
    'a check max-latency-ms as text',
    () => ({ checks: list(`{ url: "${ok()}", max-latency-ms: fast }`) }),
    /^Input 'checks\[0\]\.max-latency-ms' must be a positive number/,
  ],
  [
    'a payload on an HTTP check',
    () => ({ checks: list(`{ url: "${ok()}", payload: {} }`) }),
    /^Input 'checks\[0\]\.payload' applies to function-name checks only/,
  ],
  [
    'a body on a Lambda check',
    () => ({ checks: list('{ function-name: fn, body: x }') }),
    /^Input 'checks\[0\]\.body' applies to url checks only/,
  ],
  ['a Lambda check without a region', () => ({ checks: list('function-name: model-api') }), /^Input 'aws-region' is not set/],
  [
    'a bad aws-region',
    () => ({ checks: list('function-name: model-api'), 'aws-region': 'mars-1' }),
    /^Input 'aws-region' is not an AWS region: 'mars-1'/,
  ],
];

describe.each(nodeRuntimes())('smoke-test rejects bad inputs under $label', ({ path }) => {
  it.each(cases)('%s', async (_title, inputs, message) => {
    const before = server.seen.length;
    const run = await runAction('smoke-test', {
      node: path,
      inputs: inputs(),
      env: { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    expect(run.errors).toEqual([expect.stringMatching(message)]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(run.stderr).toBe('');
    expect(server.seen.length).toBe(before);
    expect(run.outputs).toEqual({});
    expect(run.stdout).not.toContain('s3cr3t-v4lue');
  });
});
