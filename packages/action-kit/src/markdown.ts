/** Small Markdown builders for job summaries and PR comments. */

export function escapeCell(value: unknown): string {
  const text = value === undefined || value === null || value === '' ? '—' : String(value);
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function table(headers: string[], rows: unknown[][]): string {
  const head = `| ${headers.map(escapeCell).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** Key/value rows, leaving out empty values. */
export function facts(entries: Array<[string, unknown]>): string {
  const rows = entries.filter(([, value]) => value !== undefined && value !== null && value !== '');
  // An empty header row: GitHub needs one, and a '—' there would read as missing data.
  const body = rows.map(([key, value]) => `| **${escapeCell(key)}** | ${escapeCell(value)} |`);
  return ['| | |', '| --- | --- |', ...body].join('\n');
}

export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

export function verdictIcon(ok: boolean | undefined): string {
  if (ok === undefined) return '⏭️';
  return ok ? '✅' : '❌';
}

/** First `limit` bytes of a response body, for error messages. */
export function truncateBytes(text: string, limit = 500): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= limit) return text;
  return `${buf.subarray(0, limit).toString('utf8')}… (${buf.length - limit} more bytes)`;
}
