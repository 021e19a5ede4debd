/**
 * The sticky pull request comment at source level (comment.ts): when one is
 * posted, which comment is ours, what a race leaves, and what a refusal says.
 * The real Octokit client (github.ts) talks to the local fake of GitHub.
 */
import { recordingLog } from '@mlship/action-kit';
import { commentBlocker, marker, mergedPullRequest, tryComment, upsertComment, type CommentPlan } from '../src/comment';
import type { RunContext } from '../src/context';
import { createGitHubApi, type GitHubApi } from '../src/github';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub } from '../../../test/helpers/fake-github';

const signal = new AbortController().signal;
let github: FakeGitHub;
let api: GitHubApi;

beforeEach(async () => {
  github = await startFakeGitHub();
  api = await createGitHubApi(
    'ghs_commentTest0123456789',
    'octo-org',
    'model-service',
    signal,
    { warning: () => undefined },
    undefined,
    github.url,
  );
});
afterEach(() => github.close());

const context = (extra: Partial<RunContext> = {}): RunContext => ({
  serverUrl: 'https://github.com',
  owner: 'octo-org',
  repo: 'model-service',
  ...extra,
});
const plan = (mode: CommentPlan['mode'], ctx: Partial<RunContext>, hasToken = true): CommentPlan => ({
  mode,
  title: 'Deploy',
  context: context(ctx),
  hasToken,
});
const BOT = { login: ACTIONS_BOT.login, type: ACTIONS_BOT.type };

describe('commentBlocker: whether a comment is posted', () => {
  const pr = { number: 7, fork: false };
  it.each<[string, CommentPlan, string | null | undefined]>([
    ['pr-comment: false says nothing', plan('false', { eventName: 'pull_request', pullRequest: pr }), null],
    ['a pull request event with a token comments', plan('auto', { eventName: 'pull_request', pullRequest: pr }), undefined],
    ['pull_request_target too', plan('auto', { eventName: 'pull_request_target', pullRequest: pr }), undefined],
    ['a push with a token looks up the merged pull request', plan('auto', { eventName: 'push' }), undefined],
    ['a push without a token in auto mode says nothing', plan('auto', { eventName: 'push' }, false), null],
    ['a push without a token in true mode says why', plan('true', { eventName: 'push' }, false), 'no github-token was given'],
    ['workflow_run naming a pull request comments on it', plan('auto', { eventName: 'workflow_run', pullRequest: pr }), undefined],
    [
      'workflow_run naming one without a token says why',
      plan('auto', { eventName: 'workflow_run', pullRequest: pr }, false),
      'no github-token was given',
    ],
    ['a schedule in auto mode says nothing', plan('auto', { eventName: 'schedule' }), null],
    [
      'a schedule in true mode says there is no pull request',
      plan('true', { eventName: 'schedule' }),
      'there is no pull request for this schedule event',
    ],
    ['no event at all in true mode', plan('true', {}), 'there is no pull request for this unknown event'],
  ])('%s', (_name, p, expected) => {
    expect(commentBlocker(p)).toBe(expected);
  });
});

describe('mergedPullRequest: the pull request a pushed commit came from', () => {
  const pull = (number: number, merged: boolean, mergeSha: string | null, commits: string[]) => ({
    number,
    state: merged ? ('closed' as const) : ('open' as const),
    merged_at: merged ? '2026-12-01T10:00:00Z' : null,
    merge_commit_sha: mergeSha,
    commits,
    base: { ref: 'main' },
  });

  it('is the one whose merge commit it is, before another merged one that contains it', async () => {
    const sha = 'a'.repeat(40);
    github.pulls.push(pull(3, true, 'b'.repeat(40), [sha]), pull(4, true, sha, [sha]));
    expect(await mergedPullRequest(api, sha)).toBe(4);
  });

  it('is a merged one that contains it (a rebase merge), never an open one', async () => {
    const sha = 'c'.repeat(40);
    github.pulls.push(pull(5, false, null, [sha]), pull(6, true, 'd'.repeat(40), [sha]));
    expect(await mergedPullRequest(api, sha)).toBe(6);
    github.pulls.length = 0;
    github.pulls.push(pull(5, false, sha, [sha]));
    expect(await mergedPullRequest(api, sha)).toBeUndefined();
  });
});

describe('upsertComment: one sticky comment of ours', () => {
  it('creates one when none is ours; a foreign comment with our marker is left alone, with a warning', async () => {
    const log = recordingLog();
    const foreign = github.addComment(9, `${marker('Deploy')}\nforged`, { login: 'mallory', type: 'User' });
    const made = await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nreport`, log);
    expect(made.created).toBe(true);
    expect(github.comments.find((c) => c.id === foreign.id)?.body).toBe(`${marker('Deploy')}\nforged`);
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message: `Ignored 1 comment(s) that carry this summary's marker but were written by mallory, not github-actions[bot].`,
      },
    ]);
  });

  it("updates ours, not one that quotes the marker further down, nor another title's", async () => {
    const quote = github.addComment(9, `> see ${marker('Deploy')}`, BOT);
    const other = github.addComment(9, `${marker('Staging')}\nold`, BOT);
    const mine = github.addComment(9, `  ${marker('Deploy')}\nold`, BOT);
    const updated = await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nnew`);
    expect(updated).toMatchObject({ id: mine.id, created: false });
    expect(github.comments.map((c) => [c.id, c.body])).toEqual([
      [quote.id, `> see ${marker('Deploy')}`],
      [other.id, `${marker('Staging')}\nold`],
      [mine.id, `${marker('Deploy')}\nnew`],
    ]);
  });

  it('keeps the oldest of two of ours and deletes the other', async () => {
    const log = recordingLog();
    const oldest = github.addComment(9, `${marker('Deploy')}\nfirst`, BOT);
    const newer = github.addComment(9, `${marker('Deploy')}\nsecond`, BOT);
    const kept = await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nnew`, log);
    expect(kept.id).toBe(oldest.id);
    expect(github.comments.map((c) => c.id)).toEqual([oldest.id]);
    expect(log.lines).toContainEqual({
      level: 'info',
      message: `Deleted duplicate sticky comment ${newer.id}; comment ${oldest.id} is the one kept.`,
    });
  });
});

describe('tryComment: never fails the job', () => {
  it('says in one warning why it skipped, and posts nothing', async () => {
    const log = recordingLog();
    expect(await tryComment(async () => api, plan('true', { eventName: 'schedule' }), 'body', log)).toBeUndefined();
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message:
          'Pull request comment skipped: there is no pull request for this schedule event; the deployment summary is in the job summary only.',
      },
    ]);
    expect(github.comments).toEqual([]);
  });

  it('on a push without a merged pull request: a warning in true mode, a note in auto mode', async () => {
    const sha = 'e'.repeat(40);
    const warned = recordingLog();
    await tryComment(async () => api, plan('true', { eventName: 'push', sha }), 'body', warned);
    expect(warned.lines).toEqual([
      {
        level: 'warning',
        message:
          'Pull request comment skipped: no merged pull request has commit eeeeeee; the deployment summary is in the job summary only.',
      },
    ]);
    const noted = recordingLog();
    await tryComment(async () => api, plan('auto', { eventName: 'push', sha }), 'body', noted);
    expect(noted.lines).toEqual([{ level: 'info', message: 'No pull request comment: no merged pull request has commit eeeeeee.' }]);
  });

  it('comments on the merged pull request of a push and says which', async () => {
    const sha = 'f'.repeat(40);
    github.pulls.push({
      number: 12,
      state: 'closed',
      merged_at: '2026-12-01T10:00:00Z',
      merge_commit_sha: sha,
      commits: [sha],
      base: { ref: 'main' },
    });
    const log = recordingLog();
    const comment = await tryComment(async () => api, plan('auto', { eventName: 'push', sha }), `${marker('Deploy')}\nreport`, log);
    expect(comment?.created).toBe(true);
    expect(log.lines).toEqual([{ level: 'info', message: `Created comment ${comment?.url} on merged pull request #12` }]);
  });

  it("names a fork's read-only token when GitHub answers 403", async () => {
    github.forbidCommentWrites = true;
    const log = recordingLog();
    const result = await tryComment(
      async () => api,
      plan('auto', { eventName: 'pull_request', pullRequest: { number: 3, fork: true } }),
      'body',
      log,
    );
    expect(result).toBeUndefined();
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message:
          'Pull request comment skipped: GitHub answered 403 because this pull request comes from a fork, and its token is read-only; the deployment summary is in the job summary only.',
      },
    ]);
  });

  it('asks for pull-requests: write when the base repository’s own token is refused', async () => {
    github.forbidCommentWrites = true;
    const log = recordingLog();
    await tryComment(async () => api, plan('auto', { eventName: 'pull_request', pullRequest: { number: 3, fork: false } }), 'body', log);
    expect(log.lines[0]?.message).toContain('because the token cannot write pull request comments (grant `pull-requests: write`)');
  });
});
