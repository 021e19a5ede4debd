/**
 * The committed bundle, run as the runner runs it, against a local fake of
 * the GitHub REST API (real Octokit in front) and a local Slack webhook.
 */
import { nodeRuntimes, runAction, type RunOptions } from '../../../test/helpers/run-action';
import { marker } from '../src/comment';
import { startFakeGitHub, startWebhook, type FakeGitHub } from './fake-github';
import { buildReport, failedSmokeReport, greenSteps, smokeCheck, smokeReport, step } from './fixtures';

const TOKEN = 'ghs_fakeTokenForTests0123456789';
const HEAD_SHA = 'feedfacefeedfacefeedfacefeedfacefeedface';

/** ::add-mask:: lines carry the secret to the runner, which hides it everywhere after. */
function unmasked(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

function prEvent(fork = false): unknown {
  return {
    number: 17,
    pull_request: {
      number: 17,
      head: { sha: HEAD_SHA, repo: { full_name: fork ? 'someone/model-service' : 'octo-org/model-service' } },
      base: { repo: { full_name: 'octo-org/model-service' } },
    },
  };
}

describe.each(nodeRuntimes())('deployment-summary bundle under $label', ({ path: node }) => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub();
  });
  afterEach(async () => {
    await github.close();
  });

  function run(inputs: Record<string, string>, extra: Partial<RunOptions> = {}): ReturnType<typeof runAction> {
    return runAction('deployment-summary', {
      node,
      event: prEvent(),
      ...extra,
      inputs: { steps: JSON.stringify(greenSteps()), 'job-status': 'success', 'github-token': TOKEN, ...inputs },
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/17/merge', ...extra.env },
    });
  }

  it('creates one sticky comment and a deployment, then updates both on the next run', async () => {
    const inputs = { environment: 'production', 'environment-url': 'https://api.example.com', 'deployment-status': 'true' };
    const first = await run(inputs);
    expect(first.errors).toEqual([]);
    expect(first.warnings).toEqual([]);
    expect(first.code).toBe(0);
    expect(github.comments).toHaveLength(1);
    const comment = github.comments[0]!;
    expect(comment.issue).toBe(17);
    expect(comment.body.startsWith(marker('Deployment'))).toBe(true);
    expect(comment.body).toContain('## ✅ Deployment to production succeeded');
    expect(first.outputs['comment-id']).toBe(String(comment.id));
    expect(first.outputs['comment-url']).toBe(comment.html_url);
    expect(github.deployments).toHaveLength(1);
    const deployment = github.deployments[0]!;
    expect(deployment).toMatchObject({ sha: HEAD_SHA, environment: 'production' });
    expect(deployment.statuses).toEqual([
      {
        state: 'success',
        environment_url: 'https://api.example.com',
        log_url: 'https://github.com/octo-org/model-service/actions/runs/4242',
        description: '✅ Deployment to production succeeded',
      },
    ]);
    expect(first.outputs['deployment-id']).toBe(String(deployment.id));
    expect(first.report()).toMatchObject({
      action: 'deployment-summary',
      verdict: 'success',
      commentId: comment.id,
      deploymentId: deployment.id,
    });
    expect(first.summary).toContain('### ✅ Smoke checks');
    expect(first.outputs['markdown']!.trimEnd()).toBe(first.summary.trimEnd());
    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(unmasked(first.stdout)).not.toContain(TOKEN);

    const steps = { ...greenSteps(), smoke: step(failedSmokeReport(), 'failure') };
    const second = await run({ ...inputs, steps: JSON.stringify(steps), 'job-status': 'failure' });
    expect(second.code).toBe(0);
    expect(second.warnings).toEqual([]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body).toContain('## ❌ Deployment to production failed');
    expect(second.outputs['comment-id']).toBe(String(comment.id));
    expect(github.deployments).toHaveLength(1);
    expect(github.deployments[0]!.statuses.map((s) => s.state)).toEqual(['success', 'failure']);
    expect(second.outputs['deployment-id']).toBe(String(deployment.id));
  });

  it('adds the status to the deployment GitHub made for a job with environment:, not a duplicate', async () => {
    // GitHub creates it for the job's commit: on pull requests, the merge commit in GITHUB_SHA.
    github.deployments.push({
      id: 7,
      sha: '0123456789abcdef0123456789abcdef01234567',
      environment: 'production',
      description: '',
      statuses: [],
    });
    github.deployments.push({
      id: 8,
      sha: 'abababababababababababababababababababab',
      environment: 'production',
      description: '',
      statuses: [],
    });
    const result = await run({ environment: 'production', 'deployment-status': 'true', 'pr-comment': 'false' });
    expect(result.code).toBe(0);
    expect(github.deployments).toHaveLength(2);
    expect(github.deployments.find((d) => d.id === 7)!.statuses.map((s) => s.state)).toEqual(['success']);
    expect(result.outputs['deployment-id']).toBe('7');
  });

  it('keeps one comment per title', async () => {
    await run({});
    await run({ title: 'Staging deploy' });
    await run({ title: 'Staging deploy' });
    expect(github.comments.map((c) => c.body.split('\n')[0])).toEqual([marker('Deployment'), marker('Staging deploy')]);
  });

  it('maps a cancelled job to an error deployment status', async () => {
    const result = await run({ 'job-status': 'cancelled', environment: 'staging', 'deployment-status': 'true', 'pr-comment': 'false' });
    expect(result.code).toBe(0);
    expect(github.comments).toHaveLength(0);
    expect(github.deployments[0]!.statuses[0]!.state).toBe('error');
    expect(result.report()).toMatchObject({ verdict: 'cancelled' });
  });

  it('falls back to the job summary with one warning when a fork pull request gets 403', async () => {
    github.forbidCommentWrites = true;
    const result = await run({}, { event: prEvent(true) });
    expect(result.code).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/403 because this pull request comes from a fork/);
    expect(result.summary).toContain('## ✅ Deployment succeeded');
    expect(result.outputs['comment-id']).toBeUndefined();
    expect(result.report()).not.toHaveProperty('commentUrl');
  });

  it('warns, and does not fail, when the GitHub API cannot be reached', async () => {
    const result = await run({ environment: 'production', 'deployment-status': 'true' }, { env: { GITHUB_API_URL: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/^Pull request comment failed: .*; the deployment summary is in the job summary only\.$/);
    expect(result.warnings[1]).toMatch(/^Deployment status failed: /);
    expect(result.summary).toContain('## ✅ Deployment to production succeeded');
  });

  it('warns once when commenting is asked for without a pull request or without a token', async () => {
    const push = await run({ 'pr-comment': 'true' }, { env: { GITHUB_EVENT_NAME: 'push' }, event: {} });
    expect(push.code).toBe(0);
    expect(push.warnings).toEqual([expect.stringMatching(/no pull request for this push event/)]);
    const noToken = await run({ 'github-token': '' });
    expect(noToken.code).toBe(0);
    expect(noToken.warnings).toEqual([expect.stringMatching(/no github-token/)]);
    const auto = await run({}, { env: { GITHUB_EVENT_NAME: 'push' }, event: {} });
    expect(auto.warnings).toEqual([]);
    expect(github.requests).toHaveLength(0);
    for (const r of [push, noToken, auto]) expect(r.summary).toContain('## ✅ Deployment succeeded');
  });

  it('shortens a report too big for one comment and points to the job summary', async () => {
    // The runner passes inputs as environment variables, and Linux caps one at
    // 128 KiB (E2BIG): long targets make a big table from an input that fits.
    const checks = Array.from({ length: 90 }, (_, i) =>
      smokeCheck({
        name: `case-${i}`,
        target: `POST https://api.example.com/predict?case=${i}&q=${'x'.repeat(1000)}`,
        passed: i !== 77,
        reason: i === 77 ? 'status 500' : undefined,
      }),
    );
    const smoke = smokeReport({ checks, passed: false, outcome: 'failure', headline: '1 of 90 checks failed: case-77' });
    const result = await run({ steps: '', reports: JSON.stringify([smoke]), 'job-status': 'failure' });
    expect(result.code).toBe(0);
    expect(result.warnings).toEqual([]);
    const body = github.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('| case-77 |');
    expect(body).toMatch(/more rows not shown here: see the \[full job summary\]/);
    expect(result.summary.length).toBeGreaterThan(65_536);
    expect(result.summary).toContain('| case-89 |');
  });

  it('posts a short Slack message with status, image, version and a link, retrying a 503', async () => {
    const hook = await startWebhook(1);
    try {
      const result = await run({ 'slack-webhook-url': hook.url, 'pr-comment': 'false', environment: 'production' });
      expect(result.code).toBe(0);
      expect(result.warnings).toEqual([]);
      expect(hook.bodies).toHaveLength(1);
      const text = (hook.bodies[0] as { text: string }).text;
      expect(text).toContain('*✅ Deployment to production succeeded*');
      expect(text).toContain(`Image: \`${buildReport().imageUri}\``);
      expect(text).toContain('Lambda: `sentiment-api` version 13 → 14 (alias `live`)');
      expect(text).toContain('<https://github.com/octo-org/model-service/actions/runs/4242|Workflow run>');
      expect(unmasked(result.stdout)).not.toContain('XXXXSECRETXXXX');
      expect(result.report()).toMatchObject({ slackSent: true });
    } finally {
      await hook.close();
    }
  });

  it('warns, and does not fail, when Slack keeps refusing', async () => {
    const hook = await startWebhook(10);
    try {
      const result = await run({ 'slack-webhook-url': hook.url, 'pr-comment': 'false' });
      expect(result.code).toBe(0);
      expect(result.warnings).toEqual([expect.stringMatching(/Slack message not sent: the webhook answered HTTP 503/)]);
      expect(unmasked(result.stdout)).not.toContain('XXXXSECRETXXXX');
    } finally {
      await hook.close();
    }
  });

  it('reads reports given by hand as a YAML list', async () => {
    const yaml = `- ${JSON.stringify(JSON.stringify(buildReport()))}\n- ${JSON.stringify(smokeReport())}\n`;
    const result = await run({ steps: '', reports: yaml, 'pr-comment': 'false' });
    expect(result.errors).toEqual([]);
    expect(result.report()).toMatchObject({ sections: ['Image', 'Smoke checks'] });
  });

  const badInputs: Array<[string, Record<string, string>, RegExp]> = [
    ['nothing to summarise', { steps: '', reports: '' }, /^Input 'steps' is empty/],
    ['steps not JSON or YAML', { steps: '{"a": [' }, /^Input 'steps' is not valid JSON or YAML/],
    ['steps a list', { steps: '[1, 2]' }, /^Input 'steps' must be the object/],
    ['a step not an object', { steps: '{"build": 3}' }, /^Input 'steps' entry 'build' is not a step/],
    ['reports not ours', { reports: '{"action": "other", "schema": 1}' }, /^Input 'reports' item 1 is not a report/],
    ['job-status', { 'job-status': 'passed' }, /^Input 'job-status' must be one of success, failure, cancelled/],
    ['pr-comment', { 'pr-comment': 'yes' }, /^Input 'pr-comment' must be one of auto, true, false/],
    ['deployment-status', { 'deployment-status': 'yes' }, /^Input 'deployment-status' must be true or false/],
    [
      'deployment-status without environment',
      { 'deployment-status': 'true' },
      /^Input 'environment' is required when deployment-status is true/,
    ],
    [
      'environment-url',
      { 'environment-url': 'api.example.com' },
      /^Input 'environment-url' must be an http\(s\) URL; got 'api.example.com'/,
    ],
    [
      'slack-webhook-url',
      { 'slack-webhook-url': 'hooks.slack.com/services/T/B/SECRET' },
      /^Input 'slack-webhook-url' must be an http\(s\) URL\. Example/,
    ],
    ['title on two lines', { title: 'Deploy\nprod' }, /^Input 'title' must be one line/],
  ];

  it.each(badInputs)('rejects %s with one error line naming the input, before any call', async (_name, inputs, message) => {
    const result = await run(inputs);
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(message);
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toContain('SECRET');
    expect(result.stderr).toBe('');
    expect(github.requests).toHaveLength(0);
    expect(result.outputs).toEqual({});
  });
});
