import type { BakeSettings } from '../src/bake/settings';

const MIN = 60_000;

/** Bake settings for the pure steps' tests: one 10 % step of 5 minutes, 2 % error limit, 30 calls a step. */
export function bakeSettings(overrides: Partial<BakeSettings> = {}): BakeSettings {
  return {
    steps: [{ weight: 10, bakeMs: 5 * MIN }],
    alarms: [],
    maxErrorRate: 0.02,
    analysisIntervalMs: MIN,
    metricsDelayMs: 2 * MIN,
    minInvocations: 30,
    insufficientTraffic: 'warn',
    metricRules: [],
    failureLimit: 0,
    inconclusiveLimit: 3,
    alarmsAlreadyFiring: 'fail',
    onFailure: 'rollback',
    ...overrides,
  };
}
