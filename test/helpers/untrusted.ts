/**
 * What adversarial tests look for in what an action wrote.
 *
 * Markdown: rendered the way a GitHub summary or comment is parsed (CommonMark
 * with GFM tables and strikethrough, raw HTML allowed, as GitHub allows a
 * subset), and finds what an attacker would want from it: live HTML tags
 * that did not come from us, live @mentions and #123 references. markdown-it
 * with html: true passes raw HTML straight through, so a tag that survives
 * the escaping shows up here as a tag.
 */
import MarkdownIt from 'markdown-it';

// linkify off: GitHub autolinks bare URLs in any text (a documented limit, SECURITY.md); what we test is markdown syntax.
const renderer = new MarkdownIt({ html: true, linkify: false });

export function renderMarkdown(markdown: string): string {
  return renderer.render(markdown);
}

/** Tags our own builders write; anything else in rendered HTML came from foreign text. */
const OUR_TAGS = new Set([
  'p',
  'h2',
  'h3',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'code',
  'pre',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'br',
  'a',
  'details',
  'summary',
  'blockquote',
  'hr',
]);

export function foreignTags(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b/g)].map((m) => (m[1] as string).toLowerCase()).filter((tag) => !OUR_TAGS.has(tag));
}

/** Text as GitHub's mention and reference filters see it: rendered, outside code and links, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<a [^>]*>[\s\S]*?<\/a>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#124;/g, '|')
    .replace(/&amp;/g, '&');
}

/** `@name` as GitHub links it: not after a word character, a name of letters, digits and hyphens. */
export function liveMentions(html: string): string[] {
  return [...visibleText(html).matchAll(/(?:^|[^\w`])@([A-Za-z0-9][A-Za-z0-9-]*)/g)].map((m) => m[1] as string);
}

export function liveReferences(html: string): string[] {
  return [...visibleText(html).matchAll(/(?:^|[^\w&])#(\d+)\b/g)].map((m) => m[1] as string);
}

/** Links whose target is not one we build (the run, console pages, the environment). */
export function links(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1] as string);
}

/** What foreign text could have made live in rendered markdown: tags, mentions, references. */
export function hazards(markdown: string): { tags: string[]; mentions: string[]; references: string[] } {
  const html = renderMarkdown(markdown);
  return { tags: foreignTags(html), mentions: liveMentions(html), references: liveReferences(html) };
}

export const NO_HAZARDS = { tags: [], mentions: [], references: [] };

/**
 * Log lines the runner would read as a command we did not write: any line
 * starting `::` (after white space) other than our own commands, and the
 * legacy `##[` anywhere. A bare CR ends a line for the runner, so it splits here too.
 */
export function strayCommands(stdout: string): string[] {
  return stdout
    .split(/\r\n|\r|\n/)
    .filter(
      (line) => (/^\s*::/.test(line) && !/^::(add-mask|error|warning|notice|debug|group|endgroup)::/.test(line)) || line.includes('##['),
    );
}

/** `::add-mask::` lines: each one blanks a value in every later line. */
export function maskLines(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/).filter((line) => line.trimStart().startsWith('::add-mask::'));
}
