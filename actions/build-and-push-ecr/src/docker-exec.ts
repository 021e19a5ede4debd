import { spawn } from 'node:child_process';
import { CancelledError } from '@mlship/action-kit';
import { DockerMissingError, type Docker } from './docker';

/** After SIGINT, how long docker gets to stop its build or push before the group is killed. */
const STOP_GRACE_MS = 300;

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * The docker CLI as a child process, its output streamed to the log unless
 * quiet. Each command runs in a process group of its own, so a cancel stops
 * docker and everything it started (the buildx plugin, credential helpers):
 * SIGINT first, which docker turns into cancelling the build or push in the
 * daemon, then SIGKILL. A group left behind when the action exits is killed.
 */
export function execDocker(signal?: AbortSignal): Docker {
  return {
    run(args, options = {}) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new CancelledError());
        if (!options.quiet) process.stdout.write(`[command]docker ${args.join(' ')}\n`);
        const child = spawn('docker', args, {
          detached: true,
          stdio: ['pipe', 'pipe', 'pipe'],
          ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
        });
        let output = '';
        const collect = (chunk: Buffer): void => {
          output += chunk.toString('utf8');
          if (!options.quiet) process.stdout.write(chunk);
        };
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        const killOnExit = (): void => signalGroup(child.pid, 'SIGKILL');
        const stop = (): void => {
          signalGroup(child.pid, 'SIGINT');
          setTimeout(() => signalGroup(child.pid, 'SIGKILL'), STOP_GRACE_MS).unref();
        };
        process.once('exit', killOnExit);
        signal?.addEventListener('abort', stop, { once: true });
        const done = (): void => {
          process.off('exit', killOnExit);
          signal?.removeEventListener('abort', stop);
        };
        child.on('error', (err: NodeJS.ErrnoException) => {
          done();
          reject(err.code === 'ENOENT' ? new DockerMissingError(err.message) : err);
        });
        child.on('close', (code) => {
          done();
          if (signal?.aborted)
            reject(new CancelledError(`Cancelled: docker ${args[0] === 'buildx' ? 'buildx build' : args[0]} was stopped`));
          else resolve({ code: code ?? 1, output });
        });
        child.stdin.on('error', () => {});
        child.stdin.end(options.input ?? '');
      });
    },
  };
}
