// The bake engine on virtual time, with in-memory ports: the schedule
// (windows judged only after metrics-delay, the final shift after the last
// judgement), the rules, and what happens on a breach, a cancel and a
// foreign change. The same engine against the local stack is covered in
// test/integration/lambda-bake.test.ts.
import { ActionFailure, CancelledError, recordingLog, virtualTime } from '@mlship/action-kit';
import { runBake, startProgress, type BakeProgress } from '../src/bake/engine';
import {
  AliasChangedError,
  sameRouting,
  type AliasPort,
  type AliasView,
  type MetricsPort,
  type VersionNumbers,
  type WindowQuery,
} from '../src/bake/ports';
import type { BakeSettings } from '../src/bake/settings';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;

function settings(overrides: Partial<BakeSettings> = {}): BakeSettings {
  return {
    steps: [
      { weight: 10, bakeMs: 5 * MIN },
      { weight: 50, bakeMs: 10 * MIN },
    ],
    alarms: [],
    maxErrorRate: 0.01,
    maxLatency: { stat: 'p99', kind: 'relative', percent: 20 },
    analysisIntervalMs: MIN,
    metricsDelayMs: 2 * MIN,
    minInvocations: 10,
    insufficientTraffic: 'warn',
    onFailure: 'rollback',
    ...overrides,
  };
}

/** An alias with a revision that changes on every write, and a write log. */
function fakeAlias(clock: { now(): number }) {
  let revision = 1;
  let view: AliasView = { version: '4', weights: {}, revisionId: 'r1' };
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

function fakeMetrics(clock: { now(): number }, numbers: Numbers = steady, alarmStates: () => Record<string, string> = () => ({})) {
  const reads: Array<{ at: number; start: number; end: number }> = [];
  const port: MetricsPort = {
    async window(q) {
      reads.push({ at: clock.now() - T0, start: q.startMs - T0, end: q.endMs - T0 });
      return Object.fromEntries(q.versions.map((v) => [v, numbers(q, v)]));
    },
    async alarms() {
      return alarmStates();
    },
  };
  return { port, reads };
}

function harness(s: BakeSettings, numbers?: Numbers, alarmStates?: () => Record<string, string>, startAt = T0) {
  const time = virtualTime(startAt);
  const alias = fakeAlias(time.clock);
  const metrics = fakeMetrics(time.clock, numbers, alarmStates);
  const log = recordingLog();
  const progress = startProgress(s);
  const controller = new AbortController();
  const saved: Array<{ version: string; open: boolean }> = [];
  const run = () =>
    runBake(
      s,
      { functionName: 'fn', alias: 'live', newVersion: '5', start: { version: '4', weights: {}, revisionId: 'r1' } },
      {
        clock: time.clock,
        sleep: time.sleep,
        signal: controller.signal,
        alias: alias.port,
        metrics: metrics.port,
        log,
        onAliasWritten: (view, open) => saved.push({ version: view.version, open }),
      },
      progress,
    );
  return { time, alias, metrics, log, progress, controller, run, saved };
}

const verdicts = (p: BakeProgress) => p.timeline.windows.map((w) => w.verdict);

describe('a 15-minute bake on a virtual clock', () => {
  it('shifts 10%, then 50%, judges all 15 windows after metrics-delay, then promotes', async () => {
    const h = harness(settings());
    const wall = performance.now();
    await h.run();
    expect(performance.now() - wall).toBeLessThan(1000);
    expect(h.alias.writes).toEqual([
      { at: 0, version: '4', weights: { '5': 0.1 } },
      { at: 5 * MIN, version: '4', weights: { '5': 0.5 } },
      // The last window ends at 15m; its data is complete at 17m: only then 100%.
      { at: 17 * MIN, version: '5', weights: {} },
    ]);
    expect(h.alias.current()).toMatchObject({ version: '5', weights: {} });
    expect(h.saved.map((x) => x.open)).toEqual([true, true, false]);
    expect(h.progress.timeline.result).toBe('promoted');
    expect(verdicts(h.progress)).toEqual(Array(15).fill('healthy'));
    // Every window was read only once its end + metrics-delay had passed.
    for (const read of h.metrics.reads) expect(read.at).toBeGreaterThanOrEqual(read.end + 2 * MIN);
    expect(h.metrics.reads).toHaveLength(15);
    expect(h.progress.timeline.windows[5]).toMatchObject({ step: 2, weight: 50, start: new Date(T0 + 5 * MIN).toISOString() });
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
    // Errors from minute 7 on: window 8 (7m-8m) is the first bad one, judged at 10m.
    const numbers: Numbers = (q, v) => ({ invocations: 100, errors: v === '5' && q.startMs >= T0 + 7 * MIN ? 8 : 0, latencyMs: 200 });
    const h = harness(settings(), numbers);
    await expect(h.run()).rejects.toThrow(/Window 8 \(step 2, 50% on version 5\): error rate 8% > 1% \(8\/100\).*Rolled back/);
    expect(h.alias.writes.at(-1)).toEqual({ at: 10 * MIN, version: '4', weights: {} });
    expect(h.progress).toMatchObject({ rolledBack: true, rollbackReason: expect.stringContaining('error rate 8% > 1%') });
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

  it('too little traffic: warn judges what it sees and promotes; fail rolls back', async () => {
    const thin: Numbers = () => ({ invocations: 3, errors: 1, latencyMs: 100 });
    const warn = harness(settings(), thin);
    await warn.run();
    expect(warn.progress.timeline.result).toBe('promoted');
    expect(verdicts(warn.progress)).toEqual(Array(15).fill('insufficient-traffic'));
    expect(warn.log.lines.filter((l) => l.level === 'warning')).toHaveLength(15);
    const fail = harness(settings({ insufficientTraffic: 'fail' }), thin);
    await expect(fail.run()).rejects.toThrow(
      /3 invocations of version 5, fewer than min-invocations \(10\) \(insufficient-traffic: fail\)/,
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
    await expect(h.run()).rejects.toThrow(/error rate 50% > 1%.*not rolled back: the alias was changed by someone else/);
    expect(h.alias.current().version).toBe('6');
  });

  it('a cancel mid-bake puts the alias back to the previous version', async () => {
    const h = harness(settings(), (q, v) => {
      if (q.startMs === T0 + 6 * MIN) h.controller.abort(new CancelledError());
      return steady(q, v);
    });
    await expect(h.run()).rejects.toBeInstanceOf(CancelledError);
    expect(h.alias.current()).toMatchObject({ version: '4', weights: {} });
    expect(h.progress).toMatchObject({ rolledBack: true, timeline: { result: 'cancelled' } });
  });

  it('gives up the bake as a failure (and rolls back) when the metrics cannot be read', async () => {
    const h = harness(settings());
    h.metrics.port.window = async () => {
      throw Object.assign(new Error('User is not authorized to perform: cloudwatch:GetMetricData'), { name: 'AccessDenied' });
    };
    const err = await h.run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionFailure);
    expect((err as Error).message).toMatch(/could not read the metrics of window 1: .*GetMetricData.*Rolled back/);
  });
});

describe('sameRouting', () => {
  it('compares version and weights', () => {
    expect(sameRouting({ version: '1', weights: { '2': 0.1 } }, { version: '1', weights: { '2': 0.1 } })).toBe(true);
    expect(sameRouting({ version: '1', weights: { '2': 0.1 } }, { version: '1', weights: {} })).toBe(false);
  });
});
