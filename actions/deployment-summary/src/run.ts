import {
  ActionFailure,
  OUTPUT_BUDGET_BYTES,
  REPORT_SCHEMA,
  byteLength,
  redactAll,
  redactText,
  type DeploymentSummaryReport,
  type Log,
  type Sleep,
} from '@mlship/action-kit';
import { collect, type Collected } from './collect';
import { marker, tryComment } from './comment';
import type { RunContext } from './context';
import { tryDeployment } from './deployment';
import { bindPullRequest } from './fork-check';
import type { GitHubApi } from './github';
import type { Inputs } from './inputs';
import { COMMENT_LIMIT, headline, invalidLine, render, renderWithin, type RenderInput } from './render';
import { failureReason, recordOf } from './record';
import { SECTION_NAMES } from './sections';
import type { BotResult, Fetch } from './slack';

export interface Deps {
  context: RunContext;
  /** Creates the GitHub client on first use; undefined when there is no token. */
  github?: () => Promise<GitHubApi>;
  fetch: Fetch;
  sleep: Sleep;
  log: Log;
  signal?: AbortSignal;
  /** Slack's Web API; a stand-in's in tests (SLACK_API_URL). */
  slackApiUrl?: string;
}

export const SLACK_API_URL = 'https://slack.com/api';

export interface Result {
  /** The job summary, bounded to the runner's 1 MiB per step; compact when this job's steps wrote their own sections. */
  markdown: string;
  /** The `markdown` output: the whole report (as the comment), shortened when it would not fit one output. */
  markdownOutput: string;
  collected: Collected;
  comment?: { id: number; url: string; created: boolean };
  deploymentId?: number;
  slackSent?: boolean;
  slack?: BotResult;
  report: DeploymentSummaryReport;
}

/** The runner refuses a step summary over 1 MiB; keep a margin. */
const SUMMARY_BYTES = 1_000_000;

export async function run(inputs: Inputs, deps: Deps): Promise<Result> {
  const github = deps.github ? once(deps.github) : undefined;
  if (inputs.stage === 'start' && inputs.environment) return start(inputs, inputs.environment, deps);
  // workflow_run after a fork's pull request: the event names no pull request, the artifact did. Believed only if it is this run's.
  if (inputs.pullRequest !== undefined && deps.context.pullRequest?.number !== inputs.pullRequest) {
    if (!github) throw new ActionFailure('pull-request needs a github-token to check that the pull request belongs to this run');
    deps.context.pullRequest = await bindPullRequest(await github(), inputs.pullRequest, deps.context);
    if (deps.context.pullRequest.fork) deps.log.info(`Pull request #${inputs.pullRequest} comes from a fork: the comment says so.`);
  }
  const collected = collectRedacted(inputs);
  for (const bad of collected.invalid) deps.log.warning(invalidLine(bad));
  // Its credentials (a preview link's ?token=…) go nowhere: not into the page, not into the deployment status.
  const environmentUrl = inputs.environmentUrl && redactText(inputs.environmentUrl);
  const view: RenderInput = { collected, title: inputs.title, environment: inputs.environment, environmentUrl, context: deps.context };
  const full = render(view);
  // Steps of this job wrote their own sections on this page: the job summary refers to them (render.ts).
  const compact = collected.entries.some((e) => e.stepId !== undefined);
  const page = compact ? render(view, { maxRows: Number.POSITIVE_INFINITY, compact }) : full;
  const markdown = byteLength(page) <= SUMMARY_BYTES ? page : renderWithin(view, SUMMARY_BYTES, '', byteLength, compact).text;
  // The output and the comment are read elsewhere, without the page: the whole report.
  const markdownOutput = byteLength(full) <= OUTPUT_BUDGET_BYTES ? full : renderWithin(view, OUTPUT_BUDGET_BYTES, '', byteLength).text;
  const title = headline(view);

  const noGithub = (): Promise<GitHubApi> => Promise.reject(new Error('no github-token'));
  // Where text leaves for GitHub and Slack, every secret the action was given is redacted by value (secrets.ts).
  const body = renderWithin(view, COMMENT_LIMIT, `${marker(inputs.title)}\n`);
  body.text = redactText(body.text);
  if (body.shortened) deps.log.info(`The comment was shortened to ${body.text.length} characters; the job summary has everything.`);
  const comment = await tryComment(
    github ?? noGithub,
    { mode: inputs.prComment, title: inputs.title, context: deps.context, hasToken: github !== undefined },
    body.text,
    deps.log,
  );

  const deploymentId =
    inputs.deploymentStatus && inputs.environment
      ? await tryDeployment(
          github,
          {
            environment: inputs.environment,
            environmentUrl,
            verdict: collected.verdict,
            description: title,
            reason: failureReason(collected),
            context: deps.context,
            record: redactAll(recordOf(collected, inputs.environment, deps.context)),
            deploymentId: inputs.deploymentId,
          },
          deps.log,
        )
      : undefined;

  const { slackSent, bot } = await sendSlack(title, collected, inputs, deps);

  const report = summaryReport(title, collected, inputs, {
    commentId: comment?.id,
    commentUrl: comment?.url,
    deploymentId,
    slackSent,
    slackTs: bot?.ts,
  });
  return { markdown, markdownOutput, collected, comment, deploymentId, slackSent, slack: bot, report };
}

/**
 * `stage: start`: the deployment only, in progress, before the long part of
 * the job; no comment, no Slack (the final call sends those).
 */
async function start(inputs: Inputs, environment: string, deps: Deps): Promise<Result> {
  const collected = collectRedacted(inputs);
  const title = `🚀 Deploying to ${environment}`;
  const deploymentId = await tryDeployment(
    deps.github,
    {
      environment,
      environmentUrl: inputs.environmentUrl && redactText(inputs.environmentUrl),
      verdict: 'success',
      description: title,
      context: deps.context,
      record: redactAll(recordOf(collected, environment, deps.context, 'in_progress')),
    },
    deps.log,
    true,
  );
  const markdown = `### ${title}\n\n${deploymentId ? `GitHub deployment ${deploymentId} is in progress; the final summary follows.` : 'The deployment could not be recorded (see the warning).'}\n`;
  const report = summaryReport(title, collected, inputs, { deploymentId, stage: 'start' });
  return { markdown, markdownOutput: markdown, collected, deploymentId, report };
}

/** The reports to summarise. They carry foreign text and may be hand-made: no secret or URL credential in them goes any further. */
function collectRedacted(inputs: Inputs): Collected {
  const collected = collect(inputs.steps, inputs.reports, inputs.jobStatus, inputs.invalidReports);
  for (const entry of collected.entries) entry.report = redactAll(entry.report);
  return collected;
}

function summaryReport(
  headline: string,
  collected: Collected,
  inputs: Inputs,
  fields: Partial<DeploymentSummaryReport>,
): DeploymentSummaryReport {
  return {
    action: 'deployment-summary',
    schema: REPORT_SCHEMA,
    outcome: 'success',
    headline,
    verdict: collected.verdict,
    title: inputs.title,
    environment: inputs.environment,
    sections: collected.entries.map((e) => SECTION_NAMES[e.report.action]),
    ...fields,
  };
}

/**
 * The Slack message, by webhook and/or bot, when one is asked for. Its
 * builder and senders are loaded only then: most runs never pay for them.
 */
async function sendSlack(
  title: string,
  collected: Collected,
  inputs: Inputs,
  deps: Deps,
): Promise<{ slackSent?: boolean; bot?: BotResult }> {
  if (!inputs.slackWebhookUrl && !inputs.slack) return {};
  const [{ slackMessage }, { postSlack, sendWithBot }] = await Promise.all([import('./slack-message'), import('./slack')]);
  const message = redactAll(slackMessage(title, collected, deps.context, inputs.environment));
  const webhookSent = inputs.slackWebhookUrl ? await postSlack(inputs.slackWebhookUrl, message, deps) : undefined;
  const bot = inputs.slack ? await sendWithBot({ ...inputs.slack, apiUrl: deps.slackApiUrl ?? SLACK_API_URL }, message, deps) : undefined;
  if (bot?.sent) deps.log.info(`Slack message ${bot.how} (ts ${bot.ts}) in ${bot.channel}`);
  return { slackSent: webhookSent !== false && bot?.sent !== false, bot };
}

function once<T>(factory: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= factory());
}
