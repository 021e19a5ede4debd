/**
 * The baseline from the ledger: production's metrics as the gate read them
 * when the model now in production was deployed, kept by deployment-summary
 * in the payload of its GitHub deployment (action-kit ledger.ts).
 */
import {
  GITHUB_ACTIONS_BOT,
  LEDGER_MAX_PAGES,
  LEDGER_MAX_STATUS_READS,
  LEDGER_PAGE_SIZE,
  LEDGER_TASK,
  describeGitHubError,
  isLedgerDescription,
  sameLogin,
  httpStatus,
  ledgerNumber,
  parseLedgerRecord,
  type GateBaselineRecord,
  type LedgerRecord,
} from '@mlship/action-kit';
import type { MetricsDocument } from './inputs';
import type { Jmes } from './jmes';
import type { Reading } from './read';

/** The GitHub reads this needs (action-kit github.ts), so the logic does not depend on Octokit's types. */
export interface LedgerApi {
  /** Newest first, page by page up to the kit's bound: the deployments to `environment` with `task`. */
  deployments(environment: string, task: string): AsyncIterable<{ id: number; sha: string; payload: unknown; createdAt?: string }>;
  /** A deployment's statuses, newest first. */
  statuses(id: number): Promise<Array<{ state: string; description?: string; creator?: string }>>;
  /** The login this token writes as. */
  viewer(): Promise<string>;
}

export interface FoundRecord {
  deploymentId: number;
  sha: string;
  record: LedgerRecord;
  createdAt?: string;
}

/**
 * The newest deployment of ours to `environment` that deployment-summary
 * marked successful: its payload is a record deployment-summary wrote, and one
 * of its statuses is a `success` with our description, written by
 * github-actions[bot] or by this token's own identity. Statuses added after it
 * (GitHub's `inactive` when a job with `environment:` starts, ours when a
 * newer deployment succeeds) do not matter. Anything else is passed over,
 * with a warning when it looks like a record but is not one we can trust.
 */
export async function findRecord(
  api: LedgerApi,
  environment: string,
  warning: (message: string) => void,
): Promise<FoundRecord | undefined> {
  let me: Promise<string> | undefined;
  const ours = async (login: string | undefined): Promise<boolean> =>
    sameLogin(login, GITHUB_ACTIONS_BOT) || sameLogin(login, await (me ??= api.viewer().catch(() => GITHUB_ACTIONS_BOT)));
  // Candidates whose statuses are being read, newest first. Reads go out in growing batches (1, 2, 4 … 16):
  // the usual case costs one read, a run of started-then-failed deployments does not cost one round trip each.
  let batch: Array<{ id: number; sha: string; createdAt?: string; record: LedgerRecord; statuses: ReturnType<LedgerApi['statuses']> }> = [];
  let size = 1;
  const judge = async (): Promise<FoundRecord | undefined> => {
    const candidates = batch;
    batch = [];
    size = Math.min(16, size * 2);
    for (const c of candidates) {
      const success = (await c.statuses).find((s) => s.state === 'success');
      if (!success) continue;
      if (!isLedgerDescription(success.description) || !(await ours(success.creator))) {
        warning(
          `Deployment ${c.id} to ${environment} is not a baseline: its success status was written by ${success.creator ?? 'an unknown account'}, not by deployment-summary.`,
        );
        continue;
      }
      return { deploymentId: c.id, sha: c.sha, record: c.record, ...(c.createdAt ? { createdAt: c.createdAt } : {}) };
    }
    return undefined;
  };
  let seen = 0;
  let reads = 0;
  for await (const d of api.deployments(environment, LEDGER_TASK)) {
    seen++;
    const record = parseLedgerRecord(d.payload);
    if (!record) {
      warning(
        `Deployment ${d.id} to ${environment} (task ${LEDGER_TASK}) is not a baseline: its payload was not written by deployment-summary.`,
      );
      continue;
    }
    // Created after a failed run: never a baseline, and no status read spent on it.
    if (record.outcome === 'failure' || record.outcome === 'cancelled') continue;
    if (++reads > LEDGER_MAX_STATUS_READS) {
      const found = await judge();
      if (found) return found;
      throw new Error(
        `no baseline among the newest ${seen - 1} deployments after reading the statuses of ${LEDGER_MAX_STATUS_READS} of them (the bound); the record may be older`,
      );
    }
    const statuses = api.statuses(d.id);
    statuses.catch(() => undefined); // awaited in judge(); a failure there is the caller's
    batch.push({ id: d.id, sha: d.sha, createdAt: d.createdAt, record, statuses });
    if (batch.length >= size) {
      const found = await judge();
      if (found) return found;
    }
  }
  const found = await judge();
  if (!found && seen >= LEDGER_MAX_PAGES * LEDGER_PAGE_SIZE) {
    throw new Error(`no baseline among the newest ${seen} deployments (the bound); the record may be older`);
  }
  return found;
}

export function describeRecord(environment: string, found: FoundRecord): string {
  const version = found.record.version ? `, version ${found.record.version}` : '';
  return `${environment}'s deployment ${found.deploymentId} (commit ${(found.record.commit ?? found.sha).slice(0, 7)}${version})`;
}

/** The recorded metrics as a baseline: looked up by expression, `"accuracy"` and `accuracy` alike. */
export function ledgerBaseline(environment: string, found: FoundRecord, jmes: Jmes): MetricsDocument {
  const metrics = found.record.gate?.metrics ?? {};
  let byKey: Map<string, number> | undefined;
  const keyed = (): Map<string, number> => {
    byKey ??= new Map(
      Object.entries(metrics).flatMap(([expression, value]) => {
        try {
          return [[JSON.stringify(jmes.compile(expression)), ledgerNumber(value) as number]];
        } catch {
          return [];
        }
      }),
    );
    return byKey;
  };
  const name = describeRecord(environment, found);
  return {
    source: name,
    document: metrics,
    lookup: (metric, key): Reading => {
      const value = metric in metrics ? ledgerNumber(metrics[metric]) : keyed().get(key);
      if (value === undefined) {
        const what = found.record.gate
          ? "is not in the record (that deployment's gate had no rule on it)"
          : 'is not in the record (no gate ran in that deployment)';
        return { ok: false, why: 'absent', detail: what };
      }
      return Number.isNaN(value) ? { ok: false, why: 'nan', detail: 'is NaN' } : { ok: true, value };
    },
  };
}

/** No baseline to compare with: every regression rule meets the `missing` policy, and says why. */
export function noBaseline(environment: string, why: string): MetricsDocument {
  return {
    source: `${environment}'s ledger`,
    document: {},
    lookup: (): Reading => ({ ok: false, why: 'absent', detail: `is not recorded: ${why}` }),
  };
}

/** Nothing recorded yet: rules that need the baseline follow baseline-missing (gate.ts), not missing. */
export function firstDeployment(environment: string): MetricsDocument {
  return { ...noBaseline(environment, `no deployment to ${environment} recorded yet`), firstDeployment: environment };
}

export interface AliasCheck {
  /** GetAlias: the version the alias serves now. */
  aliasVersion(functionName: string, alias: string, region: string): Promise<string | undefined>;
}

export interface LedgerDeps {
  api?: () => Promise<LedgerApi>;
  jmes: Jmes;
  /** Present when AWS credentials are: checks that the recorded alias still serves the recorded version. */
  alias?: AliasCheck;
  region?: string;
  warning(message: string): void;
  info(message: string): void;
}

export interface LedgerBaseline {
  baseline: MetricsDocument;
  report: GateBaselineRecord;
}

/** Reads production's record and, when it can, checks it still describes production. Never throws: a problem is a warning. */
export async function readLedgerBaseline(environment: string, deps: LedgerDeps): Promise<LedgerBaseline> {
  let found: FoundRecord | undefined;
  try {
    if (!deps.api) throw new Error('no github-token');
    found = await findRecord(await deps.api(), environment, deps.warning);
  } catch (err) {
    const status = httpStatus(err);
    const hint = status === 403 || status === 404 ? ' (grant `deployments: read`)' : '';
    const why = `reading ${environment}'s deployments failed: ${describeGitHubError(err)}${hint}`;
    deps.warning(`No baseline: ${why}; rules that need one follow the missing policy.`);
    return { baseline: noBaseline(environment, why), report: { environment, found: false, problem: why } };
  }
  if (!found) {
    const why = `no successful deployment to ${environment} was recorded yet (the first deployment)`;
    return { baseline: firstDeployment(environment), report: { environment, found: false, firstDeployment: true, problem: why } };
  }
  const { record } = found;
  const report: GateBaselineRecord = {
    environment,
    found: true,
    deploymentId: found.deploymentId,
    commit: record.commit ?? found.sha,
    functionName: record.function,
    alias: record.alias,
    version: record.version,
    ...(found.createdAt ? { date: found.createdAt } : {}),
  };
  deps.info(`Baseline: ${describeRecord(environment, found)}, ${Object.keys(record.gate?.metrics ?? {}).length} metrics recorded.`);
  const expected = record.aliasVersion ?? record.version;
  const region = record.region ?? deps.region;
  if (record.function && record.alias && expected && deps.alias && region) {
    try {
      const now = await deps.alias.aliasVersion(record.function, record.alias, region);
      report.aliasVersionNow = now;
      if (now !== undefined && now !== expected) {
        report.aliasMoved = true;
        deps.warning(
          `${environment} changed outside the pipeline: alias ${record.alias} of ${record.function} serves version ${now}, but the last recorded deployment (${found.deploymentId}) put version ${expected} there. The baseline is version ${expected}'s metrics.`,
        );
      }
    } catch (err) {
      deps.warning(`Could not check alias ${record.alias} of ${record.function}: ${(err as Error).message ?? String(err)}`.slice(0, 500));
    }
  }
  return { baseline: ledgerBaseline(environment, found, deps.jmes), report };
}
