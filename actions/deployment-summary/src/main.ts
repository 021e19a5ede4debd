import { sleep, urlSecrets } from '@mlship/action-kit';
import { runAction } from '@mlship/action-kit/lifecycle';
import { proxiedFetch } from '@mlship/action-kit/proxy';
import { readRunContext, type RunContext } from './context';
import { createGitHubApi } from './github';
import { readInputs, type Inputs } from './inputs';
import type { Output } from './names';
import { run, type Result } from './run';

void runAction<{ inputs: Inputs; context: RunContext }, Result>({
  inputs: async () => ({ inputs: await readInputs(), context: readRunContext() }),
  secrets: ({ inputs }) => [
    inputs.githubToken,
    inputs.slackWebhookUrl,
    inputs.slack?.token,
    // An environment URL may carry a token (a preview link with ?token=…): masked before any call, in every form.
    ...(inputs.environmentUrl ? urlSecrets(inputs.environmentUrl) : []),
  ],
  async core({ inputs: { inputs, context }, kit, signal }) {
    const token = inputs.githubToken;
    return run(inputs, {
      context,
      github: token ? () => createGitHubApi(token, context.owner, context.repo, signal, kit.log) : undefined,
      // Slack through HTTPS_PROXY / NO_PROXY like every other client (undici loads only when a proxy is set).
      fetch: await proxiedFetch(),
      sleep,
      log: kit.log,
      signal,
      slackApiUrl: process.env['SLACK_API_URL'] || undefined,
    });
  },
  // A summary that could not be written has nothing to publish: the error line says why.
  publish: (_, ending) =>
    'error' in ending
      ? {}
      : {
          outputs: {
            markdown: ending.result.markdownOutput,
            'comment-id': ending.result.comment?.id,
            'comment-url': ending.result.comment?.url,
            'deployment-id': ending.result.deploymentId,
            'slack-ts': ending.result.slack?.ts,
            'slack-channel-id': ending.result.slack?.channel,
          } satisfies Record<Output, unknown>,
          report: ending.result.report,
          summary: ending.result.markdown,
          log: ending.result.report.headline,
        },
});
