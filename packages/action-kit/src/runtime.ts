import { writeCommand, isDebug } from './commands';
import { ActionFailure, CancelledError, InputError, errorMessage } from './errors';
import type { Log } from './log';
import { redactAll, redactText, registerSecret } from './secrets';
import type { AnyReport } from './reports/index';
import { commandData, logText } from './sinks/log';
import { OUTPUT_BUDGET_BYTES, REPORT_BUDGET_BYTES, boundSummary, byteLength, clipBytes } from './sinks/output';
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
  // Every line goes through the log sink: foreign text never starts a workflow
  // command (info prints raw lines; the toolkit already encodes command data),
  // and no secret shows, by value or by shape (secrets.ts).
  const log: Log = {
    info: (m) => core.info(logText(redactText(m))),
    warning: (m) => core.warning(commandData(redactText(m))),
    error: (m) => core.error(commandData(redactText(m))),
    notice: (m) => core.notice(commandData(redactText(m))),
    debug: (m) => core.debug(commandData(redactText(m))),
    // Masked in the log by the runner, and redacted by value from every output, report and summary by us.
    mask: (secret) => {
      if (!secret) return;
      core.setSecret(secret);
      registerSecret(secret);
    },
    group: (title, body) => core.group(commandData(redactText(title)), body),
  };
  return {
    core,
    log,
    setOutputs(outputs) {
      for (const [name, value] of Object.entries(outputs)) {
        if (value === undefined) continue;
        const text = redactText(typeof value === 'string' ? value : String(value));
        // The actions bound their outputs; this is the guarantee behind them (one env var holds 128 KiB).
        if (byteLength(text) > OUTPUT_BUDGET_BYTES)
          log.warning(`Output ${name} was cut to ${OUTPUT_BUDGET_BYTES} bytes (it had ${byteLength(text)}).`);
        core.setOutput(name, clipBytes(text, OUTPUT_BUDGET_BYTES));
      }
    },
    setReport(report) {
      core.setOutput('report', reportJson(report));
    },
    async writeSummary(markdown) {
      // The summary file is absent outside a runner (a local node run): skip quietly.
      if (!process.env['GITHUB_STEP_SUMMARY']) return;
      await core.summary.addRaw(boundSummary(redactText(markdown)), true).write();
    },
  };
}

/**
 * The report as JSON, secrets redacted (secrets.ts), within REPORT_BUDGET_BYTES.
 * Actions shape their reports to fit (lists cut, problems first); should one
 * still be too large, what a reader needs most is kept and the rest dropped.
 */
export function reportJson(report: AnyReport): string {
  const clean = redactAll(report);
  const json = JSON.stringify(clean);
  if (byteLength(json) <= REPORT_BUDGET_BYTES) return json;
  const { action, schema, outcome, headline, error } = clean;
  return JSON.stringify({
    action,
    schema,
    outcome,
    headline: clipBytes(headline, 1000),
    ...(error ? { error: clipBytes(error, 2000) } : {}),
    truncated: true,
    bytes: byteLength(json),
  });
}

export interface MainOptions {
  /**
   * How long cleanup may take after a stop signal, asked when it arrives
   * (default CANCEL_GRACE_MS). Longer only for cleanup that must reach a
   * service, e.g. putting an alias back mid-bake; the runner's SIGKILL comes
   * about 10 s after its SIGINT.
   */
  cancelGraceMs?: () => number;
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
export async function runMain(main: (ctx: MainContext) => Promise<void>, options: MainOptions = {}): Promise<void> {
  const signal = cancellationSignal();
  let grace: NodeJS.Timeout | undefined;
  signal.addEventListener(
    'abort',
    () => {
      const graceMs = options.cancelGraceMs?.() ?? CANCEL_GRACE_MS;
      grace = setTimeout(() => {
        writeCommand('error', `${new CancelledError().message} (cleanup did not finish within ${graceMs} ms)`);
        process.exit(1);
      }, graceMs);
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
    for (const line of err.details) process.stdout.write(`${logText(redactText(line))}\n`);
    writeCommand('error', commandData(redactText(err.message)));
  } else if (err instanceof InputError || err instanceof CancelledError) {
    writeCommand('error', commandData(redactText(err.message)));
  } else {
    writeCommand('error', commandData(redactText(errorMessage(err))));
    if (isDebug() && err instanceof Error && err.stack) writeCommand('debug', redactText(err.stack));
  }
}
