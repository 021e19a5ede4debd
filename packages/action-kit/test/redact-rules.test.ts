/**
 * The rules of URL-secret redaction (redact.ts) and of markdown escaping
 * (sinks/markdown.ts), one case per rule, imported from their own modules so a
 * mutation run loads only these tests for them.
 */
import { REDACTED, isSecretParam, redactDeep, redactUrls, sortSecrets, urlSecrets } from '../src/redact';
import { redactor } from '../src/secrets';
import { code, link, mdLines, mdText } from '../src/sinks/markdown';

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
  });
});
