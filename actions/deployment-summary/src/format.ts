/** Small formatters shared by the sections. */

export function bytes(n: number | undefined): string | undefined {
  if (n === undefined) return undefined;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function seconds(s: number | undefined): string | undefined {
  if (s === undefined) return undefined;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function ms(n: number | undefined): string | undefined {
  return n === undefined ? undefined : `${Math.round(n)} ms`;
}

export function shortDigest(digest: string | undefined): string | undefined {
  return digest?.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1…');
}

/** Links and fact rows come from the kit's markdown sink, which escapes their text. */
export { facts as factRows, link } from '@mlship/action-kit';

/** Keeps one very long message (an error, a response body) from swallowing the page. */
export function clip(text: string | undefined, limit = 1000): string | undefined {
  if (text === undefined || text.length <= limit) return text;
  return `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

export function percent(weight: number): string {
  return `${Math.round(weight * 1000) / 10}%`;
}

export function num(n: number | null | undefined): string | undefined {
  if (n === undefined || n === null) return undefined;
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

