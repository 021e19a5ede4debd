import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, InputReader, asReport, parseJsonOrYaml, regularFileProblem, reportIssue, type AnyReport } from '@mlship/action-kit';

export type JobStatus = 'success' | 'failure' | 'cancelled';
export type PrComment = 'auto' | 'true' | 'false';

/** One entry of `${{ toJSON(steps) }}`. */
export interface StepState {
  outputs: Record<string, string>;
  outcome?: string;
  conclusion?: string;
}

/** A report that failed the schema: shown in its place as "report from <source> is not valid: <field>: <what>". */
export interface InvalidReport {
  source: string;
  action?: AnyReport['action'];
  problem: string;
}

export interface Inputs {
  steps: Record<string, StepState>;
  reports: AnyReport[];
  /** Reports given that failed the schema (a fork's artifact, a hand-made file): named, not rendered. */
  invalidReports: InvalidReport[];
  /** Undefined when the workflow did not pass `${{ job.status }}`: derived from the steps. */
  jobStatus?: JobStatus;
  title: string;
  environment?: string;
  environmentUrl?: string;
  prComment: PrComment;
  /** The pull request to comment on, when the event does not name one (workflow_run after a fork's pull request). */
  pullRequest?: number;
  deploymentStatus: boolean;
  /** `start`: only create the deployment, in progress (deployment.ts startDeployment); `finish`: the whole report. */
  stage: 'start' | 'finish';
  /** The deployment `stage: start` created, to finish. */
  deploymentId?: number;
  githubToken?: string;
  slackWebhookUrl?: string;
  slack?: SlackBotInputs;
}

export interface SlackBotInputs {
  token: string;
  channel: string;
  ts?: string;
  thread: boolean;
}

const STEPS_EXAMPLE = 'steps: ${{ toJSON(steps) }}';

export async function readInputs(
  reader: InputReader = new InputReader(),
  workspace = process.env['GITHUB_WORKSPACE'] || process.cwd(),
): Promise<Inputs> {
  const steps = await readSteps(reader);
  const { reports, invalidReports } = await readReports(reader, workspace);
  const stage = reader.enumOf('stage', ['start', 'finish'] as const, 'finish');
  if (stage === 'finish' && Object.keys(steps).length === 0 && reports.length === 0 && invalidReports.length === 0) {
    throw new InputError('steps', 'is empty and no `reports` were given: there is nothing to summarise', STEPS_EXAMPLE);
  }
  const environment = reader.string('environment');
  const deploymentStatus = reader.boolean('deployment-status', false);
  if (deploymentStatus && environment === undefined) {
    throw new InputError('environment', 'is required when deployment-status is true', 'environment: production');
  }
  const pullRequest = readPullRequest(reader);
  const githubToken = reader.string('github-token');
  if (pullRequest !== undefined && githubToken === undefined) {
    throw new InputError(
      'github-token',
      'is required with pull-request: the pull request is checked against the run before anything is posted',
      'github-token: ${{ github.token }}',
    );
  }
  const deploymentId = readDeploymentId(reader, stage, deploymentStatus);
  if (stage === 'start' && !deploymentStatus) {
    throw new InputError('stage', 'is start, which creates the deployment, but deployment-status is not true', 'deployment-status: true');
  }
  return {
    steps,
    reports,
    invalidReports,
    jobStatus: reader.enumOf('job-status', ['success', 'failure', 'cancelled'] as const, undefined, {
      example: 'job-status: ${{ job.status }}',
    }),
    title: readTitle(reader),
    environment,
    environmentUrl: readUrl(reader, 'environment-url', 'environment-url: https://api.example.com', true),
    prComment: reader.enumOf('pr-comment', ['auto', 'true', 'false'] as const, 'auto'),
    pullRequest,
    deploymentStatus,
    stage,
    deploymentId,
    githubToken,
    slackWebhookUrl: readUrl(reader, 'slack-webhook-url', 'slack-webhook-url: ${{ secrets.SLACK_WEBHOOK_URL }}', false),
    slack: readSlackBot(reader),
  };
}

function readDeploymentId(reader: InputReader, stage: Inputs['stage'], deploymentStatus: boolean): number | undefined {
  const text = reader.string('deployment-id');
  if (text === undefined) return undefined;
  const example = 'deployment-id: ${{ steps.start.outputs.deployment-id }}';
  if (!/^[1-9]\d{0,15}$/.test(text))
    throw new InputError('deployment-id', `must be a deployment ID (a number); got '${text.slice(0, 40)}'`, example);
  if (stage === 'start') throw new InputError('deployment-id', 'is for the final call; stage start creates the deployment', example);
  if (!deploymentStatus)
    throw new InputError('deployment-id', 'needs deployment-status: true (the final status is added to it)', 'deployment-status: true');
  return Number(text);
}

function readPullRequest(reader: InputReader): number | undefined {
  const text = reader.string('pull-request');
  if (text === undefined) return undefined;
  // It may come from a fork's artifact: a number and nothing else.
  if (!/^[1-9]\d{0,9}$/.test(text)) {
    throw new InputError(
      'pull-request',
      `must be a pull request number; got '${text.slice(0, 40)}'`,
      'pull-request: ${{ steps.pr.outputs.number }}',
    );
  }
  return Number(text);
}

function readSlackBot(reader: InputReader): SlackBotInputs | undefined {
  const token = reader.string('slack-bot-token');
  const channel = reader.string('slack-channel');
  const ts = reader.string('slack-message-ts');
  const thread = reader.boolean('slack-thread', false);
  if (token === undefined) {
    if (channel !== undefined)
      throw new InputError('slack-bot-token', 'is required when slack-channel is set', 'slack-bot-token: ${{ secrets.SLACK_BOT_TOKEN }}');
    if (ts !== undefined)
      throw new InputError(
        'slack-bot-token',
        'is required when slack-message-ts is set',
        'slack-bot-token: ${{ secrets.SLACK_BOT_TOKEN }}',
      );
    return undefined;
  }
  // The token is a secret: never echoed.
  if (!/^xox[a-z]-[A-Za-z0-9-]+$/.test(token))
    throw new InputError('slack-bot-token', 'is not a Slack bot token (xoxb-…)', 'slack-bot-token: ${{ secrets.SLACK_BOT_TOKEN }}');
  if (channel === undefined)
    throw new InputError('slack-channel', 'is required with slack-bot-token: the channel ID (C…) or name', 'slack-channel: C0123456789');
  if (ts !== undefined && !/^\d{1,12}\.\d{1,8}$/.test(ts)) {
    throw new InputError(
      'slack-message-ts',
      `must be a Slack message timestamp like 1733100000.123456; got '${ts.slice(0, 40)}'`,
      'slack-message-ts: ${{ needs.staging.outputs.slack-ts }}',
    );
  }
  if (thread && ts === undefined)
    throw new InputError(
      'slack-thread',
      'needs slack-message-ts: the message to reply to',
      'slack-message-ts: ${{ needs.staging.outputs.slack-ts }}',
    );
  return { token, channel, ts, thread };
}

function readTitle(reader: InputReader): string {
  const title = reader.string('title', { default: 'Deployment' }) as string;
  // The title goes into a one-line heading and into the hidden marker comment.
  if (/[\r\n]/.test(title) || title.includes('--')) {
    throw new InputError('title', 'must be one line without "--"', 'title: Deploy to production');
  }
  if (title.length > 200)
    throw new InputError('title', `must be at most 200 characters; got ${title.length}`, 'title: Deploy to production');
  return title;
}

/** The webhook URL is a secret: never echo it in the error. */
function readUrl(reader: InputReader, name: string, example: string, showValue: boolean): string | undefined {
  const value = reader.string(name);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    const got = showValue ? `; got '${value}'` : '';
    throw new InputError(name, `must be an http(s) URL${got}`, example);
  }
  return value;
}

async function readSteps(reader: InputReader): Promise<Record<string, StepState>> {
  const doc = await reader.document('steps', { example: STEPS_EXAMPLE });
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InputError(
      'steps',
      'must be the object `${{ toJSON(steps) }}` gives (step id -> {outputs, outcome, conclusion})',
      STEPS_EXAMPLE,
    );
  }
  const steps: Record<string, StepState> = {};
  for (const [id, value] of Object.entries(doc as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError('steps', `entry '${id}' is not a step object with outputs and outcome`, STEPS_EXAMPLE);
    }
    const step = value as { outputs?: unknown; outcome?: unknown; conclusion?: unknown };
    const outputs: Record<string, string> = {};
    if (typeof step.outputs === 'object' && step.outputs !== null) {
      for (const [key, out] of Object.entries(step.outputs)) outputs[key] = typeof out === 'string' ? out : JSON.stringify(out);
    }
    steps[id] = {
      outputs,
      outcome: typeof step.outcome === 'string' ? step.outcome : undefined,
      conclusion: typeof step.conclusion === 'string' ? step.conclusion : undefined,
    };
  }
  return steps;
}

/** A report file of an artifact (a fork's pull request run, downloaded by a workflow_run workflow) is small. */
const MAX_REPORT_FILE_BYTES = 4 * 1024 * 1024;
const PATH_LINE = /^[^{}[\]"'\s-][^{}\n]*\.(json|ya?ml)$/i;

/**
 * `reports` names files when every line is a path ending in .json, .yml or
 * .yaml (artifacts are files); otherwise it is the documents themselves.
 */
export async function readReportFiles(text: string, workspace: string): Promise<Sourced[] | undefined> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0 || !lines.every((l) => PATH_LINE.test(l))) return undefined;
  const example = 'reports: mlship-report/gate.json';
  const docs: Sourced[] = [];
  for (const path of lines) {
    const absolute = resolve(workspace, path);
    const problem = regularFileProblem(absolute);
    if (problem) throw new InputError('reports', `names '${path}', which ${problem} (looked for ${absolute})`, example);
    if (statSync(absolute).size > MAX_REPORT_FILE_BYTES) {
      throw new InputError(
        'reports',
        `names '${path}', which is larger than ${MAX_REPORT_FILE_BYTES / 1024 / 1024} MiB: not a report`,
        example,
      );
    }
    try {
      const doc = await parseJsonOrYaml(await readFile(absolute, 'utf8'));
      const items = Array.isArray(doc) ? doc : [doc];
      docs.push(...items.map((item, i) => ({ doc: item, source: items.length > 1 ? `${path} (item ${i + 1})` : path })));
    } catch (err) {
      throw new InputError(
        'reports',
        `names '${path}', which is not JSON or YAML: ${(err as Error).message.split('\n')[0]?.slice(0, 200)}`,
        example,
      );
    }
  }
  return docs;
}

interface Sourced {
  doc: unknown;
  /** Where it came from, as a person would find it: a file path, or the item of the input. */
  source: string;
}

async function readReports(reader: InputReader, workspace: string): Promise<{ reports: AnyReport[]; invalidReports: InvalidReport[] }> {
  const example = 'reports: ${{ steps.gate.outputs.report }}';
  const files = await readReportFiles(reader.raw('reports'), workspace);
  const items = files ?? inlineItems(await reader.document('reports', { example }));
  const reports: AnyReport[] = [];
  const invalidReports: InvalidReport[] = [];
  for (const [index, { doc, source }] of items.entries()) {
    const value = typeof doc === 'string' ? parseJson(doc) : doc;
    const report = asReport(value);
    if (report === undefined) {
      throw new InputError('reports', `item ${index + 1} is not a report of an mlship action (needs "action" and "schema": 1)`, example);
    }
    // A report that is ours but wrong inside is shown as such in its place; the rest of the summary is still written.
    const issue = reportIssue(report.action, report as unknown as Record<string, unknown>);
    if (issue) invalidReports.push({ source, action: report.action, problem: `${issue.field}: ${issue.what}` });
    else reports.push(report);
  }
  return { reports, invalidReports };
}

function inlineItems(doc: unknown): Sourced[] {
  if (doc === undefined || doc === null) return [];
  const items = Array.isArray(doc) ? doc : [doc];
  return items.map((item, i) => ({ doc: item, source: `item ${i + 1} of the reports input` }));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
