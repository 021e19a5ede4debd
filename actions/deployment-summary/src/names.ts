/** The names of deployment-summary's interface in one place (as amazon-ecr-login's OUTPUTS). */
/** The outputs action.yml declares besides `report` (test/bundle/names.test.ts checks they agree). */
export const OUTPUTS = ['markdown', 'comment-id', 'comment-url', 'deployment-id', 'slack-ts', 'slack-channel-id'] as const;
export type Output = (typeof OUTPUTS)[number];

/** The inputs action.yml declares (test/bundle/names.test.ts checks they agree, and that the code reads each). */
export const INPUTS = [
  'steps',
  'reports',
  'job-status',
  'title',
  'environment',
  'environment-url',
  'pr-comment',
  'pull-request',
  'deployment-status',
  'stage',
  'deployment-id',
  'github-token',
  'slack-webhook-url',
  'slack-bot-token',
  'slack-channel',
  'slack-message-ts',
  'slack-thread',
] as const;
export type Input = (typeof INPUTS)[number];
