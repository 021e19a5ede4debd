import { ActionFailure, isAbort } from '@mlship/action-kit';
import { awsErrorCode, awsHttpStatus } from './errors';

export type TransientKind = 'throttled' | 'transient';

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded', 'ThrottledException']);
const NETWORK = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|socket hang up|timed? ?out|network/i;

/**
 * Whether an AWS call failed for a passing reason worth another try:
 * throttling (429), a service error (5xx), or the network (reset, refused,
 * a request timeout). Undefined for everything else, and for an aborted call:
 * a cancel or a passed deadline is never retried.
 */
export function transientKind(err: unknown): TransientKind | undefined {
  if (isAbort(err)) return undefined;
  const code = awsErrorCode(err) ?? '';
  const status = awsHttpStatus(err);
  if (THROTTLING.has(code) || status === 429) return 'throttled';
  if (status !== undefined && status >= 500) return 'transient';
  const errno = String((err as { code?: unknown } | undefined)?.code ?? '');
  const message = (err as Error | undefined)?.message ?? '';
  if (status === undefined && (NETWORK.test(message) || NETWORK.test(code) || NETWORK.test(errno))) return 'transient';
  return undefined;
}

/** `ServiceException (HTTP 500)`, `TimeoutError`: the short name of a failure for retry logs. */
export function failureName(err: unknown): string {
  const status = awsHttpStatus(err);
  return `${awsErrorCode(err) ?? 'network error'}${status ? ` (HTTP ${status})` : ''}`;
}

/** An AWS failure explained for the user that a later attempt may not repeat. */
export class TransientAwsFailure extends ActionFailure {
  constructor(
    message: string,
    readonly kind: TransientKind,
  ) {
    super(message);
  }
}
