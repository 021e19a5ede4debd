/**
 * Every input read and validated here, before @actions/core, the AWS SDK or
 * any request: a mistake costs milliseconds and names its input.
 */
import { readFileSync } from 'node:fs';
import { InputError, InputReader, regularFileProblem, type Env } from '@mlship/action-kit';
import {
  checkUrl,
  METHODS,
  parseCheck,
  parseJsonExpectations,
  parseRate,
  RATE_EXAMPLE,
  signing,
  type CheckDefaults,
} from './checks/check-def';
import { parseStatusMatcher } from './checks/status';
import { REDIRECT_MODES, SIGV4_SERVICES, type Check } from './types';
import { secretsOf } from './secrets';

export interface SmokeInputs {
  checks: Check[];
  /** Sent with every HTTP check; a check's own headers win. */
  headers: Record<string, string>;
  waitUntilUpMs: number;
  retries: number;
  retryDelayMs: number;
  concurrency: number;
  failFast: boolean;
  /** Set only when a Lambda check exists. */
  region?: string;
  /** Some HTTP check is signed with SigV4: credentials are resolved (and masked) before the first request. */
  signs: boolean;
  /** PEM text of `ca-file`, trusted in addition to the system CAs. */
  ca?: string;
  /** The `proxy` input: a proxy URL, or `none`; unset, the environment's (action-kit proxy-env.ts). */
  proxy?: string;
  /** Values to mask and to redact from every output. */
  secrets: string[];
}

/** The inputs that describe the single `url` check; with `checks` they must stay unset. */
const SINGLE_CHECK_INPUTS: Array<[name: string, fallback: string]> = [
  ['method', 'GET'],
  ['body', ''],
  ['expect-status', '200'],
  ['expect-body-contains', ''],
  ['expect-json', ''],
  ['max-latency-ms', ''],
];

export async function readInputs(env: Env = process.env): Promise<SmokeInputs> {
  const reader = new InputReader(env);
  const hasUrl = reader.has('url');
  const hasChecks = reader.has('checks');
  if (!hasUrl && !hasChecks) {
    throw new InputError(
      'url',
      "or 'checks' must be set: neither was given",
      'url: https://api.example.com/health (or checks: with a YAML list)',
    );
  }
  if (hasUrl && hasChecks) {
    throw new InputError(
      'url',
      "and 'checks' are both set; use url for one check or put it into the checks list",
      'checks: |\n  - name: health\n    url: https://api.example.com/health',
    );
  }
  const defaults: CheckDefaults = {
    timeoutMs: reader.duration('timeout', '10s', { min: 100, max: 900_000, example: 'timeout: 10s' }),
    requests: reader.integer('requests', { min: 1, max: 1000, default: 1 }) as number,
    warmup: reader.integer('warmup', { min: 0, max: 100, default: 0 }) as number,
    maxErrorRate: readRate(reader),
    followRedirects: reader.enumOf('follow-redirects', REDIRECT_MODES, 'none'),
    sigv4: reader.enumOf('aws-sigv4', SIGV4_SERVICES, undefined, { example: 'aws-sigv4: lambda' }),
  };
  const retries = reader.integer('retries', { min: 0, max: 20, default: 0, example: 'retries: 2' }) as number;
  const retryDelayMs = reader.duration('retry-delay', '2s', { min: 100, max: 600_000, example: 'retry-delay: 2s' });
  const waitUntilUpMs = reader.duration('wait-until-up', '0', { min: 0, max: 3_600_000, example: 'wait-until-up: 2m' });
  const concurrency = reader.integer('concurrency', { min: 1, max: 64, default: 4, example: 'concurrency: 4' }) as number;
  const failFast = reader.boolean('fail-fast', false);
  const headers = readHeaders(reader.raw('headers'));
  const ca = readCaFile(reader.string('ca-file'));
  const proxy = readProxy(reader.string('proxy'));

  const checks = hasUrl ? [await singleCheck(reader, defaults)] : await checkList(reader, defaults);
  if (defaults.maxErrorRate !== undefined && checks.every((check) => check.requests < 2)) {
    throw new InputError(
      'max-error-rate',
      'applies to checks with requests > 1; every check here sends one request',
      `requests: 50 with ${RATE_EXAMPLE}`,
    );
  }
  if (defaults.sigv4 !== undefined && checks.every((check) => check.kind !== 'http')) {
    throw new InputError(
      'aws-sigv4',
      'applies to url checks; every check here invokes a Lambda function directly',
      'aws-sigv4: lambda with url: https://abc.lambda-url.us-east-1.on.aws/health',
    );
  }
  const needsRegion = checks.some((check) => check.kind === 'lambda' || check.sigv4?.region === '');
  const region = needsRegion ? await lambdaRegion(reader.string('aws-region'), env) : undefined;
  for (const check of checks) if (check.kind === 'http' && check.sigv4?.region === '') check.sigv4.region = region as string;
  return {
    checks,
    headers,
    waitUntilUpMs,
    retries,
    retryDelayMs,
    concurrency,
    failFast,
    region: checks.some((check) => check.kind === 'lambda') ? region : undefined,
    signs: checks.some((check) => check.kind === 'http' && check.sigv4 !== undefined),
    ca,
    proxy,
    secrets: [...secretsOf(headers, checks), ...proxySecrets(proxy)],
  };
}

function readRate(reader: InputReader): number | undefined {
  const text = reader.string('max-error-rate');
  if (text === undefined) return undefined;
  const rate = parseRate(text);
  if (typeof rate === 'string') throw new InputError('max-error-rate', rate, RATE_EXAMPLE);
  return rate;
}

async function singleCheck(reader: InputReader, defaults: CheckDefaults): Promise<Check> {
  const url = checkUrl('url', reader.raw('url'));
  const method = reader.enumOf('method', METHODS, 'GET');
  const status = parseStatusMatcher(reader.raw('expect-status') || '200');
  if (typeof status === 'string') throw new InputError('expect-status', status, 'expect-status: 200, 201 (or 2xx)');
  const maxLatencyMs = reader.number('max-latency-ms', { min: 0, exclusiveMin: true, example: 'max-latency-ms: 500' });
  const json = await parseJsonExpectations(
    await reader.document('expect-json', { example: 'expect-json: |\n  status: ok' }),
    'expect-json',
  );
  return {
    kind: 'http',
    name: new URL(url).pathname,
    url,
    method,
    headers: {},
    body: reader.string('body'),
    expect: { status, bodyContains: reader.list('expect-body-contains', { separator: 'newline' }), json, maxLatencyMs },
    ...withoutSigning(defaults),
    ...signing(defaults.sigv4, url),
  };
}

function withoutSigning({ sigv4: _service, ...rest }: CheckDefaults): Omit<CheckDefaults, 'sigv4'> {
  return rest;
}

async function checkList(reader: InputReader, defaults: CheckDefaults): Promise<Check[]> {
  for (const [name, fallback] of SINGLE_CHECK_INPUTS) {
    const value = reader.raw(name);
    if (value !== '' && value !== fallback) {
      throw new InputError(
        name,
        `applies to the single url check only; with checks, set ${name} on each check`,
        `checks: |\n  - url: https://api.example.com/health\n    ${name}: ...`,
      );
    }
  }
  const document = await reader.document('checks', { example: 'checks: |\n  - name: health\n    url: https://api.example.com/health' });
  if (!Array.isArray(document) || document.length === 0) {
    const got = Array.isArray(document)
      ? 'an empty list'
      : typeof document === 'object' && document !== null
        ? 'a mapping'
        : `'${String(document)}'`;
    throw new InputError(
      'checks',
      `must be a YAML list of checks; got ${got}`,
      'checks: |\n  - name: health\n    url: https://api.example.com/health',
    );
  }
  const checks: Check[] = [];
  for (const [index, entry] of document.entries()) checks.push(await parseCheck(entry, index, defaults));
  const seen = new Set<string>();
  checks.forEach((check, index) => {
    if (seen.has(check.name))
      throw new InputError(
        `checks[${index}].name`,
        `'${check.name}' is used by an earlier check; names must be unique`,
        `name: ${check.name}-2`,
      );
    seen.add(check.name);
  });
  return checks;
}

/**
 * `Name: value` lines. Unlike the kit's map reader, a bad line is not quoted
 * back: it may hold an API key that is not masked yet.
 */
function readHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const colon = line.indexOf(':');
    const name = line.slice(0, Math.max(colon, 0)).trim();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new InputError(
        'headers',
        `line ${index + 1} is not 'Name: value' (the line is not shown: it may hold a secret)`,
        'headers: |\n  X-Api-Key: ${{ secrets.API_KEY }}',
      );
    }
    headers[name] = line.slice(colon + 1).trim();
  });
  return headers;
}

/** aws-kit is loaded only for Lambda checks, keeping the entry file of HTTP-only runs small. */
async function lambdaRegion(input: string | undefined, env: Env): Promise<string> {
  const { resolveRegion } = await import('@mlship/aws-kit');
  return resolveRegion(input, env);
}

function readProxy(value: string | undefined): string | undefined {
  if (value === undefined || value === 'none') return value;
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    url = undefined;
  }
  // The value may carry a password: it is never echoed.
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new InputError(
      'proxy',
      'must be an http(s) proxy URL or none (the value is not shown: it may hold a password)',
      'proxy: http://proxy.internal:3128',
    );
  }
  return url.href.replace(/\/$/, '');
}

/** A proxy password is masked like any other secret. */
function proxySecrets(proxy: string | undefined): string[] {
  if (!proxy || proxy === 'none') return [];
  const url = new URL(proxy);
  return url.password ? [decodeURIComponent(url.password), url.password] : [];
}

function readCaFile(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const problem = regularFileProblem(path);
  if (problem) throw new InputError('ca-file', `${problem} (${path})`, 'ca-file: certs/internal-ca.pem');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(
      'ca-file',
      `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (${path})`,
      'ca-file: certs/internal-ca.pem',
    );
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InputError('ca-file', `is not a PEM certificate file: ${path}`, 'ca-file: certs/internal-ca.pem');
  }
  return text;
}
