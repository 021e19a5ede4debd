/** Small formatters shared by the sections; sizes and times come from the kit, as every action writes them. */
import { formatBytes, formatDuration, formatMs } from '@mlship/action-kit';

export function bytes(n: number | undefined): string | undefined {
  return n === undefined ? undefined : formatBytes(n);
}

export function seconds(s: number | undefined): string | undefined {
  return s === undefined ? undefined : formatDuration(s * 1000);
}

export function ms(n: number | undefined): string | undefined {
  return n === undefined ? undefined : formatMs(n);
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
