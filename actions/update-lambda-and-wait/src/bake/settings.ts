import { InputError, formatPercent, parseDuration, type InputReader } from '@mlship/action-kit';
import { parseMetricRules, type MetricRule } from './metric-rules';
import { readProbePayload, type ProbeSettings } from './probes';

/** One traffic step: `weight` percent of the alias's traffic on the new version for `bakeMs`. */
export interface TrafficStep {
  weight: number;
  bakeMs: number;
}

/** `p99 +20%`: at most 20% above the previous version's p99 in the same window; `p99 1500ms`: at most 1500 ms. */
export type LatencyRule = { stat: string; kind: 'relative'; percent: number } | { stat: string; kind: 'absolute'; ms: number };

/** Progressive delivery: how traffic moves and how each window of the bake is judged. */
export interface BakeSettings {
  steps: TrafficStep[];
  /** The steps end in `hold`: after the last step the bake ends successfully with the split held (promoted later by a run with version). */
  hold?: boolean;
  alarms: string[];
  /** `max-error-rate: 2%`: 0..1 */
  maxErrorRate?: number;
  /** `max-error-rate: previous +1%`: percentage points (0..1) over the previous version's rate. */
  errorRateOverPrevious?: number;
  maxLatency?: LatencyRule;
  /** Custom metric rules (input `metrics`), judged per window of the new version. */
  metricRules: MetricRule[];
  /** probe-payload and probe-count: the new version invoked directly before the first shift and every interval. */
  probe?: ProbeSettings;
  analysisIntervalMs: number;
  /** Real AWS (no endpoint override) with analysis-interval under 1 minute: what was asked, before it was widened to 1 minute. */
  intervalWidenedFromMs?: number;
  metricsDelayMs: number;
  minInvocations: number;
  insufficientTraffic: 'warn' | 'fail';
  /** Windows failed by a latency rule that the bake tolerates (Argo Rollouts' failureLimit). */
  failureLimit: number;
  /** Failed metrics or alarm reads in a row before the bake fails as "metrics unavailable". */
  inconclusiveLimit: number;
  /** Alarms in ALARM when the bake starts: fail (do not start) or ignore them until they have been OK once. */
  alarmsAlreadyFiring: 'fail' | 'ignore';
  onFailure: 'rollback' | 'hold';
}

/** The inputs that only mean something with traffic-steps. */
export const BAKE_INPUTS = [
  'alarms',
  'max-error-rate',
  'max-latency',
  'metrics',
  'probe-payload',
  'probe-count',
  'analysis-interval',
  'metrics-delay',
  'min-invocations',
  'insufficient-traffic',
  'failure-limit',
  'inconclusive-limit',
  'alarms-already-firing',
  'on-failure',
] as const;

/** The defaults action.yml declares (the runner fills them in; a direct run may not). */
const DEFAULTS = {
  'analysis-interval': '1m',
  'metrics-delay': '2m',
  'min-invocations': '10',
  'insufficient-traffic': 'warn',
  'failure-limit': '0',
  'inconclusive-limit': '3',
  'probe-count': '1',
  'alarms-already-firing': 'fail',
  'on-failure': 'rollback',
} as const;

const STEPS_EXAMPLE = 'traffic-steps: 10%:5m, 50%:5m';
const HOLD_EXAMPLE = 'traffic-steps: 10%:5m, hold';
const STEP = /^(\d+(?:\.\d+)?)\s*%?\s*:\s*(\S+)$/;
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
const LATENCY = /^(p\d{1,2}(?:\.\d{1,2})?)\s+(?:\+\s*(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?\s*(?:ms|s)))$/i;
// CloudWatch alarm names: 1 to 255 printable characters, no control characters.
const ALARM_NAME = /^[^\p{Cc}]{1,255}$/u;

/** `10%:5m, 50%:5m` (then 100%), or ending in `hold` (the split is kept; only as the last step). */
function parseSteps(text: string): { steps: TrafficStep[]; hold: boolean } {
  const all = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const holdAt = all.findIndex((p) => p.toLowerCase() === 'hold');
  if (holdAt >= 0 && holdAt !== all.length - 1) {
    throw new InputError('traffic-steps', `has hold before its last step: hold ends the bake, so it can only come last`, HOLD_EXAMPLE);
  }
  if (holdAt === 0)
    throw new InputError('traffic-steps', 'has hold without a step before it: hold keeps the split the last step made', HOLD_EXAMPLE);
  const parts = holdAt >= 0 ? all.slice(0, -1) : all;
  const steps: TrafficStep[] = [];
  for (const part of parts) {
    const m = STEP.exec(part);
    const bakeMs = m ? parseDuration(m[2] as string) : undefined;
    if (!m || bakeMs === undefined) {
      throw new InputError('traffic-steps', `has a step that is not WEIGHT%:BAKE: '${part}'`, STEPS_EXAMPLE);
    }
    const weight = Number(m[1]);
    if (!(weight > 0 && weight < 100)) {
      throw new InputError(
        'traffic-steps',
        `has a weight outside 0% to 100% (exclusive): '${part}' (the last step to 100% is implied)`,
        STEPS_EXAMPLE,
      );
    }
    const before = steps[steps.length - 1];
    if (before && weight <= before.weight) {
      throw new InputError('traffic-steps', `weights must increase step by step: ${weight}% comes after ${before.weight}%`, STEPS_EXAMPLE);
    }
    if (bakeMs <= 0) throw new InputError('traffic-steps', `has a step without bake time: '${part}'`, STEPS_EXAMPLE);
    steps.push({ weight, bakeMs });
  }
  if (steps.length > 20) throw new InputError('traffic-steps', `has ${steps.length} steps; at most 20`, STEPS_EXAMPLE);
  return { steps, hold: holdAt >= 0 };
}

function parseLatency(text: string): LatencyRule {
  const m = LATENCY.exec(text.trim());
  const example = 'max-latency: p99 +20% (relative to the previous version) or p99 1500ms (absolute)';
  if (!m) throw new InputError('max-latency', `is not 'pNN +X%' or 'pNN <duration>': '${text}'`, example);
  const stat = (m[1] as string).toLowerCase();
  const p = Number(stat.slice(1));
  if (!(p > 0 && p < 100)) throw new InputError('max-latency', `percentile must be between p0 and p100 (exclusive): '${stat}'`, example);
  if (m[2] !== undefined) return { stat, kind: 'relative', percent: Number(m[2]) };
  const ms = parseDuration((m[3] as string).replace(/\s+/g, '')) as number;
  if (ms <= 0) throw new InputError('max-latency', `limit must be above 0: '${text}'`, example);
  return { stat, kind: 'absolute', ms };
}

const RELATIVE_RATE = /^previous\s*\+\s*(\d+(?:\.\d+)?)\s*%$/i;

/** `2%` (absolute) or `previous +1%` (percentage points over the previous version's rate). */
function parseErrorRate(text: string): Pick<BakeSettings, 'maxErrorRate' | 'errorRateOverPrevious'> {
  const relative = RELATIVE_RATE.exec(text.trim());
  const m = relative ?? PERCENT.exec(text.trim());
  const value = m ? Number(m[1]) : NaN;
  if (!m || value > 100) {
    throw new InputError(
      'max-error-rate',
      `must be a percentage from 0% to 100%, or previous +N%: '${text}'`,
      'max-error-rate: 1% (or previous +1%)',
    );
  }
  return relative ? { errorRateOverPrevious: value / 100 } : { maxErrorRate: value / 100 };
}

/** What readBakeSettings needs to know of the other inputs. */
export interface BakeContext {
  alias?: string;
  publish: boolean;
  canaryWeight?: number;
  hasCode: boolean;
  /** AWS_ENDPOINT_URL(_CLOUDWATCH) set: a local stack that can resolve seconds; real CloudWatch has Lambda's metrics per minute. */
  endpointOverride?: boolean;
  /** Where probe-payload's @path is read from. */
  workspace?: string;
}

/**
 * The bake settings, or undefined when traffic-steps is empty (today's
 * behaviour). Checks everything a bake needs from the other inputs too: an
 * alias, a published version, no canary-weight. Makes no network call.
 */
export function readBakeSettings(reader: InputReader, context: BakeContext): BakeSettings | undefined {
  const stepsText = reader.raw('traffic-steps');
  if (stepsText === '') {
    // action.yml defaults fill some of these in: only flag what the user wrote.
    const stray = BAKE_INPUTS.filter((name) => reader.has(name) && reader.raw(name) !== (DEFAULTS as Record<string, string>)[name]);
    if (stray.length > 0) {
      throw new InputError(stray[0] as string, 'only applies to a bake: set traffic-steps too', `${STEPS_EXAMPLE}\n${stray[0]}: ...`);
    }
    return undefined;
  }
  checkBakeContext(context);
  const { steps, hold } = parseSteps(stepsText);
  if (steps.length === 0) throw new InputError('traffic-steps', 'has no step', STEPS_EXAMPLE);
  const count = (name: 'failure-limit' | 'inconclusive-limit', fallback: number, max: number) =>
    reader.integer(name, { min: name === 'inconclusive-limit' ? 1 : 0, max, default: fallback, example: `${name}: ${fallback}` }) ??
    fallback;
  return {
    steps,
    ...(hold ? { hold } : {}),
    ...readWindows(reader, steps, context),
    ...readRules(reader, context),
    insufficientTraffic: reader.enumOf('insufficient-traffic', ['warn', 'fail'] as const, 'warn'),
    failureLimit: count('failure-limit', Number(DEFAULTS['failure-limit']), 1000),
    inconclusiveLimit: count('inconclusive-limit', Number(DEFAULTS['inconclusive-limit']), 100),
    alarmsAlreadyFiring: reader.enumOf('alarms-already-firing', ['fail', 'ignore'] as const, 'fail'),
    onFailure: reader.enumOf('on-failure', ['rollback', 'hold'] as const, 'rollback'),
  };
}

/** A bake needs an alias, a published version and no canary-weight. */
function checkBakeContext(context: BakeContext): void {
  if (context.alias === undefined) {
    throw new InputError('traffic-steps', 'needs alias: traffic moves between versions behind an alias', `alias: live\n${STEPS_EXAMPLE}`);
  }
  if (context.hasCode && !context.publish) {
    throw new InputError('traffic-steps', 'needs publish: true: traffic moves to a published version', 'publish: true');
  }
  if (context.canaryWeight !== undefined) {
    throw new InputError('canary-weight', 'cannot be combined with traffic-steps: give the canary as the first step', STEPS_EXAMPLE);
  }
}

/** analysis-interval (widened to 1 minute on real AWS) and metrics-delay; every step must hold at least one window. */
function readWindows(
  reader: InputReader,
  steps: TrafficStep[],
  context: BakeContext,
): Pick<BakeSettings, 'analysisIntervalMs' | 'intervalWidenedFromMs' | 'metricsDelayMs'> {
  const askedIntervalMs = reader.duration('analysis-interval', DEFAULTS['analysis-interval'], {
    min: 1000,
    max: 3_600_000,
    example: 'analysis-interval: 1m (or 5s in a demo)',
  });
  // Lambda publishes its metrics at 1-minute resolution: shorter windows would be judged on partial buckets.
  const widen = !context.endpointOverride && askedIntervalMs < 60_000;
  const analysisIntervalMs = widen ? 60_000 : askedIntervalMs;
  const metricsDelayMs = reader.duration('metrics-delay', DEFAULTS['metrics-delay'], {
    min: 0,
    max: 3_600_000,
    example: 'metrics-delay: 2m',
  });
  const short = steps.find((s) => s.bakeMs < analysisIntervalMs);
  if (short) {
    throw new InputError(
      'traffic-steps',
      `has a step of ${short.weight}% that bakes ${short.bakeMs}ms, shorter than analysis-interval (${analysisIntervalMs}ms): no window could be judged`,
      STEPS_EXAMPLE,
    );
  }
  return { analysisIntervalMs, ...(widen ? { intervalWidenedFromMs: askedIntervalMs } : {}), metricsDelayMs };
}

/** What judges the new version: alarms, error rate, latency, custom metrics, probes, min-invocations. */
function readRules(
  reader: InputReader,
  context: BakeContext,
): Pick<BakeSettings, 'alarms' | 'maxErrorRate' | 'errorRateOverPrevious' | 'maxLatency' | 'metricRules' | 'probe' | 'minInvocations'> {
  const alarms = reader.list('alarms', { separator: 'newline' });
  const badAlarm = alarms.find((a) => !ALARM_NAME.test(a));
  if (badAlarm !== undefined)
    throw new InputError('alarms', `has a name that is not a CloudWatch alarm name: '${badAlarm}'`, 'alarms: |\n  model-errors');
  if (alarms.length > 100) throw new InputError('alarms', `names ${alarms.length} alarms; at most 100`, 'alarms: |\n  model-errors');
  const errorRate = reader.has('max-error-rate') ? parseErrorRate(reader.raw('max-error-rate')) : {};
  const maxLatency = reader.has('max-latency') ? parseLatency(reader.raw('max-latency')) : undefined;
  const metricRules = parseMetricRules(reader.list('metrics', { separator: 'newline' }));
  const probeCount = reader.integer('probe-count', { min: 1, max: 20, default: 1, example: 'probe-count: 3' }) ?? 1;
  const probe = reader.has('probe-payload')
    ? { payload: readProbePayload(reader.raw('probe-payload'), context.workspace), count: probeCount }
    : undefined;
  const minInvocations =
    reader.integer('min-invocations', {
      min: 0,
      max: 1_000_000,
      default: Number(DEFAULTS['min-invocations']),
      example: 'min-invocations: 10',
    }) ?? 10;
  return { alarms, ...errorRate, maxLatency, metricRules, ...(probe ? { probe } : {}), minInvocations };
}

/** The rules as written, for the log, the report and the summary. */
export function describeRules(s: BakeSettings): string[] {
  const rules: string[] = [];
  if (s.maxErrorRate !== undefined) rules.push(`error rate <= ${formatPercent(s.maxErrorRate)} (95% bound, per step)`);
  if (s.errorRateOverPrevious !== undefined)
    rules.push(`error rate <= previous +${formatPercent(s.errorRateOverPrevious)} (95% bound, per step)`);
  if (s.maxLatency?.kind === 'relative') rules.push(`${s.maxLatency.stat} <= previous +${s.maxLatency.percent}%`);
  if (s.maxLatency?.kind === 'absolute') rules.push(`${s.maxLatency.stat} <= ${s.maxLatency.ms}ms`);
  for (const rule of s.metricRules) rules.push(rule.text);
  if (s.probe)
    rules.push(`${s.probe.count} probe${s.probe.count === 1 ? '' : 's'} of the new version every interval, each failure an error`);
  if (s.alarms.length > 0) rules.push(`alarms not in ALARM: ${s.alarms.join(', ')}`);
  if ((s.maxLatency || s.metricRules.length > 0) && s.failureLimit > 0) rules.push(`failure-limit ${s.failureLimit}`);
  rules.push(`min-invocations ${s.minInvocations} per step (${s.insufficientTraffic})`);
  return rules;
}
