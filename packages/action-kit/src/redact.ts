/**
 * Secrets in URLs. A URL often carries a credential: a token as the user
 * (`https://ghp_x@host`), a password, an API key or a signature in the query
 * (`?api_key=…`, S3's `X-Amz-Signature=…`). The runner masks only what it is
 * told, and only in the log; outputs, reports, summaries, comments and Slack
 * are ours to keep clean. Two tools, used together:
 *
 * - `urlSecrets(url)`: every form the secrets of one URL can take, to mask
 *   with the runner (`::add-mask::`) before the first request, and to
 *   redact by value from any text later (an echo of the URL in a body).
 * - `redactUrls(text)`: redacts by shape, for text that holds a URL we never
 *   saw whole (an input error, a hand-made report, a server's message).
 */

export const REDACTED = '***';

/** Query parameter names whose values are credentials. Over-matching (`monkey`) only costs readability. */
const SECRET_NAME = /token|key|sig|signature|password|pass|secret|code|auth|credential|session|jwt/i;

export function isSecretParam(name: string): boolean {
  const decoded = safeDecode(name.replace(/\+/g, ' '));
  return SECRET_NAME.test(decoded) || /^x-amz-/i.test(decoded);
}

/** Too short to be a secret; masking one or two characters would garble every line. */
const MIN_SECRET_LENGTH = 3;

/**
 * The secrets of one URL in every form they can appear: as written (percent-
 * encoded), decoded, with `+` read as a space, and re-encoded the two ways
 * JavaScript encodes. Longest first, so a secret's prefix never survives.
 */
export function urlSecrets(url: string): string[] {
  const found = new Set<string>();
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)@/i.exec(url);
  if (authority) {
    const userinfo = authority[1] as string;
    const colon = userinfo.indexOf(':');
    // A token often stands as the user (`https://TOKEN@host`, `TOKEN:x-oauth-basic@`). A short user
    // beside a password (`deploy:pw@`) is a name, and masking it by value would blank that word in
    // every log line; it is still redacted by shape wherever the URL appears (redactUrls).
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (colon < 0 || user.length >= 12) addForms(found, user);
    if (colon >= 0) addForms(found, userinfo.slice(colon + 1));
  }
  const query = url.replace(/#.*$/s, '').split('?').slice(1).join('?');
  for (const pair of query.split(/[&;]/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    if (isSecretParam(pair.slice(0, eq))) addForms(found, pair.slice(eq + 1));
  }
  return sortSecrets(found);
}

function addForms(into: Set<string>, raw: string): void {
  const forms = [raw, safeDecode(raw), safeDecode(raw.replace(/\+/g, ' '))];
  for (const form of [...forms]) forms.push(encodeURIComponent(form), new URLSearchParams({ v: form }).toString().slice(2));
  for (const form of forms) if (form.length >= MIN_SECRET_LENGTH) into.add(form);
}

export function sortSecrets(secrets: Iterable<string>): string[] {
  return [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** Greedy up to the last `@` before the path: a password may hold a raw `@`. */
// Backslash, backtick, pipe and closing brackets end a match: redaction also runs over
// rendered markdown (the summary, outputs), where they are escapes, code spans and cells.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s'"<>\\`|)\]]*)@/gi;
const PARAM = /([?&;])([^=&;#\s'"<>\\`|)\]]+)=([^&;#\s'"<>\\`|)\]]*)/g;

/**
 * Redacts URL credentials by shape, wherever a URL appears in the text:
 * userinfo becomes `***@` and the values of secret-like query parameters `***`.
 * Works on text that is not a valid URL (`htp://u:p@x?token=…` in an error).
 */
export function redactUrls(text: string): string {
  if (!text.includes('@') && !text.includes('=')) return text;
  return text
    .replace(USERINFO, (_all, scheme: string, userinfo: string) =>
      userinfo === '' || userinfo === REDACTED ? `${scheme}${userinfo}@` : `${scheme}${REDACTED}@`,
    )
    .replace(PARAM, (all, sep: string, name: string, value: string) =>
      value !== '' && value !== REDACTED && isSecretParam(name) ? `${sep}${name}=${REDACTED}` : all,
    );
}

/** Redacts every string in a JSON-like value (a report, a hand-made document). */
export function redactDeep<T>(value: T, redact: (text: string) => string = redactUrls): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)])) as T;
  }
  return value;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
