/**
 * What the bake engine needs from AWS, as narrow ports: the alias (read and a
 * write guarded by RevisionId, alias/writer.ts) and CloudWatch (one window's numbers per
 * version, alarm states). aws.ts binds them to the SDK; tests pass fakes or
 * the real ports against the local stack.
 */
import type { AliasView } from '../alias/writer';
import type { Weights } from '../alias/weights';

/**
 * The alias, as the bake uses it: alias/writer.ts, the one writer of every
 * alias change (RevisionId guard, retries, rounded weights).
 */
export interface AliasPort {
  read(signal?: AbortSignal): Promise<AliasView | undefined>;
  write(version: string, weights: Weights, revisionId: string | undefined, signal?: AbortSignal): Promise<AliasView>;
}

/** One version's raw numbers in one window. */
export interface VersionNumbers {
  invocations: number;
  errors: number;
  /** The requested percentile of Duration, ms; undefined without data. */
  latencyMs?: number;
}

/** One custom metric of the new version in one window (dimensions already filled in). */
export interface CustomQuery {
  namespace: string;
  metric: string;
  stat: string;
  dimensions: { name: string; value: string }[];
}

/** Per version, and the custom metrics' values in query order (undefined: no data point). */
export interface WindowNumbers {
  versions: Record<string, VersionNumbers>;
  custom: (number | undefined)[];
}

export interface WindowQuery {
  versions: string[];
  /** Epoch ms, end exclusive. */
  startMs: number;
  endMs: number;
  /** e.g. 'p99'; no latency is read without it. */
  latencyStat?: string;
  /** Read in the same GetMetricData call as Lambda's own metrics. */
  custom?: CustomQuery[];
}

export interface MetricsPort {
  window(query: WindowQuery, signal?: AbortSignal): Promise<WindowNumbers>;
  /** State per alarm name (OK, ALARM, INSUFFICIENT_DATA); a name CloudWatch does not know is missing from the map. */
  alarms(names: string[], signal?: AbortSignal): Promise<Record<string, string>>;
}

/** What main.ts wires in for a bake; nothing of it is created unless traffic-steps is set. */
export interface BakeWiring {
  /** The CloudWatch reader for this function and alias (the SDK is loaded here, lazily). */
  metrics(functionName: string, alias: string): Promise<MetricsPort>;
  /** After every alias write: `open` while traffic is split (the post step's safety net). */
  onAliasWritten?(view: AliasView, open: boolean, versions: { previousVersion: string; newVersion: string }): void;
  /** A bounded signal for the write after a cancel. */
  cleanupSignal?(): AbortSignal;
}
