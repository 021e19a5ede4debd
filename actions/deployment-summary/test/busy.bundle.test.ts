/**
 * The bundle against a fake GitHub that behaves as a busy github.com does:
 * two runs at once racing for the sticky comment, and a deployment started
 * before a long bake and finished after it.
 */
import { nodeRuntimes, runAction, type RunOptions, type RunResult } from '../../../test/support/run-action';
import { marker } from '../src/comment';
import { startFakeGitHub, type FakeGitHub } from '../../../test/support/fake-github';
import { greenSteps } from './fixtures';

const TOKEN = 'ghs_busyTokenForTests0123456789';
const HEAD_SHA = 'feedfacefeedfacefeedfacefeedfacefeedface';
const PR_EVENT = {
  number: 17,
  pull_request: {
    number: 17,
    head: { sha: HEAD_SHA, repo: { full_name: 'octo-org/model-service' } },
    base: { repo: { full_name: 'octo-org/model-service' } },
  },
};

describe.each(nodeRuntimes())('deployment-summary on a busy repository under $label', ({ path: node }) => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub();
  });
  afterEach(() => github.close());

  const run = (inputs: Record<string, string>, extra: Partial<RunOptions> = {}): Promise<RunResult> =>
    runAction('deployment-summary', {
      node,
      event: PR_EVENT,
      ...extra,
      inputs: { steps: JSON.stringify(greenSteps()), 'job-status': 'success', 'github-token': TOKEN, ...inputs },
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/17/merge', ...extra.env },
    });

  const stickies = () => github.comments.filter((c) => c.issue === 17 && c.body.startsWith(marker('Deployment')));

  it('leaves one sticky comment, holding a whole report, when two runs create theirs at once; both output its id', async () => {
    // Both runs list (none yet), then both create: the fake holds the first creation until the second arrives.
    github.gatherCommentCreates = 2;
    github.latencyMs = 20;
    const [a, b] = await Promise.all([run({}, { env: { GITHUB_RUN_ID: '5001' } }), run({}, { env: { GITHUB_RUN_ID: '5002' } })]);
    expect(github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/17/comments'))).toHaveLength(2);
    expect(a.warnings).toEqual([]);
    expect(b.warnings).toEqual([]);
    const left = stickies();
    expect(left).toHaveLength(1);
    const kept = left[0]!;
    // The oldest is kept, and holds one run's whole report.
    const deleted = github.requests.filter((r) => r.method === 'DELETE').map((r) => Number(r.path.split('/').pop()));
    expect(deleted.length).toBeGreaterThan(0);
    for (const id of deleted) expect(id).toBeGreaterThan(kept.id);
    expect([a.outputs['markdown'], b.outputs['markdown']].map((m) => `${marker('Deployment')}\n${m}`)).toContain(kept.body);
    expect(a.outputs['comment-id']).toBe(String(kept.id));
    expect(b.outputs['comment-id']).toBe(String(kept.id));

    // A later run updates that one and makes no other.
    const later = await run({});
    expect(later.outputs['comment-id']).toBe(String(kept.id));
    expect(stickies()).toHaveLength(1);
  });

  it('folds duplicates an older version left behind into the oldest', async () => {
    const oldest = github.addComment(17, `${marker('Deployment')}\nold report`, { login: 'github-actions[bot]', type: 'Bot' });
    github.addComment(17, `${marker('Deployment')}\nanother old report`, { login: 'github-actions[bot]', type: 'Bot' });
    const result = await run({});
    expect(result.warnings).toEqual([]);
    expect(stickies().map((c) => c.id)).toEqual([oldest.id]);
    expect(stickies()[0]!.body).toBe(`${marker('Deployment')}\n${result.outputs['markdown']}`);
    expect(result.outputs['comment-id']).toBe(String(oldest.id));
  });

  it('stage start creates the deployment in progress; the final call finishes that same deployment', async () => {
    const inputs = { environment: 'production', 'deployment-status': 'true', 'environment-url': 'https://api.example.com' };
    const start = await run({ ...inputs, stage: 'start', steps: '{}' });
    expect(start.errors).toEqual([]);
    expect(start.warnings).toEqual([]);
    expect(github.deployments).toHaveLength(1);
    const deployment = github.deployments[0]!;
    expect(start.outputs['deployment-id']).toBe(String(deployment.id));
    expect(deployment.payload).toMatchObject({
      mlship: 1,
      writer: 'deployment-summary',
      outcome: 'in_progress',
      environment: 'production',
    });
    expect(deployment.statuses).toEqual([
      expect.objectContaining({
        state: 'in_progress',
        log_url: 'https://github.com/octo-org/model-service/actions/runs/4242',
        environment_url: 'https://api.example.com',
      }),
    ]);
    // No comment and no Slack at the start: the final call sends those.
    expect(github.comments).toHaveLength(0);
    expect(start.report()).toMatchObject({ stage: 'start', deploymentId: deployment.id });

    const finish = await run({ ...inputs, 'deployment-id': start.outputs['deployment-id']! });
    expect(finish.warnings).toEqual([]);
    expect(github.deployments).toHaveLength(1);
    expect(deployment.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment.statuses[1]!.description).toBe('✅ Deployment to production succeeded · mlship');
    expect(finish.outputs['deployment-id']).toBe(String(deployment.id));
    expect(stickies()).toHaveLength(1);
  });

  it('rejects a deployment-id that is not a number, or with stage start, before any call', async () => {
    const bad = await run({ environment: 'production', 'deployment-status': 'true', 'deployment-id': '12; rm' });
    expect(bad.code).toBe(1);
    expect(bad.errors).toEqual([expect.stringMatching(/^Input 'deployment-id' must be a deployment ID \(a number\); got '12; rm'/)]);
    const both = await run({ environment: 'production', 'deployment-status': 'true', stage: 'start', 'deployment-id': '12' });
    expect(both.code).toBe(1);
    expect(both.errors).toEqual([expect.stringMatching(/^Input 'deployment-id' is for the final call/)]);
    const noStatus = await run({ environment: 'production', stage: 'start' });
    expect(noStatus.code).toBe(1);
    expect(noStatus.errors).toEqual([
      expect.stringMatching(/^Input 'stage' is start, which creates the deployment, but deployment-status is not true/),
    ]);
    expect(github.requests).toHaveLength(0);
  });
});
