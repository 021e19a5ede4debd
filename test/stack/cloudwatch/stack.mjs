// The pieces a bake runs against, started on free ports by the caller (tests,
// bench/lambda-bake-rollback, the demo): moto, the Lambda fault proxy in front
// of it (RevisionIds, weighted alias routing), the CloudWatch front
// (percentiles, late metrics), and a function with version 1 behind alias `live`.
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateAliasCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { startFaultProxy } from '../fault-proxy/index.mjs';
import { TEST_CREDENTIALS, createFunction, lambdaClient, spawnMoto } from '../fault-proxy/fixtures.mjs';
import { startCloudWatchFront } from './index.mjs';

export { startTraffic } from './traffic.mjs';

/** @param {{ delayMs?: number }} [options] */
export async function startBakeStack({ delayMs = 0 } = {}) {
  const moto = await spawnMoto();
  const proxy = await startFaultProxy({ target: moto.endpoint });
  const front = await startCloudWatchFront({ target: moto.endpoint, delayMs });
  const env = { ...moto.env, AWS_ENDPOINT_URL_LAMBDA: proxy.url, AWS_ENDPOINT_URL_CLOUDWATCH: front.url };
  return {
    moto,
    proxy,
    front,
    /** Env for an action run against this stack. */
    env,
    /** A new function, published as version 1 with alias `live` on it (straight in moto). */
    async functionWithAlias(name, alias = 'live') {
      await createFunction(moto.endpoint, name);
      const lambda = await lambdaClient(moto.endpoint);
      try {
        await lambda.send(new PublishVersionCommand({ FunctionName: name }));
        await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: alias, FunctionVersion: '1' }));
      } finally {
        lambda.destroy();
      }
    },
    /** A CloudWatch alarm on the function's errors, in state `state`; `setAlarm` moves it later. */
    async alarm(name, state = 'OK') {
      await withCloudWatch(front.url, async (cw) => {
        await cw.send(
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
        await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: 'set by the test' }));
      });
    },
    async setAlarm(name, state) {
      await withCloudWatch(front.url, (cw) =>
        cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: 'set by the test' })),
      );
    },
    async stop() {
      await front.close();
      await proxy.close();
      await moto.stop();
    },
  };
}

async function withCloudWatch(endpoint, use) {
  const cw = new CloudWatchClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS });
  try {
    return await use(cw);
  } finally {
    cw.destroy();
  }
}
