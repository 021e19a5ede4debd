/** The names of deployment-summary's interface in one place (as amazon-ecr-login's OUTPUTS). */
/** The outputs action.yml declares besides `report` (test/bundle/names.test.ts checks they agree). */
export const OUTPUTS = ['markdown', 'comment-id', 'comment-url', 'deployment-id', 'slack-ts', 'slack-channel-id'] as const;
export type Output = (typeof OUTPUTS)[number];
