/**
 * Direct Lambda invocation for `function-name` checks. The core sees only
 * LambdaInvoker; the SDK client behind it is created (and the SDK loaded) only
 * when a Lambda check exists.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { CancelledError } from '@mlship/action-kit';
import { awsErrorCode, describeAwsError } from '@mlship/aws-kit';
import { createLambdaClient } from '@mlship/aws-kit/lambda';
import { TransportError } from './types';

export interface InvokeRequest {
  functionName: string;
  qualifier?: string;
  payload?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface InvokeResult {
  statusCode: number;
  payload: string;
  functionError?: string;
  /** The last 4 KB of the execution log, decoded (LogType Tail). */
  logTail?: string;
  latencyMs: number;
}

export interface LambdaInvoker {
  invoke(req: InvokeRequest): Promise<InvokeResult>;
  close(): void;
}

/** Errors that mean "not ready yet" rather than "wrong": waited out under wait-until-up. */
const NOT_READY = new Set([
  'ResourceNotReadyException',
  'TooManyRequestsException',
  'ServiceException',
  'EC2ThrottledException',
  'TimeoutError',
  'RequestTimeout',
]);

export async function sdkLambdaInvoker(
  region: string,
  timeoutMs: number,
  now: () => number = () => performance.now(),
): Promise<LambdaInvoker> {
  // One SDK attempt per call: retries and waiting are this action's, with its own budget.
  const client: LambdaClient = await createLambdaClient({ region, maxAttempts: 1, requestTimeoutMs: timeoutMs });
  const { InvokeCommand } = await import('@aws-sdk/client-lambda');
  return {
    async invoke(req) {
      const started = now();
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), req.timeoutMs);
      const onCancel = (): void => abort.abort();
      req.signal?.addEventListener('abort', onCancel, { once: true });
      try {
        const out = await client.send(
          new InvokeCommand({
            FunctionName: req.functionName,
            Qualifier: req.qualifier,
            LogType: 'Tail',
            ...(req.payload !== undefined ? { Payload: new TextEncoder().encode(req.payload) } : {}),
          }),
          { abortSignal: abort.signal },
        );
        return {
          statusCode: out.StatusCode ?? 0,
          payload: out.Payload ? new TextDecoder().decode(out.Payload) : '',
          functionError: out.FunctionError,
          logTail: out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : undefined,
          latencyMs: now() - started,
        };
      } catch (err) {
        if (req.signal?.aborted) throw new CancelledError();
        if (abort.signal.aborted) throw new TransportError('timeout', `Invoke did not answer within ${req.timeoutMs}ms`, true);
        const code = awsErrorCode(err) ?? '';
        const networkCode = (err as NodeJS.ErrnoException).code;
        if (networkCode === 'ECONNREFUSED' || networkCode === 'ECONNRESET' || networkCode === 'ENOTFOUND') {
          throw new TransportError(
            networkCode === 'ENOTFOUND' ? 'dns' : networkCode === 'ECONNRESET' ? 'reset' : 'refused',
            `Invoke failed: ${networkCode}: ${(err as Error).message}`,
            true,
          );
        }
        throw new TransportError('aws', describeAwsError('lambda', 'InvokeFunction', err), NOT_READY.has(code), code || undefined);
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onCancel);
      }
    },
    close: () => client.destroy(),
  };
}
