import { ActionFailure, CancelledError, InputError, type SmokeReport, type Toolkit } from '@mlship/action-kit';
import { runLifecycle, type ActionParts } from '@mlship/action-kit/lifecycle';
import { recordingKit as recordingToolkit } from '../../../test/support/recording-kit';

/** The shared recording toolkit, noting when it loads. */
function recordingKit(events: string[]): () => Promise<Toolkit> {
  return async () => (events.push('toolkit'), recordingToolkit(events));
}

const report = (headline: string): SmokeReport => ({
  action: 'smoke-test',
  schema: 1,
  outcome: 'success',
  headline,
  passed: true,
  checks: [],
});

function parts(
  events: string[],
  core: (progress: { done: string[] }) => Promise<string>,
): ActionParts<{ token: string }, string, { done: string[] }> {
  return {
    inputs: () => (events.push('inputs'), { token: 'tok-123' }),
    secrets: ({ token }) => [token, undefined],
    progress: () => ({ done: [] }),
    core: async ({ progress, closeLater }) => {
      closeLater(() => events.push('close first client'));
      closeLater(() => events.push('close second client'));
      return core(progress);
    },
    publish: (ctx, ending) =>
      'error' in ending
        ? { report: report(`failed after ${ctx.progress.done.join(', ')}`), summary: 'failed' }
        : { outputs: { value: ending.result }, report: report('ok'), summary: 'ok', log: 'done' },
  };
}

describe('runLifecycle: one order for every action', () => {
  it('validates, masks, runs, publishes, then closes clients', async () => {
    const events: string[] = [];
    const passed = await runLifecycle(
      parts(events, async () => 'v1'),
      { signal: new AbortController().signal, loadKit: recordingKit(events) },
    );
    expect(passed).toBe(true);
    expect(events).toEqual([
      'inputs',
      'toolkit',
      'mask tok-123',
      'outputs {"value":"v1"}',
      `report ${JSON.stringify(report('ok'))}`,
      'summary ok',
      'info done',
      'close second client',
      'close first client',
    ]);
  });

  it('publishes what the progress record says was done when the core fails, then fails with its error', async () => {
    const events: string[] = [];
    const failure = new ActionFailure('the push was refused');
    const run = runLifecycle(
      parts(events, async (progress) => {
        progress.done.push('published version 7');
        throw failure;
      }),
      { signal: new AbortController().signal, loadKit: recordingKit(events) },
    );
    await expect(run).rejects.toBe(failure);
    expect(events.slice(3)).toEqual([
      `report ${JSON.stringify(report('failed after published version 7'))}`,
      'summary failed',
      'close second client',
      'close first client',
    ]);
  });

  it('turns whatever a cancelled core threw into the cancel', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const run = runLifecycle(
      parts(events, async () => {
        controller.abort();
        throw new Error('socket hang up');
      }),
      { signal: controller.signal, loadKit: recordingKit(events) },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it('stops at a bad input before the toolkit loads', async () => {
    const events: string[] = [];
    const bad: ActionParts<never, never> = {
      inputs: () => {
        throw new InputError('url', 'is required', 'url: https://example.com/health');
      },
      core: async () => {
        throw new Error('not reached');
      },
      publish: () => ({}),
    };
    await expect(runLifecycle(bad, { signal: new AbortController().signal, loadKit: recordingKit(events) })).rejects.toBeInstanceOf(
      InputError,
    );
    expect(events).toEqual([]);
  });

  it('fails the step without an error line when the result says so (fail: true)', async () => {
    const events: string[] = [];
    const quiet: ActionParts<undefined, boolean> = {
      inputs: () => undefined,
      core: async () => false,
      publish: (_, ending) => ('result' in ending && !ending.result ? { fail: true } : {}),
    };
    expect(await runLifecycle(quiet, { signal: new AbortController().signal, loadKit: recordingKit(events) })).toBe(false);
  });
});
