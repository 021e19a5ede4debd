import type { Check } from './types';

/** Headers whose values are never secret; masking them would garble the logs. */
const PLAIN_HEADERS = new Set(['accept', 'accept-encoding', 'accept-language', 'content-type', 'user-agent', 'cache-control', 'connection']);
const SECRET_QUERY = /key|token|secret|sig|password|auth|credential/i;
/** Too short to be a secret, and masking them would garble every log line. */
const MIN_SECRET_LENGTH = 3;

/** Every value that must not appear in a log, the summary or an output. */
export function secretsOf(globalHeaders: Record<string, string>, checks: Check[]): string[] {
  const secrets = new Set<string>(Object.values(globalHeaders));
  for (const check of checks) {
    if (check.kind !== 'http') continue;
    for (const [name, value] of Object.entries(check.headers)) {
      if (!PLAIN_HEADERS.has(name.toLowerCase())) secrets.add(value);
    }
    const url = new URL(check.url);
    if (url.password) {
      secrets.add(url.password);
      secrets.add(decodeURIComponent(url.password));
    }
    for (const [name, value] of url.searchParams) if (SECRET_QUERY.test(name)) secrets.add(value);
  }
  return [...secrets].filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** Replaces every secret with ***; longest first so a secret's prefix never leaks. */
export function redactor(secrets: string[]): (text: string) => string {
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((result, secret) => result.split(secret).join('***'), text);
}
