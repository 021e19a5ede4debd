import { ActionFailure } from '@mlship/action-kit';

export interface DockerResult {
  code: number;
  /** stdout and stderr interleaved, as a person would have seen them. */
  output: string;
}

/** Runs the docker CLI. `input` goes to stdin; `quiet` keeps the output out of the log. */
export interface Docker {
  /**
   * A long command a cancel must stop at once, with everything it started:
   * the build and the push. `env` is added to the environment of this docker
   * process only (build secret values).
   */
  run(args: string[], options?: { input?: string; quiet?: boolean; env?: Record<string, string> }): Promise<DockerResult>;
  /** A short query (version, buildx, login, image inspect): its output stays out of the log. */
  query(args: string[], options?: { input?: string }): Promise<DockerResult>;
}

/** Thrown by a Docker implementation when the `docker` executable is not on PATH. */
export class DockerMissingError extends Error {
  override readonly name = 'DockerMissingError';
}

const DAEMON_DOWN =
  /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|connect: no such file or directory|permission denied while trying to connect/i;

/** The engine version, or an explanation of why docker cannot be used. */
export async function checkEngine(docker: Docker): Promise<string> {
  let result: DockerResult;
  try {
    result = await docker.query(['version', '--format', '{{.Server.Version}}']);
  } catch (err) {
    if (err instanceof DockerMissingError) {
      throw new ActionFailure(
        'docker is not installed or not on PATH. Use a runner with Docker (ubuntu-latest has it) or install Docker Engine before this step.',
      );
    }
    throw err;
  }
  if (result.code === 0 && result.output.trim() !== '') return result.output.trim();
  if (DAEMON_DOWN.test(result.output)) {
    throw new ActionFailure(
      `The Docker daemon is not reachable (${firstLine(result.output)}). Start it (sudo systemctl start docker), check DOCKER_HOST, or give the job's user access to the docker socket.`,
    );
  }
  throw new ActionFailure(`docker version failed (exit ${result.code}): ${firstLine(result.output)}`);
}

export async function hasBuildx(docker: Docker): Promise<boolean> {
  const result = await docker.query(['buildx', 'version']);
  return result.code === 0;
}

/** The driver of the current buildx builder (`docker`, `docker-container`, ...), when buildx says. */
export async function buildxDriver(docker: Docker): Promise<string | undefined> {
  const result = await docker.query(['buildx', 'inspect']);
  return result.code === 0 ? /^Driver:\s*(\S+)/m.exec(result.output)?.[1] : undefined;
}

/** Logs in with the password on stdin: never on a command line, where `ps` and logs would show it. */
export async function login(docker: Docker, registry: string, username: string, password: string): Promise<void> {
  const result = await docker.query(['login', '--username', username, '--password-stdin', registry], { input: password });
  if (result.code !== 0) throw new ActionFailure(`docker login to ${registry} failed (exit ${result.code}): ${firstLine(result.output)}`);
}

function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '' && !/^WARNING/i.test(l)) ?? 'no output'
  );
}
