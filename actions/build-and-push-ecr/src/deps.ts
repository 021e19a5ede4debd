// What run() and its phases (build, verify) are given: in its own module so
// the phases import it without importing run.ts back (a type-only cycle).
import type { Clock, Log, Sleep } from '@mlship/action-kit';
import type { Docker } from './docker';
import type { Ecr } from './ecr';

export interface Deps {
  /** Created on first use: a build without push needs no AWS at all. */
  ecr: () => Promise<Ecr>;
  docker: Docker;
  log: Log;
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
  /** A private directory for the build's metadata file. */
  workdir: string;
  /** Called once docker is logged in, so the post step can log out. */
  loggedIn?: (registry: string) => void;
  /** Called once the push finished: from then on the tags have moved, whatever stops the run. */
  pushed?: (moved: Moved) => void;
  /** Test seams for the waits; production uses the defaults. */
  timing?: { verifyAttempts?: number; verifyIntervalMs?: number; scanIntervalMs?: number; scanGraceMs?: number };
}

/** What a finished push changed in the registry. */
export interface Moved {
  refs: string[];
  tags: string[];
  /** The digest the builder reported, when it did. */
  digest?: string;
}
