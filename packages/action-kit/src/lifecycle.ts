/**
 * One lifecycle for every action, as docker/build-push-action runs each of its
 * steps through one `run(main, post)`: an action declares its parts and
 * `runAction` always does them in the same order:
 *
 *   1. read and validate every input (an InputError is the one `::error::`
 *      line, before the toolkit, an SDK or a network call is loaded);
 *   2. load the toolkit and mask the secrets the inputs carry;
 *   3. run the core, which fills in a progress record as it goes (what was
 *      done stays true when a later call fails) and registers the clients it
 *      creates lazily;
 *   4. on success, failure or cancel: publish outputs, the report and the
 *      summary section from the result or from the progress record;
 *   5. close the clients;
 *   6. fail the step when the published result says so.
 */
import { CancelledError } from './errors';
import type { AnyReport } from './reports/index';
import { loadToolkit, runMain, type MainOptions, type Toolkit } from './runtime';

export interface ActionContext<I, P> {
  inputs: I;
  kit: Toolkit;
  /** Aborted when the job is cancelled. */
  signal: AbortSignal;
  /** What the core has done so far (the action's own record; undefined when it keeps none). */
  progress: P;
}

export interface Published {
  outputs?: Record<string, string | number | boolean | undefined>;
  report?: AnyReport;
  /** The action's job-summary section. */
  summary?: string;
  /** A line for the log after everything is written (the headline). */
  log?: string;
  /**
   * Fails the step after publishing: an error is its `::error::` line (on a
   * failed ending it replaces the core's error, e.g. a cancel that says what
   * was already done); `true` exits 1 without one (each failure had its line).
   */
  fail?: Error | true;
}

/**
 * How the core ended: its result, or the error it ended with (a
 * CancelledError after a stop signal; `thrown` is what the core threw).
 */
export type Ending<R> = { result: R } | { error: unknown; thrown: unknown };

export interface ActionParts<I, R, P = undefined> {
  /** Reads and checks every input; nothing here may touch the network. */
  inputs(): I | Promise<I>;
  /** Values no line, output, report or summary may show. */
  secrets?(inputs: I): Iterable<string | undefined>;
  /** A fresh progress record for the core to fill in. */
  progress?(inputs: I): P;
  /** The core. `closeLater` registers a client to close once everything is published. */
  core(ctx: ActionContext<I, P> & { closeLater(close: () => void): void }): Promise<R>;
  /** Outputs, report and summary for how the core ended. */
  publish(ctx: ActionContext<I, P>, ending: Ending<R>): Published | Promise<Published>;
}

/**
 * The lifecycle itself, for a test to drive with its own toolkit. Resolves
 * false when the published result fails the step without an error line
 * (`fail: true`); rejects with the error that fails it otherwise.
 */
export async function runLifecycle<I, R, P = undefined>(
  parts: ActionParts<I, R, P>,
  { signal, loadKit = loadToolkit }: { signal: AbortSignal; loadKit?: () => Promise<Toolkit> },
): Promise<boolean> {
  const inputs = await parts.inputs();
  const kit = await loadKit();
  for (const secret of parts.secrets?.(inputs) ?? []) if (secret) kit.log.mask(secret);
  const ctx: ActionContext<I, P> = { inputs, kit, signal, progress: parts.progress?.(inputs) as P };
  const closers: Array<() => void> = [];
  let ending: Ending<R>;
  try {
    ending = { result: await parts.core({ ...ctx, closeLater: (close) => closers.push(close) }) };
  } catch (err) {
    // After a stop signal, whatever the aborted call threw, the cause is the cancel.
    ending = { error: signal.aborted && !(err instanceof CancelledError) ? new CancelledError() : err, thrown: err };
  }
  let published: Published;
  try {
    published = await parts.publish(ctx, ending);
    if (published.outputs) kit.setOutputs(published.outputs);
    if (published.report) kit.setReport(published.report);
    if (published.summary !== undefined) await kit.writeSummary(published.summary);
    if (published.log) kit.log.info(published.log);
  } finally {
    for (const close of closers.reverse()) close();
  }
  if ('error' in ending) throw published.fail instanceof Error ? published.fail : ending.error;
  if (published.fail instanceof Error) throw published.fail;
  return published.fail !== true;
}

export interface ActionOptions<I> {
  /** How long cleanup may take after a stop signal, given the inputs when they were read (runMain's cancelGraceMs). */
  cancelGraceMs?: (inputs: I | undefined) => number;
}

/** The entry of every action: the lifecycle under runMain (one `::error::` line, exit code, cancel grace). */
export function runAction<I, R, P = undefined>(parts: ActionParts<I, R, P>, options: ActionOptions<I> = {}): Promise<void> {
  let read: I | undefined;
  const { cancelGraceMs } = options;
  const main: MainOptions = cancelGraceMs ? { cancelGraceMs: () => cancelGraceMs(read) } : {};
  const inputs = async (): Promise<I> => (read = await parts.inputs());
  return runMain(async ({ signal }) => {
    if (!(await runLifecycle({ ...parts, inputs }, { signal }))) process.exitCode = 1;
  }, main);
}
