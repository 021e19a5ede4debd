import { describeRules, type BakeSettings } from '../src/bake/settings';
import type { MetricRule } from '../src/bake/metric-rules';
import { bakeSettings } from '../../../test/support/bake-settings';

// The rules as the log, the report and the summary show them: what a reviewer
// reads to know what the bake judged. Each line is pinned word for word.
const memory = { text: 'AWS/Lambda/Duration p99 < 800', namespace: 'AWS/Lambda', metric: 'Duration', stat: 'p99' } as MetricRule;

const cases: [string, Partial<BakeSettings>, string[]][] = [
  ['only the traffic rule when nothing else is set', {}, ['min-invocations 10 per step (warn)']],
  [
    'an absolute error rate, with its 95% bound',
    { maxErrorRate: 0.015, minInvocations: 50, insufficientTraffic: 'fail' },
    ['error rate <= 1.5% (95% bound, per step)', 'min-invocations 50 per step (fail)'],
  ],
  [
    'an error rate over the previous version',
    { errorRateOverPrevious: 0.01 },
    ['error rate <= previous +1% (95% bound, per step)', 'min-invocations 10 per step (warn)'],
  ],
  [
    'a relative latency rule, and failure-limit once a latency rule exists',
    { maxLatency: { stat: 'p95', kind: 'relative', percent: 20 }, failureLimit: 2 },
    ['p95 <= previous +20%', 'failure-limit 2', 'min-invocations 10 per step (warn)'],
  ],
  [
    'an absolute latency rule without failure-limit',
    { maxLatency: { stat: 'p99', kind: 'absolute', ms: 750 } },
    ['p99 <= 750ms', 'min-invocations 10 per step (warn)'],
  ],
  [
    'a metric rule as written, and failure-limit once a metric rule exists',
    { metricRules: [memory], failureLimit: 1 },
    ['AWS/Lambda/Duration p99 < 800', 'failure-limit 1', 'min-invocations 10 per step (warn)'],
  ],
  [
    'failure-limit is not shown without a latency or metric rule it applies to',
    { failureLimit: 3 },
    ['min-invocations 10 per step (warn)'],
  ],
  [
    'one probe, singular',
    { probe: { payload: '{}', count: 1 } },
    ['1 probe of the new version every interval, each failure an error', 'min-invocations 10 per step (warn)'],
  ],
  [
    'several probes, and the alarms by name',
    { probe: { payload: '{}', count: 3 }, alarms: ['errors-high', 'p99-slow'] },
    [
      '3 probes of the new version every interval, each failure an error',
      'alarms not in ALARM: errors-high, p99-slow',
      'min-invocations 10 per step (warn)',
    ],
  ],
];

test.each(cases)('rule texts: %s', (_, overrides, expected) => {
  expect(describeRules(bakeSettings(overrides))).toEqual(expected);
});

test('rule texts come in a fixed order: error rate, latency, metrics, probes, alarms, failure-limit, traffic', () => {
  const all = bakeSettings({
    maxErrorRate: 0.02,
    maxLatency: { stat: 'p90', kind: 'absolute', ms: 300 },
    metricRules: [memory],
    probe: { payload: '{}', count: 2 },
    alarms: ['a'],
    failureLimit: 1,
  });
  expect(describeRules(all)).toEqual([
    'error rate <= 2% (95% bound, per step)',
    'p90 <= 300ms',
    'AWS/Lambda/Duration p99 < 800',
    '2 probes of the new version every interval, each failure an error',
    'alarms not in ALARM: a',
    'failure-limit 1',
    'min-invocations 10 per step (warn)',
  ]);
});
