// Bake settings for the tests of update-lambda-and-wait's bake: what
// readInputs gives with only traffic-steps set (one 5-minute step at 10%,
// 1-minute windows judged 2 minutes late, rollback), with overrides on top.
import type { BakeSettings } from '../../actions/update-lambda-and-wait/src/bake/settings';

const MIN = 60_000;

export function bakeSettings(overrides: Partial<BakeSettings> = {}): BakeSettings {
  return {
    steps: [{ weight: 10, bakeMs: 5 * MIN }],
    alarms: [],
    analysisIntervalMs: MIN,
    metricsDelayMs: 2 * MIN,
    minInvocations: 10,
    insufficientTraffic: 'warn',
    metricRules: [],
    failureLimit: 0,
    inconclusiveLimit: 3,
    alarmsAlreadyFiring: 'fail',
    onFailure: 'rollback',
    ...overrides,
  };
}
