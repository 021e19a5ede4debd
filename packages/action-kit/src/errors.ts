import { redactUrls } from './redact';

/**
 * Ends every switch over a union: a member added to the union without its
 * case fails to compile, and a value from outside the type (a report edited by
 * hand, a payload from elsewhere) fails loudly instead of falling through.
 */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}

/**
 * A mistake in what the user gave the action. Reported as one `::error::` line,
 * never with a stack trace: the user needs the input name and a right example,
 * not our call stack.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    readonly problem: string,
    readonly example?: string,
  ) {
    // Raised before anything is masked: a URL quoted back must not show its credentials.
    super(redactUrls(`Input '${input}' ${problem}${example ? `. Example: ${example}` : ''}`));
  }
}

/**
 * A failure the action detected and can explain (a failed rule, a rejected
 * image, a timeout). Reported as its message alone; `details` go to the log.
 */
export class ActionFailure extends Error {
  override readonly name = 'ActionFailure';
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** The job was cancelled (SIGINT/SIGTERM) while the action was waiting. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'Cancelled: the job received a stop signal') {
    super(message);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
