/**
 * A base image with a shell, made offline: Debian's busybox-static as
 * /bin/busybox with sh linked to it, loaded with `docker import` (no
 * registry is reachable here, so nothing can be pulled). The .deb is fetched
 * with `apt-get download` when /bin/busybox is not on the machine.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUSYBOX_IMAGE = 'mlship-test/busybox:static';

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

function busyboxBinary(): string {
  for (const path of ['/bin/busybox', '/usr/bin/busybox']) {
    // The dynamic busybox would need libc in the image; only a static one is usable as is.
    if (existsSync(path) && /statically linked|static-pie/.test(run('file', ['-L', path]))) return path;
  }
  const dir = mkdtempSync(join(tmpdir(), 'busybox-static-'));
  run('apt-get', ['download', 'busybox-static'], dir);
  const deb = readdirSync(dir).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download busybox-static produced no .deb');
  run('dpkg-deb', ['-x', deb, 'root'], dir);
  return join(dir, 'root', 'bin', 'busybox');
}

/** Imports the image into the engine at DOCKER_HOST unless it is there already. */
export function ensureBusyboxImage(env: NodeJS.ProcessEnv): string {
  const has = execFileSync('docker', ['images', '-q', BUSYBOX_IMAGE], { env, encoding: 'utf8' }).trim();
  if (has) return BUSYBOX_IMAGE;
  const rootfs = mkdtempSync(join(tmpdir(), 'busybox-rootfs-'));
  mkdirSync(join(rootfs, 'bin'));
  mkdirSync(join(rootfs, 'tmp'));
  copyFileSync(busyboxBinary(), join(rootfs, 'bin', 'busybox'));
  chmodSync(join(rootfs, 'bin', 'busybox'), 0o755);
  for (const tool of ['sh', 'cat', 'test', 'sha256sum', 'wc', 'echo', 'ls']) symlinkSync('busybox', join(rootfs, 'bin', tool));
  const tar = join(rootfs, '..', `${rootfs.split('/').pop()}.tar`);
  run('tar', ['-C', rootfs, '-cf', tar, '.']);
  execFileSync('docker', ['import', '--change', 'ENV PATH=/bin', tar, BUSYBOX_IMAGE], { env, stdio: 'ignore' });
  return BUSYBOX_IMAGE;
}
