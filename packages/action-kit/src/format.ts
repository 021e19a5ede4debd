/**
 * How every action writes sizes and times for people, in one place so the
 * same image or update reads the same in the log, the job summary, the PR
 * comment and Slack.
 *
 * Sizes are SI (1 kB = 1000 bytes; kB, MB, GB, TB), with a space before the
 * unit: it is what `docker images` and the ECR console show, so the number in
 * our summary matches the number the user sees there.
 *
 * Times are compact and unspaced (`850ms`, `12.3s`, `4m05s`): the same syntax
 * the duration inputs accept (`wait-timeout: 10m`), so what a user wrote reads
 * back unchanged.
 */

const SI_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB'];

/** `512 B`, `2.0 kB`, `12.3 MB`: SI (powers of 1000), one decimal above bytes. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1000) return `${Math.round(bytes)} B`;
  let value = bytes / 1000;
  let unit = 0;
  // Round first: 999_960 B is `1.0 MB`, not `1000.0 kB`.
  while (Math.abs(Number(value.toFixed(1))) >= 1000 && unit < SI_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${SI_UNITS[unit]}`;
}

/** Formats milliseconds the way people read them: `850ms`, `12.3s`, `4m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  // 119.6 s rounds to 2m00s, not 1m60s.
  if (seconds === 60) return `${minutes + 1}m00s`;
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

/** A share (0..1) as a percentage with at most two decimals: 0.0753 -> `7.53%`, 0.5 -> `50%`. */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 10000) / 100}%`;
}

/** Always in milliseconds (`213ms`, `1500ms`): latencies compared side by side in a table. */
export function formatMs(ms: number): string {
  return `${Math.round(ms)}ms`;
}

/** A formatter for an optional report field: undefined stays undefined (the row is then left out). */
export function optional<T>(format: (value: T) => string): (value: T | undefined) => string | undefined {
  return (value) => (value === undefined ? undefined : format(value));
}

/** An alias weight (0..1) as a percentage to 0.1: 0.1 -> `10%`, 0.0753 -> `7.5%`. */
export function formatWeight(weight: number): string {
  return `${Math.round(weight * 1000) / 10}%`;
}

/** A metric value as people compare it: integers whole, others to six significant digits. */
export function formatNumber(n: number | null | undefined): string | undefined {
  if (n === undefined || n === null) return undefined;
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/** `sha256:0123456789ab…`: enough of a digest to tell images apart in a table. */
export function shortDigest(digest: string | undefined): string | undefined {
  return digest?.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1…');
}

/** Keeps one very long message (an error, a response body) from swallowing the page. */
export function clipText(text: string | undefined, limit = 1000): string | undefined {
  if (text === undefined || text.length <= limit) return text;
  return `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}
