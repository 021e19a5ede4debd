/**
 * Runs a workflow file under nektos/act the way a user tests locally:
 * `act <event> -W <file> -P ubuntu-latest=-self-hosted --use-gitignore=false --json`,
 * steps on this host with Node 24 first on PATH (or, with `image`, in act's
 * container mode: `-P ubuntu-latest=<image> --pull=false --network host`), the
 * stack's environment passed with `--env`, and a bounded run time (the whole
 * process group is killed).
 *
 * What act does here (checked with act 0.2.89):
 * - The workspace is a copy of the repository under ~/.cache/act/<hash>/hostexecutor,
 *   made by the `actions/checkout` step (act skips the real checkout of the
 *   repository being tested). Without a checkout step the workspace is empty and
 *   `uses: ./actions/<name>` fails; `--bind` does not apply to the host executor.
 * - Outputs and the job summary never leave the log: act prints them as
 *   `::set-output::` and `Summary -` lines. With `--json` every line is a JSON
 *   object carrying stepID, stage (Main/Post), stepResult, jobResult, and
 *   command set-output (name, arg) / summary (content), parsed below.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export const repoRoot = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const ACT_BIN = process.env['ACT_BIN'] ?? '/opt/mlship-tools/bin/act';
const NODE24_DIR = (process.env['NODE24_BIN'] ?? '/opt/mlship-tools/node24/bin/node').replace(/\/node$/, '');

export interface ActOptions {
  /** Workflow file, relative to the repository root or absolute. */
  workflow: string;
  /** Event name (default workflow_dispatch). */
  event?: string;
  /** Event payload (written to a file and passed with -e). */
  eventPayload?: unknown;
  /** Variables for every step (`--env KEY=VALUE`), e.g. the stack's env. */
  env?: Record<string, string>;
  /** Only this job. */
  job?: string;
  /** Kill act after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Repository act runs in (default this one). */
  cwd?: string;
  /** `vars.*` of the workflow (`--var KEY=VALUE`). */
  vars?: Record<string, string>;
  /** `secrets.*` of the workflow (`--secret KEY=VALUE`). */
  secrets?: Record<string, string>;
  /**
   * Container mode: each job in this runner image (scripts/act-runner-image.sh)
   * instead of on this host. The container joins the host's network (act's
   * default `--network host`; the engine here has no bridge anyway), so the
   * stack on loopback answers it, and act mounts the engine's socket into it.
   */
  image?: string;
}

export interface ActStep {
  id: string;
  name: string;
  /** stepResult per stage: { Main: 'success' | 'failure' | 'skipped', Post: ... } */
  results: Record<string, string>;
  outputs: Record<string, string>;
  /** The step's own output lines (what it printed). */
  lines: string[];
}

export interface ActResult {
  code: number | null;
  timedOut: boolean;
  durationMs: number;
  /** 'success' | 'failure' | undefined (act never finished the job); the last job's, when several ran. */
  jobResult?: string;
  /** Each finished job's result by its id, when a run holds several jobs. */
  jobs: Record<string, string>;
  steps: Record<string, ActStep>;
  /** Job summary content, in the order the steps wrote it. */
  summary: string;
  /** The human-readable log (every `msg`, in order), for assertions and failure messages. */
  log: string;
  stderr: string;
}

interface ActLine {
  msg?: string;
  stepID?: string[];
  step?: string;
  jobID?: string;
  stage?: string;
  stepResult?: string;
  jobResult?: string;
  command?: string;
  name?: string;
  arg?: string;
  content?: string;
  raw_output?: boolean;
}

export function parseActJson(stdout: string): Pick<ActResult, 'jobResult' | 'jobs' | 'steps' | 'summary' | 'log'> {
  const steps: Record<string, ActStep> = {};
  const jobs: Record<string, string> = {};
  const log: string[] = [];
  let summary = '';
  let jobResult: string | undefined;
  for (const raw of stdout.split('\n')) {
    if (!raw.startsWith('{')) {
      if (raw.trim()) log.push(raw);
      continue;
    }
    let line: ActLine;
    try {
      line = JSON.parse(raw) as ActLine;
    } catch {
      log.push(raw);
      continue;
    }
    if (line.msg !== undefined) log.push(line.msg.replace(/\n$/, ''));
    if (line.jobResult) jobResult = line.jobResult;
    if (line.jobResult && line.jobID) jobs[line.jobID] = line.jobResult;
    const id = line.stepID?.[0];
    if (!id) continue;
    const step = (steps[id] ??= { id, name: line.step ?? id, results: {}, outputs: {}, lines: [] });
    if (line.stepResult && line.stage) step.results[line.stage] = line.stepResult;
    if (line.command === 'set-output' && line.name) step.outputs[line.name] = line.arg ?? '';
    if (line.command === 'summary' && line.content) summary += line.content;
    if (line.raw_output && line.msg !== undefined) step.lines.push(line.msg.replace(/\n$/, ''));
  }
  return { jobResult, jobs, steps, summary, log: log.join('\n') };
}

/** Every process below pid (Linux /proc), so none outlives a killed act. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 2nd field after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function killTree(pid: number): void {
  // act starts each step in a session of its own: a group kill misses them.
  for (const p of [...descendants(pid), pid]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * The runner image for container mode, built by scripts/act-runner-image.sh on
 * first use (about 90 s here) and reused after: the script names the image by
 * a hash of its recipe and prints the name last.
 */
export function ensureRunnerImage(): string {
  const built = spawnSync('bash', [join(repoRoot, 'scripts/act-runner-image.sh')], {
    encoding: 'utf8',
    env: { ...process.env, NODE24_BIN: join(NODE24_DIR, 'node') },
    timeout: 600_000,
  });
  const image = built.stdout.trim().split('\n').pop() ?? '';
  if (built.status !== 0 || !image.startsWith('mlship-act-runner:'))
    throw new Error(`scripts/act-runner-image.sh failed (exit ${built.status}): ${built.stdout}${built.stderr}`);
  return image;
}

export async function runAct(options: ActOptions): Promise<ActResult> {
  if (!existsSync(ACT_BIN)) throw new Error(`act not found at ${ACT_BIN}: run .ci/install-tools.sh (or set ACT_BIN)`);
  const cwd = options.cwd ?? repoRoot;
  const cacheDir = mkdtempSync(join(tmpdir(), 'act-cache-'));
  const args = [
    options.event ?? 'workflow_dispatch',
    '-W',
    isAbsolute(options.workflow) ? options.workflow : join(cwd, options.workflow),
    '-P',
    `ubuntu-latest=${options.image ?? '-self-hosted'}`,
    '--use-gitignore=false',
    '--json',
    // Its own cache dir, deleted afterwards: act leaves each run's workspace copy
    // (the whole tree, node_modules included: about 360 MB) under ~/.cache/act.
    '--action-cache-path',
    cacheDir,
    // Offline: never try to fetch remote actions that are already cached.
    '--action-offline-mode',
  ];
  // The image is local (docker import): pulling it would fail offline.
  if (options.image) args.push('--pull=false', '--network', 'host');
  if (options.job) args.push('-j', options.job);
  if (options.eventPayload !== undefined) {
    const file = join(mkdtempSync(join(tmpdir(), 'act-event-')), 'event.json');
    writeFileSync(file, JSON.stringify(options.eventPayload));
    args.push('-e', file);
  }
  for (const [key, value] of Object.entries(options.env ?? {})) args.push('--env', `${key}=${value}`);
  for (const [key, value] of Object.entries(options.vars ?? {})) args.push('--var', `${key}=${value}`);
  for (const [key, value] of Object.entries(options.secrets ?? {})) args.push('--secret', `${key}=${value}`);

  const started = Date.now();
  const child = spawn(ACT_BIN, args, {
    cwd,
    detached: true,
    env: { ...process.env, PATH: `${NODE24_DIR}:${process.env['PATH'] ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid) killTree(child.pid);
  }, options.timeoutMs ?? 300_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  }).finally(() => {
    clearTimeout(timer);
    rmSync(cacheDir, { recursive: true, force: true });
  });
  return { code, timedOut, durationMs: Date.now() - started, stderr, ...parseActJson(stdout) };
}
