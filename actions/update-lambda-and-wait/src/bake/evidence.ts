/**
 * The error-rate evidence rule, pure and without imports (the simulation
 * bench loads this file as it is). A window alone says little on sparse
 * traffic: 1 error in 30 calls is 3.3 %, yet fits a true rate of 0.1 % as
 * well as one of 17 %. So errors are summed over the current traffic step
 * and judged with a 95 % confidence bound:
 *  - absolute limit (`max-error-rate: 2%`): Wilson score interval of the
 *    new version's rate; fail at once when its lower bound is above the limit;
 *  - relative limit (`max-error-rate: previous +1%`): Newcombe's hybrid score
 *    interval (built from the two Wilson intervals) for the new rate minus the
 *    previous version's rate in the same windows; fail at once when its lower
 *    bound is above the allowed difference.
 * Until the step ends, anything else is "not yet conclusive"; at its end the
 * point estimate decides (at or under the limit passes), given enough calls.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959964;

export type ErrorLimit = { kind: 'absolute'; rate: number } | { kind: 'relative'; points: number };

/** Invocations and errors of one version summed over some windows. */
export interface Counts {
  invocations: number;
  errors: number;
}

export interface Interval {
  lower: number;
  upper: number;
}

/** Wilson score interval of errors/invocations (0..1); [0, 1] without invocations. */
export function wilson(errors: number, invocations: number, z = Z95): Interval {
  if (invocations <= 0) return { lower: 0, upper: 1 };
  const p = errors / invocations;
  const z2 = z * z;
  const centre = p + z2 / (2 * invocations);
  const spread = z * Math.sqrt((p * (1 - p)) / invocations + z2 / (4 * invocations * invocations));
  const denominator = 1 + z2 / invocations;
  // With no errors the lower bound is exactly 0 (and with all errors the upper is 1), but floating point
  // leaves a hair above 0 for many n: `max-error-rate: 0%` would fail a version that never erred.
  return {
    lower: errors <= 0 ? 0 : Math.max(0, (centre - spread) / denominator),
    upper: errors >= invocations ? 1 : Math.min(1, (centre + spread) / denominator),
  };
}

/** Newcombe's hybrid score interval for rate(a) - rate(b). */
export function differenceInterval(a: Counts, b: Counts, z = Z95): Interval {
  const pa = a.invocations > 0 ? a.errors / a.invocations : 0;
  const pb = b.invocations > 0 ? b.errors / b.invocations : 0;
  const wa = wilson(a.errors, a.invocations, z);
  const wb = wilson(b.errors, b.invocations, z);
  const d = pa - pb;
  return {
    lower: d - Math.sqrt((pa - wa.lower) ** 2 + (wb.upper - pb) ** 2),
    upper: d + Math.sqrt((wa.upper - pa) ** 2 + (pb - wb.lower) ** 2),
  };
}

/** fail: conclusive breach; pass: the step passed; open: not yet conclusive; thin: too few calls at the step's end. */
export type EvidenceState = 'fail' | 'pass' | 'open' | 'thin';

export interface ErrorEvidence {
  state: EvidenceState;
  invocations: number;
  errors: number;
  /** errors / invocations; absent without invocations. */
  rate?: number;
  /** The 95 % lower bound of the rate (absolute) or of the difference to the previous version (relative). */
  bound?: number;
  /** "3 errors in 90 invocations (3.3%); 95% lower bound 1.1% is under 2%: not yet conclusive" */
  sentence: string;
}

/** 0.0333 -> "3.3%", 0.02 -> "2%" (one decimal, no trailing zero). */
export function pct(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

const points = (fraction: number): string => `${Math.round(fraction * 1000) / 10} point${Math.round(fraction * 1000) === 10 ? '' : 's'}`;

function countText(c: Counts): string {
  const rate = c.invocations > 0 ? ` (${pct(c.errors / c.invocations)})` : '';
  return `${c.errors} error${c.errors === 1 ? '' : 's'} in ${c.invocations} invocation${c.invocations === 1 ? '' : 's'}${rate}`;
}

/**
 * The verdict on the step so far. `stepEnded`: the step's bake time is over
 * and every one of its windows was judged; only then can it pass.
 */
export function judgeErrors(limit: ErrorLimit, fresh: Counts, previous: Counts, stepEnded: boolean, minInvocations: number): ErrorEvidence {
  const base = {
    invocations: fresh.invocations,
    errors: fresh.errors,
    ...(fresh.invocations > 0 ? { rate: fresh.errors / fresh.invocations } : {}),
  };
  const rate = base.rate ?? 0;
  const counts = countText(fresh);
  let bound: number;
  let boundText: string;
  let over: boolean;
  let limitText: string;
  if (limit.kind === 'absolute') {
    bound = wilson(fresh.errors, fresh.invocations).lower;
    limitText = pct(limit.rate);
    boundText = `95% lower bound ${pct(bound)}`;
    over = rate > limit.rate;
  } else {
    bound = differenceInterval(fresh, previous).lower;
    const previousRate = previous.invocations > 0 ? previous.errors / previous.invocations : 0;
    limitText = `+${points(limit.points)}`;
    boundText = `against ${countText(previous)} on the previous version; 95% lower bound of the difference ${points(bound)}`;
    over = rate - previousRate > limit.points + 1e-12;
  }
  const allowed = limit.kind === 'absolute' ? limit.rate : limit.points;
  const tooFew = fresh.invocations < minInvocations;
  if (fresh.invocations > 0 && bound > allowed) {
    return { ...base, bound, state: 'fail', sentence: `${counts}; ${boundText} is over ${limitText}: failed` };
  }
  if (!stepEnded) {
    return {
      ...base,
      bound,
      state: 'open',
      sentence: `${counts}; ${boundText} is ${bound === allowed ? 'at' : 'under'} ${limitText}: not yet conclusive`,
    };
  }
  if (tooFew) {
    return { ...base, bound, state: 'thin', sentence: `${counts} in the step, fewer than min-invocations (${minInvocations}): not judged` };
  }
  const what = limit.kind === 'absolute' ? 'the rate' : 'the rate over the previous version';
  return over
    ? { ...base, bound, state: 'fail', sentence: `${counts} at the step's end: ${what} is over ${limitText}: failed` }
    : { ...base, bound, state: 'pass', sentence: `${counts} at the step's end: ${what} is at or under ${limitText}: passed` };
}
