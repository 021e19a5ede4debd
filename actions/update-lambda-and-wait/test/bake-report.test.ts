// The bake in the report, the `bake` output and the job summary: bounded for
// long bakes, foreign text (alarm names) escaped.
import type { BakeTimeline, BakeWindow } from '@mlship/action-kit';
import { compactTimeline } from '../src/bake/report';

function window(i: number, verdict: BakeWindow['verdict']): BakeWindow {
  return {
    start: new Date(Date.UTC(2026, 0, 1, 12, i)).toISOString(),
    end: new Date(Date.UTC(2026, 0, 1, 12, i + 1)).toISOString(),
    step: 1,
    weight: 10,
    new: { version: '5', invocations: 100, errors: 1, errorRate: 0.01, latency: { stat: 'p99', ms: 120 } },
    previous: { version: '4', invocations: 900, errors: 0, errorRate: 0 },
    verdict,
  };
}

const timeline = (windows: BakeWindow[]): BakeTimeline => ({
  steps: [{ weight: 10, bakeSeconds: 7200 }],
  analysisIntervalSeconds: 60,
  metricsDelaySeconds: 120,
  rules: ['error rate <= 1%', 'alarms not in ALARM: <b>@team|x</b>'],
  windows,
  result: 'rolled-back',
});

it('keeps a long bake within 40 windows: every unhealthy one, then the latest', () => {
  const windows = Array.from({ length: 120 }, (_, i) => window(i, i === 3 ? 'insufficient-traffic' : i === 119 ? 'breach' : 'healthy'));
  const compact = compactTimeline(timeline(windows));
  expect(compact.windows).toHaveLength(40);
  expect(compact.omittedWindows).toBe(80);
  expect(compact.windows[0]).toBe(windows[3]);
  expect(compact.windows.at(-1)).toBe(windows[119]);
  expect(JSON.stringify(compact).length).toBeLessThan(20_000);
  expect(compactTimeline(timeline(windows.slice(0, 5))).omittedWindows).toBeUndefined();
});

it('keeps only the alarms that were not OK when many alarms would not fit', () => {
  const alarms = Array.from({ length: 100 }, (_, i) => ({ name: `alarm-number-${i}`, state: i === 7 ? 'ALARM' : 'OK' }));
  const windows = Array.from({ length: 30 }, (_, i) => ({ ...window(i, 'healthy'), alarms }));
  const compact = compactTimeline(timeline(windows));
  expect(compact.windows[0]?.alarms).toEqual([{ name: 'alarm-number-7', state: 'ALARM' }]);
  expect(JSON.stringify(compact).length).toBeLessThan(20_000);
});

it('keeps exactly 40 windows as they are, with nothing said to be left out', () => {
  const windows = Array.from({ length: 40 }, (_, i) => window(i, 'healthy'));
  const compact = compactTimeline(timeline(windows));
  expect(compact.windows).toEqual(windows);
  expect(compact.omittedWindows).toBeUndefined();
});

it('with more unhealthy windows than fit, keeps the latest 40 of them', () => {
  const windows = Array.from({ length: 60 }, (_, i) => window(i, i < 5 ? 'healthy' : 'breach'));
  const compact = compactTimeline(timeline(windows));
  expect(compact.windows).toEqual(windows.slice(20));
  expect(compact.omittedWindows).toBe(20);
});

it('keeps OK alarms while the timeline fits its 18 KiB budget, to the byte', () => {
  const alarms = [
    { name: 'model-errors', state: 'OK' },
    { name: 'model-latency', state: 'ALARM' },
  ];
  const base = timeline(Array.from({ length: 10 }, (_, i) => ({ ...window(i, 'healthy'), alarms })));
  const padded = (extra: number): BakeTimeline => ({ ...base, rules: [...base.rules, 'x'.repeat(extra)] });
  const fill = 18 * 1024 - JSON.stringify(padded(0)).length;
  expect(compactTimeline(padded(fill)).windows[0]?.alarms).toEqual(alarms);
  expect(compactTimeline(padded(fill + 1)).windows[0]?.alarms).toEqual([{ name: 'model-latency', state: 'ALARM' }]);
});
