/** What the bake does next, pure: after a judged window, at a step's end, and after failed reads. */
import { judgeErrors, type ErrorEvidence, type ErrorLimit } from './evidence';
import { errorLimit, type StepTally, type WindowJudgement } from './judge';
import type { BakeSettings } from './settings';

export type Decision = { kind: 'continue' } | { kind: 'fail'; reason: string };

/**
 * After one window: a conclusive error-rate breach fails at once; rule
 * failures (latency) fail once there are more than failure-limit of them in
 * the bake. `failuresBefore` counts the earlier windows' rule failures.
 */
export function decideAfterWindow(settings: BakeSettings, judgement: WindowJudgement, failuresBefore: number, label: string): Decision {
  if (judgement.errors?.state === 'fail') return { kind: 'fail', reason: `${label}: error rate: ${judgement.errors.sentence}` };
  const failures = failuresBefore + (judgement.ruleFailures.length > 0 ? 1 : 0);
  if (judgement.ruleFailures.length > 0 && failures > settings.failureLimit) {
    const tolerated = settings.failureLimit > 0 ? ` (failed window ${failures}, failure-limit ${settings.failureLimit})` : '';
    return { kind: 'fail', reason: `${label}: ${judgement.ruleFailures.join('; ')}${tolerated}` };
  }
  if (judgement.noData.length > 0 && settings.insufficientTraffic === 'fail') {
    return { kind: 'fail', reason: `${label}: no data for ${judgement.noData.join('; ')} (insufficient-traffic: fail)` };
  }
  return { kind: 'continue' };
}

export type StepDecision =
  | { kind: 'pass'; errors?: ErrorEvidence }
  /** Fewer than min-invocations in the step with insufficient-traffic: warn: goes on, unjudged. */
  | { kind: 'thin'; reason: string; errors?: ErrorEvidence }
  | { kind: 'fail'; reason: string; errors?: ErrorEvidence };

/** At a step's end, once all its windows are judged: the accumulated evidence passes or fails it. */
export function decideStepEnd(settings: BakeSettings, tally: StepTally, stepLabel: string): StepDecision {
  const limit = errorLimit(settings);
  const errors = limit ? judgeErrors(limit, tally.fresh, tally.previous, true, settings.minInvocations) : undefined;
  if (errors?.state === 'fail') return { kind: 'fail', reason: `${stepLabel}: error rate: ${errors.sentence}`, errors };
  const n = tally.fresh.invocations;
  if (n < settings.minInvocations) {
    const reason = `${stepLabel}: ${n} invocation${n === 1 ? '' : 's'} of the new version in the step, fewer than min-invocations (${settings.minInvocations})`;
    return settings.insufficientTraffic === 'fail'
      ? { kind: 'fail', reason: `${reason} (insufficient-traffic: fail)`, ...(errors ? { errors } : {}) }
      : { kind: 'thin', reason, ...(errors ? { errors } : {}) };
  }
  return { kind: 'pass', ...(errors ? { errors } : {}) };
}

/**
 * After probes: their answers joined the step's tally as invocations and
 * errors of the new version; a conclusive breach fails at once. Without an
 * error-rate rule, any failed probe fails (a limit of 0%).
 */
export function decideAfterProbes(settings: BakeSettings, tally: StepTally, firstError: string | undefined, label: string): Decision {
  if (!firstError) return { kind: 'continue' };
  const limit: ErrorLimit = errorLimit(settings) ?? { kind: 'absolute', rate: 0 };
  const evidence = judgeErrors(limit, tally.fresh, tally.previous, false, settings.minInvocations);
  return evidence.state === 'fail'
    ? { kind: 'fail', reason: `${label}: a probe failed (${firstError}); error rate: ${evidence.sentence}` }
    : { kind: 'continue' };
}

/** A read that failed: which service, and an error code we name ourselves (never the answer's text). */
export interface ReadFault {
  service: string;
  code: string;
}

/** After `inconclusive-limit` failed reads of one kind in a row the bake fails; before, it waits. */
export function decideFaults(settings: BakeSettings, inARow: number, last: ReadFault | undefined): Decision {
  if (last && inARow >= settings.inconclusiveLimit) {
    return {
      kind: 'fail',
      reason: `metrics unavailable: ${last.service}, ${last.code} (${inARow} reads in a row failed; inconclusive-limit ${settings.inconclusiveLimit})`,
    };
  }
  return { kind: 'continue' };
}

const CODE = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

/** The error code of a failed read, as a short word: the SDK's error name, the HTTP status, or what kind of failure. */
export function faultCode(err: unknown): string {
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown }; code?: unknown } | undefined;
  const name = typeof e?.name === 'string' ? e.name : undefined;
  if (name === 'TimeoutError') return 'timeout';
  const status = e?.$metadata?.httpStatusCode;
  // The SDK's catch-all names for an answer it could not read say less than the status.
  const generic = !name || !CODE.test(name) || /^(Error|SyntaxError|TypeError|Unknown|UnknownError)$|ServiceException$/.test(name);
  if (!generic) return name;
  if (typeof status === 'number') return `HTTP ${status}`;
  if (typeof e?.code === 'string' && CODE.test(e.code)) return e.code;
  return 'unreadable answer';
}
