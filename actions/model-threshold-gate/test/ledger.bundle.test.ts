/**
 * baseline-environment: the gate reads production's record from the ledger
 * (deployments made by deployment-summary, task deploy:mlship) through the
 * real Octokit client, against the local fake of the GitHub REST API.
 */
import { nodeRuntimes, runAction, type RunResult } from '../../../test/support/run-action';
import { ledgerPayload, ledgerStatus, ledgerStatuses, startFakeGitHub, type FakeGitHub } from '../../../test/support/fake-github';

const TOKEN = 'ghs_gateTokenForTests0123456789';

function record(metrics: Record<string, number | string>, extra: Record<string, unknown> = {}) {
  return ledgerPayload({ gate: { passed: true, mode: 'enforce', metrics, rules: [] }, ...extra });
}

describe.each(nodeRuntimes())('model-threshold-gate baseline-environment under $label', ({ path: node }) => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub();
  });
  afterEach(() => github.close());

  /** A deployment of ours (task deploy:mlship) with this payload and these statuses, oldest first. */
  const recorded = (shaChar: string, payload: unknown, states: string[], environment = 'production', created_at?: string) =>
    github.addDeployment({
      sha: shaChar.repeat(40),
      environment,
      task: 'deploy:mlship',
      payload,
      statuses: ledgerStatuses(...states),
      created_at,
    });

  const run = (inputs: Record<string, string>): Promise<RunResult> =>
    runAction('model-threshold-gate', {
      node,
      inputs: {
        metrics: '{"accuracy": 0.921, "f1": 0.88, "latency_ms": 120}',
        'baseline-environment': 'production',
        'github-token': TOKEN,
        thresholds: 'accuracy >= 0.90',
        'max-regression': 'accuracy 0.02',
        ...inputs,
      },
      // No AWS credentials here: the alias check is skipped (see integration/ledger-alias.test.ts).
      env: { GITHUB_API_URL: github.url },
    });

  it("compares with production's newest successful record, skipping failed and GitHub's own deployments", async () => {
    recorded('a', record({ accuracy: 0.5 }), ['success', 'inactive']);
    const good = recorded('b', record({ accuracy: 0.95, f1: 0.9 }), ['success'], 'production', '2026-11-30T10:00:00Z');
    recorded('c', record({ accuracy: 0.2 }), ['failure']);
    recorded('d', record({ accuracy: 0.1 }), ['success'], 'staging');
    github.addDeployment({ sha: 'e'.repeat(40), environment: 'production', task: 'deploy', payload: {}, states: ['success'] });
    const result = await run({});
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      `accuracy = 0.921 vs baseline 0.95: worse by 0.029 (3.05%), more than the allowed regression 0.02, higher is better (max-regression line 1)`,
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.stdout).toContain(`Baseline: production's deployment ${good.id} (commit c0ffee0, version 14), 2 metrics recorded.`);
    expect(result.report()).toMatchObject({
      passed: false,
      baselineSource: `production's deployment ${good.id} (commit c0ffee0, version 14)`,
      baselineRecord: {
        environment: 'production',
        found: true,
        deploymentId: good.id,
        version: '14',
        alias: 'live',
        commit: 'c0ffee0000000000000000000000000000000000',
        date: '2026-11-30T10:00:00Z',
      },
      rules: [
        { metric: 'accuracy', kind: 'threshold', value: 0.921, baseline: 0.95, delta: -0.029, verdict: 'pass' },
        { metric: 'accuracy', kind: 'regression', baseline: 0.95, verdict: 'fail' },
      ],
    });
    expect(result.summary).toContain(`baseline from production's deployment ${good.id}`);
    // The commit is a hex word GitHub would link: the markdown sink breaks it with a zero-width space.
    expect(result.summary.replace(/\u200b/g, '')).toContain(
      `Baseline: production's deployment ${good.id}, commit \`c0ffee0\`, version 14, deployed 2026-11-30T10:00:00Z.`,
    );
    expect(result.summary).not.toContain('commit c0ffee0');
    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(github.requests[0]!.path).toBe(
      '/repos/octo-org/model-service/deployments?environment=production&task=deploy%3Amlship&per_page=100',
    );
    expect(
      result.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain(TOKEN);
  });

  it('passes within the allowed regression and matches a quoted expression to the recorded one', async () => {
    recorded('b', record({ accuracy: 0.93 }), ['success']);
    const result = await run({ 'max-regression': '"accuracy" 2%' });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.report()).toMatchObject({ passed: true, rules: [{}, { metric: '"accuracy"', baseline: 0.93, delta: -0.009 }] });
  });

  it('passes the first deployment (nothing recorded) with a notice, absolute rules only, even under missing: fail', async () => {
    const first = await run({});
    expect(first.errors).toEqual([]);
    expect(first.warnings).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      '::notice::first deployment to production: no recorded baseline yet; absolute rules only; rules that need it are skipped',
    );
    expect(first.report()).toMatchObject({
      passed: true,
      baselineRecord: { environment: 'production', found: false, firstDeployment: true },
      rules: [
        { metric: 'accuracy', kind: 'threshold', verdict: 'pass' },
        { metric: 'accuracy', kind: 'regression', verdict: 'skip', message: expect.stringContaining('baseline-missing: pass') },
      ],
    });
    expect((first.report()['rules'] as Array<Record<string, unknown>>)[0]).not.toHaveProperty('baseline');
    expect(first.summary).toContain('Baseline: none (no successful deployment to production was recorded yet (the first deployment)).');
    const belowBar = await run({ thresholds: 'accuracy >= 0.95' });
    expect(belowBar.code).toBe(1);
    expect(belowBar.errors).toEqual(['accuracy = 0.921, must be >= 0.95 (thresholds line 1)']);
    const strict = await run({ 'baseline-missing': 'fail', missing: 'ignore' });
    expect(strict.code).toBe(1);
    expect(strict.errors).toEqual([
      'accuracy: first deployment to production: no recorded baseline yet; absolute rules only (max-regression line 1; baseline-missing: fail)',
    ]);
  });

  it("follows the missing policy for a metric production's record lacks", async () => {
    recorded('b', record({ accuracy: 0.93 }), ['success']);
    const result = await run({ 'max-regression': 'accuracy 0.02\nf1 0.01', 'higher-is-better': 'f1', missing: 'warn' });
    expect(result.code).toBe(0);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^baseline f1 is not in the record \(that deployment's gate had no rule on it\) in production's deployment \d+/,
      ),
    ]);
  });

  it('warns and applies the missing policy when the token cannot read deployments', async () => {
    github.forbidDeploymentReads = true;
    const result = await run({ missing: 'ignore' });
    expect(result.code).toBe(0);
    expect(result.warnings).toEqual([
      "No baseline: reading production's deployments failed: HTTP 403: Resource not accessible by integration (grant `deployments: read`); rules that need one follow the missing policy.",
    ]);
    expect(result.report()).toMatchObject({ passed: true, rules: [{ verdict: 'pass' }, { verdict: 'skip' }] });
  });

  it('ignores a metric of the wrong type in a record', async () => {
    recorded('b', { ...record({}), gate: { metrics: { accuracy: 'high' } } }, ['success']);
    const result = await run({ missing: 'warn' });
    expect(result.code).toBe(0);
    expect(result.warnings).toEqual([expect.stringMatching(/^baseline accuracy is not in the record/)]);
  });

  it('finds the baseline behind 250 newer failed deployments, page by page, and says which pages it read', async () => {
    const good = recorded('b', record({ accuracy: 0.93 }), ['success']);
    for (let i = 0; i < 250; i++) recorded('c', record({ accuracy: 0.1 }, { outcome: 'failure' }), ['failure']);
    const result = await run({ 'max-regression': 'accuracy 0.02' });
    expect(result.errors).toEqual([]);
    expect(result.report()).toMatchObject({ passed: true, baselineRecord: { found: true, deploymentId: good.id } });
    // Three pages of 100 and one status read: failed runs are told by their payload, without a read each.
    expect(github.requests.map((r) => r.path.replace(/^\/repos\/octo-org\/model-service/, ''))).toEqual([
      '/deployments?environment=production&task=deploy%3Amlship&per_page=100',
      '/deployments?environment=production&task=deploy%3Amlship&per_page=100&page=2',
      '/deployments?environment=production&task=deploy%3Amlship&per_page=100&page=3',
      `/deployments/${good.id}/statuses?per_page=100`,
    ]);
    expect(result.stdout).toContain("::debug::Ledger: read page 3 of production's deploy:mlship deployments (51).");
  });

  it('stops after 100 status reads, with a warning, when deployments started in progress and then failed hide the record', async () => {
    recorded('b', record({ accuracy: 0.93 }), ['success']);
    for (let i = 0; i < 101; i++) recorded('c', record({ accuracy: 0.1 }, { outcome: 'in_progress' }), ['in_progress', 'failure']);
    const result = await run({ missing: 'warn' });
    expect(result.code).toBe(0);
    expect(result.warnings[0]).toBe(
      "No baseline: reading production's deployments failed: no baseline among the newest 100 deployments after reading the statuses of 100 of them (the bound); the record may be older; rules that need one follow the missing policy.",
    );
    expect(github.requests.filter((r) => r.path.includes('/statuses'))).toHaveLength(100);
  });

  it('keeps the baseline after GitHub marks it inactive for a job with environment:, and takes the newest success', async () => {
    recorded('a', record({ accuracy: 0.5 }), ['success', 'inactive']);
    const newest = recorded('b', record({ accuracy: 0.93 }), ['success']);
    github.startJobEnvironment('production', 'd'.repeat(40));
    expect(newest.statuses.map((s) => s.state)).toEqual(['success', 'inactive']);
    const result = await run({});
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.report()).toMatchObject({ passed: true, baselineRecord: { found: true, deploymentId: newest.id } });
  });

  it('refuses, with a warning naming it, a record whose success a person wrote or whose payload deployment-summary did not write', async () => {
    const good = recorded('a', record({ accuracy: 0.93 }), ['success']);
    const byHand = github.addDeployment({
      sha: 'b'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: record({ accuracy: 0.5 }, { outcome: 'in_progress' }),
      statuses: [ledgerStatus('in_progress'), ledgerStatus('success', { login: 'mallory', type: 'User' })],
    });
    const forged = recorded('c', { mlship: 1, environment: 'production', gate: { metrics: { accuracy: 0.1 } } }, ['success']);
    const result = await run({});
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      `Deployment ${forged.id} to production (task deploy:mlship) is not a baseline: its payload was not written by deployment-summary.`,
      `Deployment ${byHand.id} to production is not a baseline: its success status was written by mallory, not by deployment-summary.`,
    ]);
    expect(result.report()).toMatchObject({ baselineRecord: { found: true, deploymentId: good.id } });
  });

  it("trusts a success written by the token's own identity (a PAT or an App's token)", async () => {
    github.identities[TOKEN] = { login: 'deploy-bot', type: 'User', installation: false };
    const mine = github.addDeployment({
      sha: 'b'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      payload: record({ accuracy: 0.93 }),
      statuses: [ledgerStatus('success', { login: 'deploy-bot', type: 'User' })],
    });
    const result = await run({});
    expect(result.warnings).toEqual([]);
    expect(result.report()).toMatchObject({ baselineRecord: { found: true, deploymentId: mine.id } });
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    [
      'baseline-environment and baseline-file',
      { 'baseline-file': 'prod.json' },
      /^Input 'baseline-environment' and baseline-file are both set/,
    ],
    ['no token', { 'github-token': '' }, /^Input 'github-token' is empty, and baseline-environment reads the ledger with it/],
    ['a two-line environment', { 'baseline-environment': 'prod\nstaging' }, /^Input 'baseline-environment' must be one environment name/],
    [
      'max-regression without any baseline',
      { 'baseline-environment': '' },
      /^Input 'baseline-environment' \(or baseline-file\) is required by max-regression/,
    ],
  ];
  it.each(bad)('rejects %s before any call', async (_name, inputs, message) => {
    const result = await run(inputs);
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([expect.stringMatching(message)]);
    expect(result.stderr).toBe('');
    expect(github.requests).toHaveLength(0);
  });
});
