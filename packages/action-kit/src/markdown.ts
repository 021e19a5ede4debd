/**
 * Small Markdown builders for job summaries and PR comments. Cell, fact and
 * summary text goes through the markdown sink (sinks/markdown.ts): a plain
 * string is escaped as foreign text; Markdown values (code, link, md``) are
 * our markup and go in as they are.
 */
import { cell, code, inline, markup, type Markdown, type MdValue } from './sinks/markdown';

export { code };

export function table(headers: MdValue[], rows: MdValue[][]): string {
  const head = `| ${headers.map(cell).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${row.map(cell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/**
 * Key/value rows, leaving out empty values. GitHub renders a table only with
 * a header row; an empty one shows as a blank bar above the facts, so the
 * first fact is the header (bold as any header, which a key reads well as).
 */
export function facts(entries: Array<[string, MdValue]>): string {
  const rows = entries.filter(([, value]) => value !== undefined && value !== null && value !== '');
  const [head, ...body] = rows.map(([key, value]) => `| **${cell(key)}** | ${cell(value)} |`);
  if (head === undefined) return '';
  // Left-aligned, so the header row reads like the rows below it, not as a centred title.
  return [head, '| :--- | :--- |', ...body].join('\n');
}

/** A collapsed block; the summary line is inline, the body block markdown. */
export function details(summary: MdValue, body: MdValue): Markdown {
  return markup(`<details><summary>${inline(summary)}</summary>\n\n${inline(body)}\n\n</details>`);
}

export function verdictIcon(ok: boolean | undefined): string {
  if (ok === undefined) return '⏭️';
  return ok ? '✅' : '❌';
}
