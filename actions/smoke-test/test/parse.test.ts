/** Pure parsing and comparison: statuses, JSON expectations, percentiles, secrets. */
import { jsonEquals } from '../src/checks/json-expect';
import { redactor, secretsOf } from '../src/secrets';
import { regionFromHost } from '../src/http/sigv4-target';
import { latencyStats } from '../src/checks/stats';
import { parseStatusMatcher, statusMatches } from '../src/checks/status';
import type { HttpCheck } from '../src/types';

describe('expect-status', () => {
  it.each([
    ['200', 200, true],
    ['200, 201', 201, true],
    ['2xx', 204, true],
    ['2xx, 404', 404, true],
    ['2xx', 301, false],
    [[200, '3xx'], 302, true],
  ])('%j accepts %d: %s', (spec, status, accepted) => {
    const matcher = parseStatusMatcher(spec);
    if (typeof matcher === 'string') throw new Error(matcher);
    expect(statusMatches(matcher, status)).toBe(accepted);
  });

  it.each([['20x'], ['600'], ['ok'], ['']])('rejects %j', (spec) => {
    expect(typeof parseStatusMatcher(spec)).toBe('string');
  });
});

describe('expect-json equality', () => {
  it('compares JSON values deeply and scalars by their string form too', () => {
    expect(jsonEquals({ a: [1, 'x'] }, { a: [1, 'x'] })).toBe(true);
    expect(jsonEquals('2', 2)).toBe(true);
    expect(jsonEquals(true, 'true')).toBe(true);
    expect(jsonEquals({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(jsonEquals(null, 'v2')).toBe(false);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
  });
});

describe('latency percentiles', () => {
  it('uses the nearest rank', () => {
    expect(latencyStats([5])).toEqual({ p50Ms: 5, p95Ms: 5, maxMs: 5 });
    expect(latencyStats(Array.from({ length: 20 }, (_, i) => i + 1))).toEqual({ p50Ms: 10, p95Ms: 19, maxMs: 20 });
    expect(latencyStats([])).toBeUndefined();
  });
});

describe('secrets', () => {
  it('collects header values, URL passwords and key-like query values, and redacts the longest first', () => {
    const http: HttpCheck = {
      kind: 'http',
      followRedirects: 'none',
      name: 'predict',
      url: 'https://user:pa55word@api.example.com/predict?api_key=abc123&page=2',
      method: 'POST',
      headers: { Authorization: 'Bearer tok-999', 'Content-Type': 'application/json' },
      expect: { status: { codes: [200], classes: [], text: '200' }, bodyContains: [], json: [] },
      requests: 1,
      warmup: 0,
      timeoutMs: 1000,
    };
    const secrets = secretsOf({ 'X-Api-Key': 'k3y', Accept: 'text/csv' }, [http]);
    expect(secrets).toEqual(expect.arrayContaining(['Bearer tok-999', 'pa55word', 'abc123', 'k3y']));
    expect(secrets).not.toContain('application/json');
    // A plain header given for every check is not masked either: "text/csv" would garble the log.
    expect(secrets).not.toContain('text/csv');
    expect(secrets).not.toContain('2');
    expect(redactor(secrets)('key=k3y auth=Bearer tok-999 url=https://user:pa55word@x?api_key=abc123')).toBe(
      'key=*** auth=*** url=https://***@x?api_key=***',
    );
  });
});

describe('aws-sigv4 region from the host name', () => {
  it.each([
    ['lambda', 'abcdefg123.lambda-url.eu-west-1.on.aws', 'eu-west-1'],
    ['lambda', 'abc.lambda-url.us-gov-west-1.on.aws', 'us-gov-west-1'],
    ['execute-api', 'a1b2c3.execute-api.ap-southeast-2.amazonaws.com', 'ap-southeast-2'],
    ['execute-api', 'abcdefg123.lambda-url.eu-west-1.on.aws', undefined],
    ['lambda', 'api.example.com', undefined],
    ['lambda', '127.0.0.1', undefined],
  ] as const)('%s %s: %s', (service, host, region) => {
    expect(regionFromHost(service, host)).toBe(region);
  });
});
