// The timing inputs as the runner hands them over: the cadence and the budget
// the run's timing context is built from.
import { readInputs } from '../src/inputs';

const env = (extra: Record<string, string>) => ({ 'INPUT_FUNCTION-NAME': 'fn', 'INPUT_S3-BUCKET': 'b', 'INPUT_S3-KEY': 'k', AWS_REGION: 'us-east-1', ...extra });

it.each([
  ['1s', '10m', 1000, 600_000],
  ['250ms', '90s', 250, 90_000],
  ['2', '1m30s', 2000, 90_000],
])('poll-interval %s and wait-timeout %s are %ims and %ims', (poll, wait, pollMs, waitMs) => {
  const inputs = readInputs(env({ 'INPUT_POLL-INTERVAL': poll, 'INPUT_WAIT-TIMEOUT': wait }));
  expect(inputs.pollIntervalMs).toBe(pollMs);
  expect(inputs.waitTimeoutMs).toBe(waitMs);
});
