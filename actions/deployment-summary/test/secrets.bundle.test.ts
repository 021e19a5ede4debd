/**
 * Reports that carry the secrets given to deployment-summary (a 401 body
 * echoing the token, a step that printed the webhook URL): every sink the
 * action writes to (outputs, report, job summary, pull request comment, the
 * deployment record, Slack) shows none of them, in any common encoding.
 * Through the committed bundle, against the local GitHub, Slack API and
 * webhook stand-ins.
 */
import { runAction } from '../../../test/support/run-action';
import { startFakeGitHub, startWebhook, type FakeGitHub } from '../../../test/support/fake-github';
import { startFakeSlack, type FakeSlack } from '../../../test/support/fake-slack';
import { gateReport, greenSteps, smokeCheck, smokeReport, step } from './fixtures';

/** Shaped like no known token: only redaction by value catches it. */
const TOKEN = 'plainSummaryToken4Tests0123456789ab';
/** A preview link's credential, in environment-url. */
const PREVIEW_SECRET = 'previewSecret0123456789';
const b64 = (text: string): string => Buffer.from(text).toString('base64');

let github: FakeGitHub;
let slack: FakeSlack;
let hook: Awaited<ReturnType<typeof startWebhook>>;
beforeEach(async () => {
  [github, slack, hook] = await Promise.all([startFakeGitHub(), startFakeSlack(), startWebhook()]);
});
afterEach(() => Promise.all([github.close(), slack.close(), hook.close()]));

it('redacts the token, the webhook URL and the Slack token by value from every sink', async () => {
  const secrets = [TOKEN, hook.url, slack.token, PREVIEW_SECRET];
  const echo = (s: string): string => `${s} ${encodeURIComponent(s)} ${b64(s)} ${b64(`x-access-token:${s}`)}`;
  const leaky = secrets.map(echo).join(' | ');
  const steps = {
    ...greenSteps(),
    gate: step(
      gateReport({
        baselineRecord: {
          environment: 'production',
          found: false,
          problem: `HTTP 401: Bad credentials, got Authorization: token ${TOKEN}; ${leaky}`,
        },
      }),
    ),
    smoke: step(
      smokeReport({
        outcome: 'failure',
        passed: false,
        headline: `1 failed: ${leaky}`,
        checks: [smokeCheck({ passed: false, reason: leaky })],
      }),
      'failure',
    ),
  };
  const result = await runAction('deployment-summary', {
    event: { number: 17, pull_request: { number: 17, head: { sha: 'feedfacefeedfacefeedfacefeedfacefeedface' } } },
    inputs: {
      steps: JSON.stringify(steps),
      'job-status': 'failure',
      'github-token': TOKEN,
      environment: 'production',
      'environment-url': `https://preview.example.com/?token=${PREVIEW_SECRET}`,
      'deployment-status': 'true',
      'slack-webhook-url': hook.url,
      'slack-bot-token': slack.token,
      'slack-channel': 'deploys',
    },
    env: { GITHUB_API_URL: github.url, SLACK_API_URL: slack.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/17/merge' },
  });
  expect(result.errors).toEqual([]);
  expect(github.comments).toHaveLength(1);
  expect(slack.messages).toHaveLength(1);
  expect(hook.bodies).toHaveLength(1);
  const sent = [
    JSON.stringify(result.outputs),
    result.summary,
    result.stdout.replace(/^::add-mask::.*$/gm, ''),
    github.comments[0]!.body,
    JSON.stringify(github.deployments),
    JSON.stringify(slack.messages),
    JSON.stringify(hook.bodies),
  ];
  for (const secret of secrets) {
    for (const form of [secret, encodeURIComponent(secret), b64(secret), b64(`x-access-token:${secret}`)]) {
      for (const text of sent) expect({ form, leaked: text.includes(form) }).toEqual({ form, leaked: false });
    }
  }
  expect(github.deployments[0]!.statuses.map((st) => st.environment_url)).toContain('https://preview.example.com/?token=***');
  // What is left is still readable where it was.
  expect(github.comments[0]!.body).toContain('Bad credentials, got Authorization: token ***');
});
