/**
 * The post step: a safety net for a bake that main could not finish (killed
 * before it put the alias back). Kept free of the AWS SDK so the usual case
 * (nothing open) costs nothing: only when the saved state says traffic is
 * still split does it run the main bundle in safety-net mode, which restores
 * the alias if nobody changed it since. It never fails the job.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAFETY_NET_ENV, STATE, stateVariable } from './state';

function bakeLeftOpen(): boolean {
  try {
    return (JSON.parse(process.env[stateVariable(STATE.bake)] || '{}') as { open?: unknown }).open === true;
  } catch {
    return false;
  }
}

if (!bakeLeftOpen()) {
  process.stdout.write('Nothing to clean up: no bake left the alias split.\n');
} else {
  const main = join(dirname(fileURLToPath(import.meta.url)), 'index.js');
  spawnSync(process.execPath, [main], { env: { ...process.env, [SAFETY_NET_ENV]: '1' }, stdio: 'inherit', timeout: 30_000 });
}
