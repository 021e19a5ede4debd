/**
 * The committed bundle, run as the runner runs it, against a local fake of
 * the GitHub REST API (real Octokit in front) and a local Slack webhook.
 */
import { nodeRuntimes, runAction, type RunOptions } from '../../../test/support/run-action';
import { marker } from '../src/comment';
import { startFakeSlack } from '../../../test/support/fake-slack';
import { startFakeGitHub, startWebhook, type FakeGitHub } from '../../../test/support/fake-github';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport, failedSmokeReport, gateReport, greenSteps, smokeCheck, smokeReport, step } from './fixtures';

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
    expect(deployment).toMatchObject({ sha: HEAD_SHA, environment: 'production', task: 'deploy:mlship' });
    expect(deployment.payload).toMatchObject({
      mlship: 1,
      environment: 'production',
      commit: HEAD_SHA,
      function: 'sentiment-api',
      alias: 'live',
      version: '14',
      run: { id: '4242' },
      gate: { passed: true, metrics: { accuracy: 0.9312, f1: 0.8871, latency_p95_ms: 41.5 } },
    });
    expect(deployment.statuses).toEqual([
      {
        auto_inactive: false,
        state: 'success',
        environment_url: 'https://api.example.com',
        log_url: 'https://github.com/octo-org/model-service/actions/runs/4242',
        description: '✅ Deployment to production succeeded · mlship',
        creator: { login: 'github-actions[bot]', type: 'Bot' },
      },
    ]);
    expect(first.outputs['deployment-id']).toBe(String(deployment.id));
    expect(first.report()).toMatchObject({
      action: 'deployment-summary',
      verdict: 'success',
      commentId: comment.id,
      deploymentId: deployment.id,
    });
    // The steps of this job wrote their own sections on the page: the job summary refers to them, once each.
    expect(first.summary).toContain('- ✅ **Smoke checks**: 3 of 3 checks passed (its section is above)');
    expect(first.summary).not.toContain('### ✅ Smoke checks');
    // The comment and the output are read without the page: the whole report.
    expect(first.outputs['markdown']).toContain('### ✅ Smoke checks');
    expect(comment.body).toBe(`${marker('Deployment')}\n${first.outputs['markdown']}`);
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

  it('records beside the deployment GitHub made for a job with environment:, and leaves that one to GitHub', async () => {
    // GitHub creates it for the job's commit (task `deploy`, an empty payload it never lets anyone change).
    const githubs = github.addDeployment({
      sha: HEAD_SHA,
      environment: 'production',
      task: 'deploy',
      payload: {},
      states: ['in_progress'],
    });
    const result = await run({ environment: 'production', 'deployment-status': 'true', 'pr-comment': 'false' });
    expect(result.code).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(github.deployments).toHaveLength(2);
    expect(githubs.statuses.map((s) => s.state)).toEqual(['in_progress']);
    const ours = github.deployments.find((d) => d.task === 'deploy:mlship')!;
    expect(ours).toMatchObject({ sha: HEAD_SHA, environment: 'production', payload: { mlship: 1, version: '14' } });
    expect(ours.statuses.map((s) => s.state)).toEqual(['success']);
    expect(result.outputs['deployment-id']).toBe(String(ours.id));
  });

  it('marks the earlier successful deployment of the environment inactive when a new one succeeds', async () => {
    const older = github.addDeployment({
      sha: 'a'.repeat(40),
      environment: 'production',
      task: 'deploy:mlship',
      states: ['success', 'inactive'],
    });
    const previous = github.addDeployment({ sha: 'b'.repeat(40), environment: 'production', task: 'deploy:mlship', states: ['success'] });
    const failed = github.addDeployment({ sha: 'c'.repeat(40), environment: 'production', task: 'deploy:mlship', states: ['failure'] });
    const staging = github.addDeployment({ sha: 'd'.repeat(40), environment: 'staging', task: 'deploy:mlship', states: ['success'] });
    const result = await run({ environment: 'production', 'deployment-status': 'true', 'pr-comment': 'false' });
    expect(result.code).toBe(0);
    expect(previous.statuses.map((s) => s.state)).toEqual(['success', 'inactive']);
    expect(previous.statuses[1]!.description).toBe(`Replaced by deployment ${result.outputs['deployment-id']}`);
    expect(older.statuses.map((s) => s.state)).toEqual(['success', 'inactive']);
    expect(failed.statuses.map((s) => s.state)).toEqual(['failure']);
    expect(staging.statuses.map((s) => s.state)).toEqual(['success']);
  });

  it('marks a failed deployment failure with the reason and keeps the earlier one active', async () => {
    const previous = github.addDeployment({ sha: 'b'.repeat(40), environment: 'production', task: 'deploy:mlship', states: ['success'] });
    const steps = { ...greenSteps(), smoke: step(failedSmokeReport(), 'failure') };
    const result = await run({
      environment: 'production',
      'deployment-status': 'true',
      'pr-comment': 'false',
      steps: JSON.stringify(steps),
      'job-status': 'failure',
    });
    expect(result.code).toBe(0);
    const ours = github.deployments.find((d) => d.id === Number(result.outputs['deployment-id']))!;
    expect(ours.statuses).toHaveLength(1);
    expect(ours.statuses[0]).toMatchObject({ state: 'failure', log_url: 'https://github.com/octo-org/model-service/actions/runs/4242' });
    expect(ours.statuses[0]!.description).toMatch(/^❌ Deployment to production failed: .*predict/);
    expect(ours.statuses[0]!.description!.length).toBeLessThanOrEqual(140);
    expect(previous.statuses.map((s) => s.state)).toEqual(['success']);
  });

  it('on a push, updates the sticky comment of the pull request the commit was merged from', async () => {
    const pushed = '0123456789abcdef0123456789abcdef01234567';
    github.pulls.push(
      { number: 3, state: 'open', merged_at: null, merge_commit_sha: null, commits: [pushed], base: { ref: 'release' } },
      {
        number: 17,
        state: 'closed',
        merged_at: '2026-12-01T10:00:00Z',
        merge_commit_sha: pushed,
        commits: [HEAD_SHA],
        base: { ref: 'main' },
      },
    );
    // The pull request run left its comment.
    await run({ title: 'Model check' });
    expect(github.comments).toHaveLength(1);
    const result = await run(
      { title: 'Model check', environment: 'production', 'deployment-status': 'true' },
      { event: { ref: 'refs/heads/main', after: pushed }, env: { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' } },
    );
    expect(result.code).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.issue).toBe(17);
    expect(github.comments[0]!.body).toContain('## ✅ Model check to production succeeded');
    expect(result.outputs['comment-id']).toBe(String(github.comments[0]!.id));
    expect(result.stdout).toContain('on merged pull request #17');
    expect(github.requests.some((r) => r.path.startsWith(`/repos/octo-org/model-service/commits/${pushed}/pulls`))).toBe(true);
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
    expect(push.warnings).toEqual([expect.stringMatching(/no merged pull request has commit 0123456/)]);
    const noToken = await run({ 'github-token': '' });
    expect(noToken.code).toBe(0);
    expect(noToken.warnings).toEqual([expect.stringMatching(/no github-token/)]);
    const requests = github.requests.length;
    const auto = await run({}, { env: { GITHUB_EVENT_NAME: 'push' }, event: {} });
    expect(auto.warnings).toEqual([]);
    // auto on a push looks for the merged pull request, finds none and says so in the log only.
    expect(github.requests.slice(requests).map((r) => r.path)).toEqual([
      expect.stringMatching(/\/commits\/0123456789abcdef[0-9a-f]+\/pulls/),
    ]);
    const schedule = await run({}, { env: { GITHUB_EVENT_NAME: 'schedule' }, event: {} });
    expect(schedule.warnings).toEqual([]);
    expect(github.requests).toHaveLength(requests + 1);
    for (const r of [push, noToken, auto, schedule]) expect(r.summary).toContain('## ✅ Deployment succeeded');
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

  it('posts the Block Kit message with a plain-text fallback to the webhook, retrying a 503', async () => {
    const hook = await startWebhook(1);
    try {
      const result = await run({ 'slack-webhook-url': hook.url, 'pr-comment': 'false', environment: 'production' });
      expect(result.code).toBe(0);
      expect(result.warnings).toEqual([]);
      expect(hook.bodies).toHaveLength(1);
      const body = hook.bodies[0] as { text: string; blocks: Array<{ type: string }> };
      expect(body.text.split('\n')[0]).toBe('✅ Deployment to production succeeded');
      expect(body.text).toContain('Version: `sentiment-api` 13 → *14* (alias `live`)');
      expect(body.text).toContain('<https://github.com/octo-org/model-service/actions/runs/4242|Workflow run>');
      expect(body.blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'actions']);
      expect(unmasked(result.stdout)).not.toContain('XXXXSECRETXXXX');
      expect(result.report()).toMatchObject({ slackSent: true });
    } finally {
      await hook.close();
    }
  });

  it('posts once with a bot token, then updates the same message in place, then replies in its thread', async () => {
    const slack = await startFakeSlack();
    try {
      const bot = { 'slack-bot-token': slack.token, 'pr-comment': 'false' };
      const env = { SLACK_API_URL: slack.url };
      const staging = await run({ ...bot, 'slack-channel': '#deploys', environment: 'staging' }, { env });
      expect(staging.code).toBe(0);
      expect(staging.warnings).toEqual([]);
      expect(slack.messages).toHaveLength(1);
      const ts = staging.outputs['slack-ts']!;
      expect(ts).toBe(slack.messages[0]!.ts);
      expect(staging.outputs['slack-channel-id']).toBe('C0DEPLOYS1');
      expect(staging.report()).toMatchObject({ slackSent: true, slackTs: ts });
      expect(slack.messages[0]!.text).toContain('Environment: staging');

      // production, a later job: the same message, updated, with the channel ID the first post returned.
      const steps = { ...greenSteps(), smoke: step(failedSmokeReport(), 'failure') };
      const production = await run(
        {
          ...bot,
          'slack-channel': 'C0DEPLOYS1',
          'slack-message-ts': ts,
          environment: 'production',
          steps: JSON.stringify(steps),
          'job-status': 'failure',
        },
        { env },
      );
      expect(production.code).toBe(0);
      expect(production.warnings).toEqual([]);
      expect(slack.messages).toHaveLength(1);
      expect(slack.messages[0]).toMatchObject({ ts, edits: 1 });
      expect(slack.messages[0]!.text).toContain('❌ Deployment to production failed');
      expect(JSON.stringify(slack.messages[0]!.blocks)).toContain('*Smoke:* ❌ 1 of 3 failed: predict (502)');
      expect(production.outputs['slack-ts']).toBe(ts);

      const reply = await run({ ...bot, 'slack-channel': 'C0DEPLOYS1', 'slack-message-ts': ts, 'slack-thread': 'true' }, { env });
      expect(reply.code).toBe(0);
      expect(slack.messages).toHaveLength(2);
      expect(slack.messages[1]).toMatchObject({ thread_ts: ts });
      expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage']);
      for (const r of [staging, production, reply]) expect(unmasked(r.stdout)).not.toContain(slack.token);
    } finally {
      await slack.close();
    }
  });

  it('posts a new message when the one to update is gone, and waits out a rate limit', async () => {
    const slack = await startFakeSlack();
    try {
      slack.rateLimitNext = 1;
      const result = await run(
        { 'slack-bot-token': slack.token, 'slack-channel': 'C0DEPLOYS1', 'slack-message-ts': '1700000000.000100', 'pr-comment': 'false' },
        { env: { SLACK_API_URL: slack.url } },
      );
      expect(result.code).toBe(0);
      expect(result.warnings).toEqual(['Slack message 1700000000.000100 not updated (message_not_found); posting a new one.']);
      expect(slack.messages).toHaveLength(1);
      expect(result.outputs['slack-ts']).toBe(slack.messages[0]!.ts);
      expect(slack.calls.map((c) => c.method)).toEqual(['chat.update', 'chat.update', 'chat.postMessage']);
    } finally {
      await slack.close();
    }
  });

  it('warns, and does not fail, when the bot is not in the channel or the token is wrong', async () => {
    const slack = await startFakeSlack();
    try {
      const env = { SLACK_API_URL: slack.url };
      const channel = await run({ 'slack-bot-token': slack.token, 'slack-channel': 'random', 'pr-comment': 'false' }, { env });
      expect(channel.code).toBe(0);
      expect(channel.warnings).toEqual([
        'Slack message not sent: chat.postMessage answered channel_not_found (invite the app to the channel).',
      ]);
      expect(channel.report()).toMatchObject({ slackSent: false });
      const auth = await run({ 'slack-bot-token': 'xoxb-0000-wrong', 'slack-channel': 'deploys', 'pr-comment': 'false' }, { env });
      expect(auth.warnings).toEqual(['Slack message not sent: chat.postMessage answered invalid_auth (check slack-bot-token).']);
      expect(unmasked(auth.stdout)).not.toContain('xoxb-0000-wrong');
    } finally {
      await slack.close();
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

  it('reads reports from files (an artifact) and comments on the pull request named by pull-request, on workflow_run', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ds-artifact-'));
    mkdirSync(join(workspace, 'mlship-report'));
    writeFileSync(join(workspace, 'mlship-report/gate.json'), JSON.stringify(gateReport()));
    writeFileSync(join(workspace, 'mlship-report/smoke.yml'), `- ${JSON.stringify(smokeReport())}\n`);
    const head = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
    github.pulls.push({ number: 21, state: 'open', merged_at: null, merge_commit_sha: null, commits: [head], base: { ref: 'main' } });
    const result = await run(
      { steps: '', reports: 'mlship-report/gate.json\nmlship-report/smoke.yml', 'pull-request': '21', 'pr-comment': 'true' },
      {
        cwd: workspace,
        // The pull request's head is the run's: it is checked (fork-flow.test.ts has the refusals).
        event: { workflow_run: { id: 99, event: 'pull_request', pull_requests: [], head_sha: head } },
        env: { GITHUB_EVENT_NAME: 'workflow_run' },
      },
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.report()).toMatchObject({ sections: ['Model gate', 'Smoke checks'] });
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.issue).toBe(21);
    // Not on this page (another workflow wrote them): the job summary has the whole sections.
    expect(result.summary).toContain('### ✅ Model gate');
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
    [
      'a reports file not there',
      { reports: 'mlship-report/gate.json' },
      /^Input 'reports' names 'mlship-report\/gate.json', which was not found/,
    ],
    ['pull-request not a number', { 'pull-request': '21; rm -rf /' }, /^Input 'pull-request' must be a pull request number/],
    ['slack-channel without a token', { 'slack-channel': 'deploys' }, /^Input 'slack-bot-token' is required when slack-channel is set/],
    [
      'a Slack token that is none',
      { 'slack-bot-token': 'SECRET-abc', 'slack-channel': 'deploys' },
      /^Input 'slack-bot-token' is not a Slack bot token/,
    ],
    ['slack-bot-token without a channel', { 'slack-bot-token': 'xoxb-1-2' }, /^Input 'slack-channel' is required with slack-bot-token/],
    [
      'slack-message-ts',
      { 'slack-bot-token': 'xoxb-1-2', 'slack-channel': 'C1', 'slack-message-ts': 'yesterday' },
      /^Input 'slack-message-ts' must be a Slack message timestamp/,
    ],
    [
      'slack-thread without a message',
      { 'slack-bot-token': 'xoxb-1-2', 'slack-channel': 'C1', 'slack-thread': 'true' },
      /^Input 'slack-thread' needs slack-message-ts/,
    ],
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
