/**
 * The post step: logs docker out of the registry main logged in to, so the
 * credentials do not outlive the job on a self-hosted runner. Kept free of
 * @actions/core and dynamic imports: it is bundled as one small file.
 * It never fails the job: a failed logout is a warning.
 */
import { spawnSync } from 'node:child_process';
// The subpath keeps the kit's lazy @actions/core import out of this one-file bundle.
import { writeCommand } from '@mlship/action-kit/commands';
import { STATE } from './state';

const registry = process.env[`STATE_${STATE.registry}`] ?? '';
const logout = process.env[`STATE_${STATE.logout}`] ?? 'true';

if (registry === '') {
  process.stdout.write('Nothing to log out of: the main step did not log in to a registry.\n');
} else if (logout === 'false') {
  process.stdout.write(`logout is false: staying logged in to ${registry}.\n`);
} else {
  const result = spawnSync('docker', ['logout', registry], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    writeCommand('warning', `docker logout ${registry} failed: ${result.error?.message ?? (result.stderr || result.stdout).trim()}`);
  } else {
    process.stdout.write(`Logged out of ${registry}.\n`);
  }
}
