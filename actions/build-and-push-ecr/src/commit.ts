/**
 * The commit people see. On pull_request and pull_request_target events
 * GITHUB_SHA is GitHub's merge commit, found in nobody's history: the image
 * is tagged and labelled with the pull request's head SHA from the event
 * payload instead, and the merge commit stays available as {merge-sha}.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Env } from '@mlship/action-kit';

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/** An event payload is a few hundred KB at most; a bigger file is not read. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024;

export interface Commits {
  /** The pull request's head on PR events, GITHUB_SHA otherwise; undefined when neither is known. */
  sha?: string;
  /** GITHUB_SHA as GitHub set it (the merge commit on PR events). */
  mergeSha?: string;
}

function prHeadSha(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    if (statSync(path).size > MAX_EVENT_BYTES) return undefined;
    const event = JSON.parse(readFileSync(path, 'utf8')) as { pull_request?: { head?: { sha?: unknown } } };
    const sha = event.pull_request?.head?.sha;
    return typeof sha === 'string' && SHA.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

export function commitsOf(env: Env): Commits {
  const mergeSha = env['GITHUB_SHA']?.trim() || undefined;
  const head = PR_EVENTS.has(env['GITHUB_EVENT_NAME'] ?? '') ? prHeadSha(env['GITHUB_EVENT_PATH']) : undefined;
  return { sha: head ?? mergeSha, mergeSha };
}
