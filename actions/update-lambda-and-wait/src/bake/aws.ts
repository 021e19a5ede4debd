import type { CloudWatchClient, Dimension, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { combinePoints } from './metric-rules';
import type { MetricsPort, VersionNumbers, WindowQuery } from './ports';

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

/** One window's queries: Invocations, Errors (and Duration's stat) per version, then each custom rule; ids tie the answers back. */
function windowQueries(
  dimensions: (version: string) => Dimension[],
  { versions, latencyStat, custom = [] }: Pick<WindowQuery, 'versions' | 'latencyStat' | 'custom'>,
  period: number,
): MetricDataQuery[] {
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
        Metric: { Namespace: c.namespace, MetricName: c.metric, Dimensions: c.dimensions.map((d) => ({ Name: d.name, Value: d.value })) },
        Period: period,
        Stat: c.stat,
      },
      ReturnData: true,
    }),
  );
  return queries;
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
      const queries = windowQueries(dimensions, { versions, latencyStat, custom }, periodFor(endMs - startMs));
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
