// Typed entry for the jest suites; the code (and its documentation) lives in
// stack.mjs so the plain-node benches bring the stack up the same way.
import * as impl from './stack.mjs';

export interface Stack {
  /** Every KEY=VALUE of .stack/env: spread it into an action's or SDK's env. */
  env: Record<string, string>;
  motoEndpoint: string;
  registry: string;
  accountId: string;
  region: string;
  roleArn: string;
  tlsCert: string;
}

export const repoRoot: string = impl.repoRoot;
export const stackEnvFile: string = impl.stackEnvFile;
export const parseEnvFile: (text: string) => Record<string, string> = impl.parseEnvFile;
/** The names of the components that do not answer (empty when all do). */
export const stackProblems: (env: Record<string, string>) => Promise<string[]> = impl.stackProblems;
/** The running stack, started first if any component is down. */
export const ensureStack = impl.ensureStack as () => Promise<Stack>;
/** A DOCKER_CONFIG directory of a test's own, with buildx linked in. */
export const tempDockerConfig: () => string = impl.tempDockerConfig;
