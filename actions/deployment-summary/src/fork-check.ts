/**
 * The `pull-request` input bound to the run it reports on. In the fork flow
 * (examples/fork-pr-comment.yml) the number comes from the fork's artifact:
 * a fork could name any pull request and, with the base repository's write
 * token, rewrite that one's comment. So the number is believed only when the
 * pull request's head, as GitHub shows it now, is the commit the triggering
 * run built: `github.event.workflow_run.head_sha` on workflow_run (GitHub's
 * word, not the artifact's), else the event's own pull request head, else
 * this run's commit. This is what GitHub Security Lab's guidance on
 * workflow_run asks: trust nothing the artifact says about where it belongs.
 */
import { ActionFailure, httpStatus } from '@mlship/action-kit';
import type { RunContext } from './context';
import type { GitHubApi } from './github';

export type BoundPullRequest = NonNullable<RunContext['pullRequest']>;

/** The commit the reports are about, and who says so; undefined when nothing trustworthy names one. */
export function expectedHead(ctx: RunContext): { sha: string; from: string } | undefined {
  if (ctx.workflowRun) {
    return ctx.workflowRun.headSha ? { sha: ctx.workflowRun.headSha, from: 'github.event.workflow_run.head_sha' } : undefined;
  }
  if (ctx.pullRequest?.headSha) return { sha: ctx.pullRequest.headSha, from: `the head of pull request #${ctx.pullRequest.number}` };
  return ctx.sha ? { sha: ctx.sha, from: 'this run’s commit (GITHUB_SHA)' } : undefined;
}

/**
 * The pull request `number` names, checked against the run: its head commit
 * must be the expected one (and, on workflow_run, come from the same
 * repository). Refuses with one clear error otherwise, before anything is posted.
 */
export async function bindPullRequest(api: GitHubApi, number: number, ctx: RunContext): Promise<BoundPullRequest> {
  const expected = expectedHead(ctx);
  const refuse = (why: string): ActionFailure =>
    new ActionFailure(
      `pull-request #${number} was refused: ${why}. Nothing was posted. A number taken from an artifact must be checked against the run that made it (examples/fork-pr-comment.yml).`,
    );
  if (!expected) throw refuse('no commit to check it against (no workflow_run head_sha, pull request head or GITHUB_SHA)');
  let head;
  try {
    head = await api.pullRequestHead(number);
  } catch (err) {
    if (httpStatus(err) === 404) throw refuse(`${ctx.owner}/${ctx.repo} has no pull request #${number}`);
    throw err;
  }
  if (head.sha.toLowerCase() !== expected.sha.toLowerCase()) {
    throw refuse(
      `its head is ${head.sha.slice(0, 12)}, but the reports are about ${expected.sha.slice(0, 12)} (${expected.from}): it belongs to another run`,
    );
  }
  const runRepository = ctx.workflowRun?.headRepository;
  if (runRepository && head.repository && runRepository.toLowerCase() !== head.repository.toLowerCase()) {
    throw refuse(`its head is in ${head.repository}, but the triggering run built ${runRepository}`);
  }
  const base = `${ctx.owner}/${ctx.repo}`.toLowerCase();
  // A deleted fork shows no head repository: still a fork.
  return { number, headSha: head.sha, fork: head.repository === undefined || head.repository.toLowerCase() !== base };
}
