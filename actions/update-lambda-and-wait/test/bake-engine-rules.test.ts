// The bake engine's rules that bake-engine.test.ts leaves implicit: what a
// user reads in the log at each point, when exactly a step may pass, how
// failed reads and probes count, and how a bake ends when it does not promote
// (issue 29: a failing rollback write, stopped vs held, the mid-bake check
// of the RevisionId).
import { ActionFailure, CancelledError } from '@mlship/action-kit';
import { startProgress } from '../src/bake/engine';
import { markBreach } from '../src/bake/run-state';
import { parseMetricRules } from '../src/bake/metric-rules';
import type { BakeSettings } from '../src/bake/settings';
import type { BakeWindow } from '@mlship/action-kit';
import { bakeSettings } from '../../../test/support/bake-settings';
import { MIN, T0, harness, steady, type Numbers } from './support/bake-engine-harness';

/** One 5-minute step at 10%, 1-minute windows judged 2 minutes late, max-error-rate 5%. */
const one = (overrides: Partial<BakeSettings> = {}): BakeSettings => bakeSettings({ maxErrorRate: 0.05, minInvocations: 10, ...overrides });

const two = (overrides: Partial<BakeSettings> = {}): BakeSettings =>
  one({
    steps: [
      { weight: 10, bakeMs: 5 * MIN },
      { weight: 50, bakeMs: 10 * MIN },
    ],
    ...overrides,
  });

const error = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('what the bake says it will do', () => {
  it('announces the versions, each step, the rules, the window and the delay; then each step as it starts; then the promote', async () => {
    const h = harness(two({ maxLatency: { stat: 'p99', kind: 'absolute', ms: 900 } }));
    await h.run();
    expect(h.info()[0]).toBe(
      'Bake of version 5 behind alias live (from version 4): 10% for 5m00s, 50% for 10m00s, then 100%. ' +
        'Rules: error rate <= 5% (95% bound, per step); p99 <= 900ms; min-invocations 10 per step (warn). ' +
        'Window 1m00s, judged 2m00s after it ends (metrics-delay).',
    );
    expect(h.info()).toContain('Step 1/2: version 4 (90%) and 10% on version 5 for 5m00s');
    expect(h.info()).toContain('Step 2/2: version 4 (50%) and 50% on version 5 for 10m00s');
    expect(h.info().at(-1)).toBe('Promoted: alias live points at version 5 (100%, no routing config)');
    expect(h.info().some((l) => l.startsWith('Resuming'))).toBe(false);
    expect(Object.keys(h.progress.timeline)).not.toContain('resumedFrom');
  });

  it('a bake that ends in hold says so up front', async () => {
    const h = harness(one({ hold: true }));
    await h.run();
    expect(h.info()[0]).toMatch(/^Bake of version 5 behind alias live \(from version 4\): 10% for 5m00s, then hold the split\. /);
  });

  it('a resumed bake says from which split it resumes', async () => {
    const h = harness(two(), { startWeights: { '5': 0.1 } });
    await h.run();
    expect(h.info()[0]).toBe('Resuming the held split (10% on version 5): steps at or under it are skipped');
    expect(h.info()).toContain('Step 2/2: version 4 (50%) and 50% on version 5 for 10m00s');
    expect(h.progress.timeline.resumedFrom).toBe(10);
  });

  it('warns that nothing can fail a bake without an error rate, latency or alarm rule', async () => {
    const h = harness(one({ maxErrorRate: undefined }));
    await h.run();
    expect(h.warnings()).toEqual(['traffic-steps without max-error-rate, max-latency or alarms: the bake only waits, nothing can fail it']);
  });

  it.each<[string, Partial<BakeSettings>]>([
    ['max-error-rate 0%', { maxErrorRate: 0 }],
    ['max-error-rate previous +1%', { errorRateOverPrevious: 0.01 }],
    ['max-latency', { maxLatency: { stat: 'p99', kind: 'absolute', ms: 900 } }],
    ['alarms', { alarms: ['model-errors'] }],
  ])('does not warn with %s alone', async (_name, rule) => {
    const h = harness(one({ maxErrorRate: undefined, ...rule }), { alarms: () => ({ 'model-errors': 'OK' }) });
    // Only the announcement is checked: with max-error-rate 0% the outcome is a known bug (evidence.ts: wilson(0, n).lower comes out a hair above 0 for some n, so clean traffic fails "0% is over 0%").
    await h.run().catch(() => undefined);
    expect(h.warnings()).toEqual([]);
  });
});

describe('what each judged window and step says', () => {
  it('a healthy window: its step so far and both versions numbers; the step passes with its evidence', async () => {
    const h = harness(one({ maxLatency: { stat: 'p99', kind: 'absolute', ms: 900 } }));
    await h.run();
    expect(h.info()).toContain(
      'Window 1 (step 1, 10% on version 5): healthy. Step so far: 0 errors in 100 invocations (0%); 95% lower bound 0% is under 5%: not yet conclusive. ' +
        'version 5: 0% errors (0/100), p99 200ms; version 4: 0% errors (0/100), p99 200ms',
    );
    expect(h.info()).toContain(
      "Step 1 (10% on version 5) passed: 0 errors in 500 invocations (0%) at the step's end: the rate is at or under 5%: passed",
    );
    const first = h.progress.timeline.windows[0] as BakeWindow;
    expect(Object.keys(first)).not.toContain('reason');
    expect(Object.keys(first)).not.toContain('metrics');
  });

  it('without an error-rate rule, windows and the step carry no evidence, and numbers without latency show no latency', async () => {
    const h = harness(one({ maxErrorRate: undefined, alarms: ['a'] }), {
      alarms: () => ({ a: 'OK' }),
      numbers: () => ({ invocations: 40, errors: 2 }),
    });
    await h.run();
    expect(h.progress.timeline.result).toBe('promoted');
    expect(h.progress.timeline.windows.every((w) => w.evidence === undefined)).toBe(true);
    expect(h.info()).toContain('Window 1 (step 1, 10% on version 5): healthy. version 5: 5% errors (2/40); version 4: 5% errors (2/40)');
    expect(h.info()).toContain('Step 1 (10% on version 5) passed');
  });

  it("a window's evidence keeps the rate and the bound rounded to six decimals; with no invocations there is no rate", async () => {
    const h = harness(one(), {
      numbers: (q, v) => (v === '5' && q.startMs === T0 ? { invocations: 0, errors: 0 } : { invocations: 30, errors: 1 }),
    });
    await h.run();
    const [first, second] = h.progress.timeline.windows;
    expect(first?.evidence).toEqual({
      invocations: 0,
      errors: 0,
      bound: 0,
      sentence: expect.stringMatching(/^0 errors in 0 invocations;/),
    });
    expect(Object.keys(first?.evidence ?? {})).not.toContain('rate');
    const bound = second?.evidence?.bound as number;
    expect(second?.evidence).toMatchObject({ invocations: 30, errors: 1, rate: 1 / 30 });
    expect(bound).toBeGreaterThan(0.005);
    expect(bound).toBeLessThan(0.01);
    expect(Math.abs(bound * 1e6 - Math.round(bound * 1e6))).toBeLessThan(1e-6);
  });

  it('a window without invocations of the new version is not judged, and says why', async () => {
    const h = harness(one(), { numbers: (q, v) => (v === '5' && q.startMs === T0 ? { invocations: 0, errors: 0 } : steady(q, v)) });
    await h.run();
    expect(h.progress.timeline.windows[0]).toMatchObject({
      verdict: 'insufficient-traffic',
      reason: 'no invocations of version 5 in this window',
    });
    expect(h.info()).toContain(
      'Window 1 (step 1, 10% on version 5): no invocations of version 5 in this window, not judged. Step so far: 0 errors in 0 invocations; 95% lower bound 0% is under 5%: not yet conclusive. ' +
        'version 5: no invocations; version 4: 0% errors (0/100)',
    );
  });

  it('a custom metric without data warns with insufficient-traffic: warn', async () => {
    const metricRules = parseMetricRules(['MLService/ScoreLatency p95 < 300 Version={version}']);
    const h = harness(one({ metricRules }), { custom: (q) => (q.startMs === T0 ? undefined : 100) });
    await h.run();
    expect(h.warnings()).toEqual([
      `Window 1 (step 1, 10% on version 5): no data for ${metricRules[0]?.text}: not judged (insufficient-traffic: warn)`,
    ]);
    expect(h.progress.timeline.windows[1]?.metrics).toEqual([{ rule: metricRules[0]?.text, value: 100, passed: true }]);
  });

  it('without an error-rate rule, a latency breach is the reason on its own', async () => {
    const h = harness(one({ maxErrorRate: undefined, maxLatency: { stat: 'p99', kind: 'absolute', ms: 500 } }), {
      numbers: (_q, v) => ({ invocations: 100, errors: 0, latencyMs: v === '5' ? 900 : 100 }),
    });
    await expect(h.run()).rejects.toThrow(
      /^Bake of version 5 failed: Window 1 \(step 1, 10% on version 5\): p99 900ms > 500ms\. Rolled back/,
    );
    expect(h.info()).toContain(
      'Window 1 (step 1, 10% on version 5): BREACH: p99 900ms > 500ms. version 5: 0% errors (0/100), p99 900ms; version 4: 0% errors (0/100), p99 100ms',
    );
  });

  it('custom metrics without data: every one named, warned only with insufficient-traffic: warn', async () => {
    const metricRules = parseMetricRules(['MLService/ScoreLatency p95 < 300 Version={version}', 'MLService/Drift Maximum < 1']);
    const names = metricRules.map((r) => r.text).join('; ');
    const warn = harness(one({ metricRules }), { custom: (q) => (q.startMs === T0 ? undefined : 0) });
    await warn.run();
    expect(warn.progress.timeline.windows[0]).toMatchObject({ verdict: 'insufficient-traffic', reason: `no data for ${names}` });
    expect(warn.warnings()).toEqual([`Window 1 (step 1, 10% on version 5): no data for ${names}: not judged (insufficient-traffic: warn)`]);
    const fail = harness(one({ metricRules, insufficientTraffic: 'fail' }), { custom: () => undefined });
    await expect(fail.run()).rejects.toThrow(`Window 1 (step 1, 10% on version 5): no data for ${names} (insufficient-traffic: fail)`);
    expect(fail.warnings()).toEqual([]);
  });

  it('a breach within failure-limit says so; the one past it does not, and fails the bake', async () => {
    const slowAt = [T0 + MIN, T0 + 3 * MIN];
    const h = harness(one({ maxLatency: { stat: 'p99', kind: 'absolute', ms: 500 }, failureLimit: 1 }), {
      numbers: (q, v) => ({ invocations: 100, errors: 0, latencyMs: v === '5' && slowAt.includes(q.startMs) ? 900 : 100 }),
    });
    await expect(h.run()).rejects.toThrow(/Window 4 .*p99 900ms > 500ms \(failed window 2, failure-limit 1\).*Rolled back/);
    const breaches = h.info().filter((l) => l.includes('BREACH'));
    expect(breaches).toEqual([
      expect.stringMatching(/^Window 2 \(step 1, 10% on version 5\): BREACH \(within failure-limit\): p99 900ms > 500ms\. Step so far: /),
      expect.stringMatching(
        /^Window 4 \(step 1, 10% on version 5\): BREACH: p99 900ms > 500ms\. Step so far: .* version 5: 0% errors \(0\/100\), p99 900ms; /,
      ),
    ]);
  });

  it('an error-rate breach is never within failure-limit, and names the error rate as its reason', async () => {
    const h = harness(one({ failureLimit: 3, maxLatency: { stat: 'p99', kind: 'absolute', ms: 500 } }), {
      numbers: (_q, v) => ({ invocations: 100, errors: v === '5' ? 40 : 0, latencyMs: 100 }),
    });
    await expect(h.run()).rejects.toThrow(/Window 1 .*error rate: 40 errors in 100 invocations/);
    expect(h.info().filter((l) => l.includes('BREACH'))).toEqual([
      expect.stringMatching(
        /^Window 1 \(step 1, 10% on version 5\): BREACH: error rate: 40 errors in 100 invocations \(40%\); 95% lower bound .* is over 5%: failed\. Step so far: 40 errors/,
      ),
    ]);
    expect(h.progress.timeline.windows[0]?.reason).toMatch(/^error rate: 40 errors in 100 invocations/);
  });

  it('a thin step keeps a tolerated breach on its last window', async () => {
    const h = harness(one({ maxLatency: { stat: 'p99', kind: 'absolute', ms: 500 }, failureLimit: 1, minInvocations: 100 }), {
      numbers: (q, v) => ({ invocations: 5, errors: 0, latencyMs: v === '5' && q.startMs === T0 + 4 * MIN ? 900 : 100 }),
    });
    await h.run();
    expect(h.progress.timeline.windows[4]).toMatchObject({ verdict: 'breach', reason: 'p99 900ms > 500ms' });
    expect(h.warnings()).toEqual([
      'Step 1 (10% on version 5): 25 invocations of the new version in the step, fewer than min-invocations (100): its error rate is not judged (insufficient-traffic: warn)',
    ]);
  });

  it('windows not reached when the bake stops stay pending with no numbers', async () => {
    const h = harness(one(), { numbers: (_q, v) => ({ invocations: 100, errors: v === '5' ? 50 : 0 }) });
    await expect(h.run()).rejects.toThrow(ActionFailure);
    expect(h.progress.timeline.windows[1]).toEqual({
      start: new Date(T0 + MIN).toISOString(),
      end: new Date(T0 + 2 * MIN).toISOString(),
      step: 1,
      weight: 10,
      new: { version: '5', invocations: 0, errors: 0 },
      verdict: 'pending',
    });
  });
});

describe('when a step may pass', () => {
  it('with metrics-delay 0, a step passes exactly at its end', async () => {
    const h = harness(two({ metricsDelayMs: 0 }));
    await h.run();
    expect(h.writes.map((w) => w.at)).toEqual([0, 5 * MIN, 15 * MIN]);
  });

  it('a step between minute edges waits for its own end even when all its windows are judged', async () => {
    // Split at 12:00:55: the windows end at the edge 12:05:00, the step at 12:05:55.
    const h = harness(one({ metricsDelayMs: 0 }), { startAt: T0 + 55_000 });
    await h.run();
    expect(h.writes.map((w) => w.at)).toEqual([55_000, 5 * MIN + 55_000]);
  });

  it('a step shorter than one window has no window: it passes at its end, too thin to judge', async () => {
    const h = harness(one({ steps: [{ weight: 10, bakeMs: 30_000 }] }));
    await h.run();
    expect(h.writes.map((w) => w.at)).toEqual([0, 30_000]);
    expect(h.progress.timeline.windows).toEqual([]);
    expect(h.warnings()).toEqual([
      'Step 1 (10% on version 5): 0 invocations of the new version in the step, fewer than min-invocations (10): its error rate is not judged (insufficient-traffic: warn)',
    ]);
  });

  it('a step without windows and insufficient-traffic: fail fails with its own reason', async () => {
    const h = harness(one({ steps: [{ weight: 10, bakeMs: 30_000 }], insufficientTraffic: 'fail' }));
    await expect(h.run()).rejects.toThrow(
      'Bake of version 5 failed: Step 1 (10% on version 5): 0 invocations of the new version in the step, fewer than min-invocations (10) (insufficient-traffic: fail). Rolled back',
    );
  });

  it('a step is not passed while the alarms could not be read at its last check', async () => {
    // The alarm read at 7m (when step 1's last window is judged) fails; the one at 8m answers.
    const h = harness(two({ alarms: ['a'] }), {
      alarms: (at) => {
        if (at === 7 * MIN) throw error('Throttling');
        return { a: 'OK' };
      },
    });
    await h.run();
    expect(h.writes.map((w) => w.at)).toEqual([0, 8 * MIN, 20 * MIN]);
  });

  it('windows are read when their data is due, not at the next check: the check keeps its own cadence', async () => {
    const h = harness(one(), { startAt: T0 + 30_000 });
    await h.run();
    // Split at 12:00:30: checks at :30 past each minute, windows read on the minute (end + 2m).
    expect(h.windowReads.map((r) => r.at)).toEqual([4 * MIN, 5 * MIN, 6 * MIN, 7 * MIN]);
    expect(h.aliasReads).toEqual([90_000, 150_000, 210_000, 270_000, 330_000, 390_000]);
  });

  it('only the first step folds the sliver before its first edge into its first window', async () => {
    // Split at 12:00:30 with metrics-delay 0: step 1 passes at its end, 12:05:30, and step 2 starts there, between edges.
    const h = harness(two({ metricsDelayMs: 0 }), { startAt: T0 + 30_000 });
    await h.run();
    expect(h.writes[1]?.at).toBe(5 * MIN + 30_000);
    const [firstOfStep1] = h.progress.timeline.windows;
    const firstOfStep2 = h.progress.timeline.windows.find((w) => w.step === 2);
    expect(firstOfStep1).toMatchObject({ start: new Date(T0).toISOString(), end: new Date(T0 + 2 * MIN).toISOString() });
    expect(firstOfStep2).toMatchObject({ start: new Date(T0 + 5 * MIN).toISOString(), end: new Date(T0 + 6 * MIN).toISOString() });
  });

  it('the next step keeps the check cadence of the first', async () => {
    const h = harness(two(), { startAt: T0 + 30_000 });
    await h.run();
    const step2 = h.writes[1]?.at as number;
    expect(step2).toBe(7 * MIN);
    expect(h.aliasReads.filter((t) => t > step2)[0]).toBe(7 * MIN + 30_000);
  });

  it('a failed read is asked again one interval later, not at an earlier check', async () => {
    let failed = false;
    const h = harness(one(), {
      startAt: T0 + 30_000,
      numbers: (q, v) => {
        if (q.startMs === T0 + 2 * MIN && !failed) {
          failed = true;
          throw error('Throttling');
        }
        return steady(q, v);
      },
    });
    await h.run();
    // Split at 12:00:30: the first window takes in the sliver (0-2m); the second (2m-3m) is due at 5m, the check at 5m30s.
    expect(h.windowReads.filter((r) => r.start === 2 * MIN).map((r) => r.at)).toEqual([5 * MIN, 6 * MIN]);
    expect(h.progress.timeline.result).toBe('promoted');
  });

  it('after a slow read the checks go on at their cadence, never twice at the same time', async () => {
    let slow = true;
    const h = harness(one(), {
      numbers: (q, v) => {
        // The first read (at 3m, just after the check) takes two minutes: the check due at 4m runs at 5m, once.
        if (slow) {
          slow = false;
          h.time.advance(2 * MIN);
        }
        return steady(q, v);
      },
    });
    await h.run();
    expect(h.aliasReads.slice(0, 4)).toEqual([MIN, 2 * MIN, 3 * MIN, 5 * MIN]);
    expect(new Set(h.aliasReads).size).toBe(h.aliasReads.length);
  });
});

describe('failed reads', () => {
  it('an inconclusive window says why, and a read that succeeds resets the count toward inconclusive-limit', async () => {
    // Window 1 fails twice, then reads; window 2 fails twice, then reads: never three in a row.
    const fails = new Map([
      [0, 2],
      [MIN, 2],
    ]);
    const h = harness(one({ inconclusiveLimit: 3 }), {
      numbers: (q, v) => {
        const left = fails.get(q.startMs - T0) ?? 0;
        if (v === '5' && left > 0) {
          fails.set(q.startMs - T0, left - 1);
          throw error('Throttling');
        }
        return steady(q, v);
      },
    });
    await h.run();
    expect(h.progress.timeline.result).toBe('promoted');
    expect(h.warnings()).toContain(
      'Window 1 (step 1, 10% on version 5): inconclusive: the metrics could not be read (CloudWatch GetMetricData, Throttling); traffic stays, read again in 1m00s',
    );
  });

  it('inconclusive-limit counts failed reads in a row after a success: three in a row fail the bake', async () => {
    // Window 1 fails once, then reads; window 2 fails three times in a row.
    const fails = new Map([
      [0, 1],
      [MIN, 3],
    ]);
    const h = harness(one({ inconclusiveLimit: 3 }), {
      numbers: (q, v) => {
        const left = fails.get(q.startMs - T0) ?? 0;
        if (v === '5' && left > 0) {
          fails.set(q.startMs - T0, left - 1);
          throw error('Throttling');
        }
        return steady(q, v);
      },
    });
    await expect(h.run()).rejects.toThrow(
      /metrics unavailable: CloudWatch GetMetricData, Throttling \(3 reads in a row failed; inconclusive-limit 3\)/,
    );
  });

  it('records an unread window as inconclusive with the reason', async () => {
    const h = harness(one({ inconclusiveLimit: 2 }));
    h.metrics.window = async () => {
      throw error('Throttling');
    };
    await expect(h.run()).rejects.toThrow(/metrics unavailable: CloudWatch GetMetricData, Throttling/);
    expect(h.progress.timeline.windows[0]).toMatchObject({
      verdict: 'inconclusive',
      reason: 'its metrics could not be read (CloudWatch GetMetricData, Throttling); asked again at the next interval',
    });
  });

  it('a read cut off by its own timeout (not a cancel) is a failed read, with or without a job signal', async () => {
    for (const noSignal of [false, true]) {
      let once = false;
      const h = harness(one(), {
        noSignal,
        numbers: (q, v) => {
          if (!once) {
            once = true;
            throw error('AbortError', 'Request aborted');
          }
          return steady(q, v);
        },
      });
      await h.run();
      expect(h.progress.timeline.result).toBe('promoted');
      expect(h.warnings()).toEqual([
        expect.stringMatching(/^Window 1 .*inconclusive: the metrics could not be read \(CloudWatch GetMetricData, /),
      ]);
    }
  });

  it('a cancel during a read ends the bake cancelled, the window left pending', async () => {
    const h = harness(one(), {
      numbers: (q, v) => {
        if (q.startMs === T0 + MIN) {
          h.controller.abort(new CancelledError());
          throw error('AbortError');
        }
        return steady(q, v);
      },
    });
    await expect(h.run()).rejects.toBeInstanceOf(CancelledError);
    expect(h.progress.timeline.windows[1]?.verdict).toBe('pending');
    expect(h.warnings()).toEqual([]);
    expect(h.progress.timeline.result).toBe('cancelled');
  });
});

describe('before any traffic moves', () => {
  it('reads no alarm when none is configured', async () => {
    const h = harness(one());
    await h.run();
    expect(h.alarmReads).toEqual([]);
  });

  it('a failed alarm read is asked again one interval later before the first shift', async () => {
    const h = harness(one({ alarms: ['a'] }), {
      alarms: (at) => {
        if (at === 0) throw error('Throttling');
        return { a: 'OK' };
      },
    });
    await h.run();
    expect(h.writes[0]?.at).toBe(MIN);
    expect(h.progress.timeline.result).toBe('promoted');
  });

  it('alarms that cannot be read inconclusive-limit times in a row stop the bake before it starts', async () => {
    const h = harness(one({ alarms: ['a'], inconclusiveLimit: 2 }), {
      alarms: () => {
        throw error('AccessDenied');
      },
    });
    await expect(h.run()).rejects.toThrow(
      'Bake of version 5 not started: metrics unavailable: CloudWatch DescribeAlarms, AccessDenied (2 reads in a row failed; inconclusive-limit 2); alias live left at version 4 (100%)',
    );
    expect(h.writes).toEqual([]);
    expect(h.progress.timeline.result).toBe('stopped');
  });

  it('names every missing alarm, and every one already firing', async () => {
    const missing = harness(one({ alarms: ['a', 'b', 'c'] }), { alarms: () => ({ b: 'OK' }) });
    await expect(missing.run()).rejects.toThrow(/not started: alarm a, c does not exist in CloudWatch/);
    const firing = harness(one({ alarms: ['a', 'b', 'c'] }), { alarms: () => ({ a: 'ALARM', b: 'OK', c: 'ALARM' }) });
    await expect(firing.run()).rejects.toThrow(/not started: alarm a, c is already in ALARM before any traffic moved/);
  });

  it('alarms-already-firing: ignore names every alarm it ignores, and none when all are OK', async () => {
    const h = harness(one({ alarms: ['a', 'b', 'c'], alarmsAlreadyFiring: 'ignore' }), {
      alarms: () => ({ a: 'ALARM', b: 'OK', c: 'ALARM' }),
    });
    await h.run();
    expect(h.progress.timeline.rules.at(-1)).toBe('already in ALARM at the start, not counted until OK once: a, c');
    expect(h.warnings()).toEqual([
      'Alarm a, c is already in ALARM before any traffic moved: not counted until it has been OK once (alarms-already-firing: ignore)',
    ]);
    const ok = harness(one({ alarms: ['a'], alarmsAlreadyFiring: 'ignore' }), { alarms: () => ({ a: 'OK' }) });
    await ok.run();
    expect(ok.progress.timeline.rules.some((r) => r.startsWith('already in ALARM'))).toBe(false);
    expect(ok.warnings()).toEqual([]);
  });
});

describe('probes', () => {
  const fine = { status: 200, body: '{}' };
  const crash = { status: 200, functionError: 'Unhandled', body: '{"errorMessage":"boom"}' };

  it('says how many probes answered before the first shift', async () => {
    const h = harness(one({ probe: { payload: '{}', count: 2 } }), { probe: () => fine });
    await h.run();
    expect(h.info()).toContain('Probes: 2 of 2 invokes of version 5 answered without error');
    expect(h.warnings()).toEqual([]);
  });

  it("probes count toward the new version's tally only: the previous version's numbers stay as read", async () => {
    const h = harness(one({ maxErrorRate: undefined, errorRateOverPrevious: 0.01, probe: { payload: '{}', count: 3 } }), {
      probe: () => fine,
    });
    await h.run();
    expect(h.progress.timeline.windows[0]?.evidence?.sentence).toMatch(
      // Window 1 is read at 3m, after three rounds of 3 probes: 100 + 9 calls of the new version, 100 of the previous one.
      /^0 errors in 109 invocations \(0%\); against 0 errors in 100 invocations \(0%\) on the previous version;/,
    );
  });

  it('probe-payload without a Lambda to invoke: the bake runs without probes', async () => {
    const h = harness(one({ probe: { payload: '{}', count: 2 } }));
    await h.run();
    expect(h.progress.timeline.result).toBe('promoted');
    expect(h.progress.timeline.probes).toBeUndefined();
  });

  it('a probe without an answer is not counted, and said so (one or several)', async () => {
    const h = harness(one({ probe: { payload: '{}', count: 2 } }), {
      probe: (at) => {
        if (at === MIN || at === 2 * MIN) throw error('TooManyRequestsException');
        return fine;
      },
    });
    await h.run();
    expect(h.warnings()).toEqual(['2 probes of version 5 got no answer: not counted', '2 probes of version 5 got no answer: not counted']);
    const single = harness(one({ probe: { payload: '{}', count: 2 } }), {
      probe: (() => {
        let n = 0;
        return (at: number) => {
          if (at === MIN && n++ === 0) throw error('TooManyRequestsException');
          return fine;
        };
      })(),
    });
    await single.run();
    expect(single.warnings()).toEqual(['1 probe of version 5 got no answer: not counted']);
  });

  it('a failed probe that is not yet conclusive is said, and the bake goes on', async () => {
    let n = 0;
    const h = harness(one({ probe: { payload: '{}', count: 5 }, maxErrorRate: 0.5 }), {
      probe: (at) => (at === MIN && n++ === 0 ? crash : fine),
    });
    await h.run();
    expect(h.progress.timeline.result).toBe('promoted');
    expect(h.warnings()).toEqual(['Step 1 (10% on version 5): 1 of 5 probes failed (FunctionError Unhandled: boom); not yet conclusive']);
  });
});

describe('how a bake ends when it does not promote', () => {
  it('the mid-bake check stops the bake when someone else wrote the alias, even with the same routing', async () => {
    // The fake alias takes any write: only the engine's check can notice. A hold bake writes nothing after its step.
    const h = harness(one({ hold: true }), { guard: false });
    const numbers = h.metrics.window.bind(h.metrics);
    h.metrics.window = async (q, signal) => {
      if (q.startMs === T0 + 2 * MIN) h.foreign();
      return numbers(q, signal);
    };
    await expect(h.run()).rejects.toThrow(
      'Alias live was changed by someone else during the bake of version 5: it now points at version 4 (90%) and 10% on version 5. ' +
        'This run stops without touching it (another deploy won; its change stays).',
    );
    expect(h.progress.timeline.result).toBe('stopped');
    expect(h.writes).toHaveLength(1);
  });

  it('an alias deleted mid-bake stops the bake and says it could not read it', async () => {
    const h = harness(one(), {
      numbers: (q, v) => {
        if (q.startMs === T0 + MIN) h.deleteAlias();
        return steady(q, v);
      },
    });
    await expect(h.run()).rejects.toThrow(/it now points at something this run could not read\. This run stops without touching it/);
    expect(h.progress.timeline.result).toBe('stopped');
  });

  it('a failing rollback write: held, the split stays, and the message says how much traffic may still go to the new version', async () => {
    const h = harness(two(), { numbers: (q, v) => ({ invocations: 100, errors: v === '5' && q.startMs >= T0 + 8 * MIN ? 60 : 0 }) });
    h.failWrites((version, weights) =>
      version === '4' && Object.keys(weights).length === 0 ? error('ServiceException', 'Lambda is down') : undefined,
    );
    const err = await h.run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionFailure);
    expect((err as Error).message).toMatch(
      /^Bake of version 5 failed: Window \d+ .*: error rate: .*\. the rollback failed: Lambda is down; alias live may still send 50% to version 5$/,
    );
    expect(h.progress.timeline.result).toBe('held');
    expect(h.progress.rolledBack).toBe(false);
    expect(h.alias()).toMatchObject({ version: '4', weights: { '5': 0.5 } });
  });

  it('a rollback refused because someone else wrote the alias: stopped, not held', async () => {
    const h = harness(one(), { numbers: (q, v) => ({ invocations: 100, errors: v === '5' && q.startMs >= T0 + 2 * MIN ? 60 : 0 }) });
    const numbers = h.metrics.window.bind(h.metrics);
    h.metrics.window = async (q, signal) => {
      if (q.startMs === T0 + 2 * MIN) h.foreign({ version: '6', weights: {} });
      return numbers(q, signal);
    };
    await expect(h.run()).rejects.toThrow(
      /failed: .*\. not rolled back: the alias was changed by someone else; it now points at version 6 \(100%\), and that change stays$/,
    );
    expect(h.progress.timeline.result).toBe('stopped');
  });

  it('an unexpected error stops the bake on that error and rolls back', async () => {
    const h = harness(one());
    h.aliasPort.read = async () => {
      throw new Error('boom');
    };
    await expect(h.run()).rejects.toThrow(
      'Bake of version 5 failed: the bake stopped on an error: boom. Rolled back: alias live points at version 4 (100%)',
    );
    expect(h.progress).toMatchObject({ rolledBack: true, rollbackReason: 'the bake stopped on an error: boom' });
  });

  it('a cancel whose put-back fails warns and still ends cancelled', async () => {
    const h = harness(one(), {
      numbers: (q, v) => {
        if (q.startMs === T0 + MIN) h.controller.abort(new CancelledError());
        return steady(q, v);
      },
    });
    h.failWrites((version, weights) =>
      version === '4' && Object.keys(weights).length === 0 ? error('ServiceException', 'Lambda is down') : undefined,
    );
    await expect(h.run()).rejects.toBeInstanceOf(CancelledError);
    expect(h.warnings()).toEqual(['Cancelled during the bake; alias live was not put back: Lambda is down']);
    expect(h.progress.rolledBack).toBe(false);
    expect(h.progress.timeline.result).toBe('cancelled');
  });

  it('holds and fails without a post-step hook as well', async () => {
    const held = harness(one({ hold: true }), { noSavedState: true });
    await held.run();
    expect(held.progress.timeline.result).toBe('held');
    const bad: Numbers = (_q, v) => ({ invocations: 100, errors: v === '5' ? 60 : 0 });
    const failed = harness(one(), { noSavedState: true, numbers: bad });
    await expect(failed.run()).rejects.toThrow(/Rolled back/);
    const heldOnFailure = harness(one({ onFailure: 'hold' }), { noSavedState: true, numbers: bad });
    await expect(heldOnFailure.run()).rejects.toThrow(/\(on-failure: hold\)$/);
  });

  it('the rollback write is bounded by the cleanup signal when there is one, else by the job signal, and closes the saved state', async () => {
    const bad: Numbers = (_q, v) => ({ invocations: 100, errors: v === '5' ? 60 : 0 });
    const cleanup = new AbortController().signal;
    const bounded = harness(one(), { numbers: bad, cleanupSignal: () => cleanup });
    await expect(bounded.run()).rejects.toThrow(/Rolled back/);
    expect(bounded.writeSignals.at(-1)).toBe(cleanup);
    expect(bounded.saved.at(-1)).toEqual({ version: '4', weights: {}, open: false });
    const plain = harness(one(), { numbers: bad });
    await expect(plain.run()).rejects.toThrow(/Rolled back/);
    expect(plain.writeSignals.at(-1)).toBe(plain.controller.signal);
  });

  it('a read aborted by its own timeout (not a cancel) is an error that rolls back, with or without a job signal', async () => {
    for (const noSignal of [false, true]) {
      const h = harness(one(), { noSignal });
      h.aliasPort.read = async () => {
        throw error('AbortError', 'Request aborted');
      };
      await expect(h.run()).rejects.toThrow('Bake of version 5 failed: the bake stopped on an error: Request aborted. Rolled back');
      expect(h.progress.timeline.result).toBe('rolled-back');
    }
  });

  it('a cancel before any traffic moved writes nothing', async () => {
    const h = harness(one({ alarms: ['a'] }), {
      alarms: () => {
        h.controller.abort(new CancelledError());
        throw error('AbortError');
      },
    });
    await expect(h.run()).rejects.toBeInstanceOf(CancelledError);
    expect(h.writeSignals).toEqual([]);
    expect(h.progress.rolledBack).toBe(false);
  });

  it('a cancel mid-bake puts the alias back with the cleanup signal, says so, and closes the saved state', async () => {
    const cleanup = new AbortController().signal;
    const h = harness(one(), {
      cleanupSignal: () => cleanup,
      numbers: (q, v) => {
        if (q.startMs === T0 + MIN) h.controller.abort(new CancelledError());
        return steady(q, v);
      },
    });
    await expect(h.run()).rejects.toBeInstanceOf(CancelledError);
    expect(h.writeSignals.at(-1)).toBe(cleanup);
    expect(h.saved.at(-1)).toEqual({ version: '4', weights: {}, open: false });
    expect(h.progress).toMatchObject({ rolledBack: true, rollbackReason: 'cancelled during the bake' });
    expect(h.info().at(-1)).toBe('Cancelled during the bake: alias live put back to version 4 (100%)');
  });
});

describe('the bake record', () => {
  it('starts stopped, with each step, the window and the delay in seconds, and the rules', () => {
    expect(startProgress(two({ metricsDelayMs: 90_000 }))).toEqual({
      rolledBack: false,
      timeline: {
        steps: [
          { weight: 10, bakeSeconds: 300 },
          { weight: 50, bakeSeconds: 600 },
        ],
        analysisIntervalSeconds: 60,
        metricsDelaySeconds: 90,
        rules: ['error rate <= 5% (95% bound, per step)', 'min-invocations 10 per step (warn)'],
        windows: [],
        result: 'stopped',
      },
    });
  });

  it('a breach adds its reason to a different earlier one, not the same one twice, and replaces a failed-read note', () => {
    const record = (reason?: string): BakeWindow => ({
      start: '',
      end: '',
      step: 1,
      weight: 10,
      new: { version: '5', invocations: 0, errors: 0 },
      verdict: 'healthy',
      ...(reason ? { reason } : {}),
    });
    const a = record('alarm x in ALARM');
    markBreach(a, 'p99 900ms > 500ms');
    expect(a).toMatchObject({ verdict: 'breach', reason: 'alarm x in ALARM; p99 900ms > 500ms' });
    const same = record('alarm x in ALARM');
    markBreach(same, 'alarm x in ALARM');
    expect(same.reason).toBe('alarm x in ALARM');
    const unread = record('its metrics could not be read (CloudWatch GetMetricData, Throttling); asked again at the next interval');
    markBreach(unread, 'alarm x in ALARM');
    expect(unread.reason).toBe('alarm x in ALARM');
    const fresh = record();
    markBreach(fresh, 'alarm x in ALARM');
    expect(fresh).toMatchObject({ verdict: 'breach', reason: 'alarm x in ALARM' });
  });
});
