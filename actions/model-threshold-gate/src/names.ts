/** The names of model-threshold-gate's interface in one place (as amazon-ecr-login's OUTPUTS). */
/** The outputs action.yml declares besides `report` (test/bundle/names.test.ts checks they agree). */
export const OUTPUTS = ['passed', 'failed', 'results'] as const;
export type Output = (typeof OUTPUTS)[number];

/** The inputs action.yml declares (test/bundle/names.test.ts checks they agree, and that the code reads each). */
export const INPUTS = [
  'metrics-file',
  'metrics',
  'thresholds',
  'baseline-file',
  'baseline',
  'baseline-environment',
  'github-token',
  'max-regression',
  'higher-is-better',
  'lower-is-better',
  'missing',
  'baseline-missing',
  'mode',
] as const;
export type Input = (typeof INPUTS)[number];
