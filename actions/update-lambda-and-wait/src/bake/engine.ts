import {
  ActionFailure,
  CancelledError,
  errorMessage,
  formatDuration,
  formatPercent,
  isAbort,
  throwIfCancelled,
  type BakeTimeline,
  type BakeVersionStats,
  type BakeWindow,
  type Clock,
  type Log,
  type Sleep,
} from '@mlship/action-kit';
import {
  AliasChangedError,
  describeAlias,
  sameAlias,
  type AliasPort,
  type AliasView,
  type MetricsPort,
  type VersionNumbers,
} from './ports';
import { describeRules, type BakeSettings } from './settings';

export interface BakeTarget {
  functionName: string;
  alias: string;
  newVersion: string;
  /** The alias as read before the bake: its version is the one traffic comes back to. */
  start: AliasView;
}

export interface BakeDeps {
  clock: Clock;
  sleep: Sleep;
  /** Aborted when the job is cancelled. */
  signal?: AbortSignal;
  alias: AliasPort;
  metrics: MetricsPort;
  log: Log;
  /** After every alias write of this run (`open` while traffic is split): the post step's safety net keeps the latest. */
  onAliasWritten?: (view: AliasView, open: boolean) => void;
  /** A signal for the one write after a cancel (the job's signal is already aborted): bounded, e.g. 4 s. */
  cleanupSignal?: () => AbortSignal | undefined;
}

/** What the bake did, filled in as it goes so a failure still reports it. */
export interface BakeProgress {
  timeline: BakeTimeline;
  rolledBack: boolean;
  rollbackReason?: string;
  /** The alias as this run last wrote or read it. */
  alias?: AliasView;
}

export function startProgress(settings: BakeSettings): BakeProgress {
  return {
    rolledBack: false,
    timeline: {
      steps: settings.steps.map((s) => ({ weight: s.weight, bakeSeconds: s.bakeMs / 1000 })),
      analysisIntervalSeconds: settings.analysisIntervalMs / 1000,
      metricsDelaySeconds: settings.metricsDelayMs / 1000,
      rules: describeRules(settings),
      windows: [],
      result: 'stopped',
    },
  };
}

/** A reason to end the bake early: a rule broken, too little traffic (fail), or numbers that could not be read. */
class BakeFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

interface OpenWindow {
  startMs: number;
  endMs: number;
  judged: boolean;
  record: BakeWindow;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Moves traffic step by step to the new version and judges each analysis
 * window by the new version's own numbers and the alarms:
 *  - a window is judged only once its data can be complete (end +
 *    metrics-delay); until then it is pending, never healthy;
 *  - alarms and the alias's revision are read once per interval; any alarm
 *    in ALARM fails at once, a foreign change of the alias stops the run;
 *  - the final shift to 100% waits until every window is judged;
 *  - on a failure: rollback (alias back to 100% previous, no routing) or
 *    hold; on a cancel: back to the previous version; every write guarded by
 *    the RevisionId read before it.
 * Resolves when promoted; throws ActionFailure otherwise (CancelledError on a cancel).
 */
export async function runBake(settings: BakeSettings, target: BakeTarget, deps: BakeDeps, progress: BakeProgress): Promise<void> {
  const { clock, sleep, signal, log } = deps;
  const { newVersion, alias: aliasName } = target;
  const previous = target.start.version;
  const interval = settings.analysisIntervalMs;
  const delay = settings.metricsDelayMs;
  const timeline = progress.timeline;
  const windows: OpenWindow[] = [];
  let current = target.start;
  progress.alias = current;
  let weight = 0;
  let nextCheck = 0;
  // Window edges on whole seconds, or whole minutes for minute-long windows: CloudWatch buckets
  // data by period from such edges, so a window then matches its buckets exactly. Steps follow
  // each other, so the aligned windows of one step start where the previous step's end.
  const unit = interval % 60_000 === 0 ? 60_000 : 1000;
  const align = (ms: number): number => Math.floor(ms / unit) * unit;

  const write = async (version: string, weights: Record<string, number>, open: boolean, bound = signal): Promise<void> => {
    current = await deps.alias.write(version, weights, current.revisionId, bound);
    progress.alias = current;
    deps.onAliasWritten?.(current, open);
  };

  const check = async (): Promise<void> => {
    const seen = await deps.alias.read(signal);
    if (!sameAlias(seen, current)) throw new AliasChangedError(seen);
    if (settings.alarms.length === 0) return;
    const states = await readAlarms();
    const now = clock.now();
    const open = windows.find((w) => w.startMs <= now && now < w.endMs) ?? windows[windows.length - 1];
    if (open) open.record.alarms = settings.alarms.map((name) => ({ name, state: states[name] ?? 'MISSING' }));
    const firing = settings.alarms.filter((name) => states[name] === 'ALARM');
    if (firing.length > 0) {
      const reason = `alarm ${firing.join(', ')} in ALARM`;
      if (open) markBreach(open, reason);
      throw new BakeFailure(reason);
    }
  };

  const readAlarms = async (): Promise<Record<string, string>> => {
    let states: Record<string, string>;
    try {
      states = await deps.metrics.alarms(settings.alarms, signal);
    } catch (err) {
      if (isAbort(err)) throw err;
      throw new BakeFailure(`could not read the alarms: ${errorMessage(err)}`);
    }
    const missing = settings.alarms.filter((name) => states[name] === undefined);
    if (missing.length > 0) throw new BakeFailure(`alarm ${missing.join(', ')} does not exist in CloudWatch (check the alarms input)`);
    return states;
  };

  const judge = async (w: OpenWindow): Promise<void> => {
    let numbers: Record<string, VersionNumbers>;
    try {
      numbers = await deps.metrics.window(
        { versions: [newVersion, previous], startMs: w.startMs, endMs: w.endMs, latencyStat: settings.maxLatency?.stat },
        signal,
      );
    } catch (err) {
      if (isAbort(err)) throw err;
      throw new BakeFailure(`could not read the metrics of window ${windows.indexOf(w) + 1}: ${errorMessage(err)}`);
    }
    w.judged = true;
    const fresh = toStats(newVersion, numbers[newVersion], settings.maxLatency?.stat);
    const old = toStats(previous, numbers[previous], settings.maxLatency?.stat);
    w.record.new = fresh;
    w.record.previous = old;
    const label = `Window ${windows.indexOf(w) + 1} (step ${w.record.step}, ${w.record.weight}% on version ${newVersion})`;
    const numbersText = `version ${newVersion}: ${statsText(fresh)}; version ${previous}: ${statsText(old)}`;
    if (fresh.invocations < settings.minInvocations) {
      const reason = `${fresh.invocations} invocation${fresh.invocations === 1 ? '' : 's'} of version ${newVersion}, fewer than min-invocations (${settings.minInvocations})`;
      if (w.record.verdict !== 'breach') {
        w.record.verdict = 'insufficient-traffic';
        w.record.reason = reason;
      }
      if (settings.insufficientTraffic === 'fail') throw new BakeFailure(`${label}: ${reason} (insufficient-traffic: fail)`);
      log.warning(`${label}: ${reason}: its rates are not judged (insufficient-traffic: warn). ${numbersText}`);
      return;
    }
    const broken = brokenRules(settings, fresh, old);
    if (broken.length > 0) {
      for (const reason of broken) markBreach(w, reason);
      log.info(`${label}: BREACH: ${broken.join('; ')}. ${numbersText}`);
      throw new BakeFailure(`${label}: ${broken.join('; ')}`);
    }
    if (w.record.verdict === 'pending') w.record.verdict = 'healthy';
    log.info(`${label}: healthy. ${numbersText}`);
  };

  /** Checks and judges on schedule until `until`; with `drain`, also until every window is judged. */
  const watch = async (until: number, drain: boolean): Promise<void> => {
    for (;;) {
      throwIfCancelled(signal);
      if (clock.now() >= nextCheck) {
        await check();
        nextCheck += interval;
        while (nextCheck <= clock.now()) nextCheck += interval;
      }
      for (const w of windows) if (!w.judged && w.endMs + delay <= clock.now()) await judge(w);
      const now = clock.now();
      const pending = windows.filter((w) => !w.judged);
      if (now >= until && (!drain || pending.length === 0)) return;
      const wakeAt = Math.min(nextCheck, ...(now < until ? [until] : []), ...pending.map((w) => w.endMs + delay));
      await sleep(Math.max(0, wakeAt - now), signal);
    }
  };

  try {
    log.info(
      `Bake of version ${newVersion} behind alias ${aliasName} (from version ${previous}): ${settings.steps.map((s) => `${s.weight}% for ${formatDuration(s.bakeMs)}`).join(', ')}, then 100%. ` +
        `Rules: ${timeline.rules.join('; ')}. Window ${formatDuration(interval)}, judged ${formatDuration(delay)} after it ends (metrics-delay).`,
    );
    if (settings.maxErrorRate === undefined && settings.maxLatency === undefined && settings.alarms.length === 0) {
      log.warning('traffic-steps without max-error-rate, max-latency or alarms: the bake only waits, nothing can fail it');
    }
    // Before any traffic moves: an alarm that does not exist or already fires is a reason not to start.
    if (settings.alarms.length > 0) {
      const states = await readAlarms().catch((err: unknown) => {
        throw err instanceof BakeFailure ? new PreflightFailure(err.reason) : err;
      });
      const firing = Object.entries(states).filter(([, state]) => state === 'ALARM');
      if (firing.length > 0)
        throw new PreflightFailure(`alarm ${firing.map(([n]) => n).join(', ')} is already in ALARM before any traffic moved`);
    }
    for (const [index, step] of settings.steps.entries()) {
      await write(previous, { [newVersion]: step.weight / 100 }, true);
      weight = step.weight;
      const stepStart = clock.now();
      const stepEnd = stepStart + step.bakeMs;
      if (index === 0) nextCheck = stepStart + interval;
      log.info(`Step ${index + 1}/${settings.steps.length}: ${describeAlias(current)} for ${formatDuration(step.bakeMs)}`);
      const lastEnd = align(stepEnd);
      // The first window of the first step begins on the edge before the split, so it may hold a
      // sliver of the new version's traffic (a split at 12:00:55 leaves it 5 s of a minute): that
      // sliver would read as too little traffic, so it joins the next window instead.
      const sliver = index === 0 && stepStart - align(stepStart) > 0 ? unit : 0;
      for (let start = align(stepStart), first = true; start < lastEnd; first = false) {
        const end = Math.min(start + interval + (first ? sliver : 0), lastEnd);
        const record: BakeWindow = {
          start: iso(start),
          end: iso(end),
          step: index + 1,
          weight: step.weight,
          new: { version: newVersion, invocations: 0, errors: 0 },
          verdict: 'pending',
        };
        timeline.windows.push(record);
        windows.push({ startMs: start, endMs: end, judged: false, record });
        start = end;
      }
      await watch(stepEnd, index === settings.steps.length - 1);
    }
    await write(newVersion, {}, false);
    weight = 100;
    timeline.result = 'promoted';
    log.info(`Promoted: alias ${aliasName} points at version ${newVersion} (100%, no routing config)`);
  } catch (err) {
    await settle(err);
  }

  async function settle(err: unknown): Promise<never> {
    if (err instanceof PreflightFailure) {
      timeline.result = 'stopped';
      throw new ActionFailure(
        `Bake of version ${newVersion} not started: ${err.message}; alias ${aliasName} left at ${describeAlias(current)}`,
      );
    }
    if (err instanceof AliasChangedError) {
      timeline.result = 'stopped';
      throw new ActionFailure(
        `Alias ${aliasName} was changed by someone else during the bake of version ${newVersion}: it now points at ${err.now ? describeAlias(err.now) : 'something this run could not read'}. ` +
          'This run stops without touching it (another deploy won; its change stays).',
      );
    }
    if (isAbort(err) && signal?.aborted) {
      timeline.result = 'cancelled';
      await restoreAfterCancel();
      throw new CancelledError();
    }
    const reason = err instanceof BakeFailure ? err.reason : `the bake stopped on an error: ${errorMessage(err)}`;
    if (settings.onFailure === 'hold') {
      timeline.result = 'held';
      // The split is now what the user asked for: the post step must not undo it.
      deps.onAliasWritten?.(current, false);
      throw new ActionFailure(
        `Bake of version ${newVersion} failed: ${reason}. Alias ${aliasName} left at ${describeAlias(current)} (on-failure: hold)`,
      );
    }
    try {
      await write(previous, {}, false, deps.cleanupSignal?.() ?? signal);
    } catch (writeErr) {
      timeline.result = writeErr instanceof AliasChangedError ? 'stopped' : 'held';
      const why =
        writeErr instanceof AliasChangedError
          ? `not rolled back: ${writeErr.message}, and that change stays`
          : `the rollback failed: ${errorMessage(writeErr)}; alias ${aliasName} may still send ${weight}% to version ${newVersion}`;
      throw new ActionFailure(`Bake of version ${newVersion} failed: ${reason}. ${why}`);
    }
    timeline.result = 'rolled-back';
    progress.rolledBack = true;
    progress.rollbackReason = reason;
    throw new ActionFailure(
      `Bake of version ${newVersion} failed: ${reason}. Rolled back: alias ${aliasName} points at version ${previous} (100%)`,
    );
  }

  async function restoreAfterCancel(): Promise<void> {
    if (sameRoutingToPrevious()) return;
    try {
      await write(previous, {}, false, deps.cleanupSignal?.());
      progress.rolledBack = true;
      progress.rollbackReason = 'cancelled during the bake';
      log.info(`Cancelled during the bake: alias ${aliasName} put back to version ${previous} (100%)`);
    } catch (err) {
      log.warning(`Cancelled during the bake; alias ${aliasName} was not put back: ${errorMessage(err)}`);
    }
  }

  function sameRoutingToPrevious(): boolean {
    return current.version === previous && Object.keys(current.weights).length === 0;
  }
}

/** A reason not to start the bake at all: nothing was shifted. */
class PreflightFailure extends Error {}

function markBreach(w: OpenWindow, reason: string): void {
  w.record.verdict = 'breach';
  w.record.reason = w.record.reason && w.record.reason !== reason ? `${w.record.reason}; ${reason}` : reason;
}

function toStats(version: string, n: VersionNumbers | undefined, stat: string | undefined): BakeVersionStats {
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

function statsText(s: BakeVersionStats): string {
  const rate = s.errorRate === undefined ? 'no invocations' : `${formatPercent(s.errorRate)} errors (${s.errors}/${s.invocations})`;
  return s.latency ? `${rate}, ${s.latency.stat} ${s.latency.ms}ms` : rate;
}

/** The rules the new version's numbers break in one window (empty when healthy). */
export function brokenRules(settings: BakeSettings, fresh: BakeVersionStats, old: BakeVersionStats): string[] {
  const broken: string[] = [];
  if (settings.maxErrorRate !== undefined && fresh.errorRate !== undefined && fresh.errorRate > settings.maxErrorRate) {
    broken.push(
      `error rate ${formatPercent(fresh.errorRate)} > ${formatPercent(settings.maxErrorRate)} (${fresh.errors}/${fresh.invocations})`,
    );
  }
  const rule = settings.maxLatency;
  if (rule && fresh.latency) {
    if (rule.kind === 'absolute' && fresh.latency.ms > rule.ms) broken.push(`${rule.stat} ${fresh.latency.ms}ms > ${rule.ms}ms`);
    if (rule.kind === 'relative' && old.latency) {
      const limit = old.latency.ms * (1 + rule.percent / 100);
      if (fresh.latency.ms > limit) {
        broken.push(
          `${rule.stat} ${fresh.latency.ms}ms > previous ${old.latency.ms}ms +${rule.percent}% (${Math.round(limit * 10) / 10}ms)`,
        );
      }
    }
  }
  return broken;
}
