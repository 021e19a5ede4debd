// The real Octokit client as createGitHubApi builds it (retry and throttling
// plugins, a timeout per attempt) against a server that accepts and never
// answers, and one that answers 502 with GitHub's HTML page once.
import { recordingLog } from '@mlship/action-kit';
import { createGitHubApi, type GitHubBudget } from '../src/github';
import { describeGitHubError } from '@mlship/action-kit';
import { startSilentEndpoint } from '../../../test/support/faults.mjs';
import { startFlakyFront } from '../../../test/support/flaky-front.mjs';
import { startFakeGitHub } from '../../../test/support/fake-github';

const budget: GitHubBudget = { requestTimeoutMs: 200, retries: 2, retryBaseMs: 10, maxRateLimitWaitS: 1, rateLimitRetries: 1 };

async function api(url: string, signal = new AbortController().signal) {
  return createGitHubApi('ghs_test', 'octo-org', 'model-service', signal, recordingLog(), budget, url);
}

it('gives up on a hung GitHub API after its budget: three attempts, each bounded', async () => {
  const silent = await startSilentEndpoint();
  const github = await api(silent.url);
  const started = performance.now();
  const err = await github.listComments(17).catch((e: unknown) => e);
  const took = performance.now() - started;
  await silent.close();
  // Octokit reports a failed fetch as HTTP 500; each attempt was cut at requestTimeoutMs.
  // Attempts are requests, not connections: Node 24's fetch opens spare ones (6 for 3 attempts).
  expect(describeGitHubError(err)).toMatch(/^HTTP 500/);
  expect(silent.requests()).toBeGreaterThanOrEqual(3);
  expect(silent.requests()).toBeLessThanOrEqual(4);
  expect(took).toBeGreaterThanOrEqual(600);
  expect(took).toBeLessThan(5000);
});

it('retries a 502 once and succeeds, with the real fake behind it', async () => {
  const fake = await startFakeGitHub();
  const front = await startFlakyFront(fake.url, [{ method: 'POST', path: /\/comments$/ }]);
  const github = await api(front.url);
  const comment = await github.createComment(17, 'hello');
  await Promise.all([front.close(), fake.close()]);
  expect(front.failed).toHaveLength(1);
  expect(comment.id).toBeGreaterThan(0);
  expect(fake.comments.map((c) => c.body)).toEqual(['hello']);
});

it('does not retry after the job is cancelled', async () => {
  const silent = await startSilentEndpoint();
  const controller = new AbortController();
  const github = await api(silent.url, controller.signal);
  setTimeout(() => controller.abort(), 50);
  const err = await github.listComments(17).catch((e: Error) => e);
  await silent.close();
  expect((err as Error).name).toBe('AbortError');
  // One attempt at most; a retry series would be three or more.
  expect(silent.requests()).toBeLessThanOrEqual(1);
});

it('reduces an HTML page to the status and its title', () => {
  const err = Object.assign(new Error('<!DOCTYPE html><html><head><title>Unicorn! &middot; GitHub</title></head><body>…</body></html>'), {
    status: 502,
  });
  expect(describeGitHubError(err)).toBe('HTTP 502 (an HTML page titled "Unicorn! · GitHub")');
  expect(describeGitHubError(Object.assign(new Error('Not Found'), { status: 404 }))).toBe('HTTP 404: Not Found');
});
