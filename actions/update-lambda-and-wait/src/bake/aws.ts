import type { CloudWatchClient, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { isAbort, throwIfCancelled, type Sleep } from '@mlship/action-kit';
import { awsErrorCode, isAwsError, transientKind } from '@mlship/aws-kit';
import type { LambdaApi } from '../lambda-api';
import { combinePoints } from './metric-rules';
import { AliasChangedError, sameRouting, type AliasPort, type MetricsPort, type VersionNumbers } from './ports';

/** Tries per alias call during a bake: a passing fault must not end a bake, a long outage must not stall it. */
const ALIAS_TRIES = 4;

async function withFewRetries<T>(call: (attempt: number) => Promise<T>, sleep: Sleep, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    throwIfCancelled(signal);
    try {
      return await call(attempt);
    } catch (err) {
      const busy = awsErrorCode(err) === 'ResourceConflictException' && /in progress/i.test((err as Error).message);
      if (isAbort(err) || attempt >= ALIAS_TRIES || !(busy || transientKind(err))) throw err;
      await sleep(500 * 2 ** (attempt - 1), signal);
    }
  }
}

/** The alias as a port: reads carry the RevisionId, every write names the one read before it. */
export function lambdaAliasPort(api: LambdaApi, functionName: string, alias: string, sleep: Sleep): AliasPort {
  const read = async (signal?: AbortSignal) => {
    const state = await withFewRetries(() => api.getAlias(functionName, alias, signal), sleep, signal);
    if (!state) throw new AliasChangedError(undefined);
    return { version: state.version, weights: state.weights, revisionId: state.revisionId };
  };
  return {
    read,
    async write(version, weights, revisionId, signal) {
      return withFewRetries(
        async (attempt) => {
          try {
            const state = await api.updateAlias(functionName, alias, version, weights, signal, revisionId);
            return { version: state.version, weights: state.weights, revisionId: state.revisionId };
          } catch (err) {
            if (!isAwsError(err, ['PreconditionFailedException'])) throw err;
            const now = await read(signal);
            // A retry after a try whose answer was lost: that try landed, the alias is as asked.
            if (attempt > 1 && sameRouting(now, { version, weights })) return now;
            throw new AliasChangedError(now);
          }
        },
        sleep,
        signal,
      );
    },
  };
}

/**
 * CloudWatch allows periods of 1, 5, 10, 20, 30 s (high-resolution metrics)
 * or multiples of 60 s. The period covers the whole window, so each version's
 * numbers come back as one point (two when the window straddles a period
 * boundary: counts are summed, a percentile takes the larger).
 */
export function periodFor(windowMs: number): number {
  const seconds = Math.max(1, Math.ceil(windowMs / 1000));
  if (seconds >= 60) return Math.ceil(seconds / 60) * 60;
  return [1, 5, 10, 20, 30, 60].find((p) => p >= seconds) as number;
}

/**
 * The per-version metrics Lambda publishes for an alias: namespace AWS/Lambda,
 * dimensions FunctionName, Resource (`name:alias`) and ExecutedVersion.
 */
export async function cloudWatchMetricsPort(client: CloudWatchClient, functionName: string, alias: string): Promise<MetricsPort> {
  const sdk = await import('@aws-sdk/client-cloudwatch');
  const dimensions = (version: string) => [
    { Name: 'FunctionName', Value: functionName },
    { Name: 'Resource', Value: `${functionName}:${alias}` },
    { Name: 'ExecutedVersion', Value: version },
  ];
  return {
    async window({ versions, startMs, endMs, latencyStat, custom = [] }, signal) {
      const period = periodFor(endMs - startMs);
      const queries: MetricDataQuery[] = [];
      const metric = (id: string, name: string, version: string, stat: string): MetricDataQuery => ({
        Id: id,
        MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: name, Dimensions: dimensions(version) }, Period: period, Stat: stat },
        ReturnData: true,
      });
      versions.forEach((version, i) => {
        queries.push(metric(`inv${i}`, 'Invocations', version, 'Sum'), metric(`err${i}`, 'Errors', version, 'Sum'));
        if (latencyStat) queries.push(metric(`lat${i}`, 'Duration', version, latencyStat));
      });
      custom.forEach((c, i) =>
        queries.push({
          Id: `c${i}`,
          MetricStat: {
            Metric: {
              Namespace: c.namespace,
              MetricName: c.metric,
              Dimensions: c.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
            },
            Period: period,
            Stat: c.stat,
          },
          ReturnData: true,
        }),
      );
      const values = new Map<string, number[]>();
      let token: string | undefined;
      do {
        const out = await client.send(
          new sdk.GetMetricDataCommand({
            StartTime: new Date(startMs),
            EndTime: new Date(endMs),
            MetricDataQueries: queries,
            ScanBy: 'TimestampAscending',
            NextToken: token,
          }),
          { abortSignal: signal },
        );
        for (const r of out.MetricDataResults ?? []) values.set(r.Id ?? '', [...(values.get(r.Id ?? '') ?? []), ...(r.Values ?? [])]);
        token = out.NextToken;
      } while (token);
      const sum = (id: string) => (values.get(id) ?? []).reduce((a, b) => a + b, 0);
      const result: Record<string, VersionNumbers> = {};
      versions.forEach((version, i) => {
        const latencies = values.get(`lat${i}`) ?? [];
        result[version] = {
          invocations: sum(`inv${i}`),
          errors: sum(`err${i}`),
          ...(latencies.length > 0 ? { latencyMs: Math.max(...latencies) } : {}),
        };
      });
      return { versions: result, custom: custom.map((c, i) => combinePoints(c.stat, values.get(`c${i}`) ?? [])) };
    },
    async alarms(names, signal) {
      const states: Record<string, string> = {};
      let token: string | undefined;
      do {
        const out = await client.send(
          new sdk.DescribeAlarmsCommand({
            AlarmNames: names,
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
            MaxRecords: 100,
            NextToken: token,
          }),
          { abortSignal: signal },
        );
        for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
          if (a.AlarmName) states[a.AlarmName] = a.StateValue ?? 'INSUFFICIENT_DATA';
        }
        token = out.NextToken;
      } while (token);
      return states;
    },
  };
}
