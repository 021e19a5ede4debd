/**
 * Probes: the new version invoked directly (Qualifier = the version) before
 * the first traffic shift and at every interval, so a function with little or
 * no real traffic is still judged. A FunctionError or a status other than 200
 * is an error of the new version at once (no metrics delay).
 */
import { InputError, regularFileProblem } from '@mlship/action-kit';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ProbeSettings {
  /** The JSON payload sent, as text. */
  payload: string;
  count: number;
}

/** One probe's answer. */
export interface ProbeResult {
  status: number;
  /** Lambda's X-Amz-Function-Error (Handled, Unhandled), when the function failed. */
  functionError?: string;
  /** The answer's text (the function's error payload), for the first error shown. */
  body?: string;
}

export interface ProbePort {
  invoke(version: string, payload: string, signal?: AbortSignal): Promise<ProbeResult>;
}

/** What the probes of one bake saw, for the report. */
export interface ProbeTally {
  sent: number;
  failed: number;
  firstError?: string;
}

const MAX_PAYLOAD = 256 * 1024;
const EXAMPLE = 'probe-payload: {"text": "hello"} (or @probes/payload.json)';

/** `probe-payload` as JSON text or `@path` (read from the workspace); validated JSON, at most 256 KiB. */
export function readProbePayload(text: string, cwd = process.cwd()): string {
  let payload = text.trim();
  if (payload.startsWith('@')) {
    const path = resolve(cwd, payload.slice(1));
    const problem = regularFileProblem(path);
    if (problem) throw new InputError('probe-payload', `names a file that ${problem}: '${payload.slice(1)}'`, EXAMPLE);
    if (statSync(path).size > MAX_PAYLOAD)
      throw new InputError('probe-payload', `file is larger than 256 KiB: '${payload.slice(1)}'`, EXAMPLE);
    payload = readFileSync(path, 'utf8');
  }
  if (Buffer.byteLength(payload) > MAX_PAYLOAD) throw new InputError('probe-payload', 'is larger than 256 KiB', EXAMPLE);
  try {
    JSON.parse(payload);
  } catch {
    throw new InputError('probe-payload', 'is not JSON', EXAMPLE);
  }
  return payload;
}

/** Why a probe failed, as one short line of plain text (the function's own message, bounded). */
export function probeFailure(result: ProbeResult): string | undefined {
  if (result.status === 200 && !result.functionError) return undefined;
  let message = result.body ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown; errorType?: unknown };
    if (parsed && typeof parsed.errorMessage === 'string') {
      message = typeof parsed.errorType === 'string' ? `${parsed.errorType}: ${parsed.errorMessage}` : parsed.errorMessage;
    }
  } catch {
    // Not JSON: the text as it is.
  }
  /* eslint-disable no-control-regex -- terminal escapes and control characters are what is removed */
  const clean = message
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  /* eslint-enable no-control-regex */
  const short = clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
  const what = result.functionError ? `FunctionError ${result.functionError}` : `status ${result.status}`;
  return short ? `${what}: ${short}` : what;
}

/**
 * Sends `count` probes one after the other. A call that got no answer
 * (throttled, network) is not evidence about the version: it is left out and
 * counted as unsent.
 */
export async function sendProbes(
  port: ProbePort,
  version: string,
  settings: ProbeSettings,
  tally: ProbeTally,
  signal?: AbortSignal,
): Promise<{ sent: number; failed: number; unsent: number; firstError?: string }> {
  let sent = 0;
  let failed = 0;
  let firstError: string | undefined;
  for (let i = 0; i < settings.count; i++) {
    let result: ProbeResult;
    try {
      result = await port.invoke(version, settings.payload, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      continue;
    }
    sent++;
    const why = probeFailure(result);
    if (why !== undefined) {
      failed++;
      firstError ??= why;
    }
  }
  tally.sent += sent;
  tally.failed += failed;
  if (firstError && !tally.firstError) tally.firstError = firstError;
  return { sent, failed, unsent: settings.count - sent, ...(firstError ? { firstError } : {}) };
}
