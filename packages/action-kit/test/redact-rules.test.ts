/**
 * The rules of URL-secret redaction (redact.ts) and of markdown escaping
 * (sinks/markdown.ts), one case per rule, imported from their own modules so a
 * mutation run loads only these tests for them.
 */
import { REDACTED, isSecretParam, redactDeep, redactUrls, sortSecrets, urlSecrets } from '../src/redact';
import { redactor } from '../src/secrets';
import { cell, code, link, markup, mdJoin, mdLines, mdText } from '../src/sinks/markdown';
import { links, renderMarkdown } from '../../../test/support/untrusted';

describe('overlapping secrets', () => {
  it('are replaced longest first, so a short secret inside a long one leaves no tail behind', () => {
    expect(sortSecrets(['abc', 'abcdef', 'abcd'])).toEqual(['abcdef', 'abcd', 'abc']);
    expect(redactor(['abc', 'abcdef'])('token abcdef and abc')).toBe(`token ${REDACTED} and ${REDACTED}`);
  });

  it('shorter than three characters are not secrets: masking them would garble every line', () => {
    expect(sortSecrets(['ab', 'abc', 'abc'])).toEqual(['abc']);
  });
});

describe('urlSecrets: every form the secrets of one URL take', () => {
  it('a token standing as the user is masked by value', () => {
    expect(urlSecrets('https://ghp_tokenAsUser@github.com/o/r.git')).toContain('ghp_tokenAsUser');
  });

  it('a user beside a password is a name below 12 characters, a token from 12 on; the password always counts', () => {
    expect(urlSecrets('https://deploy:pw-secret@host/x')).toEqual(['pw-secret']);
    expect(urlSecrets('https://abcdefghijk:pw-secret@host/x')).not.toContain('abcdefghijk');
    expect(urlSecrets('https://abcdefghijkl:pw-secret@host/x')).toContain('abcdefghijkl');
  });

  it('`;` separates query parameters as `&` does', () => {
    expect(urlSecrets('https://host/p?page=2;token=semicolon-secret')).toEqual(['semicolon-secret']);
    expect(urlSecrets('https://host/p?page=2&token=amp-secret')).toEqual(['amp-secret']);
  });

  it('a secret parameter is masked as written, decoded, with + as a space, and in the query-string form', () => {
    const forms = urlSecrets('https://host/p?api_key=a%2Fb+c');
    expect(forms).toEqual(expect.arrayContaining(['a%2Fb+c', 'a/b+c', 'a/b c', 'a%2Fb%20c', 'a%2Fb%2Bc']));
    expect(forms).toEqual([...forms].sort((a, b) => b.length - a.length));
  });

  it('the scheme is read in any case: a token as the user of an HTTPS:// URL is masked', () => {
    expect(urlSecrets('HTTPS://ghp_upperScheme@github.com/o/r.git')).toContain('ghp_upperScheme');
  });

  it('a user without a password is masked by value however short; an empty user beside a password is nothing', () => {
    expect(urlSecrets('https://ghp_short@host/x')).toContain('ghp_short');
    expect(urlSecrets('https://:a-long-password@host/x')).toEqual(['a-long-password']);
  });

  it("only the URL's own user counts: a URL inside its query is no userinfo of it", () => {
    expect(urlSecrets('https://host/login?next=https://deploy@other.example/')).toEqual([]);
  });

  it('only the query is read: a `key=value` path segment is no parameter', () => {
    expect(urlSecrets('https://host/key=abc/p?page=1')).toEqual([]);
  });

  it('a parameter without `=` has no value to mask, and a secret-like word in a value does not make it secret', () => {
    expect(urlSecrets('https://host/p?remember_password')).toEqual([]);
    expect(urlSecrets('https://host/p?next=tokens-page')).toEqual([]);
  });

  it('the query-string form of a secret is masked: URLSearchParams encodes what encodeURIComponent leaves', () => {
    expect(urlSecrets('https://host/p?password=p(w)d!x')).toEqual(expect.arrayContaining(['p(w)d!x', 'p%28w%29d%21x']));
  });

  it('forms of three characters or more count, shorter ones do not', () => {
    expect(urlSecrets('https://host/p?token=ab&key=xyz')).toEqual(['xyz']);
  });

  it('a `?` inside the query is part of a value', () => {
    expect(urlSecrets('https://host/p?token=ab?cd')).toContain('ab?cd');
  });

  it('a secret with a malformed percent escape is masked as written and re-encoded', () => {
    expect(urlSecrets('https://host/p?token=ab%zz-secret')).toEqual(['ab%25zz-secret', 'ab%zz-secret']);
  });

  it('ignores parameters without a name or a secret-like name, and the fragment', () => {
    expect(urlSecrets('https://host/p?=orphan-value&page=12345#token=fragment-value')).toEqual([]);
  });
});

describe('isSecretParam', () => {
  it('knows credential names, decoded, and every X-Amz- parameter, by prefix only', () => {
    expect(isSecretParam('X-Amz-Signature')).toBe(true);
    expect(isSecretParam('x-amz-date')).toBe(true);
    expect(isSecretParam('api%5Fkey')).toBe(true);
    expect(isSecretParam('page')).toBe(false);
    expect(isSecretParam('my-x-amz-date')).toBe(false);
    expect(isSecretParam('token%zz')).toBe(true);
    // `+` is a space in a query: `to+ken` is two words, neither a credential name.
    expect(isSecretParam('to+ken')).toBe(false);
  });
});

describe('redactUrls: credentials by shape', () => {
  it('replaces userinfo, keeps an empty or already redacted one', () => {
    expect(redactUrls('clone https://user:pw@host/x failed')).toBe(`clone https://${REDACTED}@host/x failed`);
    expect(redactUrls('https://@host/x')).toBe('https://@host/x');
    expect(redactUrls(`https://${REDACTED}@host/x`)).toBe(`https://${REDACTED}@host/x`);
  });

  it('replaces secret-like query values after `?`, `&` and `;`, and nothing else', () => {
    expect(redactUrls('GET /p?token=a1&page=2;sig=b2&key=')).toBe(`GET /p?token=${REDACTED}&page=2;sig=${REDACTED}&key=`);
  });
});

describe('redactDeep', () => {
  it('redacts every string in arrays and objects, at any depth, and leaves other values as they are', () => {
    const report = { urls: ['https://u:p@host'], nested: { hint: 'https://host/?token=abc' }, count: 3, ok: true, none: null };
    expect(redactDeep(report)).toEqual({
      urls: [`https://${REDACTED}@host`],
      nested: { hint: `https://host/?token=${REDACTED}` },
      count: 3,
      ok: true,
      none: null,
    });
    expect(redactDeep('https://u:p@host', (text) => text.toUpperCase())).toBe('HTTPS://U:P@HOST');
  });
});

describe('mdText: no tag, comment or declaration can open', () => {
  it.each([
    ['</details>', '&lt;/details>'],
    ['<!-- hides the rest', '&lt;!-- hides the rest'],
    ['<!DOCTYPE x>', '&lt;!DOCTYPE x>'],
    ['<?php', '&lt;?php'],
    ['<img src=x>', '&lt;img src=x>'],
  ])('%s is escaped', (text, escaped) => {
    expect(mdText(text)).toBe(escaped);
  });

  it('`<` before a space or a digit stays readable', () => {
    expect(mdText('p99 <= 200 and <3')).toBe('p99 <= 200 and <3');
  });
});

describe('mdText: foreign text for one inline place', () => {
  it('every line break, a lone CR included, becomes a space', () => {
    expect(mdText('a\r\nb\rc\nd')).toBe('a b c d');
  });

  it('a pipe becomes an entity, so it never splits a table cell, and the entity keeps its #', () => {
    expect(mdText('a|b')).toBe('a&#124;b');
  });

  it('emphasis and strike-through marks are escaped; an underscore only at the edge of a word', () => {
    expect(mdText('**b** ~~gone~~')).toBe('\\*\\*b\\*\\* \\~\\~gone\\~\\~');
    expect(mdText('_it_ snake_case')).toBe('\\_it\\_ snake_case');
    expect(mdText('x_')).toBe('x\\_');
  });

  it.each([
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['===', '==='],
    ['=', '\\='],
    ['#', '\\#'],
    ['1. first', '1\\. first'],
    ['12) first', '12\\) first'],
    ['1.5 is a number', '1.5 is a number'],
    ['#hashtag', '#hashtag'],
  ])('a block marker only at the start of the text, followed by a blank: %j', (text, escaped) => {
    expect(mdText(text)).toBe(escaped);
  });

  it('a bare URL or www. name is never a link, even glued to a word (GitHub autolinks `9http://…` and `a_www.…`)', () => {
    expect(mdText('see https://a.example')).toBe('see https:\u200B//a.example');
    const glued = ['9http://a.example', 'x_http://a.example', '_http://a.example', 'a_www.evil.example'];
    for (const text of glued) expect(links(renderMarkdown(`${mdText(text)}\n`))).toEqual([]);
    // The test renderer is GitHub's (cmark-gfm): unescaped, each of these is a link.
    for (const text of glued) expect(links(renderMarkdown(`${text}\n`))).toHaveLength(1);
  });

  it('www. names and e-mail addresses are broken with a zero-width space, the text kept', () => {
    expect(mdText('www.evil.example')).toBe('www\u200B.evil.example');
    expect(mdText('a@evil.example')).toBe('a@\u200Bevil.example');
  });

  it('GH- references are broken in any case', () => {
    expect(mdText('GH-7 gh-8')).toBe('GH-\u200B7 gh-\u200B8');
  });

  it('a commit-like word is 7 to 40 hex digits with a letter and a digit; others stay as they are', () => {
    expect(mdText('1a2b3c4d')).toBe('1a2b3c\u200B4d');
    expect(mdText('12ab3c4d')).toBe('12ab3c\u200B4d');
    expect(mdText('order 12345678')).toBe('order 12345678');
    expect(mdText('deadbeef')).toBe('deadbeef');
    const long = '1a'.repeat(21);
    expect(mdText(long)).toBe(long);
  });
});

describe('code, cell and mdJoin', () => {
  it('a code span that starts or ends with a backtick or a blank is padded, at either end', () => {
    expect(code('a`').markup).toBe('`` a` ``');
    expect(code('`a').markup).toBe('`` `a ``');
    expect(code('a').markup).toBe('`a`');
  });

  it('a backslash before a pipe in code cannot escape it: `\\|` is kept apart', () => {
    expect(code('a\\|b').markup).toBe('`a\\ |b`');
  });

  it('a cell of several lines keeps them apart with <br>; an empty cell shows a dash', () => {
    expect(cell('a\nb|c')).toBe('a<br>b&#124;c');
    expect(cell('a\r\nb\rc')).toBe('a<br>b<br>c');
    expect(cell('')).toBe('—');
    expect(cell(null)).toBe('—');
    expect(cell(markup('x | y'))).toBe('x \\| y');
  });

  it('mdJoin leaves out empty parts and escapes the text ones', () => {
    expect(mdJoin(['a|', '', null, undefined, markup('**b**')], ', ').markup).toBe('a&#124;, **b**');
  });
});

describe('nothing is shown for a missing value', () => {
  it('mdText, code and mdLines of null or undefined are empty', () => {
    expect(mdText(undefined)).toBe('');
    expect(mdText(null)).toBe('');
    expect(code(undefined).markup).toBe('``');
    expect(mdLines(null).markup).toBe('');
  });
});

describe('mdLines: foreign text of several lines', () => {
  it('escapes each line and keeps every kind of line break as a markdown hard break', () => {
    expect(mdLines('one <b>\r\ntwo @octocat\rthree\nfour').markup).toBe(`one &lt;b>  \ntwo @\u200Boctocat  \nthree  \nfour`);
  });
});

describe('link: only http(s) targets', () => {
  it('`javascript:` with an `https://` inside is plain text, not a link', () => {
    expect(link('x', 'javascript:alert(1)//https://a.example').markup).toBe('x');
    expect(link('x', ' https://a.example').markup).toBe('x');
  });

  it('an http(s) URL, of any case, is a link with its risky characters percent-encoded', () => {
    expect(link('run', 'HTTPS://a.example/x y').markup).toBe('[run](HTTPS://a.example/x%20y)');
    expect(link('run', 'http://a.example/(x)').markup).toBe('[run](http://a.example/%28x%29)');
    expect(link('run', 'https://a.example/<x>|\t').markup).toBe('[run](https://a.example/%3Cx%3E%7C%09)');
  });
});
