// runBake on a virtual clock with in-memory ports, for the engine's rule
// tests. Unlike the fake in bake-engine.test.ts, this alias port can leave
// the RevisionId guard out (`guard: false`), so a test proves the engine's own
// check catches a foreign change, not the fake.
import { recordingLog, virtualTime } from '@mlship/action-kit';
import { runBake, startProgress } from '../../src/bake/engine';
import { AliasChangedError, type AliasView } from '../../src/alias/writer';
import type { AliasPort, CustomQuery, MetricsPort, VersionNumbers, WindowQuery } from '../../src/bake/ports';
import type { ProbeResult } from '../../src/bake/probes';
import type { BakeSettings } from '../../src/bake/settings';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
export const MIN = 60_000;

export type Numbers = (q: WindowQuery, version: string) => VersionNumbers;
export const steady: Numbers = () => ({ invocations: 100, errors: 0, latencyMs: 200 });

export interface HarnessOptions {
  numbers?: Numbers;
  /** Alarm states per read; throw to make the read fail. */
  alarms?: (at: number) => Record<string, string>;
  custom?: (q: WindowQuery, c: CustomQuery) => number | undefined;
  /** The virtual clock's start. */
  startAt?: number;
  /** The alias's weights at the start (a held split). */
  startWeights?: Record<string, number>;
  /** An answer per probe (`at`: ms since T0); throw for one that got no answer. */
  probe?: (at: number) => ProbeResult;
  /** false: the fake alias takes any write, whatever RevisionId it names. */
  guard?: boolean;
  /** Leave the job's cancel signal out of the deps. */
  noSignal?: boolean;
  /** Leave onAliasWritten out of the deps. */
  noSavedState?: boolean;
  /** The deps' bounded signal for the write after a cancel or failure. */
  cleanupSignal?: () => AbortSignal | undefined;
}

export function harness(s: BakeSettings, o: HarnessOptions = {}) {
  const time = virtualTime(o.startAt ?? T0);
  const at = () => time.clock.now() - T0;
  let revision = 1;
  let view: AliasView | undefined = { version: '4', weights: { ...o.startWeights }, revisionId: 'r1' };
  const writes: Array<{ at: number; version: string; weights: Record<string, number> }> = [];
  /** The signal each write was given, in order (failed writes too). */
  const writeSignals: Array<AbortSignal | undefined> = [];
  const aliasReads: number[] = [];
  const alarmReads: number[] = [];
  const windowReads: Array<{ at: number; start: number; end: number }> = [];
  /** Set to make the next matching write fail with this error. */
  let failWrite: ((version: string, weights: Record<string, number>) => Error | undefined) | undefined;
  const alias: AliasPort = {
    async read() {
      aliasReads.push(at());
      return view && { ...view, weights: { ...view.weights } };
    },
    async write(version, weights, revisionId, signal) {
      writeSignals.push(signal);
      const failure = failWrite?.(version, weights);
      if (failure) throw failure;
      if (o.guard !== false && revisionId !== view?.revisionId) throw new AliasChangedError(view && { ...view });
      view = { version, weights: { ...weights }, revisionId: `r${++revision}` };
      writes.push({ at: at(), version, weights });
      return { ...view };
    },
  };
  const metrics: MetricsPort = {
    async window(q) {
      windowReads.push({ at: at(), start: q.startMs - T0, end: q.endMs - T0 });
      const numbers = o.numbers ?? steady;
      return {
        versions: Object.fromEntries(q.versions.map((v) => [v, numbers(q, v)])),
        custom: (q.custom ?? []).map((c) => o.custom?.(q, c)),
      };
    },
    async alarms() {
      alarmReads.push(at());
      return o.alarms?.(at()) ?? {};
    },
  };
  const log = recordingLog();
  const progress = startProgress(s);
  const controller = new AbortController();
  const saved: Array<{ version: string; weights: Record<string, number>; open: boolean }> = [];
  const probes: number[] = [];
  const probe = o.probe;
  const run = () =>
    runBake(
      s,
      { functionName: 'fn', alias: 'live', newVersion: '5', start: { version: '4', weights: { ...o.startWeights }, revisionId: 'r1' } },
      {
        clock: time.clock,
        sleep: time.sleep,
        ...(o.noSignal ? {} : { signal: controller.signal }),
        alias,
        metrics,
        ...(probe
          ? {
              probes: {
                invoke: async () => {
                  probes.push(at());
                  return probe(at());
                },
              },
            }
          : {}),
        log,
        ...(o.cleanupSignal ? { cleanupSignal: o.cleanupSignal } : {}),
        ...(o.noSavedState
          ? {}
          : { onAliasWritten: (v: AliasView, open: boolean) => saved.push({ version: v.version, weights: v.weights, open }) }),
      },
      progress,
    );
  return {
    time,
    at,
    run,
    log,
    progress,
    controller,
    writes,
    writeSignals,
    aliasReads,
    alarmReads,
    windowReads,
    saved,
    probes,
    metrics,
    aliasPort: alias,
    alias: () => view,
    /** Someone else's write: a new RevisionId, the routing as given (by default unchanged). */
    foreign(routing?: { version: string; weights: Record<string, number> }) {
      view = { ...(routing ?? (view as AliasView)), revisionId: `r${++revision}-other` };
    },
    deleteAlias() {
      view = undefined;
    },
    failWrites(rule: (version: string, weights: Record<string, number>) => Error | undefined) {
      failWrite = rule;
    },
    info: () => log.lines.filter((l) => l.level === 'info').map((l) => l.message),
    warnings: () => log.lines.filter((l) => l.level === 'warning').map((l) => l.message),
  };
}
