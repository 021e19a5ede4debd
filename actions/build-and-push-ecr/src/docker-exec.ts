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

/** A query that takes longer than this is stuck (a daemon or registry that never answers). */
const QUERY_TIMEOUT_MS = 120_000;

/**
 * The docker CLI as a child process.
 *
 * Build and push (`run`) use a spawn of our own, their output streamed to the
 * log unless quiet: each runs in a process group of its own, so a cancel stops
 * docker and everything it started (the buildx plugin, credential helpers):
 * SIGINT first, which docker turns into cancelling the build or push in the
 * daemon, then SIGKILL. A group left behind when the action exits is killed.
 * @actions/exec cannot do that: it takes no signal, and its child shares our
 * process group, so the buildx plugin would outlive a kill of docker.
 *
 * The short queries (`query`) go through @actions/exec, the toolkit's runner;
 * a cancel stops waiting for them at once and leaves the query to end by
 * itself (the action exits soon after, see runMain).
 */
export function execDocker(signal?: AbortSignal): Docker {
  return {
    async query(args, options = {}) {
      if (signal?.aborted) throw new CancelledError();
      const { getExecOutput } = await import('@actions/exec');
      let output = '';
      const collect = (chunk: Buffer): void => void (output += chunk.toString('utf8'));
      const exec = getExecOutput('docker', args, {
        silent: true,
        ignoreReturnCode: true,
        ...(options.input !== undefined ? { input: Buffer.from(options.input) } : {}),
        listeners: { stdout: collect, stderr: collect },
      }).then(
        (result) => ({ code: result.exitCode, output }),
        (err: Error) => {
          throw /Unable to locate executable file/.test(err.message) ? new DockerMissingError(err.message) : err;
        },
      );
      return raceStop(exec, `docker ${args.slice(0, 2).join(' ')}`, signal);
    },
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

/** The query's answer, or a cancel or a timeout, whichever comes first. */
function raceStop<T>(work: Promise<T>, what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${what} did not answer within ${QUERY_TIMEOUT_MS / 1000} s`));
    }, QUERY_TIMEOUT_MS);
    const stop = (): void => {
      finish();
      reject(new CancelledError(`Cancelled while waiting for ${what}`));
    };
    const finish = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    };
    signal?.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => (finish(), resolve(value)),
      (err: unknown) => (finish(), reject(err)),
    );
  });
}
