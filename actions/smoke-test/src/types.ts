/** The shapes shared by the smoke-test core: what a check is and what it observed. */
import type { JsonExpectation } from './json-rule';
import type { RedirectMode } from './redirects';
import type { SigV4Service } from './sigv4-target';

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
