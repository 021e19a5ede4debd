/**
 * The Slack sink: mrkdwn in an incoming-webhook message. Slack reads `<…>` as
 * a link or a special mention (`<!channel>`, `<!here>`, `<@U123>`,
 * `<https://evil|Click>`), so `&`, `<` and `>` become the entities Slack
 * documents, and a zero-width space after `@` keeps a plain `@channel` or
 * `@here` inert even where a workspace links names. Formatting characters are
 * left alone: at worst they bold a word. Backticks are replaced inside code
 * (Slack has no escape for them there).
 */

const ZWSP = '\u200B';

export function slackText(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWSP}`);
}

/** Inline code in Slack: a backtick inside would end it, so it becomes a look-alike. */
export function slackCode(value: unknown): string {
  return `\`${slackText(
    String(value ?? '')
      .replace(/`/g, 'ˋ')
      .replace(/\r?\n/g, ' '),
  )}\``;
}

/** A Slack link to an http(s) URL we built; the label escaped and free of `|`. */
export function slackLink(url: string, label: unknown): string {
  if (!/^https?:\/\//i.test(url)) return slackText(label);
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${slackText(label).replace(/\|/g, '¦')}>`;
}
