// The bake's inputs read by src/bake/settings.ts itself: the limits on steps,
// alarms, percentiles and durations, each at its edge, with the whole
// message a user sees (problem and example).
import { InputReader } from '@mlship/action-kit';
import { readBakeSettings } from '../src/bake/settings';

const read = (inputs: Record<string, string>) =>
  readBakeSettings(
    new InputReader(Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]))),
    { alias: 'live', publish: true, hasCode: true, endpointOverride: true },
  );

const steps = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}%:1m`).join(', ');

describe('traffic-steps', () => {
  it('ignores empty parts around the commas', () => {
    expect(read({ 'traffic-steps': ', 10%:5m,, 50%:5m,' })?.steps).toEqual([
      { weight: 10, bakeMs: 300_000 },
      { weight: 50, bakeMs: 300_000 },
    ]);
  });

  it('refuses a list with commas and no step', () => {
    expect(() => read({ 'traffic-steps': ', ,' })).toThrow("Input 'traffic-steps' has no step. Example: traffic-steps: 10%:5m, 50%:5m");
  });

  it('refuses a step of 0 seconds as a step without bake time', () => {
    expect(() => read({ 'traffic-steps': '10%:0s' })).toThrow(
      "Input 'traffic-steps' has a step without bake time: '10%:0s'. Example: traffic-steps: 10%:5m, 50%:5m",
    );
  });

  it('takes 20 steps and refuses 21', () => {
    expect(read({ 'traffic-steps': steps(20) })?.steps).toHaveLength(20);
    expect(() => read({ 'traffic-steps': steps(21) })).toThrow(
      "Input 'traffic-steps' has 21 steps; at most 20. Example: traffic-steps: 10%:5m, 50%:5m",
    );
  });
});

describe('max-latency', () => {
  const example = 'Example: max-latency: p99 +20% (relative to the previous version) or p99 1500ms (absolute)';

  it('refuses p0, the percentile that is no percentile', () => {
    expect(() => read({ 'traffic-steps': '10%:5m', 'max-latency': 'p0 +10%' })).toThrow(
      `Input 'max-latency' percentile must be between p0 and p100 (exclusive): 'p0'. ${example}`,
    );
    expect(read({ 'traffic-steps': '10%:5m', 'max-latency': 'p1 300ms' })?.maxLatency).toEqual({ stat: 'p1', kind: 'absolute', ms: 300 });
  });

  it('refuses a limit of 0 ms', () => {
    expect(() => read({ 'traffic-steps': '10%:5m', 'max-latency': 'p99 0ms' })).toThrow(
      `Input 'max-latency' limit must be above 0: 'p99 0ms'. ${example}`,
    );
  });

  it('says what it takes when the rule is not one', () => {
    expect(() => read({ 'traffic-steps': '10%:5m', 'max-latency': 'slow' })).toThrow(
      `Input 'max-latency' is not 'pNN +X%' or 'pNN <duration>': 'slow'. ${example}`,
    );
  });
});

describe('max-error-rate', () => {
  it('above 100% is refused with a right example', () => {
    expect(() => read({ 'traffic-steps': '10%:5m', 'max-error-rate': '101%' })).toThrow(
      "Input 'max-error-rate' must be a percentage from 0% to 100%, or previous +N%: '101%'. Example: max-error-rate: 1% (or previous +1%)",
    );
    expect(() => read({ 'traffic-steps': '10%:5m', 'max-error-rate': 'previous +100.5%' })).toThrow("Input 'max-error-rate' must be");
    expect(read({ 'traffic-steps': '10%:5m', 'max-error-rate': 'previous +100%' })?.errorRateOverPrevious).toBe(1);
  });
});

describe('alarms', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `alarm-${i}`).join('\n');

  it('takes 100 alarms and refuses 101', () => {
    expect(read({ 'traffic-steps': '10%:5m', alarms: names(100) })?.alarms).toHaveLength(100);
    expect(() => read({ 'traffic-steps': '10%:5m', alarms: names(101) })).toThrow(
      "Input 'alarms' names 101 alarms; at most 100. Example: alarms: |\n  model-errors",
    );
  });
});
