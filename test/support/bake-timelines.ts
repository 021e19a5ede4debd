/**
 * Bake timelines shaped like update-lambda-and-wait's `bake` output
 * (BakeTimeline in packages/action-kit/src/reports/lambda.ts) for a canary of
 * `10%:5m, 50%:5m` with one-minute windows: version 14 against 13 on alias
 * `live`. Shared by the kit's rendering tests and deployment-summary's.
 */
import type { BakeTimeline, BakeVersionStats, BakeWindow } from '@mlship/action-kit';

const START = Date.parse('2026-12-01T12:00:00Z');
const MINUTE = 60_000;

export const CANARY_STEPS = [
  { weight: 10, bakeSeconds: 300 },
  { weight: 50, bakeSeconds: 300 },
];

export const CANARY_RULES = ['error rate <= 1%', 'p99 <= previous +20%', 'alarm sentiment-api-5xx not in ALARM', 'at least 10 invocations'];

function stats(version: string, invocations: number, errors: number, p99?: number): BakeVersionStats {
  return {
    version,
    invocations,
    errors,
    ...(invocations > 0 ? { errorRate: errors / invocations } : {}),
    ...(p99 !== undefined ? { latency: { stat: 'p99', ms: p99 } } : {}),
  };
}

export interface WindowSpec {
  /** New version: invocations, errors, p99 ms. */
  n: [number, number, number?];
  /** Previous version. */
  p: [number, number, number?];
  verdict?: BakeWindow['verdict'];
  reason?: string;
  alarm?: string;
}

/** Window `index` (0-based) of the canary, at the weight its step has. */
export function canaryWindow(index: number, spec: WindowSpec): BakeWindow {
  const step = index < 5 ? 1 : 2;
  return {
    start: new Date(START + index * MINUTE).toISOString(),
    end: new Date(START + (index + 1) * MINUTE).toISOString(),
    step,
    weight: CANARY_STEPS[step - 1]!.weight,
    new: stats('14', ...spec.n),
    previous: stats('13', ...spec.p),
    alarms: [{ name: 'sentiment-api-5xx', state: spec.alarm ?? 'OK' }],
    verdict: spec.verdict ?? 'healthy',
    ...(spec.reason ? { reason: spec.reason } : {}),
  };
}

function timeline(windows: BakeWindow[], result: BakeTimeline['result']): BakeTimeline {
  return { steps: CANARY_STEPS, analysisIntervalSeconds: 60, metricsDelaySeconds: 120, rules: CANARY_RULES, windows, result };
}

/** Ten healthy windows, promoted to 100%. */
export function promotedTimeline(): BakeTimeline {
  const windows = [
    canaryWindow(0, { n: [41, 0, 812], p: [377, 1, 790] }),
    canaryWindow(1, { n: [38, 0, 795], p: [362, 0, 801] }),
    canaryWindow(2, { n: [44, 1, 830], p: [391, 2, 779] }),
    canaryWindow(3, { n: [40, 0, 788], p: [355, 0, 770] }),
    canaryWindow(4, { n: [39, 0, 801], p: [370, 1, 792] }),
    canaryWindow(5, { n: [206, 1, 842], p: [198, 1, 805] }),
    canaryWindow(6, { n: [199, 0, 815], p: [204, 0, 798] }),
    canaryWindow(7, { n: [212, 2, 860], p: [190, 1, 811] }),
    canaryWindow(8, { n: [203, 0, 822], p: [201, 0, 789] }),
    canaryWindow(9, { n: [197, 1, 809], p: [205, 1, 800] }),
  ];
  return timeline(windows, 'promoted');
}

export const BREACH_REASON = 'error rate 7.5% > 1% (15/200)';

/**
 * Healthy at 10%, then at 50% an error spike in the second window with the
 * alarm going off: rolled back; the window after it was still waiting for data.
 */
export function rolledBackTimeline(): BakeTimeline {
  const windows = [
    canaryWindow(0, { n: [41, 0, 812], p: [377, 1, 790] }),
    canaryWindow(1, { n: [38, 0, 795], p: [362, 0, 801] }),
    canaryWindow(2, { n: [7, 0, 640], p: [61, 0, 700], verdict: 'insufficient-traffic', reason: '7 invocations < 10' }),
    canaryWindow(3, { n: [40, 0, 788], p: [355, 0, 770] }),
    canaryWindow(4, { n: [39, 0, 801], p: [370, 1, 792] }),
    canaryWindow(5, { n: [206, 1, 842], p: [198, 1, 805] }),
    canaryWindow(6, { n: [200, 15, 1930], p: [204, 0, 798], verdict: 'breach', reason: BREACH_REASON, alarm: 'ALARM' }),
    canaryWindow(7, { n: [0, 0], p: [0, 0], verdict: 'pending' }),
  ];
  return timeline(windows, 'rolled-back');
}

/** Cancelled mid-bake: the last two windows never got their data; one had no new-version data at all. */
export function cancelledTimeline(): BakeTimeline {
  const windows = [
    canaryWindow(0, { n: [41, 0, 812], p: [377, 1, 790] }),
    canaryWindow(1, { n: [0, 0], p: [410, 0, 780], verdict: 'insufficient-traffic', reason: 'no invocations of version 14' }),
    canaryWindow(2, { n: [12, 0], p: [118, 0], verdict: 'pending' }),
    canaryWindow(3, { n: [0, 0], p: [0, 0], verdict: 'pending' }),
  ];
  return timeline(windows, 'cancelled');
}

/** `10%:5m, hold`: five healthy windows at 10%, then the split held on purpose (a breach within failure-limit on the way). */
export function heldTimeline(): BakeTimeline {
  const windows = [0, 1, 2, 3, 4].map((i) => canaryWindow(i, { n: [40, 0, 800], p: [360, 1, 790] }));
  windows[2] = canaryWindow(2, { n: [40, 0, 1500], p: [360, 1, 790], verdict: 'breach', reason: 'p99 1500ms > previous 790ms +20%' });
  return {
    ...timeline(windows, 'held'),
    steps: [CANARY_STEPS[0] as BakeTimeline['steps'][number]],
    hold: true,
    heldSplit: { newVersion: '14', previousVersion: '13', weight: 10 },
  };
}

/** A long bake: `count` healthy windows at 10%. */
export function longTimeline(count: number): BakeTimeline {
  const windows = Array.from({ length: count }, (_, i) => ({
    ...canaryWindow(0, { n: [40 + (i % 5), i % 3 === 0 ? 1 : 0, 800 + (i % 7) * 5], p: [360, 1, 790] }),
    start: new Date(START + i * MINUTE).toISOString(),
    end: new Date(START + (i + 1) * MINUTE).toISOString(),
  }));
  return { ...timeline(windows, 'promoted'), steps: [{ weight: 10, bakeSeconds: count * 60 }] };
}
