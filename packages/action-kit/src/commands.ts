/**
 * Workflow commands written without loading @actions/core, so an action that
 * fails on its inputs never pays for the toolkit's start-up (see bench/startup).
 * Escaping follows the runner's rules for command data.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function writeCommand(command: 'error' | 'warning' | 'notice' | 'debug' | 'add-mask', message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}\n`);
}

export function isDebug(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['RUNNER_DEBUG'] === '1';
}
