import { proxyFor, proxySettings } from '../src/proxy-env';

describe('proxy settings read as curl reads them', () => {
  it('takes HTTPS_PROXY for https and HTTP_PROXY for http, the lower-case name first', () => {
    const s = proxySettings({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', HTTP_PROXY: 'proxy.corp:3128' });
    expect(proxyFor('https://api.github.com/repos', s)).toBe('http://lower:2');
    // No scheme: http://, as curl assumes.
    expect(proxyFor('http://example.com/', s)).toBe('http://proxy.corp:3128');
  });

  it('falls back to ALL_PROXY and goes direct when nothing is set', () => {
    expect(proxyFor('https://slack.com/api', proxySettings({ ALL_PROXY: 'http://all:8080' }))).toBe('http://all:8080');
    expect(proxyFor('https://slack.com/api', proxySettings({}))).toBeUndefined();
    expect(proxyFor('https://slack.com/api', proxySettings({ HTTP_PROXY: 'http://p:1' }))).toBeUndefined();
  });

  it.each([
    ['*', 'https://anything.example', true],
    ['example.com', 'https://example.com/x', true],
    ['example.com', 'https://api.example.com/x', true],
    ['.example.com', 'https://api.example.com/x', true],
    ['example.com', 'https://notexample.com/x', false],
    ['EXAMPLE.COM', 'https://Api.Example.com/x', true],
    ['10.0.0.0/8', 'http://10.1.2.3/', true],
    ['10.0.0.0/8', 'http://11.1.2.3/', false],
    ['169.254.169.254', 'http://169.254.169.254/latest', true],
    ['internal:8443', 'https://internal:8443/', true],
    ['internal:8443', 'https://internal/', false],
    ['::1', 'http://[::1]:8080/', true],
    ['a.test, b.test', 'https://b.test/', true],
    ['a.test b.test', 'https://b.test/', true],
  ])('NO_PROXY=%s for %s bypasses: %s', (noProxy, url, bypassed) => {
    const s = proxySettings({ https_proxy: 'http://p:1', http_proxy: 'http://p:1', no_proxy: noProxy });
    expect(proxyFor(url, s) === undefined).toBe(bypassed);
  });

  it('the `proxy` override replaces both proxies, `none` turns them off, NO_PROXY still holds', () => {
    const env = { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'direct.test' };
    expect(proxyFor('https://a.test/', proxySettings(env, 'http://input:2'))).toBe('http://input:2');
    expect(proxyFor('http://a.test/', proxySettings(env, 'http://input:2'))).toBe('http://input:2');
    expect(proxyFor('https://direct.test/', proxySettings(env, 'http://input:2'))).toBeUndefined();
    expect(proxyFor('https://a.test/', proxySettings(env, 'none'))).toBeUndefined();
  });
});
