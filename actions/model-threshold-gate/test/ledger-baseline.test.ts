/**
 * The gate's choice of baseline, at source level: the real Octokit client
 * (action-kit github.ts) reads the local fake of GitHub's REST API, and
 * findRecord / readLedgerBaseline decide. Each case pins one rule of
 * ledger-baseline.ts or of the kit's parseLedgerRecord.
 */
import { createOctokit, ledgerReads } from '@mlship/action-kit/github';
import { ledgerPayload, ledgerStatus, ledgerStatuses, startFakeGitHub, type FakeGitHub } from '../../../test/support/fake-github';
import { findRecord, readLedgerBaseline, type AliasCheck, type LedgerApi, type LedgerDeps } from '../src/ledger-baseline';
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

describe('findRecord: what counts as a success of ours', () => {
  it('passes over the newest deployment that went inactive without ever succeeding, for an older success, silently', async () => {
    const older = deploy('a', ours({ version: '13' }), ['success']);
    deploy('b', ours({ version: '14', outcome: 'in_progress' }), ['in_progress', 'inactive']);
    expect((await findRecord(api, 'production', (m) => warnings.push(m)))?.deploymentId).toBe(older.id);
    expect(warnings).toEqual([]);
  });

  it('takes a success written by the token’s own identity (a PAT or an App), whatever the case of its login', async () => {
    github.identities['ghs_ledgerTest0123456789'] = { login: 'release-bot', type: 'User', installation: false };
    deploy('a', ours({ version: '13' }), ['success']);
    const mine = github.addDeployment({
      sha: 'b'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: ours({ version: '14' }),
      statuses: [ledgerStatus('success', { login: 'Release-Bot', type: 'User' })],
    });
    expect((await findRecord(api, 'production', (m) => warnings.push(m)))?.deploymentId).toBe(mine.id);
    expect(warnings).toEqual([]);
  });

  it('takes a success written by github-actions[bot] when the token is another identity', async () => {
    github.identities['ghs_ledgerTest0123456789'] = { login: 'release-bot', type: 'User', installation: false };
    const byActions = deploy('a', ours({ version: '13' }), ['success']);
    expect((await findRecord(api, 'production', (m) => warnings.push(m)))?.deploymentId).toBe(byActions.id);
    expect(warnings).toEqual([]);
  });

  it('skips a success without the ledger mark in its description, or without a creator, naming who wrote it', async () => {
    const older = deploy('a', ours({ version: '13' }), ['success']);
    const unmarked = github.addDeployment({
      sha: 'b'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: ours(),
      statuses: [{ state: 'success', description: 'Deployment succeeded', creator: { login: 'github-actions[bot]', type: 'Bot' } }],
    });
    const anonymous = github.addDeployment({
      sha: 'c'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: ours(),
      statuses: [{ state: 'success', description: 'ok · mlship' }],
    });
    expect((await findRecord(api, 'production', (m) => warnings.push(m)))?.deploymentId).toBe(older.id);
    expect(warnings).toEqual([
      `Deployment ${anonymous.id} to production is not a baseline: its success status was written by an unknown account, not by deployment-summary.`,
      `Deployment ${unmarked.id} to production is not a baseline: its success status was written by github-actions[bot], not by deployment-summary.`,
    ]);
  });

  it('skips a record whose payload says the run was cancelled, without reading its statuses', async () => {
    const older = deploy('a', ours({ version: '13' }), ['success']);
    const cancelled = deploy('b', ours({ outcome: 'cancelled' }), ['success']);
    expect((await findRecord(api, 'production', () => undefined))?.deploymentId).toBe(older.id);
    expect(github.requests.some((r) => r.path.includes(`/deployments/${cancelled.id}/statuses`))).toBe(false);
  });

  it('returns the deployment, its commit and its creation date', async () => {
    const found = github.addDeployment({
      sha: 'a'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: ours(),
      statuses: ledgerStatuses('success'),
      created_at: '2026-11-30T10:00:00Z',
    });
    expect(await findRecord(api, 'production', () => undefined)).toEqual({
      deploymentId: found.id,
      sha: 'a'.repeat(40),
      createdAt: '2026-11-30T10:00:00Z',
      record: expect.objectContaining({ version: '14', commit: 'c0ffee0000000000000000000000000000000000' }),
    });
  });
});

describe('findRecord: what the search costs and where it stops', () => {
  /** The real client, counting the status reads findRecord asks for (each starts a request at once). */
  const counting = (): LedgerApi & { asked: number[] } => {
    const asked: number[] = [];
    return { ...api, asked, statuses: (id) => (asked.push(id), api.statuses(id)) };
  };

  it('reads one deployment’s statuses in the usual case: the newest succeeded', async () => {
    deploy('a', ours({ version: '12' }), ['success']);
    deploy('b', ours({ version: '13' }), ['success']);
    const newest = deploy('c', ours({ version: '14' }), ['success']);
    const reads = counting();
    expect((await findRecord(reads, 'production', () => undefined))?.deploymentId).toBe(newest.id);
    expect(reads.asked).toEqual([newest.id]);
  });

  it('reads statuses in growing batches of 1, 2, 4 …: a success fourth newest costs 7 reads, the newest 7', async () => {
    const older = Array.from({ length: 20 }, (_, i) => deploy('a', ours({ version: String(i) }), ['success']));
    const fourth = deploy('b', ours({ version: '20' }), ['success']);
    const newer = Array.from({ length: 3 }, (_, i) =>
      deploy('c', ours({ version: String(21 + i), outcome: 'in_progress' }), ['in_progress']),
    );
    const reads = counting();
    expect((await findRecord(reads, 'production', () => undefined))?.deploymentId).toBe(fourth.id);
    expect(reads.asked).toEqual([...newer.reverse(), fourth, ...older.reverse().slice(0, 3)].map((d) => d.id));
  });

  it('leaves no unhandled rejection when a status read it did not need fails', async () => {
    deploy('a', ours({ version: '12' }), ['success']);
    const broken = deploy('b', ours({ version: '12' }), ['success']);
    const second = deploy('c', ours({ version: '13' }), ['success']);
    deploy('d', ours({ version: '14', outcome: 'in_progress' }), ['in_progress']);
    github.override = (r) =>
      r.path.startsWith(`/repos/octo-org/model-service/deployments/${broken.id}/statuses`) ? [404, { message: 'Not Found' }] : undefined;
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      expect((await findRecord(api, 'production', () => undefined))?.deploymentId).toBe(second.id);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toEqual([]);
  });

  /** `count` deployments in progress that never succeeded, oldest first. */
  const unfinished = (count: number, success?: number) => {
    const made = [];
    for (let i = 1; i <= count; i++) {
      made.push(
        deploy('e', ours({ version: String(i), outcome: 'in_progress' }), i === success ? ['in_progress', 'success'] : ['in_progress']),
      );
    }
    return made;
  };

  it('stops after reading 100 deployments’ statuses (the bound), with an error counting what it saw', async () => {
    deploy('a', ours({ version: '1' }), ['success']); // older than the bound reaches
    unfinished(101);
    for (let i = 0; i < 5; i++) deploy('f', ours({ outcome: 'failure' }), ['failure']);
    const reads = counting();
    await expect(findRecord(reads, 'production', () => undefined)).rejects.toThrow(
      'no baseline among the newest 105 deployments after reading the statuses of 100 of them (the bound); the record may be older',
    );
    expect(reads.asked).toHaveLength(100);
  });

  it('still finds a success among the last statuses read before the bound, and reads no more', async () => {
    // Newest first, the 98th candidate succeeded: batches of 1, 2, 4, 8, 16 … leave it pending when the 101st comes.
    const made = unfinished(101, 4);
    const reads = counting();
    const found = await findRecord(reads, 'production', () => undefined);
    expect(found?.deploymentId).toBe(made[3]?.id);
    expect(reads.asked).toHaveLength(100);
  });

  it('gives up after 2,000 deployments (20 pages, the bound) with none a baseline', async () => {
    for (let i = 0; i < 2000; i++) deploy('f', ours({ outcome: 'failure' }), ['failure']);
    const reads = counting();
    await expect(findRecord(reads, 'production', () => undefined)).rejects.toThrow(
      'no baseline among the newest 2000 deployments (the bound); the record may be older',
    );
    expect(reads.asked).toHaveLength(0);
  });

  it('finds nothing, without an error, among fewer deployments none of which succeeded', async () => {
    deploy('f', ours({ outcome: 'failure' }), ['failure']);
    deploy('e', ours({ outcome: 'in_progress' }), ['in_progress']);
    expect(await findRecord(api, 'production', () => undefined)).toBeUndefined();
  });
});

describe('readLedgerBaseline: what the gate is told', () => {
  let jmes: Awaited<ReturnType<typeof loadJmes>>;
  const infos: string[] = [];
  beforeAll(async () => {
    jmes = await loadJmes();
  });
  beforeEach(() => {
    infos.length = 0;
  });
  const deps = (extra: Partial<LedgerDeps> = {}): LedgerDeps => ({
    api: async () => api,
    jmes,
    warning: (m) => warnings.push(m),
    info: (m) => infos.push(m),
    ...extra,
  });
  const keyOf = (metric: string) => JSON.stringify(jmes.compile(metric));

  it('without a token: no baseline, one warning saying why, and every metric "not recorded" for the missing policy', async () => {
    const { baseline, report } = await readLedgerBaseline('production', deps({ api: undefined }));
    const why = "reading production's deployments failed: no github-token";
    expect(warnings).toEqual([`No baseline: ${why}; rules that need one follow the missing policy.`]);
    expect(report).toEqual({ environment: 'production', found: false, problem: why });
    expect(baseline).toMatchObject({ source: "production's ledger", document: {} });
    expect(baseline.firstDeployment).toBeUndefined();
    expect(baseline.lookup?.('accuracy', keyOf('accuracy'))).toEqual({ ok: false, why: 'absent', detail: `is not recorded: ${why}` });
  });

  it.each([
    [403, ' (grant `deployments: read`)'],
    [404, ' (grant `deployments: read`)'],
    [401, ''],
  ])('a %i reading the deployments is no baseline, with a hint about the permission only for 403 and 404', async (status, hint) => {
    github.override = (r) => (r.path.includes('/deployments?') ? [status, { message: `Denied ${status}` }] : undefined);
    const { report } = await readLedgerBaseline('production', deps());
    expect(report.found).toBe(false);
    expect(report.problem).toBe(`reading production's deployments failed: Denied ${status}${hint}`);
    expect(warnings).toEqual([`No baseline: ${report.problem}; rules that need one follow the missing policy.`]);
  });

  it('with nothing recorded: the first deployment, no warning, and regression rules told so', async () => {
    const { baseline, report } = await readLedgerBaseline('production', deps());
    expect(report).toEqual({
      environment: 'production',
      found: false,
      firstDeployment: true,
      problem: 'no successful deployment to production was recorded yet (the first deployment)',
    });
    expect(warnings).toEqual([]);
    expect(baseline.firstDeployment).toBe('production');
    expect(baseline.source).toBe("production's ledger");
    expect(baseline.lookup?.('accuracy', keyOf('accuracy'))).toEqual({
      ok: false,
      why: 'absent',
      detail: 'is not recorded: no deployment to production recorded yet',
    });
  });

  it('with a record: names it in the report, in the log and as the source of the baseline', async () => {
    const found = github.addDeployment({
      sha: 'a'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: ours({ gate: { passed: true, mode: 'enforce', metrics: { accuracy: 0.93, f1: 0.9 }, rules: [] } }),
      statuses: ledgerStatuses('success'),
      created_at: '2026-11-30T10:00:00Z',
    });
    const { baseline, report } = await readLedgerBaseline('production', deps());
    expect(report).toEqual({
      environment: 'production',
      found: true,
      deploymentId: found.id,
      commit: 'c0ffee0000000000000000000000000000000000',
      functionName: 'sentiment-api',
      alias: 'live',
      version: '14',
      date: '2026-11-30T10:00:00Z',
    });
    const name = `production's deployment ${found.id} (commit c0ffee0, version 14)`;
    expect(infos).toEqual([`Baseline: ${name}, 2 metrics recorded.`]);
    expect(baseline.source).toBe(name);
    expect(baseline.document).toEqual({ accuracy: 0.93, f1: 0.9 });
    expect(warnings).toEqual([]);
  });

  it('a record without commit, version or gate: named by the deployment’s commit, no metrics', async () => {
    const { commit: _c, version: _v, gate: _g, ...bare } = ours();
    const found = deploy('b', bare, ['success']);
    const { baseline, report } = await readLedgerBaseline('production', deps());
    expect(report).toMatchObject({ found: true, commit: 'b'.repeat(40) });
    expect(report).not.toHaveProperty('date');
    expect(infos).toEqual([`Baseline: production's deployment ${found.id} (commit bbbbbbb), 0 metrics recorded.`]);
    expect(baseline.lookup?.('accuracy', keyOf('accuracy'))).toEqual({
      ok: false,
      why: 'absent',
      detail: 'is not in the record (no gate ran in that deployment)',
    });
  });

  it('looks a metric up by the expression its rule wrote, quoted or bare, and reads NaN and Infinity back', async () => {
    deploy(
      'a',
      ours({
        gate: {
          passed: true,
          mode: 'enforce',
          metrics: { accuracy: 0.93, '"weighted avg"."f1-score"': 0.88, loss: 'NaN', p99: 'Infinity', 'not jmes ((': 1 },
          rules: [],
        },
      }),
      ['success'],
    );
    const { baseline } = await readLedgerBaseline('production', deps());
    const look = (metric: string) => baseline.lookup?.(metric, keyOf(metric));
    expect(look('accuracy')).toEqual({ ok: true, value: 0.93 });
    expect(look('"accuracy"')).toEqual({ ok: true, value: 0.93 });
    expect(look('"weighted avg"."f1-score"')).toEqual({ ok: true, value: 0.88 });
    expect(look('"weighted avg"."f1-score" ')).toEqual({ ok: true, value: 0.88 });
    expect(look('p99')).toEqual({ ok: true, value: Number.POSITIVE_INFINITY });
    expect(look('"p99"')).toEqual({ ok: true, value: Number.POSITIVE_INFINITY });
    expect(look('loss')).toEqual({ ok: false, why: 'nan', detail: 'is NaN' });
    expect(look('"loss"')).toEqual({ ok: false, why: 'nan', detail: 'is NaN' });
    expect(look('auc')).toEqual({
      ok: false,
      why: 'absent',
      detail: "is not in the record (that deployment's gate had no rule on it)",
    });
  });
});

describe('readLedgerBaseline: checking that the record still describes production', () => {
  let jmes: Awaited<ReturnType<typeof loadJmes>>;
  beforeAll(async () => {
    jmes = await loadJmes();
  });
  const asked: string[] = [];
  beforeEach(() => {
    asked.length = 0;
  });
  const serving =
    (answer: () => Promise<string | undefined>): AliasCheck['aliasVersion'] =>
    (fn, alias, region) => {
      asked.push(`${fn}:${alias}@${region}`);
      return answer();
    };
  const read = (alias: AliasCheck | undefined, region?: string) =>
    readLedgerBaseline('production', {
      api: async () => api,
      jmes,
      warning: (m) => warnings.push(m),
      info: () => undefined,
      ...(alias ? { alias } : {}),
      ...(region ? { region } : {}),
    });
  const still14: AliasCheck = { aliasVersion: serving(async () => '14') };

  it('asks in the region of the action’s credentials when the record names none', async () => {
    deploy('a', ours(), ['success']);
    const { report } = await read(still14, 'eu-west-1');
    expect(asked).toEqual(['sentiment-api:live@eu-west-1']);
    expect(report.aliasVersionNow).toBe('14');
    expect(report.aliasMoved).toBeUndefined();
  });

  it('prefers the region the record names', async () => {
    deploy('a', ours({ region: 'us-east-1' }), ['success']);
    await read(still14, 'eu-west-1');
    expect(asked).toEqual(['sentiment-api:live@us-east-1']);
  });

  it.each([
    ['no region known', {}, 'with alias', undefined],
    ['no AWS credentials (no alias check)', { region: 'us-east-1' }, 'without alias', 'eu-west-1'],
    ['a record without an alias', { region: 'us-east-1', alias: undefined }, 'with alias', undefined],
    ['a record without a function', { region: 'us-east-1', function: undefined }, 'with alias', undefined],
    ['a record without a version', { region: 'us-east-1', version: undefined }, 'with alias', undefined],
  ])('does not check the alias with %s, and says nothing', async (_label, extra, withAlias, region) => {
    deploy('a', JSON.parse(JSON.stringify(ours(extra))), ['success']);
    const { report } = await read(withAlias === 'with alias' ? still14 : undefined, region);
    expect(asked).toEqual([]);
    expect(report).not.toHaveProperty('aliasVersionNow');
    expect(warnings).toEqual([]);
  });

  it('an alias that cannot be found now is no outside change', async () => {
    deploy('a', ours({ region: 'us-east-1' }), ['success']);
    const { report } = await read({ aliasVersion: serving(async () => undefined) });
    expect(asked).toHaveLength(1);
    expect(report.aliasMoved).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('an alias moved to another version: a warning naming both versions; the baseline stays the recorded one', async () => {
    const found = deploy('a', ours({ region: 'us-east-1' }), ['success']);
    const { report } = await read({ aliasVersion: serving(async () => '15') });
    expect(report).toMatchObject({ aliasVersionNow: '15', aliasMoved: true });
    expect(warnings).toEqual([
      `production changed outside the pipeline: alias live of sentiment-api serves version 15, but the last recorded deployment (${found.id}) put version 14 there. The baseline is version 14's metrics.`,
    ]);
  });

  it('a failed GetAlias is a warning of at most 500 characters, not a failure', async () => {
    deploy('a', ours({ region: 'us-east-1' }), ['success']);
    const long = await read({ aliasVersion: serving(() => Promise.reject(new Error(`AccessDenied ${'x'.repeat(600)}`))) });
    expect(long.report.found).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toHaveLength(500);
    expect(warnings[0]).toMatch(/^Could not check alias live of sentiment-api: AccessDenied x+$/);
    warnings.length = 0;
    await read({ aliasVersion: serving(() => Promise.reject('GetAlias timed out')) });
    expect(warnings).toEqual(['Could not check alias live of sentiment-api: GetAlias timed out']);
  });
});
