/** The names of smoke-test's interface in one place (as amazon-ecr-login's OUTPUTS). */
/** The outputs action.yml declares besides `report` (test/bundle/names.test.ts checks they agree). */
export const OUTPUTS = ['passed', 'failed-checks', 'results'] as const;
export type Output = (typeof OUTPUTS)[number];
