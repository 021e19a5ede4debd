/**
 * What the bake engine needs from AWS, as narrow ports: the alias (read and a
 * write guarded by RevisionId) and CloudWatch (one window's numbers per
 * version, alarm states). aws.ts binds them to the SDK; tests pass fakes or
 * the real ports against the local stack.
 */

/** The alias as read: the primary version, extra weights (0..1) and the revision the next write must name. */
export interface AliasView {
  version: string;
  weights: Record<string, number>;
  revisionId?: string;
}

export interface AliasPort {
  read(signal?: AbortSignal): Promise<AliasView>;
  /**
   * Points the alias at `version` with `weights` (empty: no routing config),
   * only if its revision is still `revisionId`. Throws AliasChangedError when
   * someone else changed it since.
   */
  write(version: string, weights: Record<string, number>, revisionId: string | undefined, signal?: AbortSignal): Promise<AliasView>;
}

/** Someone else changed the alias since this run read it: never overwrite. */
export class AliasChangedError extends Error {
  override readonly name = 'AliasChangedError';
  constructor(readonly now: AliasView | undefined) {
    super(`the alias was changed by someone else; it now points at ${now ? describeAlias(now) : 'an unknown state'}`);
  }
}

export function describeAlias(view: AliasView): string {
  const extra = Object.entries(view.weights).map(([v, w]) => `${Math.round(w * 10000) / 100}% on version ${v}`);
  const primaryShare = 100 - Object.values(view.weights).reduce((sum, w) => sum + w * 100, 0);
  return extra.length === 0
    ? `version ${view.version} (100%)`
    : `version ${view.version} (${Math.round(primaryShare * 100) / 100}%) and ${extra.join(', ')}`;
}

export function sameAlias(a: AliasView, b: AliasView): boolean {
  if (a.revisionId !== undefined && b.revisionId !== undefined) return a.revisionId === b.revisionId;
  return sameRouting(a, b);
}

export function sameRouting(a: Pick<AliasView, 'version' | 'weights'>, b: Pick<AliasView, 'version' | 'weights'>): boolean {
  const keys = new Set([...Object.keys(a.weights), ...Object.keys(b.weights)]);
  return a.version === b.version && [...keys].every((k) => Math.abs((a.weights[k] ?? 0) - (b.weights[k] ?? 0)) < 1e-9);
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
