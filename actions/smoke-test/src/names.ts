/** The names of smoke-test's interface in one place (as amazon-ecr-login's OUTPUTS). */
/** The outputs action.yml declares besides `report` (test/bundle/names.test.ts checks they agree). */
export const OUTPUTS = ['passed', 'failed-checks', 'results'] as const;
export type Output = (typeof OUTPUTS)[number];

/** The inputs action.yml declares (test/bundle/names.test.ts checks they agree, and that the code reads each). */
export const INPUTS = [
  'url',
  'method',
  'body',
  'expect-status',
  'expect-body-contains',
  'expect-json',
  'max-latency-ms',
  'checks',
  'follow-redirects',
  'headers',
  'wait-until-up',
  'retries',
  'retry-delay',
  'timeout',
  'requests',
  'max-error-rate',
  'warmup',
  'concurrency',
  'fail-fast',
  'aws-sigv4',
  'aws-region',
  'ca-file',
  'proxy',
] as const;
export type Input = (typeof INPUTS)[number];
