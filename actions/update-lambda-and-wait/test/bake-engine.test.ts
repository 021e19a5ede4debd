// The bake engine on virtual time, with in-memory ports: the schedule
// (windows judged only after metrics-delay, the final shift after the last
// judgement), the rules, and what happens on a breach, a cancel and a
// foreign change. The same engine against the local stack is covered in
// test/integration/lambda-bake.test.ts.
import { ActionFailure, CancelledError, recordingLog, virtualTime } from '@mlship/action-kit';
import { runBake, startProgress, type BakeProgress } from '../src/bake/engine';
import { sameRouting } from '../src/alias/weights';
import { AliasChangedError, type AliasView } from '../src/alias/writer';
import { type AliasPort, type CustomQuery, type MetricsPort, type VersionNumbers, type WindowQuery } from '../src/bake/ports';
import { parseMetricRules } from '../src/bake/metric-rules';
import type { ProbeResult } from '../src/bake/probes';
import type { BakeSettings } from '../src/bake/settings';
import { bakeSettings } from '../../../test/support/bake-settings';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;

const settings = (overrides: Partial<BakeSettings> = {}): BakeSettings =>
  bakeSettings({
    steps: [
      { weight: 10, bakeMs: 5 * MIN },
      { weight: 50, bakeMs: 10 * MIN },
    ],
    maxErrorRate: 0.01,
    maxLatency: { stat: 'p99', kind: 'relative', percent: 20 },
    ...overrides,
  });

/** An alias with a revision that changes on every write, and a write log. */
function fakeAlias(clock: { now(): number }, start: Record<string, number> = {}) {
  let revision = 1;
  let view: AliasView = { version: '4', weights: { ...start }, revisionId: 'r1' };
  const writes: Array<{ at: number; version: string; weights: Record<string, number> }> = [];
  const port: AliasPort = {
    async read() {
      return { ...view, weights: { ...view.weights } };
    },
    async write(version, weights, revisionId) {
      if (revisionId !== view.revisionId) throw new AliasChangedError({ ...view });
      view = { version, weights: { ...weights }, revisionId: `r${++revision}` };
      writes.push({ at: clock.now() - T0, version, weights });
      return { ...view };
    },
  };
  return {
    port,
    writes,
    current: () => view,
    /** Someone else's write. */
    foreign(version: string, weights: Record<string, number> = {}) {
      view = { version, weights, revisionId: `r${++revision}-other` };
    },
  };
}

type Numbers = (q: WindowQuery, version: string) => VersionNumbers;
const steady: Numbers = () => ({ invocations: 100, errors: 0, latencyMs: 200 });

type Custom = (q: WindowQuery, c: CustomQuery) => number | undefined;

function fakeMetrics(
  clock: { now(): number },
  numbers: Numbers = steady,
  alarmStates: () => Record<string, string> = () => ({}),
  custom: Custom = () => undefined,
) {
  const reads: Array<{ at: number; start: number; end: number; custom?: CustomQuery[] }> = [];
  const port: MetricsPort = {
    async window(q) {
      reads.push({ at: clock.now() - T0, start: q.startMs - T0, end: q.endMs - T0, ...(q.custom?.length ? { custom: q.custom } : {}) });
      return { versions: Object.fromEntries(q.versions.map((v) => [v, numbers(q, v)])), custom: (q.custom ?? []).map((c) => custom(q, c)) };
    },
    async alarms() {
      return alarmStates();
    },
  };
  return { port, reads };
}

type Probe = (at: number) => ProbeResult;

function harness(
  s: BakeSettings,
  numbers?: Numbers,
  alarmStates?: () => Record<string, string>,
  startAt = T0,
  custom?: Custom,
  probe?: Probe,
  startWeights: Record<string, number> = {},
) {
  const time = virtualTime(startAt);
  const alias = fakeAlias(time.clock, startWeights);
  const metrics = fakeMetrics(time.clock, numbers, alarmStates, custom);
  const log = recordingLog();
  const progress = startProgress(s);
  const controller = new AbortController();
  const saved: Array<{ version: string; open: boolean }> = [];
  const probes: Array<{ at: number; version: string; payload: string }> = [];
  const probePort = probe
    ? {
        invoke: async (version: string, payload: string) => {
          probes.push({ at: time.clock.now() - T0, version, payload });
          return probe(time.clock.now() - T0);
        },
      }
    : undefined;
  const run = () =>
    runBake(
      s,
      { functionName: 'fn', alias: 'live', newVersion: '5', start: { version: '4', weights: { ...startWeights }, revisionId: 'r1' } },
      {
        clock: time.clock,
        sleep: time.sleep,
        signal: controller.signal,
        alias: alias.port,
        metrics: metrics.port,
        ...(probePort ? { probes: probePort } : {}),
        log,
        onAliasWritten: (view, open) => saved.push({ version: view.version, open }),
      },
      progress,
    );
  return { time, alias, metrics, log, progress, controller, run, saved, probes };
}

const verdicts = (p: BakeProgress) => p.timeline.windows.map((w) => w.verdict);

describe('a 15-minute bake on a virtual clock', () => {
  it('shifts 10%, then 50%, judges all 15 windows after metrics-delay, each step passed only once all its windows are judged, then promotes', async () => {
    const h = harness(settings());
    const wall = performance.now();
    await h.run();
    expect(performance.now() - wall).toBeLessThan(1000);
    expect(h.alias.writes).toEqual([
      { at: 0, version: '4', weights: { '5': 0.1 } },
      // Step 1 ends at 5m; its last window's data is complete at 7m: only then is it passed and 50% follows.
      { at: 7 * MIN, version: '4', weights: { '5': 0.5 } },
      // Step 2's last window ends at 17m; its data is complete at 19m: only then 100%.
      { at: 19 * MIN, version: '5', weights: {} },
    ]);
    expect(h.alias.current()).toMatchObject({ version: '5', weights: {} });
    expect(h.saved.map((x) => x.open)).toEqual([true, true, false]);
    expect(h.progress.timeline.result).toBe('promoted');
    expect(verdicts(h.progress)).toEqual(Array(15).fill('healthy'));
    // Every window was read only once its end + metrics-delay had passed.
    for (const read of h.metrics.reads) expect(read.at).toBeGreaterThanOrEqual(read.end + 2 * MIN);
    expect(h.metrics.reads).toHaveLength(15);
    expect(h.progress.timeline.windows[5]).toMatchObject({ step: 2, weight: 50, start: new Date(T0 + 7 * MIN).toISOString() });
    expect(h.progress.timeline.windows[14]?.evidence?.sentence).toBe(
      "0 errors in 1000 invocations (0%) at the step's end: the rate is at or under 1%: passed",
    );
  });

  it('folds the sliver before the first minute edge into the first window, so it is never judged on seconds of traffic', async () => {
    // The split lands at 12:00:55: the new version's calls are counted only from then on.
    const split = T0 + 55_000;
    const numbers: Numbers = (q, v) => {
      const seconds = (q.endMs - Math.max(q.startMs, v === '5' ? split : q.startMs)) / 1000;
      return { invocations: Math.round(seconds), errors: 0, latencyMs: 200 };
    };
    const h = harness(settings(), numbers, undefined, split);
    await h.run();
    const [first, second] = h.progress.timeline.windows;
    expect(first).toMatchObject({ start: new Date(T0).toISOString(), end: new Date(T0 + 2 * MIN).toISOString(), verdict: 'healthy' });
    expect(first?.new.invocations).toBe(65);
    expect(second).toMatchObject({ start: new Date(T0 + 2 * MIN).toISOString() });
    expect(verdicts(h.progress)).not.toContain('insufficient-traffic');
    expect(h.progress.timeline.result).toBe('promoted');
  });

  it('rolls back at the first window whose data breaks the bar, as soon as that data is in', async () => {
    // Errors from minute 9 on (step 2 starts at 7m): window 8 (9m-10m) is the first bad one, judged at 12m.
    const numbers: Numbers = (q, v) => ({ invocations: 100, errors: v === '5' && q.startMs >= T0 + 9 * MIN ? 8 : 0, latencyMs: 200 });
    const h = harness(settings(), numbers);
    await expect(h.run()).rejects.toThrow(
      /Window 8 \(step 2, 50% on version 5\): error rate: 8 errors in 300 invocations \(2.7%\); 95% lower bound 1.4% is over 1%: failed.*Rolled back/,
    );
    expect(h.alias.writes.at(-1)).toEqual({ at: 12 * MIN, version: '4', weights: {} });
    expect(h.progress).toMatchObject({ rolledBack: true, rollbackReason: expect.stringContaining('lower bound 1.4% is over 1%') });
    expect(h.progress.timeline.result).toBe('rolled-back');
    // Windows whose data was not in yet stay pending: never shown healthy.
    expect(verdicts(h.progress)).toEqual([...Array(7).fill('healthy'), 'breach', ...Array(7).fill('pending')]);
  });

  it('with on-failure: hold, leaves the weights and fails', async () => {
    const numbers: Numbers = (_q, v) => ({ invocations: 100, errors: 0, latencyMs: v === '5' ? 400 : 200 });
    const h = harness(settings({ onFailure: 'hold' }), numbers);
    await expect(h.run()).rejects.toThrow(
      /p99 400ms > previous 200ms \+20% \(240ms\).*left at version 4 \(90%\) and 10% on version 5 \(on-failure: hold\)/,
    );
    expect(h.alias.current()).toMatchObject({ version: '4', weights: { '5': 0.1 } });
    expect(h.progress.timeline.result).toBe('held');
    expect(h.progress.rolledBack).toBe(false);
    // The post step's safety net is told the split is wanted now.
    expect(h.saved.at(-1)).toEqual({ version: '4', open: false });
  });
});

describe('rules', () => {
  // One step of 5 one-minute windows with 30 calls each at max-error-rate 2%, as sparse production traffic.
  const sparse = (overrides: Partial<BakeSettings> = {}) =>
    settings({ steps: [{ weight: 10, bakeMs: 5 * MIN }], maxErrorRate: 0.02, maxLatency: undefined, minInvocations: 30, ...overrides });

  it('1 error in 30 at 2% goes on, and is promoted when the later windows are clean', async () => {
    const h = harness(sparse(), (q, v) => ({ invocations: 30, errors: v === '5' && q.startMs === T0 ? 1 : 0 }));
    await h.run();
    expect(h.progress.timeline.result).toBe('promoted');
    expect(h.progress.timeline.windows[0]?.evidence).toMatchObject({
      invocations: 30,
      errors: 1,
      sentence: '1 error in 30 invocations (3.3%); 95% lower bound 0.6% is under 2%: not yet conclusive',
    });
    expect(h.progress.timeline.windows[4]?.evidence?.sentence).toBe(
      "1 error in 150 invocations (0.7%) at the step's end: the rate is at or under 2%: passed",
    );
  });

  it('10 errors in 30 at 2% rolls back in the first window', async () => {
    const h = harness(sparse(), (_q, v) => ({ invocations: 30, errors: v === '5' ? 10 : 0 }));
    await expect(h.run()).rejects.toThrow(
      /Window 1 .*10 errors in 30 invocations \(33.3%\); 95% lower bound 19.2% is over 2%: failed.*Rolled back/,
    );
    // Window 1 ends at 1m; its data is complete at 3m.
    expect(h.alias.writes.at(-1)).toEqual({ at: 3 * MIN, version: '4', weights: {} });
  });

  it('at the step end: exactly at the limit passes, over it fails even when no window was conclusive', async () => {
    const atLimit = harness(sparse(), (q, v) => ({ invocations: 30, errors: v === '5' && q.startMs % (2 * MIN) === 0 ? 1 : 0 }));
    await atLimit.run();
    expect(atLimit.progress.timeline.windows[4]?.evidence?.sentence).toBe(
      "3 errors in 150 invocations (2%) at the step's end: the rate is at or under 2%: passed",
    );
    const over = harness(sparse(), (q, v) => ({ invocations: 30, errors: v === '5' && q.startMs < T0 + 4 * MIN ? 1 : 0 }));
    await expect(over.run()).rejects.toThrow(
      /Step 1 .*4 errors in 150 invocations \(2.7%\) at the step's end: the rate is over 2%: failed/,
    );
    expect(verdicts(over.progress)).toEqual(['healthy', 'healthy', 'healthy', 'healthy', 'breach']);
  });

  it('previous +1%: judged against the previous version in the same windows', async () => {
    // The previous version fails 5% of its calls; the new one 4.7%: not worse by a point.
    const same = harness(sparse({ maxErrorRate: undefined, errorRateOverPrevious: 0.01 }), (_q, v) =>
      v === '5' ? { invocations: 30, errors: ((_q.startMs - T0) / MIN) % 3 === 0 ? 2 : 1 } : { invocations: 300, errors: 15 },
    );
    await same.run();
    expect(same.progress.timeline.result).toBe('promoted');
    const worse = harness(sparse({ maxErrorRate: undefined, errorRateOverPrevious: 0.01 }), (_q, v) =>
      v === '5' ? { invocations: 30, errors: 9 } : { invocations: 300, errors: 15 },
    );
    await expect(worse.run()).rejects.toThrow(
      /Window 1 .*against 15 errors in 300 invocations \(5%\) on the previous version.*is over \+1 point: failed/,
    );
  });

  it('a custom metric over its limit rolls back; its dimensions carry the new version, alias and function', async () => {
    const metricRules = parseMetricRules(['MLService/PredictionErrors Sum <= 5 ModelVersion={version} Alias={alias} Fn={function}']);
    const h = harness(sparse({ metricRules }), undefined, undefined, T0, (q) => (q.startMs >= T0 + 2 * MIN ? 9 : 2));
    await expect(h.run()).rejects.toThrow(/Window 3 .*MLService\/PredictionErrors Sum <= 5 .*: 9 does not keep it.*Rolled back/);
    expect(h.metrics.reads[0]?.custom).toEqual([
      {
        namespace: 'MLService',
        metric: 'PredictionErrors',
        stat: 'Sum',
        dimensions: [
          { name: 'ModelVersion', value: '5' },
          { name: 'Alias', value: 'live' },
          { name: 'Fn', value: 'fn' },
        ],
      },
    ]);
    expect(h.progress.timeline.windows[0]?.metrics).toEqual([{ rule: metricRules[0]?.text, value: 2, passed: true }]);
  });

  it('a custom metric without a data point is no data: warn goes on, fail fails', async () => {
    const metricRules = parseMetricRules(['MLService/ScoreLatency p95 < 300 Version={version}']);
    const warn = harness(sparse({ metricRules }));
    await warn.run();
    expect(warn.progress.timeline.result).toBe('promoted');
    expect(warn.progress.timeline.windows[0]).toMatchObject({
      verdict: 'insufficient-traffic',
      reason: expect.stringMatching(/^no data for MLService/),
    });
    const fail = harness(sparse({ metricRules, insufficientTraffic: 'fail' }));
    await expect(fail.run()).rejects.toThrow(/Window 1 .*no data for MLService\/ScoreLatency p95 < 300 .*insufficient-traffic: fail/);
  });

  const crash: ProbeResult = {
    status: 200,
    functionError: 'Unhandled',
    body: '{"errorType":"ValueError","errorMessage":"model file\\u001b[31m missing <b>"}',
  };
  const fine: ProbeResult = { status: 200, body: '{"score":0.9}' };
  const noTraffic: Numbers = () => ({ invocations: 0, errors: 0 });

  it('a failed probe before the first shift stops the deploy before any traffic moves', async () => {
    const h = harness(sparse({ probe: { payload: '{"text":"hi"}', count: 2 } }), noTraffic, undefined, T0, undefined, () => crash);
    await expect(h.run()).rejects.toThrow(
      /not started: a probe of version 5 failed before any traffic moved \(FunctionError Unhandled: ValueError: model file missing <b>\)/,
    );
    expect(h.alias.writes).toEqual([]);
    expect(h.probes).toEqual([
      { at: 0, version: '5', payload: '{"text":"hi"}' },
      { at: 0, version: '5', payload: '{"text":"hi"}' },
    ]);
    expect(h.progress.timeline.probes).toMatchObject({ sent: 2, failed: 2, firstError: expect.stringContaining('ValueError') });
  });

  it('a version with no traffic that starts crashing is rolled back at the first probe that fails', async () => {
    // Healthy at first; from 2m30s every call crashes. Probes run every interval (1m): the one at 3m fails.
    const h = harness(sparse({ probe: { payload: '{}', count: 1 } }), noTraffic, undefined, T0, undefined, (at) =>
      at >= 150_000 ? crash : fine,
    );
    await expect(h.run()).rejects.toThrow(
      /Step 1 .*a probe failed \(FunctionError Unhandled: .*\); error rate: 1 error in 3 invocations.*failed.*Rolled back/,
    );
    expect(h.alias.writes.at(-1)).toEqual({ at: 3 * MIN, version: '4', weights: {} });
    expect(h.progress.timeline.probes).toMatchObject({ sent: 4, failed: 1 });
  });

  it('healthy probes count as invocations of the step', async () => {
    const h = harness(sparse({ probe: { payload: '{}', count: 6 }, minInvocations: 30 }), noTraffic, undefined, T0, undefined, () => fine);
    await h.run();
    expect(h.progress.timeline.result).toBe('promoted');
    // 1 + 5 rounds of 6 probes before the step's end (the one at 0 is before the shift and not in the step).
    expect(h.log.lines.some((l) => l.level === 'warning' && /fewer than min-invocations/.test(l.message))).toBe(false);
  });

  it('failure-limit tolerates that many slow windows, and fails at the next', async () => {
    const slowAt = [T0 + MIN, T0 + 3 * MIN];
    const numbers: Numbers = (q, v) => ({ invocations: 30, errors: 0, latencyMs: v === '5' && slowAt.includes(q.startMs) ? 900 : 100 });
    const lenient = harness(sparse({ maxLatency: { stat: 'p99', kind: 'absolute', ms: 500 }, failureLimit: 2 }), numbers);
    await lenient.run();
    expect(lenient.progress.timeline.result).toBe('promoted');
    expect(verdicts(lenient.progress)).toEqual(['healthy', 'breach', 'healthy', 'breach', 'healthy']);
    const strict = harness(sparse({ maxLatency: { stat: 'p99', kind: 'absolute', ms: 500 }, failureLimit: 1 }), numbers);
    await expect(strict.run()).rejects.toThrow(/Window 4 .*p99 900ms > 500ms \(failed window 2, failure-limit 1\)/);
  });

  it('an absolute latency bar', async () => {
    const h = harness(settings({ maxLatency: { stat: 'p90', kind: 'absolute', ms: 1500 } }), (_q, v) => ({
      invocations: 50,
      errors: 0,
      latencyMs: v === '5' ? 1600 : 100,
    }));
    await expect(h.run()).rejects.toThrow(/p90 1600ms > 1500ms/);
  });

  it('an alarm in ALARM fails at the next check, before any window is due', async () => {
    const h = harness(settings({ alarms: ['model-errors'] }), steady, () => ({
      'model-errors': h.time.clock.now() >= T0 + 90_000 ? 'ALARM' : 'OK',
    }));
    await expect(h.run()).rejects.toThrow(/alarm model-errors in ALARM.*Rolled back/);
    expect(h.alias.writes.at(-1)).toMatchObject({ at: 2 * MIN, version: '4', weights: {} });
    expect(h.progress.timeline.windows[2]).toMatchObject({ verdict: 'breach', alarms: [{ name: 'model-errors', state: 'ALARM' }] });
  });

  it('does not start when an alarm does not exist or already fires', async () => {
    const missing = harness(settings({ alarms: ['nope'] }));
    await expect(missing.run()).rejects.toThrow(/not started: alarm nope does not exist/);
    expect(missing.alias.writes).toEqual([]);
    const firing = harness(settings({ alarms: ['a'] }), steady, () => ({ a: 'ALARM' }));
    await expect(firing.run()).rejects.toThrow(/not started: alarm a is already in ALARM/);
    expect(firing.alias.writes).toEqual([]);
  });

  it('alarms-already-firing: ignore reports the alarm and counts it only once it has been OK', async () => {
    // Firing at the start (the old version's fault); OK from 2m30s; firing again from 4m30s: that one counts.
    const state = (at: number) => (at < 150_000 || at >= 270_000 ? 'ALARM' : 'OK');
    const h = harness(settings({ alarms: ['model-errors'], alarmsAlreadyFiring: 'ignore' }), steady, () => ({
      'model-errors': state(h.time.clock.now() - T0),
    }));
    await expect(h.run()).rejects.toThrow(/alarm model-errors in ALARM.*Rolled back/);
    expect(h.alias.writes.at(-1)).toMatchObject({ at: 5 * MIN, version: '4' });
    // The check at 1m marks the window open then (1m-2m).
    expect(h.progress.timeline.windows[1]?.alarms).toEqual([{ name: 'model-errors', state: 'ALARM (since before the bake, not counted)' }]);
    expect(h.progress.timeline.rules).toContain('already in ALARM at the start, not counted until OK once: model-errors');
    expect(h.log.lines.some((l) => l.level === 'warning' && /already in ALARM.*alarms-already-firing: ignore/.test(l.message))).toBe(true);
  });

  it('alarms-already-firing: ignore promotes when the old alarm never clears', async () => {
    const h = harness(settings({ alarms: ['model-errors'], alarmsAlreadyFiring: 'ignore' }), steady, () => ({ 'model-errors': 'ALARM' }));
    await h.run();
    expect(h.progress.timeline.result).toBe('promoted');
  });

  it('says when windows were widened to 1 minute for real CloudWatch', async () => {
    const h = harness(settings({ intervalWidenedFromMs: 10_000 }));
    await h.run();
    expect(h.log.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      'analysis-interval 10.0s is under 1 minute: windows are widened to 1 minute and aligned to whole minutes, as Lambda publishes its metrics per minute',
    ]);
  });

  it('too little traffic is counted per step: warn goes on unjudged; exactly min-invocations is judged; fail rolls back', async () => {
    // One call a minute: step 1 (5 windows) sees 5, step 2 (10 windows) exactly 10 = min-invocations.
    const thin: Numbers = () => ({ invocations: 1, errors: 0, latencyMs: 100 });
    const warn = harness(settings(), thin);
    await warn.run();
    expect(warn.progress.timeline.result).toBe('promoted');
    expect(verdicts(warn.progress)).toEqual([...Array(4).fill('healthy'), 'insufficient-traffic', ...Array(10).fill('healthy')]);
    expect(warn.log.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      expect.stringMatching(
        /Step 1 .*5 invocations of the new version in the step, fewer than min-invocations \(10\).*insufficient-traffic: warn/,
      ),
    ]);
    expect(warn.progress.timeline.windows[14]?.evidence?.sentence).toMatch(/0 errors in 10 invocations .*passed/);
    const fail = harness(settings({ insufficientTraffic: 'fail' }), thin);
    await expect(fail.run()).rejects.toThrow(
      /5 invocations of the new version in the step, fewer than min-invocations \(10\) \(insufficient-traffic: fail\)/,
    );
    expect(fail.progress.rolledBack).toBe(true);
  });
});

describe('concurrency and cancellation', () => {
  it('stops without writing when someone else changed the alias mid-bake', async () => {
    const h = harness(settings(), (q, v) => {
      // Another run promotes its own version 6 while window 3 is being judged.
      if (q.startMs === T0 + 2 * MIN && v === '5') h.alias.foreign('6');
      return steady(q, v);
    });
    await expect(h.run()).rejects.toThrow(/changed by someone else.*now points at version 6 \(100%\).*without touching it/);
    expect(h.alias.current()).toMatchObject({ version: '6', weights: {} });
    expect(h.alias.writes.every((w) => w.version !== '4' || Object.keys(w.weights).length > 0)).toBe(true);
    expect(h.progress.timeline.result).toBe('stopped');
  });

  it('does not roll back over a foreign change either', async () => {
    const h = harness(settings(), (q, v) => {
      if (v === '5' && q.startMs === T0 + 3 * MIN) h.alias.foreign('6');
      return { invocations: 100, errors: q.startMs === T0 + 3 * MIN && v === '5' ? 50 : 0, latencyMs: 200 };
    });
    await expect(h.run()).rejects.toThrow(/50 errors in 400 invocations.*failed.*not rolled back: the alias was changed by someone else/);
    expect(h.alias.current().version).toBe('6');
  });

  it('a cancel mid-bake puts the alias back to the previous version', async () => {
    const h = harness(settings(), (q, v) => {
      if (q.startMs === T0 + 8 * MIN) h.controller.abort(new CancelledError());
      return steady(q, v);
    });
    await expect(h.run()).rejects.toBeInstanceOf(CancelledError);
    expect(h.alias.current()).toMatchObject({ version: '4', weights: {} });
    expect(h.progress).toMatchObject({ rolledBack: true, timeline: { result: 'cancelled' } });
  });

  it('after inconclusive-limit failed metrics reads in a row, fails as metrics unavailable, asking for the same window each time', async () => {
    const h = harness(settings());
    const asked: number[] = [];
    h.metrics.port.window = async (q) => {
      asked.push(q.startMs - T0);
      throw Object.assign(new Error('<html><body>User is not authorized</body></html>'), { name: 'AccessDenied' });
    };
    const err = await h.run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionFailure);
    expect((err as Error).message).toMatch(/metrics unavailable: CloudWatch GetMetricData, AccessDenied.*Rolled back/);
    expect((err as Error).message).not.toMatch(/html|authorized/);
    expect(asked).toEqual([0, 0, 0]);
    // Window 1 is due at 3m; asked again at 4m and 5m; the third failure ends it.
    expect(h.alias.writes.at(-1)).toEqual({ at: 5 * MIN, version: '4', weights: {} });
    expect(h.alias.writes.some((w) => w.version === '5')).toBe(false);
    expect(h.progress.timeline.windows[0]).toMatchObject({ verdict: 'inconclusive' });
  });

  it('one failed read holds the traffic and asks for the same window again; the bake then promotes', async () => {
    const h = harness(settings());
    const real = h.metrics.port.window.bind(h.metrics.port);
    let failures = 0;
    h.metrics.port.window = async (q, signal) => {
      if (q.startMs === T0 + 2 * MIN && failures++ === 0) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
      return real(q, signal);
    };
    await h.run();
    expect(h.progress.timeline.result).toBe('promoted');
    expect(verdicts(h.progress)).toEqual(Array(15).fill('healthy'));
    // Window 3 was due at 5m, read again at 6m; windows 4 and 5 waited behind it, so step 1 passed at 7m as before.
    expect(h.metrics.reads.filter((r) => r.start === 2 * MIN).map((r) => r.at)).toEqual([6 * MIN]);
    expect(h.alias.writes.map((w) => w.at)).toEqual([0, 7 * MIN, 19 * MIN]);
    expect(h.log.lines.some((l) => l.level === 'warning' && /inconclusive.*Throttling.*traffic stays/.test(l.message))).toBe(true);
  });

  it('a step is not passed while its last window cannot be read', async () => {
    const h = harness(settings({ inconclusiveLimit: 10 }));
    const real = h.metrics.port.window.bind(h.metrics.port);
    let failures = 0;
    h.metrics.port.window = async (q, signal) => {
      if (q.startMs === T0 + 4 * MIN && failures++ < 4) throw Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } });
      return real(q, signal);
    };
    await h.run();
    // Window 5 due at 7m, failed at 7, 8, 9 and 10m, read at 11m: the 50% step starts only then.
    expect(h.alias.writes.map((w) => w.at)).toEqual([0, 11 * MIN, 23 * MIN]);
    expect(h.log.lines.some((l) => /HTTP 503/.test(l.message))).toBe(true);
  });
});

describe('sameRouting', () => {
  it('compares version and weights', () => {
    expect(sameRouting({ version: '1', weights: { '2': 0.1 } }, { version: '1', weights: { '2': 0.1 } })).toBe(true);
    expect(sameRouting({ version: '1', weights: { '2': 0.1 } }, { version: '1', weights: {} })).toBe(false);
  });
});

describe('a bake that ends in hold, and its resume', () => {
  const held = () => settings({ steps: [{ weight: 10, bakeMs: 5 * MIN }], hold: true });

  it('ends successfully after its last step with the split kept, the post step told to leave it', async () => {
    const h = harness(held());
    await h.run();
    expect(h.alias.writes).toEqual([{ at: 0, version: '4', weights: { '5': 0.1 } }]);
    expect(h.alias.current()).toMatchObject({ version: '4', weights: { '5': 0.1 } });
    expect(h.progress.timeline.result).toBe('held');
    expect(h.progress.timeline.heldSplit).toEqual({ newVersion: '5', previousVersion: '4', weight: 10 });
    expect(h.progress.rolledBack).toBe(false);
    // The last saved state is closed: the post step does not "restore" a deliberate hold.
    expect(h.saved).toEqual([
      { version: '4', open: true },
      { version: '4', open: false },
    ]);
    // Its step was judged in full before holding: all five windows, the last one at 7m.
    expect(verdicts(h.progress)).toEqual(Array(5).fill('healthy'));
    expect(h.time.clock.now() - T0).toBe(7 * MIN);
    expect(h.log.text()).toMatch(
      /Held on purpose: alias live stays at version 4 \(90%\) and 10% on version 5\. To promote, run again with version: 5/,
    );
  });

  it('resumes from the held split: steps at or under its weight skipped, then 100%', async () => {
    const h = harness(settings(), undefined, undefined, T0, undefined, undefined, { '5': 0.1 });
    await h.run();
    expect(h.alias.writes).toEqual([
      { at: 0, version: '4', weights: { '5': 0.5 } },
      { at: 12 * MIN, version: '5', weights: {} },
    ]);
    expect(h.progress.timeline).toMatchObject({ result: 'promoted', resumedFrom: 10 });
    expect(h.progress.timeline.windows.map((w) => w.step)).toEqual(Array(10).fill(2));
    expect(h.saved.at(-1)).toEqual({ version: '5', open: false });
  });

  it('promotes at once when every step is at or under the held weight', async () => {
    const h = harness(settings({ steps: [{ weight: 10, bakeMs: 5 * MIN }] }), undefined, undefined, T0, undefined, undefined, { '5': 0.1 });
    await h.run();
    expect(h.alias.writes).toEqual([{ at: 0, version: '5', weights: {} }]);
    expect(h.progress.timeline.windows).toEqual([]);
  });

  it('a breach while holding still rolls back: hold keeps only a split that passed', async () => {
    const numbers: Numbers = (_q, v) => ({ invocations: 100, errors: v === '5' ? 30 : 0, latencyMs: 200 });
    const h = harness(held(), numbers);
    await expect(h.run()).rejects.toThrow(/Rolled back: alias live points at version 4 \(100%\)/);
    expect(h.progress.timeline.result).toBe('rolled-back');
    expect(h.progress.timeline.heldSplit).toBeUndefined();
  });
});
