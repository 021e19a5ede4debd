/**
 * Names shared by main and the post step (as amazon-ecr-login's STATES): the
 * state main saves with core.saveState and the post step reads back as the
 * runner's `STATE_<name>` variable. No imports: post.ts loads this alone (names.ts re-exports it with the
 * input and output tables, which the post step does not need).
 */
export const STATE = {
  /** JSON of bake/safety-net.ts's BakeState, rewritten after every alias write of a bake. */
  bake: 'bake',
} as const;

/** The variable the runner hands a post step for a saved state. */
export function stateVariable(name: (typeof STATE)[keyof typeof STATE]): string {
  return `STATE_${name}`;
}
