/**
 * A server (GitHub, or a proxy in front of it) that answers 401 echoing the
 * request's Authorization header, the token bare and in its encodings. The
 * gate quotes GitHub's message in `report.problem`, `results` and its
 * summary; the token given to the action must be in none of them, in no form.
 * Through the committed bundle with the real Octokit against the local fake.
 */
import { runAction } from '../../../test/support/run-action';
import { startFakeGitHub, type FakeGitHub } from '../../../test/support/fake-github';

/** Shaped like no known token prefix: only redaction by value catches it. */
const TOKEN = 'plainGateToken4Tests0123456789abcdef';
const b64 = (text: string): string => Buffer.from(text).toString('base64');
/** Every form of the token the echo holds, and pieces of its base64 (a partial echo). */
const FORMS = [TOKEN, encodeURIComponent(TOKEN), b64(TOKEN), b64(`x-access-token:${TOKEN}`), b64(TOKEN).slice(4, 24)];

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
});
afterEach(() => github.close());

it("keeps the token given to the action out of the report, outputs, summary and log when GitHub's 401 echoes it", async () => {
  github.override = (request) => [
    401,
    {
      message: `Bad credentials. You sent Authorization: ${request.authorization}; as Basic ${b64(`x-access-token:${TOKEN}`)}; raw ${TOKEN}; encoded ${encodeURIComponent(TOKEN)}; b64 ${b64(TOKEN)}`,
      documentation_url: 'https://docs.github.com/rest',
    },
  ];
  const result = await runAction('model-threshold-gate', {
    inputs: {
      metrics: '{"accuracy": 0.93}',
      'baseline-environment': 'production',
      'github-token': TOKEN,
      thresholds: 'accuracy >= 0.90',
      'max-regression': 'accuracy 0.02',
      'missing-baseline': 'warn',
    },
    env: { GITHUB_API_URL: github.url },
  });
  expect(github.requests.length).toBeGreaterThan(0);
  const problem = (result.report()['baselineRecord'] as { problem: string }).problem;
  // The message is still there for a person to read, with the secret parts blanked.
  expect(problem).toMatch(
    /Bad credentials\. You sent Authorization: token \*\*\*; as Basic \*\*\*; raw \*\*\*; encoded \*\*\*; b64 \*\*\*/,
  );
  const everything = [JSON.stringify(result.outputs), result.summary, result.stdout.replace(/^::add-mask::.*$/gm, '')].join('\n');
  for (const form of FORMS) expect(everything).not.toContain(form);
});
