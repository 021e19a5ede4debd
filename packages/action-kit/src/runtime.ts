import { writeCommand, isDebug } from './commands';
import { ActionFailure, CancelledError, InputError, errorMessage } from './errors';
import type { Log } from './log';
import type { AnyReport } from './reports';
import { cancellationSignal } from './time';

/**
 * How long cleanup may take after a stop signal: the runner sends SIGTERM
 * about 7.5 s after SIGINT, but a step should end within a second, with its
 * report written and its `::error::Cancelled` line printed.
 */
export const CANCEL_GRACE_MS = 700;

type Core = typeof import('@actions/core');

/**
 * The toolkit, loaded only after inputs validated: @actions/core pulls in the
 * HTTP client and costs more start-up than the rest of an action put together.
 */
export interface Toolkit {
  core: Core;
  log: Log;
  setOutputs(outputs: Record<string, string | number | boolean | undefined>): void;
  setReport(report: AnyReport): void;
  writeSummary(markdown: string): Promise<void>;
}

export async function loadToolkit(): Promise<Toolkit> {
  const core = await import('@actions/core');
  const log: Log = {
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
    notice: (m) => core.notice(m),
    debug: (m) => core.debug(m),
    mask: (secret) => {
      if (secret) core.setSecret(secret);
    },
    group: (title, body) => core.group(title, body),
  };
  return {
    core,
    log,
    setOutputs(outputs) {
      for (const [name, value] of Object.entries(outputs)) {
        if (value !== undefined) core.setOutput(name, typeof value === 'string' ? value : String(value));
      }
    },
    setReport(report) {
      core.setOutput('report', JSON.stringify(report));
    },
    async writeSummary(markdown) {
      // The summary file is absent outside a runner (a local node run): skip quietly.
      if (!process.env['GITHUB_STEP_SUMMARY']) return;
      await core.summary.addRaw(markdown, true).write();
    },
  };
}

export interface MainContext {
  /** Aborted when the job is cancelled. */
  signal: AbortSignal;
}

/**
 * Runs an action's main function and turns every failure into exactly one
 * `::error::` line and exit code 1. A stack trace is shown only for
 * unexpected errors, and only with RUNNER_DEBUG=1.
 *
 * On SIGINT or SIGTERM the signal handed to main aborts; main gets
 * CANCEL_GRACE_MS to stop its calls, children and sleeps and write its report.
 * Then the process ends with exit code 1 and `Cancelled`, whatever still
 * holds the event loop (a server that never answers, a child that ignores
 * its signal).
 */
export async function runMain(main: (ctx: MainContext) => Promise<void>): Promise<void> {
  const signal = cancellationSignal();
  let grace: NodeJS.Timeout | undefined;
  signal.addEventListener(
    'abort',
    () => {
      grace = setTimeout(() => {
        writeCommand('error', `${new CancelledError().message} (cleanup did not finish within ${CANCEL_GRACE_MS} ms)`);
        process.exit(1);
      }, CANCEL_GRACE_MS);
    },
    { once: true },
  );
  let failed = false;
  try {
    await main({ signal });
  } catch (err) {
    failed = true;
    process.exitCode = 1;
    // After a stop signal, whatever the aborted call threw, the cause is the cancel.
    reportFailure(signal.aborted && !(err instanceof CancelledError) ? new CancelledError() : err);
  }
  if (signal.aborted) {
    clearTimeout(grace);
    if (!failed) writeCommand('error', new CancelledError().message);
    process.exit(1);
  }
}

export function reportFailure(err: unknown): void {
  if (err instanceof ActionFailure) {
    for (const line of err.details) process.stdout.write(`${line}\n`);
    writeCommand('error', err.message);
  } else if (err instanceof InputError || err instanceof CancelledError) {
    writeCommand('error', err.message);
  } else {
    writeCommand('error', errorMessage(err));
    if (isDebug() && err instanceof Error && err.stack) writeCommand('debug', err.stack);
  }
}
