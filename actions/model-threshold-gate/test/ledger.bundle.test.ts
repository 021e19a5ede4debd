/**
 * baseline-environment: the gate reads production's record from the ledger
 * (deployments made by deployment-summary, task deploy:mlship) through the
 * real Octokit client, against the local fake of the GitHub REST API.
 */
import { nodeRuntimes, runAction, type RunResult } from '../../../test/helpers/run-action';
import { startFakeGitHub, type FakeGitHub } from '../../../test/helpers/fake-github';

const TOKEN = 'ghs_gateTokenForTests0123456789';

function record(metrics: Record<string, number | string>, extra: Record<string, unknown> = {}) {
  return {
    mlship: 1,
    environment: 'production',
    commit: 'c0ffee0000000000000000000000000000000000',
    function: 'sentiment-api',
    alias: 'live',
    version: '14',
    gate: { passed: true, mode: 'enforce', metrics, rules: [] },
    ...extra,
  };
}

describe.each(nodeRuntimes())('model-threshold-gate baseline-environment under $label', ({ path: node }) => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub();
  });
  afterEach(() => github.close());

  /** A deployment of ours (task deploy:mlship) with this payload and these statuses, oldest first. */
  const recorded = (shaChar: string, payload: unknown, states: string[], environment = 'production', created_at?: string) =>
    github.addDeployment({ sha: shaChar.repeat(40), environment, task: 'deploy:mlship', payload, states, created_at });

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

  it("compares with production's newest successful record, skipping failed, inactive and GitHub's own deployments", async () => {
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
    expect(result.summary).toContain(
      `Baseline: production's deployment ${good.id}, commit c0ffee0, version 14, deployed 2026-11-30T10:00:00Z.`,
    );
    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(github.requests[0]!.path).toBe(
      '/repos/octo-org/model-service/deployments?environment=production&task=deploy%3Amlship&per_page=30',
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

  it('ignores a payload that is not a record of ours', async () => {
    recorded('b', { mlship: 1, environment: 'production', gate: { metrics: { accuracy: 'high' } } }, ['success']);
    const result = await run({ missing: 'warn' });
    expect(result.code).toBe(0);
    expect(result.warnings).toEqual([expect.stringMatching(/^baseline accuracy is not in the record/)]);
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
