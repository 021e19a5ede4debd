import { forgetSecrets, redactAll, redactText, registerSecret, secretForms } from '../src/secrets';

/** Shaped like no known token: only redaction by value can catch it. */
const SECRET = 'plainSecretValue4Tests+/=0123456789';

afterEach(() => forgetSecrets());

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('secrets redacted by value', () => {
  beforeEach(() => registerSecret(SECRET));

  it.each([
    ['as given', `token ${SECRET} end`],
    ['percent-encoded', `?t=${encodeURIComponent(SECRET)}&x=1`],
    ['form-encoded', new URLSearchParams({ t: SECRET }).toString()],
    ['JSON-escaped', JSON.stringify({ t: `${SECRET}"q` })],
    ['base64', `value ${b64(SECRET)} end`],
    ['base64 without padding', `value ${b64(SECRET).replace(/=+$/, '')}.`],
    ['a git Basic header (x-access-token:)', `Authorization: Basic ${b64(`x-access-token:${SECRET}`)}`],
    ['an x-oauth-basic Basic header', `basic=${b64(`${SECRET}:x-oauth-basic`)}`],
    ['base64 at offset 1 of a longer blob', b64(`A${SECRET}tail-bytes`)],
    ['base64 at offset 2 of a longer blob', b64(`AB${SECRET}tail-bytes`)],
    ['base64url at offset 2', b64(`AB${SECRET}tail`).replace(/\+/g, '-').replace(/\//g, '_')],
  ])('%s', (_form, text) => {
    const out = redactText(text);
    expect(out).toContain('***');
    // No form of the secret, nor a long piece of its base64, is left.
    expect(out).not.toContain(SECRET);
    for (const form of secretForms(SECRET)) expect(out).not.toContain(form);
    expect(out).not.toContain(b64(SECRET).slice(4, 20));
  });

  it('redacts every string of a report, keys and numbers untouched', () => {
    const report = { action: 'model-threshold-gate', n: 3, nested: { problem: `401: echoed ${SECRET}`, list: [b64(SECRET)] } };
    expect(redactAll(report)).toEqual({ action: 'model-threshold-gate', n: 3, nested: { problem: '401: echoed ***', list: ['***'] } });
  });

  it('leaves ordinary text alone', () => {
    const text = 'accuracy 0.93 >= 0.90 on sentiment-model:abc1234 (HTTP 401 Bad credentials)';
    expect(redactText(text)).toBe(text);
  });
});

describe('credentials redacted by shape, registered or not', () => {
  it.each([
    ['an Authorization header', 'request had Authorization: token abcdefSECRET123', 'request had Authorization: token ***'],
    ['a JSON authorization field', '{"authorization":"Bearer abcdefSECRET123"}', '{"authorization":"Bearer ***"}'],
    ['a proxy header', 'proxy-authorization: Basic dXNlcjpwYXNz', 'proxy-authorization: Basic ***'],
    ['a GitHub token', 'ghp_0123456789abcdefghijABCDEFGHIJ0123 leaked', '*** leaked'],
    ['a fine-grained PAT', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '***'],
    ['a Slack bot token', 'xoxb-1234-5678-abcdefABCDEF', '***'],
    [
      'a Slack webhook',
      'posted to https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX',
      'posted to https://hooks.slack.com/services/***',
    ],
  ])('%s', (_what, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });
});

describe('a secret cut short by a bound', () => {
  beforeEach(() => registerSecret(SECRET));

  it.each([
    ['its start before a cut mark', `HTTP 401: echoed ${SECRET.slice(0, 12)}… (200 more bytes)`, 'HTTP 401: echoed ***… (200 more bytes)'],
    ['its start at the end of the text', `echoed ${b64(SECRET).slice(0, 20)}`, 'echoed ***'],
    ['its end after a cut mark', `kept …${SECRET.slice(-10)} done`, 'kept …*** done'],
    ['its end at the start of the text', `${SECRET.slice(-15)} was the rest`, '*** was the rest'],
  ])('%s', (_where, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });
});

it('does not take the start of a registered URL for a cut secret', () => {
  registerSecret('https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX');
  expect(redactText('see https://')).toBe('see https://');
  expect(redactText('posted to https://hooks.slack.com/')).toBe('posted to https://hooks.slack.com/');
  expect(redactText('echo https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX')).toBe('echo ***');
});
