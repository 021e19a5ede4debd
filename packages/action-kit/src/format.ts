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
