import { errorMessage, type Log } from '@mlship/action-kit';
import { describeAlias } from '../alias/weights';
import { AliasChangedError, sameRevision } from '../alias/writer';
import type { AliasPort } from './ports';

/** What main saves after every alias write of a bake (GITHUB_STATE), for the post step. */
export interface BakeState {
  open: boolean;
  region: string;
  functionName: string;
  alias: string;
  previousVersion: string;
  newVersion: string;
  /** The alias's revision after this run's last write. */
  revisionId?: string;
}

export function parseBakeState(text: string | undefined): BakeState | undefined {
  if (!text) return undefined;
  try {
    const state = JSON.parse(text) as BakeState;
    return state && typeof state === 'object' && state.open === true ? state : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The post step's safety net: when main ended with traffic still split (it
 * was killed before it could put the alias back), the alias goes back to the
 * previous version, but only if it is still exactly as this run left it
 * (same RevisionId). Anything else is someone's later decision and stays.
 * Never throws: a failed restore is a warning.
 */
export async function restoreIfUntouched(
  state: BakeState,
  writer: AliasPort,
  log: Log,
  signal?: AbortSignal,
): Promise<'restored' | 'changed' | 'failed'> {
  const { functionName, alias, previousVersion, newVersion } = state;
  const leave = (now: { version: string; weights: Record<string, number> } | undefined): 'changed' => {
    if (now) log.info(`Alias ${alias} was changed after this run's last write (it points at ${describeAlias(now)}): leaving it as it is`);
    else log.warning(`Alias ${alias} of ${functionName} no longer exists: nothing to put back`);
    return 'changed';
  };
  try {
    const now = await writer.read(signal);
    if (!now || !sameRevision(now, state)) return leave(now);
    await writer.write(previousVersion, {}, state.revisionId, signal);
    log.warning(
      `The bake of version ${newVersion} did not finish: alias ${alias} of ${functionName} put back to version ${previousVersion} (100%) by the post step`,
    );
    return 'restored';
  } catch (err) {
    if (err instanceof AliasChangedError) return leave(err.now);
    log.warning(`The post step could not put alias ${alias} back to version ${previousVersion}: ${errorMessage(err)}`);
    return 'failed';
  }
}
