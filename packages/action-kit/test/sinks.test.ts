import { details, facts, table } from '../src/markdown';
import { redactUrls, urlSecrets } from '../src/redact';
import type { SmokeReport } from '../src/reports';
import { reportJson } from '../src/runtime';
import { redactor } from '../src/secrets';
import { isCommandLine, logText } from '../src/sinks/log';
import { code, link, md, mdText } from '../src/sinks/markdown';
import { boundSummary, clipBytes, fitList } from '../src/sinks/output';
import { slackCode, slackLink, slackText } from '../src/sinks/slack';
import { ExpansionError, checkExpansion } from '../src/yaml';
import { load } from 'js-yaml';
import { NO_HAZARDS, hazards, links, renderMarkdown } from '../../../test/support/untrusted';

/** What a hostile server, model or pull request sends back. */
export const HOSTILE = [
  '<img src=https://evil.example/pixel.png>',
  '<script>alert(1)</script>',
  '<details open><summary>hi</summary>',
  '@octocat and @org/team please look',
  'fixes #123 and GH-7',
  '[click me](https://evil.example/phish) ![x](https://evil.example/x.png)',
  'a | b || c',
  '`code` ``two`` ```three```',
  '**bold** _it_ ~~gone~~',
  '# heading',
  '- item',
  '1. first',
  '&lt;img src=x&gt; &#64;octocat',
  '<!channel> <!here> <@U123> <https://evil.example|Click>',
].join('\n');

describe('log sink', () => {
  it('no line of foreign text starts a workflow command, in any form the runner reads', () => {
    const text = [
      'fine',
      '::add-mask::x',
      '  ::warning::indented',
      '::stop-commands::tok',
      'mid ##[set-output name=a]b',
      'cr\r::error::after a CR',
      '::',
    ].join('\n');
    const lines = logText(text).split('\n');
    // A lone CR ends a line for the runner: it becomes a newline here, so it is escaped like one.
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(isCommandLine(line)).toBe(false);
    // Readable as it was: only a zero-width space was added.
    expect(lines.map((l) => l.replace(/\u200B/g, ''))).toEqual([
      'fine',
      '::add-mask::x',
      '  ::warning::indented',
      '::stop-commands::tok',
      'mid ##[set-output name=a]b',
      'cr',
      '::error::after a CR',
      '::',
    ]);
  });
});

describe('markdown sink, rendered with a real markdown renderer', () => {
  it('escapes foreign text: no raw HTML, no live mention or reference, no markdown link or image', () => {
    const markdown = `Reason: ${mdText(HOSTILE)}\n`;
    expect(hazards(markdown)).toEqual(NO_HAZARDS);
    const html = renderMarkdown(markdown);
    expect(links(html)).toEqual([]);
    // Still readable: the words are there.
    expect(html).toContain('octocat');
    expect(html).toContain('&lt;img src=https:\u200B//evil.example/pixel.png&gt;');
  });

  it('keeps a table intact whatever its cells hold, code spans and pipes included', () => {
    const rows = HOSTILE.split('\n').map((line, i) => [line, code(line), i]);
    const markdown = `${table(['Text', 'Code', 'N'], rows)}\n`;
    expect(hazards(markdown)).toEqual(NO_HAZARDS);
    const html = renderMarkdown(markdown);
    expect(html.match(/<tr>/g)).toHaveLength(rows.length + 1);
    for (const row of html.split('<tr>').slice(2)) expect(row.match(/<td>/g)).toHaveLength(3);
    // The pipes of 'a | b || c' are in the cell, not splitting it.
    expect(html).toContain('<td>a | b || c</td>');
    expect(html).toContain('<td><code>a | b || c</code></td>');
  });

  it('builds code spans that backticks cannot close', () => {
    const html = renderMarkdown(`${code('a ``` b ` c')}\n`);
    expect(html).toContain('<code>a ``` b ` c</code>');
  });

  it('facts, details, links and md`` escape their text and keep our markup', () => {
    const body = [
      facts([
        ['Error', HOSTILE],
        ['Image', code('repo:tag')],
      ]),
      details(HOSTILE, md`- ${HOSTILE}`),
      md`**${'@octocat'}** ${link('<b>x</b>', 'https://console.example/a(b)')}`.markup,
    ].join('\n\n');
    expect(hazards(body)).toEqual(NO_HAZARDS);
    const html = renderMarkdown(body);
    expect(links(html)).toEqual(['https://console.example/a%28b%29']);
    expect(html).toContain('<strong>@\u200Boctocat</strong>');
  });

  it('shows no link for a URL that is not http(s)', () => {
    expect(link('x', 'javascript:alert(1)').markup).toBe('x');
  });
});

describe('Slack sink', () => {
  it('escapes <, > and &, so no <!channel>, <!here>, user mention or link survives', () => {
    const text = slackText(HOSTILE);
    expect(text).not.toMatch(/<[!@#]|<https?:/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;!here&gt;');
    expect(slackText('@channel')).toBe('@\u200Bchannel');
    expect(slackCode('a`b')).toBe('`aˋb`');
    expect(slackLink('https://github.com/o/r/actions/runs/1', 'Run | now')).toBe('<https://github.com/o/r/actions/runs/1|Run ¦ now>');
  });
});

describe('secrets in URLs', () => {
  const url = 'https://ghp_userToken1234567890@api.example.com/p?api_key=k%2By+z&X-Amz-Signature=abc123&page=2&code=c0de#frag';

  it('finds every form of each secret: raw, decoded, + as space, re-encoded', () => {
    const secrets = urlSecrets(url);
    for (const form of ['ghp_userToken1234567890', 'k%2By+z', 'k+y+z', 'k+y z', 'k%2By%20z', 'abc123', 'c0de'])
      expect(secrets).toContain(form);
    expect(secrets).not.toContain('2');
  });

  it('redacts by value every form, and by shape URLs it never saw', () => {
    const redact = redactor(urlSecrets(url));
    expect(redact(`echo: k+y z and k%2By%20z and ${url}`)).not.toMatch(/k.y.z|abc123|ghp_|c0de/);
    expect(redactUrls('got htp://user:pa55@host/x?token=t0k&sig=s1g&page=2 and https://plain.example/?q=1')).toBe(
      'got htp://***@host/x?token=***&sig=***&page=2 and https://plain.example/?q=1',
    );
    expect(redactUrls('https://u:p@ss@host/')).toBe('https://***@host/');
    for (const name of [
      'access_token',
      'apikey',
      'password',
      'pass',
      'secret',
      'auth',
      'credential',
      'X-Amz-Credential',
      'X-Amz-Date',
      'Signature',
    ]) {
      expect(redactUrls(`https://h/?${name}=value1`)).toBe(`https://h/?${name}=***`);
    }
  });
});

describe('output sizes', () => {
  it('fits a list to a byte budget, problems first, order kept', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ name: `check-${i}`, passed: i % 50 !== 7 }));
    const fitted = fitList(items, 2000, (item) => !item.passed);
    expect(Buffer.byteLength(JSON.stringify(fitted.items))).toBeLessThanOrEqual(2000);
    expect(fitted.items.filter((i) => !i.passed)).toHaveLength(10);
    expect(fitted.omitted).toBe(500 - fitted.items.length);
    const indexes = fitted.items.map((i) => Number(i.name.split('-')[1]));
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
  });

  it('replaces a report too large for its budget by its essentials', () => {
    const report = {
      action: 'smoke-test',
      schema: 1,
      outcome: 'failure',
      headline: 'h',
      error: 'e'.repeat(100_000),
      passed: false,
      checks: [],
    } as unknown as SmokeReport;
    const json = reportJson(report);
    expect(Buffer.byteLength(json)).toBeLessThan(4096);
    expect(JSON.parse(json)).toMatchObject({ action: 'smoke-test', truncated: true });
  });

  it('keeps a summary under the runner limit, cut at a line with a note', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `| row ${i} | ${'x'.repeat(80)} |`).join('\n');
    const bounded = boundSummary(big);
    expect(Buffer.byteLength(bounded)).toBeLessThanOrEqual(1_000_000);
    expect(bounded).toMatch(/\|\n\n_The rest was cut: a job summary holds at most 1 MiB._\n$/);
    expect(boundSummary('small')).toBe('small');
  });

  it('clips on a character boundary', () => {
    expect(clipBytes('😀'.repeat(100), 50)).not.toContain('\uFFFD');
  });
});

describe('YAML alias expansion', () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  ].join('\n');

  it('refuses a small document whose aliases expand past the limit', () => {
    expect(bomb.length).toBeLessThan(400);
    expect(() => checkExpansion(load(bomb))).toThrow(ExpansionError);
  });

  it('accepts a few aliases and large documents without any', () => {
    expect(() => checkExpansion(load('base: &b {x: 1}\none: *b\ntwo: *b'))).not.toThrow();
    expect(() => checkExpansion({ rows: Array.from({ length: 200_000 }, (_, i) => ({ i })) })).not.toThrow();
  });
});
