/** The state of one bake, shared by the loop (engine.ts), the checks (checks.ts) and the ending (settle.ts). */
import { type BakeTimeline, type BakeWindow, type Clock, type Log, type Sleep } from '@mlship/action-kit';
import { type ReadFault } from './decide';
import { type ProbePort } from './probes';
import type { AliasView } from '../alias/writer';
import { type AliasPort, type MetricsPort } from './ports';
import { describeRules, type BakeSettings } from './settings';

export interface BakeTarget {
  functionName: string;
  alias: string;
  newVersion: string;
  /** The alias as read before the bake: its version is the one traffic comes back to. */
  start: AliasView;
}

export interface BakeDeps {
  clock: Clock;
  sleep: Sleep;
  /** Aborted when the job is cancelled. */
  signal?: AbortSignal;
  alias: AliasPort;
  metrics: MetricsPort;
  /** The new version invoked directly (probe-payload); without it no probe is sent. */
  probes?: ProbePort;
  log: Log;
  /** After every alias write of this run (`open` while traffic is split): the post step's safety net keeps the latest. */
  onAliasWritten?: (view: AliasView, open: boolean) => void;
  /** A signal for the one write after a cancel (the job's signal is already aborted): bounded, e.g. 4 s. */
  cleanupSignal?: () => AbortSignal | undefined;
}

/** What the bake did, filled in as it goes so a failure still reports it. */
export interface BakeProgress {
  timeline: BakeTimeline;
  rolledBack: boolean;
  rollbackReason?: string;
  /** The alias as this run last wrote or read it. */
  alias?: AliasView;
}

export function startProgress(settings: BakeSettings): BakeProgress {
  return {
    rolledBack: false,
    timeline: {
      steps: settings.steps.map((s) => ({ weight: s.weight, bakeSeconds: s.bakeMs / 1000 })),
      analysisIntervalSeconds: settings.analysisIntervalMs / 1000,
      metricsDelaySeconds: settings.metricsDelayMs / 1000,
      rules: describeRules(settings),
      windows: [],
      result: 'stopped',
    },
  };
}

/** A reason to end the bake early: a rule broken, too little traffic (fail), or numbers that could not be read. */
export class BakeFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A reason not to start the bake at all: nothing was shifted. */
export class PreflightFailure extends Error {}

export interface OpenWindow {
  startMs: number;
  endMs: number;
  judged: boolean;
  /** After a failed read: not asked again before this time (the next interval). */
  retryAtMs: number;
  /** 1-based, over the whole bake. */
  number: number;
  record: BakeWindow;
}

/** Failed reads in a row of one kind (metrics or alarms), and the last one's fault. */
export interface FaultCount {
  inARow: number;
  last?: ReadFault;
}

/** The state of one bake: what the loop reads and writes; everything it decides comes from judge.ts and decide.ts. */
export interface BakeRun {
  settings: BakeSettings;
  deps: BakeDeps;
  progress: BakeProgress;
  newVersion: string;
  previous: string;
  aliasName: string;
  functionName: string;
  current: AliasView;
  weight: number;
  nextCheckMs: number;
  windows: OpenWindow[];
  /** Windows failed by a latency rule so far (failure-limit). */
  ruleFailures: number;
  /** alarms-already-firing: ignore: alarms in ALARM at the start, not counted until they have been OK once. */
  ignoredAlarms: Set<string>;
  faults: { metrics: FaultCount; alarms: FaultCount };
}

export async function writeAlias(
  run: BakeRun,
  version: string,
  weights: Record<string, number>,
  open: boolean,
  bound = run.deps.signal,
): Promise<void> {
  const written = await run.deps.alias.write(version, weights, run.current.revisionId, bound);
  run.current = { version: written.version, weights: written.weights, revisionId: written.revisionId };
  run.progress.alias = run.current;
  run.deps.onAliasWritten?.(run.current, open);
}

export function markBreach(record: BakeWindow, reason: string): void {
  record.verdict = 'breach';
  record.reason =
    record.reason && record.reason !== reason && !record.reason.startsWith('its metrics could not')
      ? `${record.reason}; ${reason}`
      : reason;
}
