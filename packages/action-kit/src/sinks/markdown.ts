/**
 * The markdown sink: job summaries and pull request comments, as GitHub
 * renders them. Foreign text must not become raw HTML (`<img src=…>` would
 * load, `<details>` would swallow the page), a live `@mention` (it notifies a
 * stranger), an autolinked `#123` (it cross-links an unrelated issue), a link
 * or image in markdown syntax, or break the table or code span it sits in.
 *
 * Safe by default: a plain string is foreign text and is escaped; only a
 * `Markdown` value (built here, or with the `md` tag from literal markup) is
 * inserted as it is. Nor may it become a link by GitHub's autolinking of bare
 * URLs: links come only from `link()` with a URL we built. So a builder that forgets to escape shows a backslash
 * too many, never a live tag.
 */

/** Markup we wrote ourselves: inserted as is. */
export class Markdown {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

export type MdValue = Markdown | string | number | boolean | null | undefined;

const ZWSP = '\u200B';

/**
 * Foreign text for one inline place (a cell, a list item, after a label).
 * Newlines become spaces; `<`, `&` and `|` become entities (without `<` no
 * tag can open; an entity pipe never splits a table cell); markdown punctuation is backslash-escaped;
 * a zero-width space after `@` and before an issue number stops GitHub's
 * mention and reference filters, which run on the rendered text (so a
 * backslash or an entity would not stop them).
 */
export function mdText(value: unknown): string {
  const text = String(value ?? '').replace(/\r\n?|\n/g, ' ');
  return (
    text
      .replace(/&/g, '&amp;')
      // Raw HTML, comments and autolinks all open with `<` and a letter, `/`, `!` or `?` (CommonMark 6.6, 6.5): `<= 200` stays readable.
      .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
      .replace(/\|/g, '&#124;')
      .replace(/[\\`*[\]~]/g, '\\$&')
      .replace(/(^|[^A-Za-z0-9])_|_(?=$|[^A-Za-z0-9])/g, (m) => m.replace('_', '\\_'))
      // GitHub mentions an `@` after any non-word character, a backslash or an escaped backtick included
      // (the escape is gone once rendered); after a letter, digit or `_` it does not: `repo@sha256:…` and
      // emails stay as they are.
      .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9_-])/g, `$1@${ZWSP}`)
      // GitHub autolinks bare URLs, `www.` names and e-mail addresses (the GFM autolink extension): not from foreign text.
      // Glued to a word too (`9http://…`, `a_www.…`), so no word boundary is required before either.
      // Every `://` is broken, whatever comes before it: matching the scheme itself without a word
      // boundary would rescan a long run of letters from each of its positions (quadratic on 64 KB).
      .replace(/:(?=\/\/)/g, `:${ZWSP}`)
      .replace(/(www)\./gi, `$1${ZWSP}.`)
      .replace(/([A-Za-z0-9._+-])@(?=[A-Za-z0-9-]+\.[A-Za-z0-9])/g, `$1@${ZWSP}`)
      .replace(/(?<!&)#(?=\d)/g, `#${ZWSP}`)
      .replace(/\b(GH)-(?=\d)/gi, `$1-${ZWSP}`)
      // A word of 7 to 40 hex digits is linked as a commit of this repository: broken after its sixth.
      .replace(/\b(?=[0-9a-f]{7,40}\b)(?=[0-9]*[a-f])(?=[a-f]*\d)([0-9a-f]{6})/gi, `$1${ZWSP}`)
      // Block markers only count at the start of a line: a heading, list item or setext rule (a quote is harmless).
      .replace(/^(\s*)([#=+-])(?=\s|$)/, '$1\\$2')
      .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
  );
}

/** Inline markup from a value: Markdown as is, anything else escaped as text. */
export function inline(value: MdValue): string {
  return value instanceof Markdown ? value.markup : mdText(value);
}

/**
 * A tagged template: the literal parts are our markup, every interpolated
 * value is escaped unless it is Markdown. `md`**${name}** → ${code(x)}``.
 */
export function md(strings: TemplateStringsArray, ...values: MdValue[]): Markdown {
  let out = strings[0] as string;
  values.forEach((value, i) => {
    out += inline(value) + (strings[i + 1] as string);
  });
  return new Markdown(out);
}

/** Trusted markup (ours), e.g. a heading we built from literals. */
export function markup(text: string): Markdown {
  return new Markdown(text);
}

/**
 * A code span that holds any text: the fence is one backtick longer than
 * the longest run inside (CommonMark), so backticks in the text cannot
 * close it. HTML and mentions are inert in code. Newlines become spaces.
 */
export function code(value: unknown): Markdown {
  // In a table a pipe must be `\|` even inside code, and `\|` itself cannot be written there.
  const text = String(value ?? '')
    .replace(/\r\n?|\n/g, ' ')
    .replace(/\\\|/g, '\\ |');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[`\s]|[`\s]$/.test(text) ? ' ' : '';
  return new Markdown(`${fence}${pad}${text}${pad}${fence}`);
}

/** A link only to http(s) URLs; anything else is shown as plain text. */
export function link(text: MdValue, url: string | undefined): Markdown {
  const label = inline(text);
  if (!url || !/^https?:\/\//i.test(url)) return new Markdown(label);
  const target = url.replace(/[\s()<>|"\\`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return new Markdown(`[${label}](${target})`);
}

/** One table cell: pipes escaped (GitHub splits cells before it parses code spans), newlines as <br>. */
export function cell(value: MdValue): string {
  if (typeof value === 'string' && /[\r\n]/.test(value))
    return value
      .split(/\r\n?|\n/)
      .map(cell)
      .join('<br>');
  const text = value === undefined || value === null || value === '' ? '—' : inline(value);
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Foreign text of several lines as a block: each line escaped, line breaks kept. */
export function mdLines(value: unknown): Markdown {
  return new Markdown(
    String(value ?? '')
      .split(/\r\n?|\n/)
      .map((line) => mdText(line))
      .join('  \n'),
  );
}

/** Joins Markdown and text parts with a separator, escaping the text. */
export function mdJoin(parts: MdValue[], separator = ' '): Markdown {
  return new Markdown(
    parts
      .filter((p) => p !== undefined && p !== null && p !== '')
      .map(inline)
      .join(separator),
  );
}
