import {
  ActionFailure,
  CancelledError,
  errorMessage,
  formatDuration,
  formatPercent,
  isAbort,
  throwIfCancelled,
  type BakeEvidence,
  type BakeTimeline,
  type BakeVersionStats,
  type BakeWindow,
  type Clock,
  type Log,
  type Sleep,
} from '@mlship/action-kit';
import { decideAfterProbes, decideAfterWindow, decideFaults, decideStepEnd, faultCode, type ReadFault } from './decide';
import type { ErrorEvidence } from './evidence';
import { fillDimensions } from './metric-rules';
import { sendProbes, type ProbePort } from './probes';
import { addToTally, emptyTally, judgeWindow, toStats, type StepTally, type WindowJudgement } from './judge';
import { planWindows } from './plan';
import { AliasChangedError, describeAlias, sameAlias, type AliasPort, type AliasView, type MetricsPort } from './ports';
import { describeRules, type BakeSettings, type TrafficStep } from './settings';

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
  /** The new version invoked directly (probe-payload); without it no probe is sent. */
  probes?: ProbePort;
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

/** A reason not to start the bake at all: nothing was shifted. */
class PreflightFailure extends Error {}

interface OpenWindow {
  startMs: number;
  endMs: number;
  judged: boolean;
  /** After a failed read: not asked again before this time (the next interval). */
  retryAtMs: number;
  /** 1-based, over the whole bake. */
  number: number;
  record: BakeWindow;
}

/** Failed reads in a row of one kind (metrics or alarms), and the last one's fault. */
interface FaultCount {
  inARow: number;
  last?: ReadFault;
}

/** The state of one bake: what the loop reads and writes; everything it decides comes from judge.ts and decide.ts. */
interface BakeRun {
  settings: BakeSettings;
  deps: BakeDeps;
  progress: BakeProgress;
  newVersion: string;
  previous: string;
  aliasName: string;
  functionName: string;
  current: AliasView;
  weight: number;
  nextCheckMs: number;
  windows: OpenWindow[];
  /** Windows failed by a latency rule so far (failure-limit). */
  ruleFailures: number;
  /** alarms-already-firing: ignore: alarms in ALARM at the start, not counted until they have been OK once. */
  ignoredAlarms: Set<string>;
  faults: { metrics: FaultCount; alarms: FaultCount };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Moves traffic step by step to the new version and judges it:
 *  - a window is read only once its data can be complete (end +
 *    metrics-delay), in order; until then it is pending, never healthy;
 *  - the new version's errors are summed over the step and judged on a 95 %
 *    bound (evidence.ts): a conclusive breach fails at once, a step passes
 *    at its end only when every one of its windows was judged;
 *  - a failed read leaves the window inconclusive: traffic stays, the same
 *    window is asked again at the next interval; inconclusive-limit failed
 *    reads in a row fail the bake as "metrics unavailable";
 *  - alarms and the alias's revision are read once per interval; any alarm
 *    in ALARM fails at once, a foreign change of the alias stops the run;
 *  - on a failure: rollback (alias back to 100% previous, no routing) or
 *    hold; on a cancel: back to the previous version; every write guarded by
 *    the RevisionId read before it.
 * Resolves when promoted; throws ActionFailure otherwise (CancelledError on a cancel).
 */
export async function runBake(settings: BakeSettings, target: BakeTarget, deps: BakeDeps, progress: BakeProgress): Promise<void> {
  const run: BakeRun = {
    settings,
    deps,
    progress,
    newVersion: target.newVersion,
    previous: target.start.version,
    aliasName: target.alias,
    functionName: target.functionName,
    current: target.start,
    weight: 0,
    nextCheckMs: 0,
    windows: [],
    ruleFailures: 0,
    ignoredAlarms: new Set(),
    faults: { metrics: { inARow: 0 }, alarms: { inARow: 0 } },
  };
  progress.alias = run.current;
  try {
    announce(run);
    await preflight(run);
    for (const [index, step] of settings.steps.entries()) {
      await writeAlias(run, run.previous, { [run.newVersion]: step.weight / 100 }, true);
      run.weight = step.weight;
      const stepStart = deps.clock.now();
      if (index === 0) run.nextCheckMs = stepStart + settings.analysisIntervalMs;
      deps.log.info(`Step ${index + 1}/${settings.steps.length}: ${describeAlias(run.current)} for ${formatDuration(step.bakeMs)}`);
      await bakeStep(run, index, step, stepStart);
    }
    await writeAlias(run, run.newVersion, {}, false);
    run.weight = 100;
    progress.timeline.result = 'promoted';
    deps.log.info(`Promoted: alias ${run.aliasName} points at version ${run.newVersion} (100%, no routing config)`);
  } catch (err) {
    await settle(run, err);
  }
}

function announce(run: BakeRun): void {
  const { settings, deps } = run;
  deps.log.info(
    `Bake of version ${run.newVersion} behind alias ${run.aliasName} (from version ${run.previous}): ${settings.steps.map((s) => `${s.weight}% for ${formatDuration(s.bakeMs)}`).join(', ')}, then 100%. ` +
      `Rules: ${run.progress.timeline.rules.join('; ')}. Window ${formatDuration(settings.analysisIntervalMs)}, judged ${formatDuration(settings.metricsDelayMs)} after it ends (metrics-delay).`,
  );
  if (settings.intervalWidenedFromMs !== undefined) {
    deps.log.warning(
      `analysis-interval ${formatDuration(settings.intervalWidenedFromMs)} is under 1 minute: windows are widened to 1 minute and aligned to whole minutes, as Lambda publishes its metrics per minute`,
    );
  }
  if (
    settings.maxErrorRate === undefined &&
    settings.errorRateOverPrevious === undefined &&
    !settings.maxLatency &&
    settings.alarms.length === 0
  ) {
    deps.log.warning('traffic-steps without max-error-rate, max-latency or alarms: the bake only waits, nothing can fail it');
  }
}

/** Before any traffic moves: an alarm that does not exist or already fires is a reason not to start; a failed read is asked again. */
async function preflight(run: BakeRun): Promise<void> {
  const { settings, deps } = run;
  if (settings.probe && deps.probes) {
    const tally = (run.progress.timeline.probes = { sent: 0, failed: 0 });
    const sent = await sendProbes(deps.probes, run.newVersion, settings.probe, tally, deps.signal);
    if (sent.firstError)
      throw new PreflightFailure(`a probe of version ${run.newVersion} failed before any traffic moved (${sent.firstError})`);
    deps.log.info(`Probes: ${sent.sent} of ${settings.probe.count} invokes of version ${run.newVersion} answered without error`);
  }
  if (settings.alarms.length === 0) return;
  for (;;) {
    const states = await readAlarms(run);
    if (states) {
      const missing = settings.alarms.filter((name) => states[name] === undefined);
      if (missing.length > 0)
        throw new PreflightFailure(`alarm ${missing.join(', ')} does not exist in CloudWatch (check the alarms input)`);
      const firing = settings.alarms.filter((name) => states[name] === 'ALARM');
      if (firing.length > 0 && settings.alarmsAlreadyFiring === 'fail') {
        throw new PreflightFailure(
          `alarm ${firing.join(', ')} is already in ALARM before any traffic moved (alarms-already-firing: fail; ignore them until they are OK once with alarms-already-firing: ignore)`,
        );
      }
      if (firing.length > 0) {
        for (const name of firing) run.ignoredAlarms.add(name);
        run.progress.timeline.rules.push(`already in ALARM at the start, not counted until OK once: ${firing.join(', ')}`);
        deps.log.warning(
          `Alarm ${firing.join(', ')} is already in ALARM before any traffic moved: not counted until it has been OK once (alarms-already-firing: ignore)`,
        );
      }
      return;
    }
    const verdict = decideFaults(settings, run.faults.alarms.inARow, run.faults.alarms.last);
    if (verdict.kind === 'fail') throw new PreflightFailure(verdict.reason);
    await deps.sleep(settings.analysisIntervalMs, deps.signal);
  }
}

/** One traffic step: its windows read and judged as their data comes in, then the step's own verdict. */
async function bakeStep(run: BakeRun, index: number, step: TrafficStep, stepStart: number): Promise<void> {
  const { settings, deps } = run;
  const { clock, signal } = deps;
  const interval = settings.analysisIntervalMs;
  const delay = settings.metricsDelayMs;
  const stepEnd = stepStart + step.bakeMs;
  const windows = planWindows({ stepStartMs: stepStart, bakeMs: step.bakeMs, intervalMs: interval, first: index === 0 }).map((span) =>
    openWindow(run, span, index + 1, step.weight),
  );
  let tally = emptyTally();
  for (;;) {
    throwIfCancelled(signal);
    if (clock.now() >= run.nextCheckMs) {
      await check(run);
      tally = await probe(run, tally, `Step ${index + 1} (${step.weight}% on version ${run.newVersion})`);
      run.nextCheckMs += interval;
      while (run.nextCheckMs <= clock.now()) run.nextCheckMs += interval;
    }
    // In order, and never past a window whose data could not be read: the step's clock waits for it.
    for (const w of windows) {
      if (w.judged) continue;
      if (w.endMs + delay > clock.now() || w.retryAtMs > clock.now()) break;
      const judgement = await readAndJudge(run, w, tally);
      if (!judgement) {
        w.retryAtMs = clock.now() + interval;
        break;
      }
      tally = judgement.tally;
    }
    failOnFaults(run);
    const now = clock.now();
    const unjudged = windows.filter((w) => !w.judged);
    // A step is never passed on windows that were not judged, nor while the alarms could not be read.
    if (now >= stepEnd && unjudged.length === 0 && run.faults.alarms.inARow === 0) {
      endStep(run, index, tally, windows[windows.length - 1]);
      return;
    }
    const due = unjudged[0] ? [Math.max(unjudged[0].endMs + delay, unjudged[0].retryAtMs)] : [];
    const wakeAt = Math.min(run.nextCheckMs, ...(now < stepEnd ? [stepEnd] : []), ...due);
    await deps.sleep(Math.max(0, wakeAt - now), signal);
  }
}

/** At every interval: the probes' answers join the step's tally at once; a conclusive breach fails the bake. */
async function probe(run: BakeRun, tally: StepTally, label: string): Promise<StepTally> {
  const { settings, deps } = run;
  if (!settings.probe || !deps.probes) return tally;
  const probes = (run.progress.timeline.probes ??= { sent: 0, failed: 0 });
  const sent = await sendProbes(deps.probes, run.newVersion, settings.probe, probes, deps.signal);
  if (sent.unsent > 0)
    deps.log.warning(`${sent.unsent} probe${sent.unsent === 1 ? '' : 's'} of version ${run.newVersion} got no answer: not counted`);
  const next = addToTally(tally, { invocations: sent.sent, errors: sent.failed }, { invocations: 0, errors: 0 });
  const decision = decideAfterProbes(settings, next, sent.firstError, label);
  if (decision.kind === 'fail') throw new BakeFailure(decision.reason);
  if (sent.firstError) deps.log.warning(`${label}: ${sent.failed} of ${sent.sent} probes failed (${sent.firstError}); not yet conclusive`);
  return next;
}

function openWindow(run: BakeRun, span: { startMs: number; endMs: number }, step: number, weight: number): OpenWindow {
  const record: BakeWindow = {
    start: iso(span.startMs),
    end: iso(span.endMs),
    step,
    weight,
    new: { version: run.newVersion, invocations: 0, errors: 0 },
    verdict: 'pending',
  };
  run.progress.timeline.windows.push(record);
  const w: OpenWindow = { ...span, judged: false, retryAtMs: 0, number: run.progress.timeline.windows.length, record };
  run.windows.push(w);
  return w;
}

const windowLabel = (run: BakeRun, w: OpenWindow): string =>
  `Window ${w.number} (step ${w.record.step}, ${w.record.weight}% on version ${run.newVersion})`;

/** Reads one window and judges it; undefined when the read failed (the window is then inconclusive). Throws BakeFailure on a decided failure. */
async function readAndJudge(run: BakeRun, w: OpenWindow, tally: StepTally): Promise<WindowJudgement | undefined> {
  const { settings, deps, newVersion, previous } = run;
  const stat = settings.maxLatency?.stat;
  let numbers;
  try {
    const context = { version: newVersion, alias: run.aliasName, function: run.functionName };
    const custom = settings.metricRules.map((r) => ({
      namespace: r.namespace,
      metric: r.metric,
      stat: r.stat,
      dimensions: fillDimensions(r, context),
    }));
    numbers = await deps.metrics.window(
      { versions: [newVersion, previous], startMs: w.startMs, endMs: w.endMs, latencyStat: stat, custom },
      deps.signal,
    );
    run.faults.metrics = { inARow: 0 };
  } catch (err) {
    if (isAbort(err) && deps.signal?.aborted) throw err;
    const fault: ReadFault = { service: 'CloudWatch GetMetricData', code: faultCode(err) };
    run.faults.metrics = { inARow: run.faults.metrics.inARow + 1, last: fault };
    if (w.record.verdict !== 'breach') {
      w.record.verdict = 'inconclusive';
      w.record.reason = `its metrics could not be read (${fault.service}, ${fault.code}); asked again at the next interval`;
    }
    deps.log.warning(
      `${windowLabel(run, w)}: inconclusive: the metrics could not be read (${fault.service}, ${fault.code}); traffic stays, read again in ${formatDuration(settings.analysisIntervalMs)}`,
    );
    return undefined;
  }
  w.judged = true;
  const judgement = judgeWindow(settings, tally, {
    fresh: toStats(newVersion, numbers.versions[newVersion], stat),
    previous: toStats(previous, numbers.versions[previous], stat),
    custom: numbers.custom,
  });
  recordJudgement(run, w, judgement);
  const decision = decideAfterWindow(settings, judgement, run.ruleFailures, windowLabel(run, w));
  if (judgement.ruleFailures.length > 0) run.ruleFailures++;
  if (decision.kind === 'fail') throw new BakeFailure(decision.reason);
  return judgement;
}

function recordJudgement(run: BakeRun, w: OpenWindow, j: WindowJudgement): void {
  const { record } = w;
  record.new = j.fresh;
  record.previous = j.previous;
  if (j.errors) record.evidence = evidenceOf(j.errors);
  if (j.metrics.length > 0) record.metrics = j.metrics;
  if (j.noData.length > 0 && run.settings.insufficientTraffic === 'warn') {
    run.deps.log.warning(`${windowLabel(run, w)}: no data for ${j.noData.join('; ')}: not judged (insufficient-traffic: warn)`);
  }
  const numbersText = `version ${run.newVersion}: ${statsText(j.fresh)}; version ${run.previous}: ${statsText(j.previous)}`;
  const evidenceText = j.errors ? ` Step so far: ${j.errors.sentence}.` : '';
  if (j.verdict === 'breach') {
    const reasons = [...(j.errors?.state === 'fail' ? [`error rate: ${j.errors.sentence}`] : []), ...j.ruleFailures];
    for (const reason of reasons) markBreach(record, reason);
    const tolerated = j.errors?.state !== 'fail' && run.ruleFailures < run.settings.failureLimit;
    run.deps.log.info(
      `${windowLabel(run, w)}: BREACH${tolerated ? ' (within failure-limit)' : ''}: ${reasons.join('; ')}.${evidenceText} ${numbersText}`,
    );
    return;
  }
  if (record.verdict !== 'breach') {
    record.verdict = j.verdict;
    if (j.verdict === 'insufficient-traffic')
      record.reason =
        j.noData.length > 0 ? `no data for ${j.noData.join('; ')}` : `no invocations of version ${run.newVersion} in this window`;
    else delete record.reason;
  }
  const what = j.verdict === 'healthy' ? 'healthy' : `${record.reason}, not judged`;
  run.deps.log.info(`${windowLabel(run, w)}: ${what}.${evidenceText} ${numbersText}`);
}

function evidenceOf(e: ErrorEvidence): BakeEvidence {
  return {
    invocations: e.invocations,
    errors: e.errors,
    ...(e.rate !== undefined ? { rate: e.rate } : {}),
    ...(e.bound !== undefined ? { bound: Math.round(e.bound * 1e6) / 1e6 } : {}),
    sentence: e.sentence,
  };
}

/** The step's verdict once its time is over and all its windows are judged; throws BakeFailure when it fails. */
function endStep(run: BakeRun, index: number, tally: StepTally, last: OpenWindow | undefined): void {
  const label = `Step ${index + 1} (${run.weight}% on version ${run.newVersion})`;
  const decision = decideStepEnd(run.settings, tally, label);
  if (last && decision.errors) last.record.evidence = evidenceOf(decision.errors);
  switch (decision.kind) {
    case 'pass':
      run.deps.log.info(`${label} passed${decision.errors ? `: ${decision.errors.sentence}` : ''}`);
      return;
    case 'thin':
      if (last && last.record.verdict !== 'breach') {
        last.record.verdict = 'insufficient-traffic';
        last.record.reason = decision.reason;
      }
      run.deps.log.warning(`${decision.reason}: its error rate is not judged (insufficient-traffic: warn)`);
      return;
    case 'fail':
      if (last) markBreach(last.record, decision.reason);
      throw new BakeFailure(decision.reason);
    default: {
      const never: never = decision;
      throw new Error(`unknown step decision ${String(never)}`);
    }
  }
}

function failOnFaults(run: BakeRun): void {
  for (const count of [run.faults.metrics, run.faults.alarms]) {
    const decision = decideFaults(run.settings, count.inARow, count.last);
    if (decision.kind === 'fail') throw new BakeFailure(decision.reason);
  }
}

async function writeAlias(
  run: BakeRun,
  version: string,
  weights: Record<string, number>,
  open: boolean,
  bound = run.deps.signal,
): Promise<void> {
  run.current = await run.deps.alias.write(version, weights, run.current.revisionId, bound);
  run.progress.alias = run.current;
  run.deps.onAliasWritten?.(run.current, open);
}

/** Once per interval: the alias still ours, and no alarm in ALARM. An unreadable alarm answer is counted, not decided on. */
async function check(run: BakeRun): Promise<void> {
  const { settings, deps } = run;
  const seen = await deps.alias.read(deps.signal);
  if (!sameAlias(seen, run.current)) throw new AliasChangedError(seen);
  if (settings.alarms.length === 0) return;
  const states = await readAlarms(run);
  const now = deps.clock.now();
  const open = run.windows.find((w) => w.startMs <= now && now < w.endMs) ?? run.windows[run.windows.length - 1];
  if (!states) {
    if (open) open.record.alarms = settings.alarms.map((name) => ({ name, state: 'UNREAD' }));
    return;
  }
  const missing = settings.alarms.filter((name) => states[name] === undefined);
  if (missing.length > 0) throw new BakeFailure(`alarm ${missing.join(', ')} does not exist in CloudWatch (check the alarms input)`);
  for (const name of [...run.ignoredAlarms]) {
    if (states[name] === 'OK') {
      run.ignoredAlarms.delete(name);
      deps.log.info(`Alarm ${name}, in ALARM at the start, is OK now: it counts from here on`);
    }
  }
  const ignored = (name: string) => run.ignoredAlarms.has(name) && states[name] === 'ALARM';
  if (open) {
    open.record.alarms = settings.alarms.map((name) => ({
      name,
      state: ignored(name) ? 'ALARM (since before the bake, not counted)' : (states[name] ?? 'MISSING'),
    }));
  }
  const firing = settings.alarms.filter((name) => states[name] === 'ALARM' && !ignored(name));
  if (firing.length > 0) {
    const reason = `alarm ${firing.join(', ')} in ALARM`;
    if (open) markBreach(open.record, reason);
    throw new BakeFailure(reason);
  }
}

/** The alarms' states, or undefined when the read failed (counted toward inconclusive-limit). */
async function readAlarms(run: BakeRun): Promise<Record<string, string> | undefined> {
  const { deps, settings } = run;
  try {
    const states = await deps.metrics.alarms(settings.alarms, deps.signal);
    run.faults.alarms = { inARow: 0 };
    return states;
  } catch (err) {
    if (isAbort(err) && deps.signal?.aborted) throw err;
    const fault: ReadFault = { service: 'CloudWatch DescribeAlarms', code: faultCode(err) };
    run.faults.alarms = { inARow: run.faults.alarms.inARow + 1, last: fault };
    deps.log.warning(
      `The alarms could not be read (${fault.service}, ${fault.code}): not judged this time; read again in ${formatDuration(settings.analysisIntervalMs)}`,
    );
    return undefined;
  }
}

async function settle(run: BakeRun, err: unknown): Promise<never> {
  const { deps, progress, newVersion, aliasName, previous } = run;
  const timeline = progress.timeline;
  if (err instanceof PreflightFailure) {
    timeline.result = 'stopped';
    throw new ActionFailure(
      `Bake of version ${newVersion} not started: ${err.message}; alias ${aliasName} left at ${describeAlias(run.current)}`,
    );
  }
  if (err instanceof AliasChangedError) {
    timeline.result = 'stopped';
    throw new ActionFailure(
      `Alias ${aliasName} was changed by someone else during the bake of version ${newVersion}: it now points at ${err.now ? describeAlias(err.now) : 'something this run could not read'}. ` +
        'This run stops without touching it (another deploy won; its change stays).',
    );
  }
  if (isAbort(err) && deps.signal?.aborted) {
    timeline.result = 'cancelled';
    await restoreAfterCancel(run);
    throw new CancelledError();
  }
  const reason = err instanceof BakeFailure ? err.reason : `the bake stopped on an error: ${errorMessage(err)}`;
  if (run.settings.onFailure === 'hold') {
    timeline.result = 'held';
    // The split is now what the user asked for: the post step must not undo it.
    deps.onAliasWritten?.(run.current, false);
    throw new ActionFailure(
      `Bake of version ${newVersion} failed: ${reason}. Alias ${aliasName} left at ${describeAlias(run.current)} (on-failure: hold)`,
    );
  }
  try {
    await writeAlias(run, previous, {}, false, deps.cleanupSignal?.() ?? deps.signal);
  } catch (writeErr) {
    timeline.result = writeErr instanceof AliasChangedError ? 'stopped' : 'held';
    const why =
      writeErr instanceof AliasChangedError
        ? `not rolled back: ${writeErr.message}, and that change stays`
        : `the rollback failed: ${errorMessage(writeErr)}; alias ${aliasName} may still send ${run.weight}% to version ${newVersion}`;
    throw new ActionFailure(`Bake of version ${newVersion} failed: ${reason}. ${why}`);
  }
  timeline.result = 'rolled-back';
  progress.rolledBack = true;
  progress.rollbackReason = reason;
  throw new ActionFailure(
    `Bake of version ${newVersion} failed: ${reason}. Rolled back: alias ${aliasName} points at version ${previous} (100%)`,
  );
}

async function restoreAfterCancel(run: BakeRun): Promise<void> {
  const { deps, aliasName, previous } = run;
  if (run.current.version === previous && Object.keys(run.current.weights).length === 0) return;
  try {
    await writeAlias(run, previous, {}, false, deps.cleanupSignal?.());
    run.progress.rolledBack = true;
    run.progress.rollbackReason = 'cancelled during the bake';
    deps.log.info(`Cancelled during the bake: alias ${aliasName} put back to version ${previous} (100%)`);
  } catch (err) {
    deps.log.warning(`Cancelled during the bake; alias ${aliasName} was not put back: ${errorMessage(err)}`);
  }
}

function markBreach(record: BakeWindow, reason: string): void {
  record.verdict = 'breach';
  record.reason =
    record.reason && record.reason !== reason && !record.reason.startsWith('its metrics could not')
      ? `${record.reason}; ${reason}`
      : reason;
}

function statsText(s: BakeVersionStats): string {
  const rate = s.errorRate === undefined ? 'no invocations' : `${formatPercent(s.errorRate)} errors (${s.errors}/${s.invocations})`;
  return s.latency ? `${rate}, ${s.latency.stat} ${s.latency.ms}ms` : rate;
}
