/**
 * The shapes shared by the smoke-test core: what a check is and what it
 * observed. A leaf: it imports nothing, so every other module can depend on it
 * without a cycle (the HTTP client, the redirect follower and the check parser
 * all need these names).
 */

/** `follow-redirects`: none (a 3xx is the answer), same-origin, or all. */
export const REDIRECT_MODES = ['none', 'same-origin', 'all'] as const;
export type RedirectMode = (typeof REDIRECT_MODES)[number];

/** Which service an `aws-sigv4` check signs for. */
export const SIGV4_SERVICES = ['lambda', 'execute-api'] as const;
export type SigV4Service = (typeof SIGV4_SERVICES)[number];

export type NumberOp = '>=' | '<=' | '>' | '<';
export const JSON_TYPES = ['string', 'number', 'boolean', 'null', 'array', 'object'] as const;
export type JsonType = (typeof JSON_TYPES)[number];

/** One `expect-json` rule, parsed (see checks/json-rule.ts for the forms). */
export type JsonRule =
  | { kind: 'equals'; value: unknown; negate: boolean }
  | { kind: 'compare'; op: NumberOp; bar: number }
  | { kind: 'match'; pattern: RegExp }
  | { kind: 'exists' }
  | { kind: 'absent' }
  | { kind: 'type'; type: JsonType }
  | { kind: 'length'; op: NumberOp | '==' | '!='; bar: number };

export interface JsonExpectation {
  expression: string;
  rule: JsonRule;
  /** The rule as written, for messages: `>= 0.5`. */
  text: string;
}

export interface Expectations {
  /** Accepted statuses: exact codes and classes such as 2xx. */
  status: StatusMatcher;
  bodyContains: string[];
  /** JMESPath expression -> the rule its value must keep (equality for a plain value). */
  json: JsonExpectation[];
  /** Budget for the p95 latency of the measured requests. */
  maxLatencyMs?: number;
}

export interface StatusMatcher {
  codes: number[];
  classes: number[];
  /** As the user wrote it, for messages: `200, 2xx`. */
  text: string;
}

interface CheckBase {
  name: string;
  expect: Expectations;
  requests: number;
  warmup: number;
  timeoutMs: number;
  /** Share (0 to 1) of the measured requests allowed to fail; only with requests > 1. */
  maxErrorRate?: number;
}

export interface HttpCheck extends CheckBase {
  kind: 'http';
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  followRedirects: RedirectMode;
  /** Set when the check is signed with SigV4; the region is filled in by the inputs (host name, aws-region, env). */
  sigv4?: { service: SigV4Service; region: string };
}

export interface LambdaCheck extends CheckBase {
  kind: 'lambda';
  functionName: string;
  qualifier?: string;
  payload?: string;
}

export type Check = HttpCheck | LambdaCheck;

/** One request's outcome once it got an answer. */
export interface Observation {
  status: number;
  body: string;
  latencyMs: number;
  /** Lambda only: FunctionError (Handled/Unhandled) and the decoded log tail. */
  functionError?: string;
  logTail?: string;
  /** Why a redirect was not followed. */
  note?: string;
}

/** A request that got no usable answer (refused, reset, DNS, timeout, TLS, throttled). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: 'refused' | 'reset' | 'dns' | 'timeout' | 'tls' | 'aws' | 'other',
    message: string,
    /** Worth retrying while waiting for the endpoint to come up. */
    readonly transient: boolean,
    /** The AWS error code, shown as the check's status. */
    readonly code?: string,
  ) {
    super(message);
  }
}
