/**
 * deployment-summary against hostile reports and hostile comments, through
 * the committed bundle as the runner runs it, with the real Octokit in front
 * of the local GitHub REST fake and a local Slack webhook. Summaries and
 * comments are rendered with a real markdown renderer and searched for live
 * HTML, mentions and references.
 */
import type { BakeTimeline } from '@mlship/action-kit';
import { rolledBackTimeline } from '../../../test/support/bake-timelines';
import { NO_HAZARDS, hazards, links, renderMarkdown, strayCommands } from '../../../test/support/untrusted';
import { runAction } from '../../../test/support/run-action';
import { marker } from '../src/comment';
import { ACTIONS_BOT, startFakeGitHub, startWebhook, type FakeGitHub } from '../../../test/support/fake-github';
import { gateReport, greenSteps, lambdaReport, smokeCheck, smokeReport, step } from './fixtures';

const TOKEN = 'ghs_fakeInstallationToken0123456789';
const PAT = 'ghp_fakePersonalToken0123456789abcd';
const APP_TOKEN = 'ghs_fakeOtherAppToken0123456789abc';
const URL_TOKEN = 'sk_live_urlSecret0123456789';
const HOSTILE =
  '<img src="https://evil.example/p.png"> <script>x()</script> @octocat #123 <!channel> <!here> <https://evil.example|Click> [x](https://evil.example) | `t` ::add-mask::pwned';
const PR_EVENT = {
  number: 17,
  pull_request: { number: 17, head: { sha: 'feedfacefeedfacefeedfacefeedfacefeedface', repo: { full_name: 'octo-org/model-service' } } },
};

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
});
afterEach(async () => {
  await github.close();
});

function run(inputs: Record<string, string>, steps: Record<string, unknown> = greenSteps()) {
  return runAction('deployment-summary', {
    event: PR_EVENT,
    inputs: { steps: JSON.stringify(steps), 'job-status': 'success', 'github-token': TOKEN, ...inputs },
    env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/17/merge' },
  });
}

/** A bake whose alarm names and reasons are hostile (alarm names are anyone's to choose). */
function hostileBake(): BakeTimeline {
  const bake = rolledBackTimeline();
  bake.rules = [...bake.rules, `alarm ${HOSTILE} not in ALARM`];
  bake.windows = bake.windows.map((w) => ({ ...w, alarms: [{ name: HOSTILE, state: 'ALARM' }], reason: `alarm ${HOSTILE} in ALARM` }));
  return bake;
}

function hostileSteps(): Record<string, unknown> {
  const url = `https://user:${URL_TOKEN}@api.example.com/predict?api_key=${URL_TOKEN}`;
  return {
    ...greenSteps(),
    gate: step(
      gateReport({
        headline: `Model gate passed ${HOSTILE}`,
        rules: [{ metric: `acc${HOSTILE}`, kind: 'threshold', op: '>=', bar: 0.9, value: 0.95, verdict: 'pass', message: HOSTILE }],
      }),
    ),
    deploy: step(
      lambdaReport({
        outcome: 'failure',
        headline: `Deploy failed: ${HOSTILE}`,
        error: `UpdateAlias failed: ${HOSTILE}\n::warning::pwned`,
        steps: [`published ${HOSTILE}`],
        bake: hostileBake(),
        rolledBack: true,
        rollbackReason: `alarm ${HOSTILE} in ALARM`,
      }),
      'failure',
    ),
    smoke: step(
      smokeReport({
        outcome: 'failure',
        passed: false,
        headline: `1 failed ${HOSTILE}`,
        checks: [smokeCheck({ name: `predict${HOSTILE}`, target: `POST ${url}`, passed: false, reason: `${HOSTILE} echo ${url}` })],
      }),
      'failure',
    ),
  };
}

describe('hostile reports', () => {
  it('render in the summary and the comment with no live HTML, mention or reference, and no URL secret', async () => {
    const result = await run({}, hostileSteps());
    expect(result.code).toBe(0);
    const comment = github.comments[0]!.body;
    for (const markdown of [result.summary, comment, result.outputs['markdown'] as string]) {
      expect(hazards(markdown)).toEqual(NO_HAZARDS);
      expect(links(renderMarkdown(markdown)).filter((href) => href.includes('evil'))).toEqual([]);
      expect(markdown).not.toContain(URL_TOKEN);
    }
    expect(JSON.stringify(result.outputs)).not.toContain(URL_TOKEN);
    // Tables stay tables: every row of the smoke table has its 8 cells.
    const html = renderMarkdown(result.outputs['markdown'] as string);
    const smokeTable = html.split('<table>').find((t) => t.includes('Target')) as string;
    for (const row of smokeTable.split('<tr>').slice(2)) expect(row.match(/<td>/g)).toHaveLength(8);
    expect(strayCommands(result.stdout)).toEqual([]);
  });

  it('reach Slack with no <!channel>, <!here>, user mention or foreign link', async () => {
    const hook = await startWebhook();
    try {
      const result = await run({ 'slack-webhook-url': hook.url, 'pr-comment': 'false' }, hostileSteps());
      expect(result.code).toBe(0);
      // The fallback text and every block: Slack parses mrkdwn in both.
      const body = hook.bodies[0] as { text: string; blocks: unknown[] };
      const text = `${body.text}\n${JSON.stringify(body.blocks)}`;
      expect(text).not.toMatch(/<[!@#]/);
      expect([...new Set([...text.matchAll(/<([^>|]+)/g)].map((m) => m[1]))]).toEqual([
        'https://github.com/octo-org/model-service/commit/feedfacefeedfacefeedfacefeedfacefeedface',
        'https://github.com/octo-org/model-service/actions/runs/4242',
      ]);
      expect(text).toContain('&lt;!channel&gt;');
    } finally {
      await hook.close();
    }
  });
});

describe('sticky comment ownership', () => {
  it('ignores a comment by another user that carries our marker, and posts its own', async () => {
    const theirs = github.addComment(17, `${marker('Deployment')}\nlooks official`, { login: 'mallory', type: 'User' });
    const result = await run({});
    expect(result.code).toBe(0);
    expect(github.comments.find((c) => c.id === theirs.id)?.body).toBe(`${marker('Deployment')}\nlooks official`);
    const ours = github.comments.filter((c) => c.id !== theirs.id);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.user).toEqual({ login: 'github-actions[bot]', type: 'Bot' });
    expect(result.outputs['comment-id']).toBe(String(ours[0]!.id));
    expect(result.warnings).toEqual([expect.stringContaining('written by mallory, not github-actions[bot]')]);
    expect(github.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('updates the comment github-actions[bot] wrote, not a quote of its marker', async () => {
    github.addComment(17, `> ${marker('Deployment')}\nquoted by a bot`, ACTIONS_BOT);
    const mine = github.addComment(17, `${marker('Deployment')}\nold`, ACTIONS_BOT);
    const result = await run({});
    expect(result.code).toBe(0);
    expect(github.comments).toHaveLength(2);
    expect(github.comments.find((c) => c.id === mine.id)?.body).toContain('Deployment succeeded');
    expect(result.outputs['comment-id']).toBe(String(mine.id));
  });

  it('with a personal access token, owns the comments of the login GET /user names', async () => {
    github.identities[PAT] = { login: 'deploy-bot', type: 'User', installation: false };
    github.addComment(17, `${marker('Deployment')}\nby the Actions bot`, ACTIONS_BOT);
    const mine = github.addComment(17, `${marker('Deployment')}\nold`, { login: 'Deploy-Bot', type: 'User' });
    const result = await run({ 'github-token': PAT });
    expect(result.code).toBe(0);
    expect(github.comments.find((c) => c.id === mine.id)?.body).toContain('Deployment succeeded');
    expect(github.requests.some((r) => r.path === '/user')).toBe(true);
  });

  it('with an App installation token (GET /user refused), owns the comments of the bot GraphQL viewer names', async () => {
    github.identities[APP_TOKEN] = { login: 'my-deployer[bot]', type: 'Bot', installation: true };
    github.addComment(17, `${marker('Deployment')}\nby the Actions bot`, ACTIONS_BOT);
    const mine = github.addComment(17, `${marker('Deployment')}\nold`, { login: 'my-deployer[bot]', type: 'Bot' });
    const result = await run({ 'github-token': APP_TOKEN });
    expect(result.code).toBe(0);
    expect(github.comments).toHaveLength(2);
    expect(github.comments.find((c) => c.id === mine.id)?.body).toContain('Deployment succeeded');
  });

  it('falls back to github-actions[bot] when neither GET /user nor GraphQL viewer answers', async () => {
    github.graphqlViewer = false;
    const mine = github.addComment(17, `${marker('Deployment')}\nold`, ACTIONS_BOT);
    const result = await run({});
    expect(result.code).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.id).toBe(mine.id);
    expect(github.comments[0]!.body).toContain('Deployment succeeded');
  });
});

describe('size bounds', () => {
  it('keeps the markdown output within one output while the summary keeps everything', async () => {
    const checks = Array.from({ length: 400 }, (_, i) =>
      smokeCheck({ name: `check-${i}`, passed: i % 100 !== 5, reason: i % 100 === 5 ? 'status: expected 200, got 503' : undefined }),
    );
    // From another job (`reports`): not on this page, so the summary carries the whole table.
    const result = await run({ 'pr-comment': 'false', reports: JSON.stringify([smokeReport({ checks })]) }, {});
    expect(result.code).toBe(0);
    expect(Buffer.byteLength(result.outputs['markdown'] as string)).toBeLessThanOrEqual(32 * 1024);
    expect(result.summary.split('\n').filter((l) => l.startsWith('| check-'))).toHaveLength(400);
    expect(result.outputs['markdown']).toContain('| check-5 |');
  });
});
