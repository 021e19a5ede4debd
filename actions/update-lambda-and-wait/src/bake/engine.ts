import {
  formatDuration,
  formatPercent,
  isAbort,
  throwIfCancelled,
  type BakeEvidence,
  type BakeVersionStats,
  type BakeWindow,
  unreachable,
} from '@mlship/action-kit';
import { decideAfterProbes, decideAfterWindow, decideFaults, decideStepEnd, faultCode, type ReadFault } from './decide';
import type { ErrorEvidence } from './evidence';
import { fillDimensions } from './metric-rules';
import { sendProbes } from './probes';
import { addToTally, emptyTally, judgeWindow, toStats, type StepTally, type WindowJudgement } from './judge';
import { planWindows } from './plan';
import { describeAlias, formatShare, percentOf } from '../alias/weights';
import { type BakeSettings, type TrafficStep } from './settings';

import { check, readAlarms } from './checks';
import { settle } from './settle';
import {
  BakeFailure,
  PreflightFailure,
  markBreach,
  writeAlias,
  type BakeDeps,
  type BakeProgress,
  type BakeRun,
  type BakeTarget,
  type OpenWindow,
} from './run-state';

export { startProgress, type BakeDeps, type BakeProgress, type BakeTarget } from './run-state';
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
 * Resolves when promoted, or when the steps end in hold and the split is held;
 * throws ActionFailure otherwise (CancelledError on a cancel). A start already
 * split onto the new version (a held bake) resumes: steps at or under its weight are skipped.
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
  const resumedFrom = heldWeight(target);
  if (resumedFrom !== undefined) progress.timeline.resumedFrom = resumedFrom;
  // A resumed bake skips the steps its held split already passed.
  const steps = settings.steps.map((step, index) => ({ step, index })).filter(({ step }) => step.weight > (resumedFrom ?? 0));
  try {
    announce(run, resumedFrom);
    await preflight(run);
    for (const [position, { step, index }] of steps.entries()) {
      await writeAlias(run, run.previous, { [run.newVersion]: step.weight / 100 }, true);
      run.weight = step.weight;
      const stepStart = deps.clock.now();
      if (position === 0) run.nextCheckMs = stepStart + settings.analysisIntervalMs;
      deps.log.info(`Step ${index + 1}/${settings.steps.length}: ${describeAlias(run.current)} for ${formatDuration(step.bakeMs)}`);
      await bakeStep(run, { index, first: position === 0 }, step, stepStart);
    }
    if (settings.hold) return holdSplit(run);
    await writeAlias(run, run.newVersion, {}, false);
    run.weight = 100;
    progress.timeline.result = 'promoted';
    deps.log.info(`Promoted: alias ${run.aliasName} points at version ${run.newVersion} (100%, no routing config)`);
  } catch (err) {
    await settle(run, err);
  }
}

/** The percent of traffic the alias already sends to the new version (a held split being resumed), if any. */
function heldWeight(target: BakeTarget): number | undefined {
  const share = target.start.weights[target.newVersion];
  return share === undefined ? undefined : percentOf(share);
}

/**
 * The `hold` step: the bake ends successfully with the split as the last
 * step left it. The saved state is closed, so the post step leaves it; a
 * later run with version set promotes it (or rolls back with the previous one).
 */
function holdSplit(run: BakeRun): void {
  const { deps, progress, newVersion, previous, aliasName } = run;
  run.weight = percentOf(run.current.weights[newVersion] ?? 0);
  progress.timeline.result = 'held';
  progress.timeline.heldSplit = { newVersion, previousVersion: previous, weight: run.weight };
  deps.onAliasWritten?.(run.current, false);
  deps.log.info(
    `Held on purpose: alias ${aliasName} stays at ${describeAlias(run.current)}. ` +
      `To promote, run again with version: ${newVersion} and traffic-steps (the steps at or under ${run.weight}% are skipped); to roll back, run with version: ${previous}.`,
  );
}

function announce(run: BakeRun, resumedFrom: number | undefined): void {
  const { settings, deps } = run;
  if (resumedFrom !== undefined)
    deps.log.info(
      `Resuming the held split (${formatShare(resumedFrom / 100)} on version ${run.newVersion}): steps at or under it are skipped`,
    );
  deps.log.info(
    `Bake of version ${run.newVersion} behind alias ${run.aliasName} (from version ${run.previous}): ${settings.steps.map((s) => `${s.weight}% for ${formatDuration(s.bakeMs)}`).join(', ')}, then ${settings.hold ? 'hold the split' : '100%'}. ` +
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
async function bakeStep(
  run: BakeRun,
  { index, first }: { index: number; first: boolean },
  step: TrafficStep,
  stepStart: number,
): Promise<void> {
  const { settings, deps } = run;
  const { clock, signal } = deps;
  const interval = settings.analysisIntervalMs;
  const delay = settings.metricsDelayMs;
  const stepEnd = stepStart + step.bakeMs;
  const windows = planWindows({ stepStartMs: stepStart, bakeMs: step.bakeMs, intervalMs: interval, first }).map((span) =>
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
    default:
      return unreachable(decision);
  }
}

function failOnFaults(run: BakeRun): void {
  for (const count of [run.faults.metrics, run.faults.alarms]) {
    const decision = decideFaults(run.settings, count.inARow, count.last);
    if (decision.kind === 'fail') throw new BakeFailure(decision.reason);
  }
}

function statsText(s: BakeVersionStats): string {
  const rate = s.errorRate === undefined ? 'no invocations' : `${formatPercent(s.errorRate)} errors (${s.errors}/${s.invocations})`;
  return s.latency ? `${rate}, ${s.latency.stat} ${s.latency.ms}ms` : rate;
}
