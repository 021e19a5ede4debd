// Typed entry for the jest suites; the code lives in run-action.mjs so the
// plain-node benches run actions the same way.
import type { ChildProcess } from 'node:child_process';
import * as impl from './run-action.mjs';

export interface NodeRuntime {
  label: string;
  path: string;
}

export interface ActionYml {
  inputs?: Record<string, { default?: string | number | boolean; required?: boolean }>;
  outputs?: Record<string, unknown>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
}

export interface RunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
  node?: string;
  /** Run the post step instead of main. */
  post?: boolean;
  /** Reuse GITHUB_STATE (and other files) from an earlier run, e.g. main then post. */
  workdir?: string;
  event?: unknown;
  cwd?: string;
  timeoutMs?: number;
  /** Called with the child process once started, e.g. to send it the runner's stop signal. */
  onSpawn?: (child: ChildProcess) => void;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
  workdir: string;
  durationMs: number;
  /** `::error::` lines, decoded. */
  errors: string[];
  warnings: string[];
  report(): Record<string, unknown>;
}

export const repoRoot: string = impl.repoRoot;
/** Node 24 (what action.yml declares) and the machine's Node. Never skipped. */
export const nodeRuntimes: () => NodeRuntime[] = impl.nodeRuntimes;
export const readActionYml: (action: string) => ActionYml = impl.readActionYml;
/** Parses the `name<<DELIM` / `name=value` file format of GITHUB_OUTPUT and GITHUB_STATE. */
export const parseCommandFile: (text: string) => Record<string, string> = impl.parseCommandFile;
export const actionDefaults: (action: string) => Record<string, string> = impl.actionDefaults;
/**
 * Runs an action's committed bundle the way the GitHub runner does: a child
 * process with INPUT_* variables (action.yml's defaults filled in) and the
 * runner's command files.
 */
export const runAction: (action: string, options?: RunOptions) => Promise<RunResult> = impl.runAction;
