import { sortSecrets, urlSecrets } from '@mlship/action-kit';
import type { Check } from './types';

export { redactor } from '@mlship/action-kit';

/** Headers whose values are never secret; masking them would garble the logs. */
const PLAIN_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'user-agent',
  'cache-control',
  'connection',
]);

/** A header that carries no secret: the only kind sent along a redirect to another origin. */
export function isPlainHeader(name: string): boolean {
  return PLAIN_HEADERS.has(name.toLowerCase());
}

/**
 * Every value that must not appear in a log, the summary or an output: header
 * values, and the credentials of each URL (userinfo and secret-like query
 * parameters) in every form they can take (see the kit's urlSecrets).
 */
export function secretsOf(globalHeaders: Record<string, string>, checks: Check[]): string[] {
  const secrets = new Set<string>();
  const addHeaders = (headers: Record<string, string>): void => {
    for (const [name, value] of Object.entries(headers)) if (!isPlainHeader(name)) secrets.add(value);
  };
  addHeaders(globalHeaders);
  for (const check of checks) {
    if (check.kind !== 'http') continue;
    addHeaders(check.headers);
    for (const secret of urlSecrets(check.url)) secrets.add(secret);
  }
  return sortSecrets(secrets);
}
