/**
 * The post step, its own entry: a safety net for a bake main could not finish
 * (killed before it put the alias back). The usual case (nothing left open)
 * reads one variable and exits, loading neither @actions/core nor the AWS
 * SDK; only a bake left open loads the safety net (a chunk of this bundle,
 * see safety-net-main.ts), which restores the alias if nobody changed it
 * since. It never fails the job.
 */
import { STATE, stateVariable } from './state';

function bakeLeftOpen(saved: string | undefined): boolean {
  try {
    return (JSON.parse(saved || '{}') as { open?: unknown }).open === true;
  } catch {
    return false;
  }
}

const saved = process.env[stateVariable(STATE.bake)];
if (!bakeLeftOpen(saved)) {
  process.stdout.write('Nothing to clean up: no bake left the alias split.\n');
} else {
  void import('./safety-net-main').then(({ runSafetyNet }) => runSafetyNet(saved));
}
