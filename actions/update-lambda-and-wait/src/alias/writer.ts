/**
 * The one writer of the alias: every change (the deploy's point or canary,
 * each bake step, promote, rollback, hold, resume, the post step's safety
 * net) goes through `write` or `create` here, with one guard and one retry
 * rule:
 *  - guard: every UpdateAlias names the RevisionId this run read or wrote
 *    last. A stale one means someone else changed the alias: never
 *    overwritten, AliasChangedError says what it points at now. Revisions are
 *    compared by RevisionId alone; two missing ones are not the same
 *    revision (nothing proves the alias unchanged).
 *  - retry: throttling, 5xx, network errors and "an update is in progress"
 *    are tried again, at most TRIES times with doubling backoff, each wait cut
 *    short by the cancel signal; anything else fails at once.
 *  - weights: sent and compared rounded to 0.01 % (weights.ts).
 */
import { ActionFailure, formatDuration, isAbort, throwIfCancelled, type Log, type Sleep } from '@mlship/action-kit';
import { describeAwsError, failureName, isAwsError } from '@mlship/aws-kit';
import { classifyError } from '../deploy/retry';
import type { AliasState, LambdaApi } from '../lambda-api';
import { describeAlias, roundWeights, sameRouting, type Routing, type Weights } from './weights';

/** The alias as read or written: what routes it, and the revision the next write must name. */
export interface AliasView extends Routing {
  revisionId?: string;
}

/** Someone else changed the alias since this run read it: never overwrite. */
export class AliasChangedError extends Error {
  override readonly name = 'AliasChangedError';
  constructor(readonly now: AliasView | undefined) {
    super(`the alias was changed by someone else; it now points at ${now ? describeAlias(now) : 'an unknown state'}`);
  }
}

/** The same revision: both RevisionIds known and equal. The routing does not count (a write of the same routing is still someone's write). */
export function sameRevision(a: { revisionId?: string } | undefined, b: { revisionId?: string } | undefined): boolean {
  return a?.revisionId !== undefined && a.revisionId === b?.revisionId;
}

export interface AliasWriter {
  /** The alias now; undefined when it does not exist. */
  read(signal?: AbortSignal): Promise<AliasView | undefined>;
  /** CreateAlias, for the first deploy. */
  create(version: string, signal?: AbortSignal): Promise<AliasState>;
  /**
   * Points the alias at `version` with `weights` (empty: no routing config),
   * only if its revision is still `revisionId`; throws AliasChangedError when
   * someone else changed it since (or when no revision is known to guard the write).
   */
  write(version: string, weights: Weights, revisionId: string | undefined, signal?: AbortSignal): Promise<AliasState>;
}

export interface WriterOptions {
  sleep: Sleep;
  /** Where retries are said; silent without it. */
  log?: Log;
}

/** A passing fault must not end a deploy or a bake, a long outage must not stall one: 5 tries, 7.5 s of waiting at most. */
export const TRIES = 5;
const FIRST_DELAY_MS = 500;

async function withTries<T>(
  operation: string,
  call: (attempt: number) => Promise<T>,
  options: WriterOptions,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    throwIfCancelled(signal);
    try {
      return await call(attempt);
    } catch (err) {
      if (isAbort(err) || err instanceof AliasChangedError || err instanceof ActionFailure) throw err;
      const kind = classifyError(err);
      if (kind === 'fatal' || attempt >= TRIES) {
        const tries = attempt > 1 ? ` (${attempt} tries)` : '';
        throw new ActionFailure(`${describeAwsError('lambda', operation, err)}${tries}`);
      }
      const delay = FIRST_DELAY_MS * 2 ** (attempt - 1);
      options.log?.warning(
        `${operation}: ${kind === 'update-in-progress' ? 'an update is in progress' : kind}: ${failureName(err)}; try ${attempt + 1} of ${TRIES} in ${formatDuration(delay)}`,
      );
      await options.sleep(delay, signal);
    }
  }
}

export function aliasWriter(api: LambdaApi, functionName: string, alias: string, options: WriterOptions): AliasWriter {
  const read = (signal?: AbortSignal) => withTries('GetAlias', () => api.getAlias(functionName, alias, signal), options, signal);
  return {
    read,
    create: (version, signal) => withTries('CreateAlias', () => api.createAlias(functionName, alias, version, {}, signal), options, signal),
    async write(version, weights, revisionId, signal) {
      if (revisionId === undefined) throw new AliasChangedError(await read(signal));
      const asked = { version, weights: roundWeights(weights) };
      return withTries(
        'UpdateAlias',
        async (attempt) => {
          try {
            return await api.updateAlias(functionName, alias, version, asked.weights, signal, revisionId);
          } catch (err) {
            if (!isAwsError(err, ['PreconditionFailedException'])) throw err;
            const now = await read(signal);
            // A retry after a try whose answer was lost: that try landed, the alias is as asked.
            if (attempt > 1 && now && sameRouting(now, asked)) return now;
            throw new AliasChangedError(now);
          }
        },
        options,
        signal,
      );
    },
  };
}
