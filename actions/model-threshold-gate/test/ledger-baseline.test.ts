/**
 * The gate's choice of baseline, at source level: the real Octokit client
 * (action-kit github.ts) reads the local fake of GitHub's REST API, and
 * findRecord / readLedgerBaseline decide. Each case pins one rule of
 * ledger-baseline.ts or of the kit's parseLedgerRecord.
 */
import { createOctokit, ledgerReads } from '@mlship/action-kit/github';
import { ledgerPayload, ledgerStatus, ledgerStatuses, startFakeGitHub, type FakeGitHub } from '../../../test/helpers/fake-github';
import { findRecord, readLedgerBaseline, type AliasCheck, type LedgerApi } from '../src/ledger-baseline';
import { loadJmes } from '../src/jmes';

const ours = ledgerPayload;

let github: FakeGitHub;
let api: LedgerApi;
const warnings: string[] = [];
const signal = new AbortController().signal;

beforeEach(async () => {
  github = await startFakeGitHub();
  warnings.length = 0;
  const log = { warning: (m: string) => warnings.push(m), debug: () => undefined };
  api = ledgerReads(
    await createOctokit('ghs_ledgerTest0123456789', signal, log, undefined, github.url),
    'octo-org',
    'model-service',
    signal,
    log,
  );
});
afterEach(() => github.close());

/** Oldest first, as the fake keeps them; GitHub (and findRecord) sees them newest first. */
const deploy = (sha: string, payload: unknown, states: string[]) =>
  github.addDeployment({
    sha: sha.repeat(40),
    environment: 'production',
    task: 'deploy:mlship',
    payload,
    statuses: ledgerStatuses(...states),
  });

describe('findRecord: which deployment is the baseline', () => {
  it('takes the newest deployment whose success is followed by an inactive status, over an older success', async () => {
    deploy('a', ours({ version: '13' }), ['success']);
    const newest = deploy('b', ours({ version: '14' }), ['success', 'inactive']);
    const found = await findRecord(api, 'production', (m) => warnings.push(m));
    expect(found?.deploymentId).toBe(newest.id);
    expect(found?.record.version).toBe('14');
  });

  it('passes over a deployment that never succeeded, however new', async () => {
    const older = deploy('a', ours({ version: '13' }), ['success']);
    deploy('b', ours({ version: '14' }), ['in_progress', 'failure']);
    expect((await findRecord(api, 'production', () => undefined))?.deploymentId).toBe(older.id);
  });

  it('skips a payload without the mlship schema marker, with a warning naming the deployment', async () => {
    const older = deploy('a', ours({ version: '13' }), ['success']);
    const { mlship: _marker, ...unmarked } = ours({ version: '14' });
    const stranger = deploy('b', unmarked, ['success']);
    const found = await findRecord(api, 'production', (m) => warnings.push(m));
    expect(found?.deploymentId).toBe(older.id);
    expect(warnings).toEqual([
      `Deployment ${stranger.id} to production (task deploy:mlship) is not a baseline: its payload was not written by deployment-summary.`,
    ]);
  });

  it('skips a success status written by another account, with a warning naming it', async () => {
    const older = deploy('a', ours({ version: '13' }), ['success']);
    const forged = github.addDeployment({
      sha: 'b'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: ours(),
      statuses: [ledgerStatus('success', { login: 'mallory', type: 'User' })],
    });
    expect((await findRecord(api, 'production', (m) => warnings.push(m)))?.deploymentId).toBe(older.id);
    expect(warnings).toEqual([
      `Deployment ${forged.id} to production is not a baseline: its success status was written by mallory, not by deployment-summary.`,
    ]);
  });

  it('skips a record whose payload says the run failed, without reading its statuses', async () => {
    const older = deploy('a', ours({ version: '13' }), ['success']);
    const failed = deploy('b', ours({ outcome: 'failure' }), ['success']);
    expect((await findRecord(api, 'production', () => undefined))?.deploymentId).toBe(older.id);
    expect(github.requests.some((r) => r.path.includes(`/deployments/${failed.id}/statuses`))).toBe(false);
  });

  it('finds nothing, and says nothing, when no deployment was recorded', async () => {
    expect(await findRecord(api, 'production', (m) => warnings.push(m))).toBeUndefined();
    expect(warnings).toEqual([]);
  });
});

describe('a canary record: the alias serves aliasVersion, not the version it published', () => {
  it('is checked against aliasVersion: the alias still on 14 is no outside change', async () => {
    deploy('a', ours({ version: '15', aliasVersion: '14', region: 'us-east-1' }), ['success']);
    const asked: string[] = [];
    const serving = (version: string): AliasCheck => ({
      aliasVersion: async (fn, alias, region) => {
        asked.push(`${fn}:${alias}@${region}`);
        return version;
      },
    });
    const deps = { api: async () => api, jmes: await loadJmes(), warning: (m: string) => warnings.push(m), info: () => undefined };
    const still = await readLedgerBaseline('production', { ...deps, alias: serving('14') });
    expect(asked).toEqual(['sentiment-api:live@us-east-1']);
    expect(still.report.aliasVersionNow).toBe('14');
    expect(still.report.aliasMoved).toBeUndefined();
    expect(warnings).toEqual([]);

    const moved = await readLedgerBaseline('production', { ...deps, alias: serving('15') });
    expect(moved.report.aliasMoved).toBe(true);
    expect(warnings).toEqual([expect.stringContaining('alias live of sentiment-api serves version 15, but the last recorded deployment')]);
    expect(warnings[0]).toContain('put version 14 there');
  });
});
