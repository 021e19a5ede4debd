/**
 * What adversarial tests look for in what an action wrote.
 *
 * Markdown: rendered by GitHub's own renderer, cmark-gfm (Debian's package,
 * with the table, strikethrough, autolink and tagfilter extensions GitHub
 * uses), with raw HTML kept (`--unsafe`: GitHub passes it on to its
 * sanitizer, so a tag that survives the escaping shows up here as a tag).
 * Then GitHub's filters that run after rendering are applied as GitHub
 * states them: a mention is `@name` or `@org/team` after any non-word
 * character, a reference `#123`, a commit a word of 7 to 40 hex digits.
 * cmark-gfm missing is a failure, never a skip (.ci/install-tools.sh installs it).
 */
import { execFileSync } from 'node:child_process';

const CMARK_ARGS = ['--unsafe', '-e', 'table', '-e', 'strikethrough', '-e', 'autolink', '-e', 'tagfilter'];

export function renderMarkdown(markdown: string): string {
  try {
    return execFileSync('cmark-gfm', CMARK_ARGS, { input: markdown, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('cmark-gfm is not installed: `apt-get install -y cmark-gfm` (.ci/install-tools.sh does it)', { cause: err });
    }
    throw err;
  }
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
  'del',
]);

/** Our hidden sticky-comment marker is the one HTML comment we write. */
const OUR_COMMENT = /^<!-- mlship:/;

/**
 * Tags foreign text made: any tag we never write, a closing tag with no
 * opening one before it (`</details>` would close our block and spill what
 * follows), and HTML comments (`<!--` hides the rest of the page).
 */
export function foreignTags(html: string): string[] {
  const found: string[] = [];
  const open = new Map<string, number>();
  for (const m of html.matchAll(/<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>?/g)) {
    if (m[0].startsWith('<!--')) {
      if (!OUR_COMMENT.test(m[0])) found.push('!--');
      continue;
    }
    const tag = (m[2] as string).toLowerCase();
    if (!OUR_TAGS.has(tag)) {
      found.push(m[1] ? `/${tag}` : tag);
      continue;
    }
    if (tag === 'br' || tag === 'hr') continue;
    const depth = open.get(tag) ?? 0;
    if (!m[1]) open.set(tag, depth + 1);
    else if (depth === 0) found.push(`/${tag}`);
    else open.set(tag, depth - 1);
  }
  return found;
}

/** Text as GitHub's mention and reference filters see it: rendered, outside code, pre and links, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<pre[\s\S]*?<\/pre>/g, ' ')
    .replace(/<a [^>]*>[\s\S]*?<\/a>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * `@name` and `@org/team` as GitHub links them: after any non-word character
 * (a backtick, a backslash, punctuation), a name of letters, digits and hyphens.
 */
export function liveMentions(html: string): string[] {
  return [...visibleText(html).matchAll(/(?:^|[^A-Za-z0-9_])@([A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][A-Za-z0-9_-]*)?)/g)].map(
    (m) => m[1] as string,
  );
}

/** `#123` (also `owner/repo#123`, `GH-123`) and commit-like hex words, as GitHub links them in text. */
export function liveReferences(html: string): string[] {
  const text = visibleText(html);
  const issues = [...text.matchAll(/(?:^|[^A-Za-z0-9_]|[\w.-]+\/[\w.-]+)(?:#|GH-)(\d+)\b/gi)].map((m) => m[1] as string);
  const commits = [...text.matchAll(/(?:^|[^A-Za-z0-9_])((?=[0-9]*[a-f])(?=[a-f]*\d)[0-9a-f]{7,40})(?![A-Za-z0-9_])/gi)].map(
    (m) => m[1] as string,
  );
  return [...issues, ...commits];
}

/** Links whose target is not one we build (the run, console pages, the environment). */
export function links(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1] as string);
}

/** Link and image targets that are not http(s): `javascript:`, `data:`, `vbscript:`… */
export function unsafeLinks(html: string): string[] {
  return [...html.matchAll(/<(?:a|img)\b[^>]*?\b(?:href|src)="([^"]*)"/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^(?:https?:\/\/|#)/i.test(target));
}

/** What foreign text could have made live in rendered markdown: tags, mentions, references, unsafe links. */
export function hazards(markdown: string): { tags: string[]; mentions: string[]; references: string[]; links: string[] } {
  const html = renderMarkdown(markdown);
  return { tags: foreignTags(html), mentions: liveMentions(html), references: liveReferences(html), links: unsafeLinks(html) };
}

export const NO_HAZARDS = { tags: [], mentions: [], references: [], links: [] };

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
