import {
  clipBytes,
  errorMessage,
  slackCode,
  slackLink,
  slackText as escapeSlack,
  type BuildReport,
  type LambdaReport,
  type Log,
  type Sleep,
} from '@mlship/action-kit';
import type { Collected } from './collect';

export type Fetch = typeof fetch;

const ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;
const RETRY_DELAY_MS = 1_000;

/**
 * Slack mrkdwn: status, image, version and a link. Short on purpose. Every
 * value goes through the kit's Slack sink: a report can carry `<!channel>`
 * or `<https://evil|Click>` from an error message.
 */
export function slackText(headline: string, collected: Collected, link?: string): string {
  const lines = [`*${escapeSlack(headline)}*`];
  const build = collected.entries.find((e) => e.report.action === 'build-and-push-ecr')?.report as BuildReport | undefined;
  const deploy = collected.entries.find((e) => e.report.action === 'update-lambda-and-wait')?.report as LambdaReport | undefined;
  const image = build?.imageUri ?? deploy?.resolvedImageUri;
  if (image) lines.push(`Image: ${slackCode(image)}`);
  if (deploy) {
    const version = deploy.version
      ? ` version ${deploy.previousVersion ? `${escapeSlack(deploy.previousVersion)} → ` : ''}${escapeSlack(deploy.version)}`
      : '';
    const alias = deploy.alias ? ` (alias ${slackCode(deploy.alias.name)})` : '';
    lines.push(`Lambda: ${slackCode(deploy.functionName)}${version}${alias}`);
  }
  const failed = collected.entries.filter((e) => e.outcome === 'failure').map((e) => e.report.headline);
  for (const line of failed.slice(0, 3)) lines.push(`Failed: ${escapeSlack(clipBytes(line.replace(/\r?\n/g, ' '), 300))}`);
  if (link) lines.push(slackLink(link, 'Workflow run'));
  return lines.join('\n');
}

/**
 * Posts to an incoming webhook: a few attempts on 429, 5xx and network errors,
 * each bounded. A failure is a warning; the URL itself is never printed.
 */
export async function postSlack(
  url: string,
  text: string,
  deps: { fetch: Fetch; sleep: Sleep; log: Log; signal?: AbortSignal },
): Promise<boolean> {
  let last = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(deps.signal ? [deps.signal] : [])];
      const res = await deps.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        signal: AbortSignal.any(signals),
      });
      await res.text();
      if (res.ok) return true;
      last = `HTTP ${res.status}`;
      if (res.status !== 429 && res.status < 500) break;
    } catch (err) {
      if (deps.signal?.aborted) break;
      last = errorMessage(err);
    }
    if (attempt < ATTEMPTS) await deps.sleep(RETRY_DELAY_MS * attempt, deps.signal);
  }
  deps.log.warning(`Slack message not sent: the webhook answered ${last}.`);
  return false;
}
