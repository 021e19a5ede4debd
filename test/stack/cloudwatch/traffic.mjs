/**
 * Traffic for a bake: invokes a function's alias at a steady rate through the
 * Lambda fault proxy (which routes weighted aliases the way Lambda does and
 * names the version that ran in X-Amz-Executed-Version) and, for every
 * invoke, records what Lambda would: Invocations, Errors and Duration in
 * AWS/Lambda with the dimensions FunctionName, Resource (`name:alias`) and
 * ExecutedVersion, through PutMetricData (to the CloudWatch front, with the
 * real SDK client). moto runs no code here, so each version's error rate and
 * latency are set per test (`set`). Used by the tests, the bench and the demo.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { dice } from '../fault-proxy/index.mjs';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
/** Invokes aggregated per version into buckets this long, so each datum's timestamp is within it of its invokes. */
const BUCKET_MS = 100;

/**
 * @param {{ lambdaUrl: string, cloudwatchUrl: string, functionName: string, alias: string,
 *   ratePerSecond?: number, versions?: Record<string, { errorRate?: number, latencyMs?: number }>,
 *   fallback?: { errorRate?: number, latencyMs?: number }, seed?: number, flushMs?: number, region?: string }} options
 */
export function startTraffic({
  lambdaUrl,
  cloudwatchUrl,
  functionName,
  alias,
  ratePerSecond = 40,
  versions = {},
  fallback = { errorRate: 0, latencyMs: 100 },
  seed = 1,
  flushMs = 200,
  region = 'us-east-1',
}) {
  const roll = dice(seed);
  const behaviour = new Map(Object.entries(versions));
  const cw = new CloudWatchClient({ region, endpoint: cloudwatchUrl, credentials: CREDENTIALS, maxAttempts: 3 });
  /** `${version}|${bucket}` → { version, t, invocations, errors, durations } */
  let buffer = new Map();
  const totals = {};
  let inFlight = 0;
  let failedInvokes = 0;
  let stopped = false;
  const invokeUrl = `${lambdaUrl}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations?Qualifier=${encodeURIComponent(alias)}`;
  const auth = `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/lambda/aws4_request, SignedHeaders=host, Signature=0`;

  function record(version, at) {
    const b = { errorRate: 0, latencyMs: 100, ...fallback, ...(behaviour.get(version) ?? {}) };
    const error = roll() < b.errorRate;
    const duration = Math.round(b.latencyMs * (0.9 + 0.2 * roll()) * 100) / 100;
    const bucket = Math.floor(at / BUCKET_MS) * BUCKET_MS;
    const key = `${version}|${bucket}`;
    const entry = buffer.get(key) ?? { version, t: bucket, invocations: 0, errors: 0, durations: [] };
    entry.invocations++;
    if (error) entry.errors++;
    entry.durations.push(duration);
    buffer.set(key, entry);
    const total = (totals[version] ??= { invocations: 0, errors: 0 });
    total.invocations++;
    if (error) total.errors++;
  }

  async function invokeOnce() {
    inFlight++;
    const at = Date.now();
    try {
      const res = await fetch(invokeUrl, {
        method: 'POST',
        body: '{}',
        headers: { authorization: auth, 'content-type': 'application/json' },
      });
      await res.arrayBuffer();
      const version = res.headers.get('x-amz-executed-version');
      if (res.ok && version) record(version, at);
      else failedInvokes++;
    } catch {
      failedInvokes++;
    } finally {
      inFlight--;
    }
  }

  async function flush() {
    const entries = [...buffer.values()];
    buffer = new Map();
    if (entries.length === 0) return;
    const data = [];
    for (const e of entries) {
      const Dimensions = [
        { Name: 'FunctionName', Value: functionName },
        { Name: 'Resource', Value: `${functionName}:${alias}` },
        { Name: 'ExecutedVersion', Value: e.version },
      ];
      const Timestamp = new Date(e.t);
      data.push(
        { MetricName: 'Invocations', Dimensions, Timestamp, Value: e.invocations, Unit: 'Count' },
        { MetricName: 'Errors', Dimensions, Timestamp, Value: e.errors, Unit: 'Count' },
        { MetricName: 'Duration', Dimensions, Timestamp, Values: e.durations, Unit: 'Milliseconds' },
      );
    }
    for (let i = 0; i < data.length; i += 500) {
      await cw.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: data.slice(i, i + 500) }));
    }
  }

  const gap = 1000 / ratePerSecond;
  let next = Date.now();
  let invokeTimer;
  const tick = () => {
    if (stopped) return;
    const now = Date.now();
    // Catch up after a slow event loop, but never more than a second's worth at once.
    for (let n = 0; next <= now && n < ratePerSecond; n++, next += gap) {
      if (inFlight < 32) void invokeOnce();
    }
    if (next <= now) next = now + gap;
    invokeTimer = setTimeout(tick, Math.max(0, next - Date.now()));
  };
  tick();
  let flushing = Promise.resolve();
  let flushTimer;
  const flushLoop = () => {
    flushing = flushing.then(flush).catch(() => undefined);
    if (!stopped) flushTimer = setTimeout(flushLoop, flushMs);
  };
  flushTimer = setTimeout(flushLoop, flushMs);

  return {
    /** Changes one version's behaviour from now on. */
    set(version, patch) {
      behaviour.set(version, { ...(behaviour.get(version) ?? {}), ...patch });
    },
    /** Invokes seen per version so far (recorded, not necessarily flushed). */
    totals: () => JSON.parse(JSON.stringify(totals)),
    failedInvokes: () => failedInvokes,
    async stop() {
      stopped = true;
      clearTimeout(invokeTimer);
      clearTimeout(flushTimer);
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
      await flushing;
      await flush().catch(() => undefined);
      cw.destroy();
    },
  };
}
