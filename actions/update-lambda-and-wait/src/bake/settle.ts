/** How a bake ends when it does not promote: not started, stopped, cancelled, held or rolled back. */
import { ActionFailure, CancelledError, errorMessage, isAbort } from '@mlship/action-kit';
import { AliasChangedError } from '../alias/writer';
import { describeAlias } from '../alias/weights';
import { BakeFailure, PreflightFailure, writeAlias, type BakeRun } from './run-state';

/** Not promoted: says why, and puts the alias where on-failure (or a cancel) wants it. */
export async function settle(run: BakeRun, err: unknown): Promise<never> {
  const { deps, progress, newVersion, aliasName, previous } = run;
  const timeline = progress.timeline;
  if (err instanceof PreflightFailure) {
    timeline.result = 'stopped';
    throw new ActionFailure(
      `Bake of version ${newVersion} not started: ${err.message}; alias ${aliasName} left at ${describeAlias(run.current)}`,
    );
  }
  if (err instanceof AliasChangedError) {
    timeline.result = 'stopped';
    throw new ActionFailure(
      `Alias ${aliasName} was changed by someone else during the bake of version ${newVersion}: it now points at ${err.now ? describeAlias(err.now) : 'something this run could not read'}. ` +
        'This run stops without touching it (another deploy won; its change stays).',
    );
  }
  if (isAbort(err) && deps.signal?.aborted) {
    timeline.result = 'cancelled';
    await restoreAfterCancel(run);
    throw new CancelledError();
  }
  const reason = err instanceof BakeFailure ? err.reason : `the bake stopped on an error: ${errorMessage(err)}`;
  if (run.settings.onFailure === 'hold') {
    timeline.result = 'held';
    // The split is now what the user asked for: the post step must not undo it.
    deps.onAliasWritten?.(run.current, false);
    throw new ActionFailure(
      `Bake of version ${newVersion} failed: ${reason}. Alias ${aliasName} left at ${describeAlias(run.current)} (on-failure: hold)`,
    );
  }
  try {
    await writeAlias(run, previous, {}, false, deps.cleanupSignal?.() ?? deps.signal);
  } catch (writeErr) {
    timeline.result = writeErr instanceof AliasChangedError ? 'stopped' : 'held';
    const why =
      writeErr instanceof AliasChangedError
        ? `not rolled back: ${writeErr.message}, and that change stays`
        : `the rollback failed: ${errorMessage(writeErr)}; alias ${aliasName} may still send ${run.weight}% to version ${newVersion}`;
    throw new ActionFailure(`Bake of version ${newVersion} failed: ${reason}. ${why}`);
  }
  timeline.result = 'rolled-back';
  progress.rolledBack = true;
  progress.rollbackReason = reason;
  throw new ActionFailure(
    `Bake of version ${newVersion} failed: ${reason}. Rolled back: alias ${aliasName} points at version ${previous} (100%)`,
  );
}

export async function restoreAfterCancel(run: BakeRun): Promise<void> {
  const { deps, aliasName, previous } = run;
  if (run.current.version === previous && Object.keys(run.current.weights).length === 0) return;
  try {
    await writeAlias(run, previous, {}, false, deps.cleanupSignal?.());
    run.progress.rolledBack = true;
    run.progress.rollbackReason = 'cancelled during the bake';
    deps.log.info(`Cancelled during the bake: alias ${aliasName} put back to version ${previous} (100%)`);
  } catch (err) {
    deps.log.warning(`Cancelled during the bake; alias ${aliasName} was not put back: ${errorMessage(err)}`);
  }
}
