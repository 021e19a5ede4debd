/**
 * Secrets redacted by value, wherever text leaves the process. The runner
 * masks what it is told, and only in the log; outputs, the report, the job
 * summary, the pull request comment and Slack are ours to keep clean. Every
 * secret an action was given is registered once (the toolkit's `log.mask`
 * does it), and every sink runs `redactText` over what it sends.
 *
 * A secret comes back in other forms than its own: percent-encoded in a URL,
 * JSON-escaped in a body, base64 in a Basic `Authorization` header
 * (`x-access-token:TOKEN`, `AWS:PASSWORD`) that a server echoes. Each is
 * redacted too; base64 at each of the three byte offsets a secret can sit at
 * inside a longer encoded string.
 *
 * What was never registered is still caught by shape: a header line
 * `Authorization: Bearer …`, GitHub and Slack token prefixes, a Slack webhook
 * path, and URL credentials (redact.ts).
 */
import { REDACTED, redactDeep, redactUrls, sortSecrets, urlSecrets } from './redact';

const known = new Set<string>();
let sorted: string[] = [];

/** Shorter base64 cores would match ordinary words. */
const MIN_ENCODED_CORE = 8;

/** Registers a secret so that `redactText` removes it, and its encodings, from any text. */
export function registerSecret(secret: string | undefined): void {
  if (!secret) return;
  for (const form of secretForms(secret)) known.add(form);
  sorted = sortSecrets(known);
}

/** For tests: the registry is per process, as each action is one process. */
export function forgetSecrets(): void {
  known.clear();
  sorted = [];
}

/** Every form a secret can take in text we send: as is, URL- and JSON-escaped, base64 at every offset. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  if (/^https?:\/\//i.test(secret)) {
    for (const form of urlSecrets(secret)) forms.add(form);
    // A webhook URL's secret is its path (hooks.slack.com/services/T…/B…/X…).
    const path = safePath(secret);
    if (path && path.length >= 16) forms.add(path);
  }
  for (const plain of [secret, `x-access-token:${secret}`, `${secret}:x-oauth-basic`]) {
    const whole = Buffer.from(plain).toString('base64');
    forms.add(whole);
    forms.add(whole.replace(/=+$/, ''));
  }
  for (const core of base64Cores(secret)) forms.add(core);
  return [...forms];
}

/**
 * The characters of base64 that depend only on the secret's bytes, for each
 * of the three offsets (mod 3) it can start at inside a longer string.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(first, last);
    if (core.length >= MIN_ENCODED_CORE) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

function safePath(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

const AUTH_HEADER = /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|token|basic|aws4-hmac-sha256)\s+)?[^\s"',;}\]]+/gi;
const TOKEN_SHAPES = [
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
  /\bxox[a-z]-[A-Za-z0-9-]{8,}/g,
  /\bAKIA[A-Z0-9]{16}\b/g,
];
const SLACK_WEBHOOK = /(hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/)[^\s"'<>)\]|`]+/gi;

/** A piece this long of a secret, left where a text was cut, is still redacted. */
const MIN_CUT_PIECE = 8;

/**
 * The piece of a secret a cut left: its start just before a cut mark (`…`)
 * or the end of the text, its end just after a cut mark or the start. Text
 * is bounded in many places before it reaches a sink.
 */
function redactCutPieces(text: string): string {
  const cuts: Array<[number, number]> = [];
  for (const secret of sorted) {
    // A URL's or a path's first characters (`https://hooks.slack.com/`) are no secret: only opaque values are cut-checked.
    if (secret.length <= MIN_CUT_PIECE || /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)/i.test(secret)) continue;
    // Found by indexOf on a piece of MIN_CUT_PIECE characters, then grown: linear in the text.
    const head = secret.slice(0, MIN_CUT_PIECE);
    for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
      let length = MIN_CUT_PIECE;
      while (length < secret.length && text[at + length] === secret[length]) length++;
      const end = at + length;
      if (length < secret.length && (end === text.length || text[end] === '…')) cuts.push([at, end]);
    }
    const tail = secret.slice(-MIN_CUT_PIECE);
    for (let at = text.indexOf(tail); at >= 0; at = text.indexOf(tail, at + 1)) {
      const end = at + MIN_CUT_PIECE;
      let length = MIN_CUT_PIECE;
      while (length < secret.length && end - length - 1 >= 0 && text[end - length - 1] === secret[secret.length - length - 1]) length++;
      const start = end - length;
      if (length < secret.length && (start === 0 || text[start - 1] === '…')) cuts.push([start, end]);
    }
  }
  if (cuts.length === 0) return text;
  // Overlapping pieces merged, then replaced from the end so earlier positions stay valid.
  cuts.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of cuts) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  let out = text;
  for (const [from, to] of merged.reverse()) out = `${out.slice(0, from)}${REDACTED}${out.slice(to)}`;
  return out;
}

/** Every registered secret (in every form, also cut short) and every credential-shaped string, replaced with `***`. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of sorted) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  if (sorted.length > 0) out = redactCutPieces(out);
  out = out.replace(AUTH_HEADER, (_all, head: string, scheme: string | undefined) => `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`);
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  out = out.replace(SLACK_WEBHOOK, `$1${REDACTED}`);
  return redactUrls(out);
}

/** Every string of a JSON-like value (a report, a Slack message) through `redactText`. */
export function redactAll<T>(value: T): T {
  return redactDeep(value, redactText);
}

/** Replaces these secrets too (a check's own headers), longest first so a secret's prefix never leaks. */
export function redactor(secrets: string[]): (text: string) => string {
  const extra = sortSecrets(secrets);
  return (text) => redactText(extra.reduce((result, secret) => result.split(secret).join(REDACTED), text));
}
