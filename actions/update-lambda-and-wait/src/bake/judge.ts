/**
 * Judging one analysis window, pure: from the window's numbers, the step's
 * running tally and the rules to a verdict with its reasons. The engine reads
 * and writes; everything it decides comes from here and from decide.ts.
 */
import type { BakeVersionStats } from '@mlship/action-kit';
import { judgeErrors, type Counts, type ErrorEvidence, type ErrorLimit } from './evidence';
import { keeps } from './metric-rules';
import type { VersionNumbers } from './ports';
import type { BakeSettings } from './settings';

/** Both versions' invocations and errors summed over the judged windows of the current step. */
export interface StepTally {
  fresh: Counts;
  previous: Counts;
}

export const emptyTally = (): StepTally => ({ fresh: { invocations: 0, errors: 0 }, previous: { invocations: 0, errors: 0 } });

export function addToTally(tally: StepTally, fresh: Counts, previous: Counts): StepTally {
  return {
    fresh: { invocations: tally.fresh.invocations + fresh.invocations, errors: tally.fresh.errors + fresh.errors },
    previous: { invocations: tally.previous.invocations + previous.invocations, errors: tally.previous.errors + previous.errors },
  };
}

export function errorLimit(settings: BakeSettings): ErrorLimit | undefined {
  if (settings.errorRateOverPrevious !== undefined) return { kind: 'relative', points: settings.errorRateOverPrevious };
  if (settings.maxErrorRate !== undefined) return { kind: 'absolute', rate: settings.maxErrorRate };
  return undefined;
}

export interface WindowJudgement {
  /** insufficient-traffic: nothing failed, but the new version had no invocations to judge in this window. */
  verdict: 'healthy' | 'breach' | 'insufficient-traffic';
  fresh: BakeVersionStats;
  previous: BakeVersionStats;
  /** The step's tally including this window. */
  tally: StepTally;
  /** The error-rate evidence over the step so far (with an error rule). */
  errors?: ErrorEvidence;
  /** Latency and custom-metric rules this window broke: the window counts once toward failure-limit. */
  ruleFailures: string[];
  /** Each custom metric rule's value in this window and whether it kept the rule (no value: no data). */
  metrics: { rule: string; value?: number; passed?: boolean }[];
  /** Custom metric rules without a data point in this window: they follow insufficient-traffic. */
  noData: string[];
}

export function toStats(version: string, n: VersionNumbers | undefined, stat: string | undefined): BakeVersionStats {
  const invocations = n?.invocations ?? 0;
  const errors = n?.errors ?? 0;
  return {
    version,
    invocations,
    errors,
    ...(invocations > 0 ? { errorRate: errors / invocations } : {}),
    ...(stat && n?.latencyMs !== undefined ? { latency: { stat, ms: Math.round(n.latencyMs * 10) / 10 } } : {}),
  };
}

/** The latency rule this window's numbers break, if any. */
export function latencyFailures(settings: BakeSettings, fresh: BakeVersionStats, old: BakeVersionStats): string[] {
  const rule = settings.maxLatency;
  if (!rule || !fresh.latency) return [];
  if (rule.kind === 'absolute') return fresh.latency.ms > rule.ms ? [`${rule.stat} ${fresh.latency.ms}ms > ${rule.ms}ms`] : [];
  if (!old.latency) return [];
  const limit = old.latency.ms * (1 + rule.percent / 100);
  return fresh.latency.ms > limit
    ? [`${rule.stat} ${fresh.latency.ms}ms > previous ${old.latency.ms}ms +${rule.percent}% (${Math.round(limit * 10) / 10}ms)`]
    : [];
}

/** One window: its numbers join the step's tally; the error evidence and the per-window rules give the verdict. */
export function judgeWindow(
  settings: BakeSettings,
  tally: StepTally,
  numbers: { fresh: BakeVersionStats; previous: BakeVersionStats; custom?: (number | undefined)[] },
): WindowJudgement {
  const { fresh, previous } = numbers;
  const metrics = settings.metricRules.map((rule, i) => {
    const value = numbers.custom?.[i];
    return value === undefined ? { rule: rule.text } : { rule: rule.text, value, passed: keeps(rule, value) };
  });
  const metricFailures = metrics
    .filter((m) => m.passed === false)
    .map((m) => `${m.rule}: ${Math.round((m.value as number) * 1000) / 1000} does not keep it`);
  const noData = metrics.filter((m) => m.value === undefined).map((m) => m.rule);
  const next = addToTally(tally, fresh, previous);
  const limit = errorLimit(settings);
  const errors = limit ? judgeErrors(limit, next.fresh, next.previous, false, settings.minInvocations) : undefined;
  const ruleFailures = [...latencyFailures(settings, fresh, previous), ...metricFailures];
  const verdict =
    errors?.state === 'fail' || ruleFailures.length > 0
      ? 'breach'
      : fresh.invocations === 0 || noData.length > 0
        ? 'insufficient-traffic'
        : 'healthy';
  return { verdict, fresh, previous, tally: next, ...(errors ? { errors } : {}), ruleFailures, metrics, noData };
}
