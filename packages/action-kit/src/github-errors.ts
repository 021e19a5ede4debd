/**
 * GitHub error text, bounded. Octokit puts a non-JSON error body in the
 * message as is: a 502 from GitHub's front end is a whole HTML page. Such a
 * page is reduced to the status and its title.
 */
import { errorMessage } from './errors';
import { redactText } from './secrets';

const MAX_MESSAGE = 300;

/** The HTTP status of an Octokit RequestError, if that is what it is. */
export function httpStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

function pageTitle(html: string): string | undefined {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1];
  return (
    title
      ?.replace(/&middot;/g, '·')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim() || undefined
  );
}

export function describeGitHubError(err: unknown): string {
  const status = httpStatus(err);
  const message = errorMessage(err);
  if (/<(!doctype|html|head|body)\b/i.test(message)) {
    const title = pageTitle(message);
    return `HTTP ${status ?? 'error'}${title ? ` (an HTML page titled "${title}")` : ' (an HTML page)'}`;
  }
  // Redacted before it is cut: a cut can leave a secret's first half, which no later redaction recognises.
  const text = redactText(message).replace(/\s+/g, ' ').trim();
  const bounded = text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
  return status !== undefined && !bounded.includes(String(status)) ? `HTTP ${status}: ${bounded}` : bounded;
}
