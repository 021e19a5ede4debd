import type { StatusMatcher } from '../types';

/**
 * Parses `200`, `200, 201`, `2xx`, or a YAML list of those. Returns a problem
 * description instead of throwing, so callers can name the field that held it.
 */
export function parseStatusMatcher(value: unknown): StatusMatcher | string {
  const items = Array.isArray(value) ? value : String(value ?? '').split(/[\s,]+/);
  const parts = items.map((item) => String(item).trim()).filter((item) => item !== '');
  if (parts.length === 0) return 'is empty';
  const codes: number[] = [];
  const classes: number[] = [];
  for (const part of parts) {
    const klass = /^([1-5])xx$/i.exec(part);
    if (klass) {
      classes.push(Number(klass[1]));
    } else if (/^[1-5]\d\d$/.test(part)) {
      codes.push(Number(part));
    } else {
      return `has '${part}', which is neither a status code (100-599) nor a class such as 2xx`;
    }
  }
  return { codes, classes, text: parts.join(', ') };
}

export function statusMatches(matcher: StatusMatcher, status: number): boolean {
  return matcher.codes.includes(status) || matcher.classes.includes(Math.floor(status / 100));
}

/** Statuses a gateway gives while the service behind it is not up yet. */
export function isGatewayNotReady(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}
