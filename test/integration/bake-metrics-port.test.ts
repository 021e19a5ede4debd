// The bake's CloudWatch port (update-lambda-and-wait src/bake/aws.ts) with the
// real SDK client against moto's CloudWatch: the per-version numbers of one
// window, a custom metric, and alarm states, as the bake reads them. The data
// points are put into moto first, as Lambda would publish them.
import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type Dimension,
} from '@aws-sdk/client-cloudwatch';
import { cloudWatchMetricsPort, periodFor } from '../../actions/update-lambda-and-wait/src/bake/aws';
import type { MetricsPort } from '../../actions/update-lambda-and-wait/src/bake/ports';
import type { Moto } from '../support/moto';
import { TEST_CREDENTIALS, spawnMoto } from '../stack/fault-proxy/fixtures.mjs';

const FUNCTION = 'bake-port';
const ALIAS = 'live';
const START = Date.UTC(2026, 11, 7, 12, 0, 0);

let moto: Moto;
let client: CloudWatchClient;
let port: MetricsPort;

const lambdaDimensions = (version: string): Dimension[] => [
  { Name: 'FunctionName', Value: FUNCTION },
  { Name: 'Resource', Value: `${FUNCTION}:${ALIAS}` },
  { Name: 'ExecutedVersion', Value: version },
];

async function put(namespace: string, name: string, dimensions: Dimension[], atMs: number, value: number): Promise<void> {
  await client.send(
    new PutMetricDataCommand({
      Namespace: namespace,
      MetricData: [{ MetricName: name, Dimensions: dimensions, Timestamp: new Date(atMs), Value: value }],
    }),
  );
}

beforeAll(async () => {
  moto = await spawnMoto();
  client = new CloudWatchClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: TEST_CREDENTIALS });
  port = await cloudWatchMetricsPort(client, FUNCTION, ALIAS);
  // Version 2 (new): 40 invocations, 3 errors, slowest 180 ms; version 1: 360 and 1, in the first minute.
  await put('AWS/Lambda', 'Invocations', lambdaDimensions('2'), START + 10_000, 25);
  await put('AWS/Lambda', 'Invocations', lambdaDimensions('2'), START + 40_000, 15);
  await put('AWS/Lambda', 'Errors', lambdaDimensions('2'), START + 40_000, 3);
  await put('AWS/Lambda', 'Duration', lambdaDimensions('2'), START + 10_000, 120);
  await put('AWS/Lambda', 'Duration', lambdaDimensions('2'), START + 40_000, 180);
  await put('AWS/Lambda', 'Invocations', lambdaDimensions('1'), START + 20_000, 360);
  await put('AWS/Lambda', 'Errors', lambdaDimensions('1'), START + 20_000, 1);
  // Outside the window: must not count.
  await put('AWS/Lambda', 'Invocations', lambdaDimensions('2'), START + 90_000, 1000);
  await put('ML/Model', 'Confidence', [{ Name: 'ModelVersion', Value: '2' }], START + 30_000, 0.87);
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

describe('periodFor: one CloudWatch period covers the whole window', () => {
  it.each([
    [500, 1],
    [1000, 1],
    [4000, 5],
    [25_000, 30],
    [45_000, 60],
    [60_000, 60],
    [61_000, 120],
    [300_000, 300],
  ])('a window of %i ms is read with a period of %i s', (windowMs, seconds) => {
    expect(periodFor(windowMs)).toBe(seconds);
  });
});

describe('window: each version by its ExecutedVersion dimension', () => {
  it('sums invocations and errors per version inside the window, and takes the largest latency point', async () => {
    const numbers = await port.window({ versions: ['2', '1'], startMs: START, endMs: START + 60_000, latencyStat: 'Maximum' });
    expect(numbers.versions).toEqual({
      '2': { invocations: 40, errors: 3, latencyMs: 180 },
      '1': { invocations: 360, errors: 1 },
    });
    expect(numbers.custom).toEqual([]);
  });

  it('reads no latency without a latency rule, and zero for a version without data', async () => {
    const numbers = await port.window({ versions: ['2', '9'], startMs: START, endMs: START + 60_000 });
    expect(numbers.versions).toEqual({ '2': { invocations: 40, errors: 3 }, '9': { invocations: 0, errors: 0 } });
  });

  it('reads a custom metric with its own namespace and dimensions; none without data', async () => {
    const numbers = await port.window({
      versions: ['2'],
      startMs: START,
      endMs: START + 60_000,
      custom: [
        { namespace: 'ML/Model', metric: 'Confidence', stat: 'Average', dimensions: [{ name: 'ModelVersion', value: '2' }] },
        { namespace: 'ML/Model', metric: 'Confidence', stat: 'Average', dimensions: [{ name: 'ModelVersion', value: '7' }] },
      ],
    });
    expect(numbers.custom).toEqual([0.87, undefined]);
  });
});

describe('alarms', () => {
  it('answers each known alarm with its state and leaves out names CloudWatch does not know', async () => {
    for (const name of ['model-errors', 'model-latency']) {
      await client.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    }
    await client.send(new SetAlarmStateCommand({ AlarmName: 'model-errors', StateValue: 'ALARM', StateReason: 'test' }));
    await client.send(new SetAlarmStateCommand({ AlarmName: 'model-latency', StateValue: 'OK', StateReason: 'test' }));
    expect(await port.alarms(['model-errors', 'model-latency', 'no-such-alarm'])).toEqual({
      'model-errors': 'ALARM',
      'model-latency': 'OK',
    });
  });

  it('answers only the alarms it was asked for, not every alarm of the account', async () => {
    for (const name of ['asked-alarm', 'other-team-alarm']) {
      await client.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: 'AWS/Lambda',
          MetricName: 'Throttles',
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    }
    await client.send(new SetAlarmStateCommand({ AlarmName: 'asked-alarm', StateValue: 'ALARM', StateReason: 'test' }));
    expect(await port.alarms(['asked-alarm'])).toEqual({ 'asked-alarm': 'ALARM' });
  });
});

describe('a cancel', () => {
  it('stops the window and the alarm reads: an aborted signal reaches the SDK call', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(port.window({ versions: ['2'], startMs: START, endMs: START + 60_000 }, controller.signal)).rejects.toThrow(/abort/i);
    await expect(port.alarms(['model-errors'], controller.signal)).rejects.toThrow(/abort/i);
  });
});
