/**
 * Names shared by main and the post step (as amazon-ecr-login's STATES): the
 * state main saves with core.saveState and the post step reads back as the
 * runner's `STATE_<name>` variable. No imports: post.ts loads this alone.
 */
export const STATE = {
  /** JSON of bake/safety-net.ts's BakeState, rewritten after every alias write of a bake. */
  bake: 'bake',
} as const;

/** The variable the runner hands a post step for a saved state. */
export function stateVariable(name: (typeof STATE)[keyof typeof STATE]): string {
  return `STATE_${name}`;
}

/** Set by post.ts when it runs the main bundle as the safety net. */
export const SAFETY_NET_ENV = 'MLSHIP_SAFETY_NET';

/** The outputs action.yml declares besides `report` (test/bundle/names.test.ts checks they agree). */
export const OUTPUTS = [
  'function-arn',
  'version',
  'version-arn',
  'previous-version',
  'alias-arn',
  'code-sha256',
  'resolved-image-uri',
  'update-seconds',
  'created',
  's3-key',
  'deleted-versions',
  'rolled-back',
  'rollback-reason',
  'held',
  'weights',
  'bake',
] as const;
export type Output = (typeof OUTPUTS)[number];
