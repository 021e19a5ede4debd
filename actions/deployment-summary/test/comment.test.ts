/**
 * The sticky pull request comment at source level (comment.ts): when one is
 * posted, which comment is ours, what a race leaves, and what a refusal says.
 * The real Octokit client (github.ts) talks to the local fake of GitHub.
 */
import { recordingLog } from '@mlship/action-kit';
import { commentBlocker, marker, mergedPullRequest, tryComment, upsertComment, type CommentPlan } from '../src/comment';
import type { RunContext } from '../src/context';
import { createGitHubApi, type GitHubApi } from '../src/github';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub } from '../../../test/support/fake-github';

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
/** The requests that wrote comments (creates, updates, deletes). */
const commentWrites = () => github.requests.filter((r) => r.method !== 'GET' && r.path.includes('/comments'));

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
    ['no event at all in true mode says there is no pull request', plan('true', {}), 'there is no pull request for this unknown event'],
    [
      'a pull request event without a token says why',
      plan('auto', { eventName: 'pull_request', pullRequest: pr }, false),
      'no github-token was given',
    ],
    [
      'a push naming a pull request without a token in auto mode says nothing',
      plan('auto', { eventName: 'push', pullRequest: pr }, false),
      null,
    ],
    ['a push naming a pull request with a token comments on it', plan('auto', { eventName: 'push', pullRequest: pr }), undefined],
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

  it("updates ours, creating none, and not one that quotes the marker further down, nor another title's", async () => {
    const quote = github.addComment(9, `> see ${marker('Deploy')}`, BOT);
    const other = github.addComment(9, `${marker('Staging')}\nold`, BOT);
    const mine = github.addComment(9, `  ${marker('Deploy')}\nold`, BOT);
    const updated = await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nnew`);
    expect(updated).toMatchObject({ id: mine.id, created: false });
    expect(commentWrites().filter((r) => r.method !== 'PATCH')).toEqual([]);
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

describe('upsertComment: which of ours is kept, and whose marker is ignored', () => {
  it('keeps the oldest of ours by id, whatever order GitHub lists them in', async () => {
    const oldest = github.addComment(9, `${marker('Deploy')}\nfirst`, BOT);
    const middle = github.addComment(9, `${marker('Deploy')}\nsecond`, BOT);
    const newest = github.addComment(9, `${marker('Deploy')}\nthird`, BOT);
    github.comments.splice(0, 3, newest, oldest, middle);
    const kept = await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nnew`);
    expect(kept.id).toBe(oldest.id);
    expect(github.comments.map((c) => [c.id, c.body])).toEqual([[oldest.id, `${marker('Deploy')}\nnew`]]);
  });

  it('warns about the foreign comments only, naming each author once, and still updates ours', async () => {
    const log = recordingLog();
    const mine = github.addComment(9, `${marker('Deploy')}\nold`, BOT);
    github.addComment(9, `${marker('Deploy')}\nforged`, { login: 'mallory', type: 'User' });
    github.addComment(9, `${marker('Deploy')}\nforged again`, { login: 'mallory', type: 'User' });
    github.addComment(9, `${marker('Deploy')}\nalso forged`, { login: 'eve', type: 'User' });
    const kept = await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nnew`, log);
    expect(kept).toMatchObject({ id: mine.id, created: false });
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message: `Ignored 3 comment(s) that carry this summary's marker but were written by mallory, eve, not github-actions[bot].`,
      },
    ]);
  });

  it('names the author of a foreign comment whose account is gone as unknown', async () => {
    const log = recordingLog();
    github.addComment(9, `${marker('Deploy')}\nforged`, null as unknown as typeof BOT);
    await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nnew`, log);
    expect(log.lines[0]?.message).toBe(
      `Ignored 1 comment(s) that carry this summary's marker but were written by unknown, not github-actions[bot].`,
    );
  });

  it('a comment without a body is not ours', async () => {
    github.addComment(9, undefined as unknown as string, BOT);
    const made = await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nreport`);
    expect(made.created).toBe(true);
  });

  it('needs no log: foreign markers and duplicates are handled without one', async () => {
    const oldest = github.addComment(9, `${marker('Deploy')}\nfirst`, BOT);
    github.addComment(9, `${marker('Deploy')}\nsecond`, BOT);
    github.addComment(9, `${marker('Deploy')}\nforged`, { login: 'mallory', type: 'User' });
    const kept = await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nnew`);
    expect(kept.id).toBe(oldest.id);
  });

  it('two runs at once that both create one leave one comment, the oldest, holding a whole report; each answers with its id', async () => {
    github.gatherCommentCreates = 2;
    const logs = [recordingLog(), recordingLog()];
    const [a, b] = await Promise.all([
      upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nreport A`, logs[0]),
      upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nreport B`, logs[1]),
    ]);
    expect(github.comments).toHaveLength(1);
    const [left] = github.comments;
    expect(a?.id).toBe(left?.id);
    expect(b?.id).toBe(left?.id);
    // The run whose comment was kept created it; the other updated it with its own report.
    expect([a?.created, b?.created].sort()).toEqual([false, true]);
    expect(['report A', 'report B'].map((r) => `${marker('Deploy')}\n${r}`)).toContain(left?.body);
    expect(commentWrites().filter((r) => r.method === 'POST')).toHaveLength(2);
    const deleted = commentWrites().filter((r) => r.method === 'DELETE');
    expect(deleted.length).toBeGreaterThan(0);
    for (const r of deleted) expect(Number(r.path.split('/').pop())).toBeGreaterThan(left?.id as number);
  });

  it('a duplicate another run deleted first is not an error', async () => {
    const oldest = github.addComment(9, `${marker('Deploy')}\nfirst`, BOT);
    const newer = github.addComment(9, `${marker('Deploy')}\nsecond`, BOT);
    github.override = (r) => (r.method === 'DELETE' ? [404, { message: 'Not Found' }] : undefined);
    const kept = await upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nnew`);
    expect(kept.id).toBe(oldest.id);
    expect(github.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/repos/octo-org/model-service/issues/comments/${newer.id}`,
    ]);
  });

  it('any other failure to delete a duplicate is an error', async () => {
    github.addComment(9, `${marker('Deploy')}\nfirst`, BOT);
    github.addComment(9, `${marker('Deploy')}\nsecond`, BOT);
    github.override = (r) => (r.method === 'DELETE' ? [422, { message: 'Unprocessable' }] : undefined);
    await expect(upsertComment(api, 9, 'Deploy', `${marker('Deploy')}\nnew`)).rejects.toMatchObject({ status: 422 });
  });
});

describe('tryComment: never fails the job', () => {
  it('with pr-comment false says nothing and asks GitHub nothing', async () => {
    const log = recordingLog();
    let asked = false;
    const result = await tryComment(
      async () => {
        asked = true;
        return api;
      },
      plan('false', { eventName: 'pull_request', pullRequest: { number: 3, fork: false } }),
      'body',
      log,
    );
    expect(result).toBeUndefined();
    expect(log.lines).toEqual([]);
    expect(asked).toBe(false);
  });

  it('updates the sticky comment of a pull request event and says so, without naming the pull request', async () => {
    const mine = github.addComment(3, `${marker('Deploy')}\nold`, BOT);
    const log = recordingLog();
    const comment = await tryComment(
      async () => api,
      plan('auto', { eventName: 'pull_request', pullRequest: { number: 3, fork: false } }),
      `${marker('Deploy')}\nnew`,
      log,
    );
    expect(comment).toMatchObject({ id: mine.id, created: false });
    expect(log.lines).toEqual([{ level: 'info', message: `Updated comment ${mine.html_url}` }]);
  });

  it('a push without a commit sha names it unknown', async () => {
    const log = recordingLog();
    await tryComment(async () => api, plan('true', { eventName: 'push' }), 'body', log);
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message:
          'Pull request comment skipped: no merged pull request has commit (unknown); the deployment summary is in the job summary only.',
      },
    ]);
  });

  it('a 404 from GitHub asks for pull-requests: write too', async () => {
    github.override = () => [404, { message: 'Not Found' }];
    const log = recordingLog();
    await tryComment(async () => api, plan('auto', { eventName: 'pull_request', pullRequest: { number: 3, fork: false } }), 'body', log);
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message:
          'Pull request comment skipped: GitHub answered 404 because the token cannot write pull request comments (grant `pull-requests: write`); the deployment summary is in the job summary only.',
      },
    ]);
  });

  it('a refused write on the merged pull request of a push asks for pull-requests: write', async () => {
    const sha = 'f'.repeat(40);
    github.pulls.push({
      number: 12,
      state: 'closed',
      merged_at: '2026-12-01T10:00:00Z',
      merge_commit_sha: sha,
      commits: [sha],
      base: { ref: 'main' },
    });
    github.forbidCommentWrites = true;
    const log = recordingLog();
    expect(await tryComment(async () => api, plan('auto', { eventName: 'push', sha }), 'body', log)).toBeUndefined();
    expect(log.lines[0]?.message).toContain('GitHub answered 403 because the token cannot write pull request comments');
  });

  it("any other failure is one warning with GitHub's answer", async () => {
    const log = recordingLog();
    const result = await tryComment(
      async () => api,
      plan('auto', { eventName: 'pull_request', pullRequest: { number: 3, fork: false } }),
      'x'.repeat(70_000),
      log,
    );
    expect(result).toBeUndefined();
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message: expect.stringMatching(
          /^Pull request comment failed: .*Validation Failed: body is too long.*; the deployment summary is in the job summary only\.$/,
        ) as unknown as string,
      },
    ]);
  });

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
