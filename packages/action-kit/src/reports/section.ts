/**
 * What every kind's `section(report, options)` shares: the options, and the
 * shortening of long tables. A section is the body of a report's markdown
 * (the heading is the caller's: an action's own summary titles it with the
 * action, deployment-summary with the step); the same function renders it for
 * each place. Places differ only in what the options below say: an action's
 * own job summary keeps every row; deployment-summary's page and PR comment
 * cut tables to `maxRows` with a pointer to `fullUrl` when they must fit a
 * size; Slack is rendered from the headline, not from a section.
 */
export interface SectionOptions {
  /** Table rows kept per table (all when left out); the rest is replaced by a pointer to `fullUrl`. */
  maxRows?: number;
  /** The full job summary, where a shortened table's rows can be read. */
  fullUrl?: string;
  /**
   * The console page to link, which the caller vouches for: an action links
   * its own report's; deployment-summary rebuilds one from validated parts and
   * never follows a report's URL (links.ts).
   */
  consoleUrl?: string;
}

/**
 * Keeps at most `maxRows` rows, problems first (they are what a reviewer
 * needs), in their original order, and says where the rest is.
 */
export function shorten<T>(rows: T[], problem: boolean[], opts: SectionOptions): { rows: T[]; note?: string } {
  const max = opts.maxRows ?? Number.POSITIVE_INFINITY;
  if (rows.length <= max) return { rows };
  const keep = new Set<number>();
  problem.forEach((p, i) => {
    if (p && keep.size < max) keep.add(i);
  });
  for (let i = 0; i < rows.length && keep.size < max; i++) keep.add(i);
  const omitted = rows.length - keep.size;
  const where = opts.fullUrl ? `the [full job summary](${opts.fullUrl})` : 'the full job summary';
  return {
    rows: rows.filter((_, i) => keep.has(i)),
    note: `_${omitted} more row${omitted === 1 ? '' : 's'} not shown here: see ${where}._`,
  };
}

/** The producer cut its list to fit its output: say so, so a short table is not read as complete. */
export function omittedNote(omitted: number | undefined, what: string): string | undefined {
  return omitted
    ? `_${omitted} more ${what}${omitted === 1 ? '' : 's'} left out of the report to keep it under the output size limit (failures are kept first)._`
    : undefined;
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
