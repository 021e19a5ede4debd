/**
 * keep-versions: after a successful deploy, the oldest published versions
 * beyond the newest N are deleted, so years of deploys do not fill Lambda's
 * code storage (75 GB a region). Never deleted: $LATEST, the new version, the
 * previous one (the rollback target), and any version an alias points at or
 * routes traffic to. A version that cannot be deleted is a warning.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describeAwsError } from '@mlship/aws-kit';
import type { Deploy } from './types';

export interface VersionsApi {
  /** Every published version number (not $LATEST). */
  listVersions(name: string, signal?: AbortSignal): Promise<string[]>;
  /** Every alias: the version it points at and the versions it routes to. */
  listAliases(name: string, signal?: AbortSignal): Promise<Array<{ name: string; versions: string[] }>>;
  deleteVersion(name: string, version: string, signal?: AbortSignal): Promise<void>;
}

export interface PrunePlan {
  delete: string[];
  /** Versions past the newest N that are kept, with why. */
  kept: Array<{ version: string; why: string }>;
}

/** Which versions to delete, oldest first; pure. */
export function planPrune(
  versions: string[],
  aliases: Array<{ name: string; versions: string[] }>,
  keep: number,
  protect: { newVersion?: string; previousVersion?: string },
): PrunePlan {
  const published = [...new Set(versions.filter((v) => /^\d+$/.test(v)))].sort((a, b) => Number(b) - Number(a));
  const beyond = published.slice(keep).reverse();
  const why = new Map<string, string>();
  for (const alias of aliases) for (const v of alias.versions) if (!why.has(v)) why.set(v, `alias ${alias.name}`);
  if (protect.previousVersion) why.set(protect.previousVersion, 'the previous version (rollback target)');
  if (protect.newVersion) why.set(protect.newVersion, 'the new version');
  const plan: PrunePlan = { delete: [], kept: [] };
  for (const version of beyond) {
    const reason = why.get(version);
    if (reason) plan.kept.push({ version, why: reason });
    else plan.delete.push(version);
  }
  return plan;
}

async function readVersions({ name, retry }: Deploy, api: VersionsApi) {
  const [versions, aliases] = await Promise.all([
    retry('ListVersionsByFunction', (signal) => api.listVersions(name, signal)),
    retry('ListAliases', (signal) => api.listAliases(name, signal)),
  ]);
  return { versions, aliases };
}

/** Deletes what planPrune chose; failures are warnings. Fills result.deletedVersions. */
export async function pruneVersions(deploy: Deploy, api: VersionsApi, keep: number): Promise<void> {
  const { name, log, result, retry } = deploy;
  await deploy.phase(`Keeping the newest ${keep} versions`, async () => {
    const { versions, aliases } = await readVersions(deploy, api);
    const plan = planPrune(versions, aliases, keep, { newVersion: result.version, previousVersion: result.previousVersion });
    for (const { version, why } of plan.kept) log.info(`Version ${version} is kept: ${why}`);
    const deleted: string[] = [];
    for (const version of plan.delete) {
      try {
        await retry('DeleteFunction', (signal) => api.deleteVersion(name, version, signal));
        deleted.push(version);
      } catch (err) {
        log.warning(`Version ${version} of ${name} was not deleted: ${describeAwsError('lambda', 'DeleteFunction', err)}`);
      }
    }
    result.deletedVersions = deleted;
    log.info(deleted.length > 0 ? `Deleted versions ${deleted.join(', ')}` : 'No version to delete');
    if (deleted.length > 0) result.steps.push(`deleted old versions ${deleted.join(', ')} (keep-versions: ${keep})`);
  });
}

/**
 * What keep-versions would delete, for a dry run: when a version would be
 * published it is one of the newest N, so N - 1 of the existing ones stay.
 */
export async function dryRunPrune(deploy: Deploy, api: VersionsApi, keep: number, publishes: boolean): Promise<string | undefined> {
  const { versions, aliases } = await readVersions(deploy, api);
  const { result } = deploy;
  const plan = planPrune(versions, aliases, publishes ? keep - 1 : keep, { previousVersion: result.previousVersion });
  return plan.delete.length > 0 ? `would delete old versions ${plan.delete.join(', ')} (keep-versions: ${keep})` : undefined;
}

/** Binds the three calls to a client, following pagination; the SDK module is loaded here. */
export async function versionsApi(client: LambdaClient): Promise<VersionsApi> {
  const sdk = await import('@aws-sdk/client-lambda');
  return {
    async listVersions(name, signal) {
      const versions: string[] = [];
      let marker: string | undefined;
      do {
        const out = await client.send(new sdk.ListVersionsByFunctionCommand({ FunctionName: name, Marker: marker }), {
          abortSignal: signal,
        });
        for (const v of out.Versions ?? []) if (v.Version && v.Version !== '$LATEST') versions.push(v.Version);
        marker = out.NextMarker;
      } while (marker);
      return versions;
    },
    async listAliases(name, signal) {
      const aliases: Array<{ name: string; versions: string[] }> = [];
      let marker: string | undefined;
      do {
        const out = await client.send(new sdk.ListAliasesCommand({ FunctionName: name, Marker: marker }), { abortSignal: signal });
        for (const a of out.Aliases ?? []) {
          const routed = Object.keys(a.RoutingConfig?.AdditionalVersionWeights ?? {});
          aliases.push({ name: a.Name ?? '', versions: [a.FunctionVersion ?? '', ...routed].filter(Boolean) });
        }
        marker = out.NextMarker;
      } while (marker);
      return aliases;
    },
    async deleteVersion(name, version, signal) {
      await client.send(new sdk.DeleteFunctionCommand({ FunctionName: name, Qualifier: version }), { abortSignal: signal });
    },
  };
}
