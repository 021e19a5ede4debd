/**
 * A BuildKit daemon for multi-platform builds, which the stack's dockerd
 * (docker driver) cannot do: buildkitd built from its Go module, with runc
 * from Debian, on a free loopback port, used by buildx as a `remote`
 * driver. It trusts the stack registry's certificate, and buildx hands it the
 * registry login of the client's DOCKER_CONFIG. Each test starts its own.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/moto';

const here = new URL('.', import.meta.url).pathname;
const VERSION = 'v0.34.2';

/** The binary: $BUILDKITD, the tools directory, or a cached build (made once, about 8 minutes). */
export function buildkitdBinary(): string {
  const candidates = [
    process.env['BUILDKITD'],
    '/opt/mlship-tools/bin/buildkitd',
    join(homedir(), '.cache', 'mlship-tools', `buildkitd-${VERSION}`),
  ];
  const found = candidates.find((path): path is string => path !== undefined && existsSync(path));
  if (found) return found;
  const target = candidates[2] as string;
  execFileSync('bash', [join(here, 'build-buildkitd.sh'), target], {
    stdio: 'inherit',
    env: { ...process.env, BUILDKIT_VERSION: VERSION },
  });
  return target;
}

export interface Buildkitd {
  addr: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startBuildkitd(registry: { host: string; caFile: string }): Promise<Buildkitd> {
  const binary = buildkitdBinary();
  const dir = mkdtempSync(join(tmpdir(), 'buildkitd-'));
  const config = join(dir, 'buildkitd.toml');
  writeFileSync(
    config,
    [
      '[worker.oci]',
      '  enabled = true',
      // native: plain copies, like dockerd's vfs here (no overlay mounts needed).
      '  snapshotter = "native"',
      '[worker.containerd]',
      '  enabled = false',
      `[registry."${registry.host}"]`,
      `  ca = ["${registry.caFile}"]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const logFile = join(dir, 'buildkitd.log');
  const out = openSync(logFile, 'a');
  const child: ChildProcess = spawn(binary, ['--config', config, '--root', join(dir, 'root'), '--addr', `tcp://127.0.0.1:${port}`], {
    stdio: ['ignore', out, out],
    env: { ...process.env, PATH: `/usr/sbin:/usr/bin:/sbin:/bin:${process.env['PATH'] ?? ''}` },
  });
  const log = (): string => readFileSync(logFile, 'utf8');
  const deadline = Date.now() + 30_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`buildkitd did not start:\n${log().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    addr: `tcp://127.0.0.1:${port}`,
    log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
