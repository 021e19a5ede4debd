/**
 * The documented fork flow (examples/fork-pr-gate.yml + fork-pr-comment.yml)
 * as an attacker drives it: the fork's artifact names the pull request, so a
 * fork could name another one and rewrite its comment with the base
 * repository's token. Through the committed bundle, with the real Octokit in
 * front of the local GitHub REST fake (GET /pulls/{n} as github.com answers it).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../../../test/support/run-action';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub } from '../../../test/support/fake-github';
import { NO_HAZARDS, hazards, renderMarkdown } from '../../../test/support/untrusted';
import { marker } from '../src/comment';
import { gateReport } from './fixtures';

const TOKEN = 'ghs_forkFlowToken0123456789abcdef';
const FORK_HEAD = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0';
const VICTIM_HEAD = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const BASE = 'octo-org/model-service';

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
  // The fork's pull request, and a victim: another contributor's pull request with our sticky comment on it.
  github.pulls.push(
    {
      number: 21,
      state: 'open',
      merged_at: null,
      merge_commit_sha: null,
      commits: [FORK_HEAD],
      base: { ref: 'main' },
      head: { repo: 'mallory/model-service' },
    },
    {
      number: 22,
      state: 'open',
      merged_at: null,
      merge_commit_sha: null,
      commits: [VICTIM_HEAD],
      base: { ref: 'main' },
      head: { repo: 'alice/model-service' },
    },
    {
      number: 23,
      state: 'open',
      merged_at: null,
      merge_commit_sha: null,
      commits: [FORK_HEAD],
      base: { ref: 'main' },
      head: { repo: BASE },
    },
  );
});
afterEach(() => github.close());

/** fork-pr-comment.yml's step: the fork's artifact (report + number), on workflow_run. */
function commentStep(prNumber: string, workflowRun: Record<string, unknown>, report: unknown = gateReport()) {
  const workspace = mkdtempSync(join(tmpdir(), 'ds-fork-'));
  mkdirSync(join(workspace, 'mlship-report'));
  writeFileSync(join(workspace, 'mlship-report/gate.json'), JSON.stringify(report));
  return runAction('deployment-summary', {
    cwd: workspace,
    event: { workflow_run: { id: 99, event: 'pull_request', pull_requests: [], ...workflowRun } },
    inputs: {
      steps: '',
      reports: 'mlship-report/gate.json',
      'pull-request': prNumber,
      'job-status': 'success',
      title: 'Model check',
      'pr-comment': 'true',
      'github-token': TOKEN,
    },
    env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'workflow_run', GITHUB_REF: 'refs/heads/main' },
  });
}

const forkRun = { head_sha: FORK_HEAD, head_repository: { full_name: 'mallory/model-service' } };
const writes = (): unknown[] => github.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/graphql'));

describe('fork flow: the pull request number is bound to the run', () => {
  it("comments on the fork's own pull request, and the comment's first line says it is the fork's claim", async () => {
    const result = await commentStep('21', forkRun);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(github.requests.some((r) => r.method === 'GET' && r.path === `/repos/${BASE}/pulls/21`)).toBe(true);
    expect(github.comments).toHaveLength(1);
    const body = github.comments[0]!.body;
    expect(github.comments[0]!.issue).toBe(21);
    // As a person sees it: the first thing rendered (after the hidden marker) is the warning.
    const lines = body.split('\n');
    expect(lines[0]).toBe(marker('Model check'));
    const html = renderMarkdown(body).replace(/^<!--.*-->\n/, '');
    expect(html.startsWith('<blockquote>')).toBe(true);
    expect(html.split('</blockquote>')[0]).toContain("From a fork's run: its numbers are the fork's own claim.");
    expect(hazards(body)).toEqual(NO_HAZARDS);
    expect(result.summary).toContain("From a fork's run: its numbers are the fork's own claim.");
  });

  it("refuses a fork that names another pull request, and leaves that one's comment as it was", async () => {
    const victim = github.addComment(22, `${marker('Model check')}\n## ❌ Model check failed\n`, ACTIONS_BOT);
    const result = await commentStep('22', forkRun);
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(
      /^pull-request #22 was refused: its head is a1a1a1a1a1a1, but the reports are about f0f0f0f0f0f0 \(github\.event\.workflow_run\.head_sha\): it belongs to another run\. Nothing was posted\./,
    );
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(github.comments).toEqual([victim]);
    expect(victim.body).toContain('❌ Model check failed');
    expect(writes()).toEqual([]);
  });

  it('refuses a number with no pull request behind it', async () => {
    const result = await commentStep('9999', forkRun);
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(/^pull-request #9999 was refused: octo-org\/model-service has no pull request #9999\./),
    ]);
    expect(writes()).toEqual([]);
  });

  it('refuses when the triggering run names no head commit to check against', async () => {
    const result = await commentStep('21', { head_sha: undefined });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([expect.stringMatching(/^pull-request #21 was refused: no commit to check it against/)]);
    expect(github.requests).toEqual([]);
  });

  it('refuses a pull request whose head is the same commit in another repository than the run built', async () => {
    // #23 is a branch of the base repository at the fork's commit: same SHA, not the run's pull request.
    const result = await commentStep('23', forkRun);
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^pull-request #23 was refused: its head is in octo-org\/model-service, but the triggering run built mallory\/model-service\./,
      ),
    ]);
    expect(writes()).toEqual([]);
  });

  it("a pull request of the base repository's own branch gets no fork line", async () => {
    const result = await commentStep('23', { head_sha: FORK_HEAD, head_repository: { full_name: BASE } });
    expect(result.errors).toEqual([]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body).not.toContain('fork');
  });

  it('needs github-token with pull-request, said before any call', async () => {
    const result = await runAction('deployment-summary', {
      inputs: { reports: JSON.stringify(gateReport()), 'pull-request': '21', 'github-token': '' },
      env: { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'workflow_run' },
    });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([expect.stringMatching(/^Input 'github-token' is required with pull-request/)]);
    expect(github.requests).toEqual([]);
  });
});
