/** deployment-summary's own report: where it wrote the summary and what it contained. */
import type { ReportBase } from './base';
import { bool, list, num, oneOf, opt, str, type FieldsOf } from './schema';

export interface DeploymentSummaryReport extends ReportBase<'deployment-summary'> {
  verdict: 'success' | 'failure' | 'cancelled';
  title?: string;
  environment?: string;
  commentId?: number;
  commentUrl?: string;
  deploymentId?: number;
  /** `start` when the call only created the deployment, in progress (deployment-summary's `stage` input). */
  stage?: 'start';
  /** Set when a slack-webhook-url was given: whether the message was accepted. */
  slackSent?: boolean;
  /** The bot-token mode: the timestamp of the message posted or updated (pass it as slack-message-ts to update it again). */
  slackTs?: string;
  /** Section names in the order rendered, e.g. ["Model gate", "Image"]. */
  sections: string[];
}

export const SUMMARY_FIELDS: FieldsOf<DeploymentSummaryReport> = {
  verdict: oneOf('success', 'failure', 'cancelled'),
  title: str,
  environment: str,
  commentId: num,
  commentUrl: str,
  deploymentId: num,
  slackSent: bool,
  slackTs: str,
  stage: opt(oneOf('start')),
  sections: list('string'),
};
