import type { Log } from '@mlship/action-kit';
import type { RunContext } from './context';
import type { Comment, GitHubApi } from './github';
import { describeGitHubError, httpStatus, sameLogin } from '@mlship/action-kit';
import type { PrComment } from './inputs';

/** Hidden in the rendered comment; one sticky comment per title. */
export function marker(title: string): string {
  return `<!-- mlship:deployment-summary title="${title}" -->`;
}

export interface CommentPlan {
  mode: PrComment;
  title: string;
  context: RunContext;
  hasToken: boolean;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** Why no comment can be posted, or undefined when one should be. `null`: not wanted, say nothing. */
export function commentBlocker(plan: CommentPlan): string | null | undefined {
  if (plan.mode === 'false') return null;
  const event = plan.context.eventName ?? '';
  // A pull request named by the `pull-request` input (workflow_run after a fork's run) is commented on like one of the event.
  if (plan.context.pullRequest && !PR_EVENTS.has(event) && event !== 'push') return plan.hasToken ? undefined : 'no github-token was given';
  // On a push, the pull request the commit was merged from is looked up (see mergedPullRequest).
  if (plan.mode === 'auto' && !PR_EVENTS.has(event) && event !== 'push') return null;
  if (!plan.context.pullRequest && event !== 'push')
    return `there is no pull request for this ${plan.context.eventName ?? 'unknown'} event`;
  if (!plan.hasToken) return plan.mode === 'auto' && event === 'push' ? null : 'no github-token was given';
  return undefined;
}

/**
 * The pull request a pushed commit came from: the one whose merge commit it
 * is, else a merged one it belongs to (a rebase merge makes new commits; a
 * fast-forward keeps them). Open pull requests that merely contain it are
 * not it.
 */
export async function mergedPullRequest(api: GitHubApi, sha: string): Promise<number | undefined> {
  const pulls = await api.pullRequestsOf(sha);
  return (pulls.find((p) => p.mergeCommitSha === sha && p.mergedAt) ?? pulls.find((p) => p.mergedAt))?.number;
}

/**
 * Updates our sticky comment, or creates it. Ours means: it starts with our
 * marker (a quote of it further down is not ours) and it was written by the
 * identity that posts ours. A marker in anyone else's comment is ignored.
 *
 * Two runs at once (a push and a re-run) may both find none and both create
 * one. So after creating, the comments are listed again: the run whose
 * comment came last sees both. Every run keeps the oldest of ours, writes its
 * report there and deletes the others, so one sticky comment remains, holding
 * a whole report, and each run answers with its id.
 */
export async function upsertComment(
  api: GitHubApi,
  issue: number,
  title: string,
  body: string,
  log?: Log,
): Promise<Comment & { created: boolean }> {
  const me = await api.viewer();
  const ours = async (warn: boolean): Promise<Comment[]> => {
    const tagged = (await api.listComments(issue)).filter((c) => c.body?.trimStart().startsWith(marker(title)));
    const foreign = tagged.filter((c) => !sameLogin(c.author, me));
    if (warn && foreign.length > 0) {
      log?.warning(
        `Ignored ${foreign.length} comment(s) that carry this summary's marker but were written by ${[...new Set(foreign.map((c) => c.author ?? 'unknown'))].join(', ')}, not ${me}.`,
      );
    }
    return tagged.filter((c) => sameLogin(c.author, me)).sort((a, b) => a.id - b.id);
  };
  const found = await ours(true);
  if (found.length === 0) {
    const made = await api.createComment(issue, body);
    const after = await ours(false);
    const keep = after[0] ?? made;
    await deleteExtra(api, after, keep.id, log);
    if (keep.id === made.id) return { ...made, created: true };
    return { ...(await api.updateComment(keep.id, body)), created: false };
  }
  const keep = found[0] as Comment;
  await deleteExtra(api, found, keep.id, log);
  return { ...(await api.updateComment(keep.id, body)), created: false };
}

/** Deletes our other sticky comments; one another run deleted first is not an error. */
async function deleteExtra(api: GitHubApi, comments: Comment[], keep: number, log?: Log): Promise<void> {
  for (const extra of comments.filter((c) => c.id !== keep)) {
    try {
      await api.deleteComment(extra.id);
      log?.info(`Deleted duplicate sticky comment ${extra.id}; comment ${keep} is the one kept.`);
    } catch (err) {
      if (httpStatus(err) !== 404) throw err;
    }
  }
}

/** Commenting never fails the job: it says why in one warning and moves on. */
export async function tryComment(
  api: () => Promise<GitHubApi>,
  plan: CommentPlan,
  body: string,
  log: Log,
): Promise<(Comment & { created: boolean }) | undefined> {
  const blocker = commentBlocker(plan);
  if (blocker === null) return undefined;
  const skip = 'the deployment summary is in the job summary only';
  if (blocker !== undefined) {
    log.warning(`Pull request comment skipped: ${blocker}; ${skip}.`);
    return undefined;
  }
  const pr = plan.context.pullRequest;
  try {
    const github = await api();
    const number = pr?.number ?? (plan.context.sha ? await mergedPullRequest(github, plan.context.sha) : undefined);
    if (number === undefined) {
      const why = `no merged pull request has commit ${plan.context.sha?.slice(0, 7) ?? '(unknown)'}`;
      if (plan.mode === 'true') log.warning(`Pull request comment skipped: ${why}; ${skip}.`);
      else log.info(`No pull request comment: ${why}.`);
      return undefined;
    }
    const comment = await upsertComment(github, number, plan.title, body, log);
    log.info(`${comment.created ? 'Created' : 'Updated'} comment ${comment.url}${pr ? '' : ` on merged pull request #${number}`}`);
    return comment;
  } catch (err) {
    const status = httpStatus(err);
    if (status === 403 || status === 404) {
      const why = pr?.fork
        ? 'this pull request comes from a fork, and its token is read-only'
        : 'the token cannot write pull request comments (grant `pull-requests: write`)';
      log.warning(`Pull request comment skipped: GitHub answered ${status} because ${why}; ${skip}.`);
    } else {
      log.warning(`Pull request comment failed: ${describeGitHubError(err)}; ${skip}.`);
    }
    return undefined;
  }
}
