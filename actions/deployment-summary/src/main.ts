import { loadToolkit, runMain, sleep, urlSecrets } from '@mlship/action-kit';
import { proxiedFetch } from '@mlship/action-kit/proxy';
import { readRunContext } from './context';
import { createGitHubApi } from './github';
import { readInputs } from './inputs';
import { run } from './run';

runMain(async ({ signal }) => {
  const inputs = await readInputs();
  const context = readRunContext();
  const kit = await loadToolkit();
  if (inputs.githubToken) kit.log.mask(inputs.githubToken);
  if (inputs.slackWebhookUrl) kit.log.mask(inputs.slackWebhookUrl);
  if (inputs.slack) kit.log.mask(inputs.slack.token);
  // An environment URL may carry a token (a preview link with ?token=…): masked before any call, in every form.
  for (const secret of inputs.environmentUrl ? urlSecrets(inputs.environmentUrl) : []) kit.log.mask(secret);
  const token = inputs.githubToken;
  const result = await run(inputs, {
    context,
    github: token ? () => createGitHubApi(token, context.owner, context.repo, signal, kit.log) : undefined,
    // Slack through HTTPS_PROXY / NO_PROXY like every other client (undici loads only when a proxy is set).
    fetch: await proxiedFetch(),
    sleep,
    log: kit.log,
    signal,
    slackApiUrl: process.env['SLACK_API_URL'] || undefined,
  });
  kit.setOutputs({
    markdown: result.markdownOutput,
    'comment-id': result.comment?.id,
    'comment-url': result.comment?.url,
    'deployment-id': result.deploymentId,
    'slack-ts': result.slack?.ts,
    'slack-channel-id': result.slack?.channel,
  });
  kit.setReport(result.report);
  await kit.writeSummary(result.markdown);
  kit.log.info(result.report.headline);
});
