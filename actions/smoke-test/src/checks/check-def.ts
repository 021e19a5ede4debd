/**
 * Turns one entry of the `checks` YAML list (or the single-`url` inputs) into
 * a Check, rejecting anything wrong with the path of the field that holds it
 * (`checks[2].expect-status`), before any request is sent.
 */
import { InputError, parseDuration } from '@mlship/action-kit';
import { expressionProblem, showJson } from './json-expect';
import { parseRule, RULE_EXAMPLE } from './json-rule';
import { parseStatusMatcher } from './status';
import { regionFromHost } from '../http/sigv4-target';
import {
  REDIRECT_MODES,
  SIGV4_SERVICES,
  type Check,
  type Expectations,
  type HttpCheck,
  type RedirectMode,
  type SigV4Service,
} from '../types';

export const CHECK_FIELDS = [
  'name',
  'url',
  'method',
  'headers',
  'body',
  'function-name',
  'qualifier',
  'payload',
  'expect-status',
  'expect-body-contains',
  'expect-json',
  'max-latency-ms',
  'requests',
  'warmup',
  'timeout',
  'max-error-rate',
  'follow-redirects',
  'aws-sigv4',
] as const;

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export interface CheckDefaults {
  requests: number;
  warmup: number;
  timeoutMs: number;
  /** The max-error-rate input: applies to the checks that send more than one request. */
  maxErrorRate?: number;
  followRedirects: RedirectMode;
  /** The aws-sigv4 input: signs every HTTP check unless the check says none. */
  sigv4?: SigV4Service;
}

export const RATE_EXAMPLE = 'max-error-rate: 2%';

/** `2%`, `0.5%`, `0%` as a share from 0 to 1; a problem description otherwise. */
export function parseRate(value: unknown): number | string {
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (!match) return `must be a percentage such as 2% or 0.5%; got '${text}'`;
  const percent = Number(match[1]);
  if (percent > 100) return `must be at most 100%; got '${text}'`;
  return percent / 100;
}

const EXAMPLE = `checks: |
  - name: health
    url: https://api.example.com/health
    expect-json: { status: ok }`;

export async function parseCheck(raw: unknown, index: number, defaults: CheckDefaults): Promise<Check> {
  const at = `checks[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(at, 'must be a mapping with name and url (or function-name)', EXAMPLE);
  }
  const entry = raw as Record<string, unknown>;
  const unknownField = Object.keys(entry).find((key) => !(CHECK_FIELDS as readonly string[]).includes(key));
  if (unknownField !== undefined) {
    throw new InputError(`${at}.${unknownField}`, `is not a check field; known fields: ${CHECK_FIELDS.join(', ')}`, EXAMPLE);
  }
  const field = new Fields(entry, at);
  const hasUrl = entry['url'] !== undefined;
  const hasFunction = entry['function-name'] !== undefined;
  if (hasUrl === hasFunction) {
    throw new InputError(
      at,
      hasUrl ? 'has both url and function-name; a check is one or the other' : 'needs url (HTTP check) or function-name (Lambda check)',
      EXAMPLE,
    );
  }
  const requests = field.integer('requests', 1, 1000) ?? defaults.requests;
  const common = {
    expect: await field.expectations(),
    requests,
    warmup: field.integer('warmup', 0, 100) ?? defaults.warmup,
    timeoutMs: field.duration('timeout') ?? defaults.timeoutMs,
    maxErrorRate: field.rate(requests) ?? (requests > 1 ? defaults.maxErrorRate : undefined),
  };
  if (hasFunction) {
    for (const httpOnly of ['method', 'headers', 'body', 'follow-redirects', 'aws-sigv4'] as const) {
      if (entry[httpOnly] !== undefined)
        throw new InputError(`${at}.${httpOnly}`, 'applies to url checks only; a Lambda check takes payload', EXAMPLE);
    }
    const functionName = field.text('function-name') as string;
    const qualifier = field.text('qualifier');
    return {
      kind: 'lambda',
      name: field.text('name') ?? (qualifier ? `${functionName}:${qualifier}` : functionName),
      functionName,
      qualifier,
      payload: field.bodyText('payload'),
      ...common,
    };
  }
  for (const lambdaOnly of ['qualifier', 'payload'] as const) {
    if (entry[lambdaOnly] !== undefined)
      throw new InputError(`${at}.${lambdaOnly}`, 'applies to function-name checks only; an HTTP check takes body', EXAMPLE);
  }
  const url = checkUrl(`${at}.url`, field.text('url') as string);
  const headers = field.headers();
  const body = field.bodyText('body');
  // A body written as YAML structure is sent as JSON, so say so unless the user did.
  const structured = typeof entry['body'] === 'object' && entry['body'] !== null;
  if (structured && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'application/json';
  return {
    kind: 'http',
    name: field.text('name') ?? new URL(url).pathname,
    url,
    method: field.method(),
    headers,
    body,
    followRedirects: field.redirectMode() ?? defaults.followRedirects,
    ...signing(field.sigv4Service() ?? defaults.sigv4, url),
    ...common,
  };
}

/** The service to sign for, with the region when the host name says it (else the inputs fill it in). */
export function signing(service: SigV4Service | 'none' | undefined, url: string): Pick<HttpCheck, 'sigv4'> {
  if (service === undefined || service === 'none') return {};
  return { sigv4: { service, region: regionFromHost(service, new URL(url).hostname) ?? '' } };
}

export function checkUrl(input: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InputError(
      input,
      `must be an absolute http(s) URL; got '${value}'`,
      `${input.includes('.') ? 'url' : input}: https://api.example.com/health`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(
      input,
      `must be an http or https URL; got ${parsed.protocol.replace(':', '')}`,
      `${input.includes('.') ? 'url' : input}: https://api.example.com/health`,
    );
  }
  return value;
}

/** Reads typed fields of one check, naming `checks[i].field` in every error. */
class Fields {
  constructor(
    private readonly entry: Record<string, unknown>,
    private readonly at: string,
  ) {}

  private checkName(): string | undefined {
    const name = this.entry['name'];
    return typeof name === 'string' ? name : undefined;
  }

  private fail(name: string, problem: string, example: string): never {
    throw new InputError(`${this.at}.${name}`, problem, example);
  }

  text(name: string): string | undefined {
    const value = this.entry[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number')
      this.fail(name, `must be a string, got ${describe(value)}`, `${name}: example`);
    const text = String(value).trim();
    if (text === '') this.fail(name, 'is empty', `${name}: example`);
    if (name === 'name' && text.includes(','))
      this.fail(name, `must not contain a comma (failed-checks is a comma-separated list); got '${text}'`, 'name: predict');
    return text;
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.entry[name];
    if (value === undefined) return undefined;
    const number = Number(value);
    if (typeof value === 'boolean' || !Number.isInteger(number) || number < min || number > max) {
      this.fail(name, `must be an integer from ${min} to ${max}; got ${describe(value)}`, `${name}: ${Math.max(min, 1)}`);
    }
    return number;
  }

  duration(name: string): number | undefined {
    const value = this.entry[name];
    if (value === undefined) return undefined;
    const ms = parseDuration(String(value));
    if (ms === undefined || ms < 100 || ms > 900_000)
      this.fail(name, `must be a duration from 100ms to 15m such as 10s; got ${describe(value)}`, `${name}: 10s`);
    return ms;
  }

  /** max-error-rate of this check; it needs more than one request to mean anything. */
  rate(requests: number): number | undefined {
    const value = this.entry['max-error-rate'];
    if (value === undefined) return undefined;
    const rate = parseRate(value);
    if (typeof rate === 'string') this.fail('max-error-rate', rate, RATE_EXAMPLE);
    if (requests < 2)
      this.fail('max-error-rate', `applies to checks with requests > 1; this check sends ${requests}`, `requests: 50\n    ${RATE_EXAMPLE}`);
    return rate;
  }

  sigv4Service(): SigV4Service | 'none' | undefined {
    const value = this.entry['aws-sigv4'];
    if (value === undefined) return undefined;
    const allowed = [...SIGV4_SERVICES, 'none'];
    if (!allowed.includes(value as string))
      this.fail('aws-sigv4', `must be one of ${allowed.join(', ')}; got ${describe(value)}`, 'aws-sigv4: lambda');
    return value as SigV4Service | 'none';
  }

  redirectMode(): RedirectMode | undefined {
    const value = this.entry['follow-redirects'];
    if (value === undefined) return undefined;
    if (!(REDIRECT_MODES as readonly unknown[]).includes(value))
      this.fail('follow-redirects', `must be one of ${REDIRECT_MODES.join(', ')}; got ${describe(value)}`, 'follow-redirects: same-origin');
    return value as RedirectMode;
  }

  method(): string {
    const value = this.entry['method'];
    if (value === undefined) return 'GET';
    const method = String(value).toUpperCase();
    if (!(METHODS as readonly string[]).includes(method))
      this.fail('method', `must be one of ${METHODS.join(', ')}; got ${describe(value)}`, 'method: POST');
    return method;
  }

  headers(): Record<string, string> {
    const value = this.entry['headers'];
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(
        'headers',
        `must be a mapping of header names to values; got ${describe(value)}`,
        'headers: { X-Api-Key: "${{ secrets.API_KEY }}" }',
      );
    }
    const headers: Record<string, string> = {};
    for (const [name, headerValue] of Object.entries(value as Record<string, unknown>)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
        this.fail(`headers.${name}`, 'is not a valid header name', 'headers: { X-Api-Key: "${{ secrets.API_KEY }}" }');
      if (typeof headerValue === 'object' && headerValue !== null)
        this.fail(`headers.${name}`, 'must be a string', 'headers: { X-Api-Key: "${{ secrets.API_KEY }}" }');
      headers[name] = String(headerValue ?? '');
    }
    return headers;
  }

  /** A body or payload: a string as is, a mapping or list as JSON. */
  bodyText(name: string): string | undefined {
    const value = this.entry[name];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  async expectations(): Promise<Expectations> {
    const status = parseStatusMatcher(this.entry['expect-status'] ?? 200);
    if (typeof status === 'string') this.fail('expect-status', status, 'expect-status: [200, 201] (or 2xx)');
    const contains = this.entry['expect-body-contains'];
    let bodyContains: string[] = [];
    if (contains !== undefined) {
      const list = Array.isArray(contains) ? contains : [contains];
      if (list.some((item) => typeof item === 'object' || String(item) === ''))
        this.fail('expect-body-contains', 'must be a non-empty string or a list of strings', 'expect-body-contains: "prediction"');
      bodyContains = list.map(String);
    }
    const maxLatency = this.entry['max-latency-ms'];
    if (maxLatency !== undefined && (typeof maxLatency !== 'number' || !(maxLatency > 0))) {
      this.fail('max-latency-ms', `must be a positive number of milliseconds; got ${describe(maxLatency)}`, 'max-latency-ms: 500');
    }
    return {
      status,
      bodyContains,
      json: await parseJsonExpectations(this.entry['expect-json'], `${this.at}.expect-json`, this.checkName()),
      maxLatencyMs: maxLatency as number | undefined,
    };
  }
}

/** Shared by `checks[i].expect-json` and the top-level `expect-json` input. */
export async function parseJsonExpectations(value: unknown, input: string, checkName?: string): Promise<Expectations['json']> {
  if (value === undefined || value === null) return [];
  const example = `${input.split('.').pop()}: { status: ok, "length(predictions)": 3 }`;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(input, `must be a mapping from JMESPath expression to expected value; got ${describe(value)}`, example);
  }
  const expectations: Expectations['json'] = [];
  for (const [expression, expected] of Object.entries(value as Record<string, unknown>)) {
    const problem = await expressionProblem(expression);
    if (problem) throw new InputError(input, problem, example);
    const rule = parseRule(expected);
    if (typeof rule === 'string')
      throw new InputError(input, `${checkName ? `(check '${checkName}') ` : ''}entry '${expression}' ${rule}`, RULE_EXAMPLE);
    const plain = rule.kind === 'equals' && !rule.negate;
    expectations.push({ expression, rule, text: plain ? showJson(rule.value) : String(expected).trim() });
  }
  return expectations;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `'${String(value)}'`;
}
