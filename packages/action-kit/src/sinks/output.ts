/**
 * The output sink: sizes. Every output lands in GITHUB_OUTPUT, and the next
 * step reads it back as one environment variable (an input, or the whole
 * `toJSON(steps)` that deployment-summary takes), and Linux caps one variable
 * at 128 KiB. So each output and report stays far below that, long lists are
 * cut with a count (problems first), and the job summary stays under the
 * runner's 1 MiB per step.
 */

/** A report document: several of them share one `toJSON(steps)` input. */
export const REPORT_BUDGET_BYTES = 24 * 1024;
/** Any other output. */
export const OUTPUT_BUDGET_BYTES = 32 * 1024;
/** The runner refuses a step summary over 1 MiB; keep a margin. */
export const SUMMARY_BUDGET_BYTES = 1_000_000;
/** One excerpt of foreign text (a body, an error, a log tail) in a message. */
export const EXCERPT_BYTES = 500;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The first `limit` bytes of `text`, cut on a character boundary, and a note
 * of how much was left out (the note comes on top: "first 500 bytes" means 500).
 */
export function clipBytes(text: string, limit = EXCERPT_BYTES): string {
  const size = byteLength(text);
  if (size <= limit) return text;
  const buf = Buffer.from(text, 'utf8');
  let keep = limit;
  // Step back over UTF-8 continuation bytes so no character is split.
  while (keep > 0 && ((buf[keep] as number) & 0xc0) === 0x80) keep--;
  return `${buf.subarray(0, keep).toString('utf8')}… (${size - keep} more bytes)`;
}

/** The last `lines` lines of a log tail, each clipped, the whole bounded too. */
export function tailLines(text: string, lines: number, limit = 2 * EXCERPT_BYTES): string {
  const all = text.replace(/\r\n?/g, '\n').trimEnd().split('\n');
  const shown = all.slice(-lines).map((line) => clipBytes(line, 200));
  const head = all.length > lines ? [`… (${all.length - lines} earlier lines)`] : [];
  return clipBytes([...head, ...shown].join('\n'), limit);
}

export interface Fitted<T> {
  items: T[];
  /** How many were left out. */
  omitted: number;
}

/**
 * As many items as fit in `budget` bytes of JSON, problems first (they are
 * what a reader needs), the rest in order; the kept items keep their order.
 */
export function fitList<T>(items: T[], budget: number, isProblem: (item: T) => boolean = () => false): Fitted<T> {
  const sizes = items.map((item) => byteLength(JSON.stringify(item)) + 1);
  if (sizes.reduce((a, b) => a + b, 2) <= budget) return { items, omitted: 0 };
  const keep = new Set<number>();
  let used = 2;
  const order = [...items.keys()].sort((a, b) => Number(isProblem(items[b] as T)) - Number(isProblem(items[a] as T)) || a - b);
  for (const index of order) {
    const size = sizes[index] as number;
    if (used + size > budget) continue;
    keep.add(index);
    used += size;
  }
  return { items: items.filter((_, i) => keep.has(i)), omitted: items.length - keep.size };
}

/** Names for a one-line list: the first `max`, then "and N more". */
export function nameList(names: string[], max = 10, separator = ', '): string {
  if (names.length <= max) return names.join(separator);
  return `${names.slice(0, max).join(separator)}${separator}and ${names.length - max} more`;
}

/**
 * A summary that fits the runner's limit: cut at a line boundary with a note.
 * Builders shorten tables first; this is the guarantee behind them.
 */
export function boundSummary(markdown: string, limit = SUMMARY_BUDGET_BYTES): string {
  if (byteLength(markdown) <= limit) return markdown;
  const note = '\n\n_The rest was cut: a job summary holds at most 1 MiB._\n';
  let text = clipBytes(markdown, limit - byteLength(note) - 64);
  text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  return `${text}${note}`;
}
