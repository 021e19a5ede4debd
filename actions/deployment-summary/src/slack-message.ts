/**
 * The Slack message: Block Kit with a plain-text fallback (what
 * notifications and old clients show). It says what changed: the headline,
 * the environment and the version (old → new), the gate's metrics against
 * production with deltas, the smoke results in one line, who, which branch,
 * which commit, and a button to the run. Every foreign value (report text,
 * names, the branch, the title) goes through the kit's Slack sink.
 */
import {
  clipBytes,
  slackCode,
  slackLink,
  slackText as escape,
  type GateReport,
  type GateRuleResult,
  type LambdaReport,
  type SmokeReport,
  formatNumber as num,
} from '@mlship/action-kit';
import type { Collected } from './collect';
import { commitUrl, runUrl, type RunContext } from './context';

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

/** Slack refuses a section text over 3,000 characters and more than 50 blocks; stay well inside. */
const SECTION_BYTES = 2_900;
const MAX_METRICS = 10;

function first<T>(collected: Collected, action: string): T | undefined {
  return collected.entries.find((e) => e.report.action === action)?.report as T | undefined;
}

function oneLine(text: string, bytes = 300): string {
  return clipBytes(text.replace(/\s+/g, ' ').trim(), bytes);
}

function signed(n: number): string {
  return `${n > 0 ? '+' : ''}${num(n)}`;
}

/** `accuracy 0.93 vs 0.925 (+0.005, +0.54%) ✅`, one per metric, regression rules first (they carry the comparison). */
export function metricLines(gate: GateReport): string[] {
  const seen = new Set<string>();
  const rules = [...gate.rules.filter((r) => r.kind === 'regression'), ...gate.rules.filter((r) => r.kind === 'threshold')];
  const lines: string[] = [];
  for (const rule of rules) {
    if (seen.has(rule.metric)) continue;
    seen.add(rule.metric);
    lines.push(metricLine(rule));
  }
  return lines;
}

const ICON: Record<GateRuleResult['verdict'], string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️' };

function metricLine(rule: GateRuleResult): string {
  const value = rule.valueText ?? num(rule.value) ?? 'missing';
  const base = rule.baselineText ?? num(rule.baseline);
  let line = `${slackCode(rule.metric)} ${escape(value)}`;
  if (base !== undefined) {
    const delta =
      typeof rule.delta === 'number'
        ? ` (${signed(rule.delta)}${typeof rule.deltaPercent === 'number' ? `, ${signed(Number(rule.deltaPercent.toFixed(2)))}%` : ''})`
        : '';
    line += ` vs ${escape(base)}${delta}`;
  } else if (rule.kind === 'threshold') {
    line += ` (bar ${escape(rule.op ?? '')} ${escape(num(rule.bar) ?? '')})`;
  }
  return `${ICON[rule.verdict]} ${line}`;
}

export function smokeLine(smoke: SmokeReport): string {
  const total = smoke.totals?.checks ?? smoke.checks.length;
  const passed = smoke.totals?.passed ?? smoke.checks.filter((c) => c.passed).length;
  const failed = smoke.checks.filter((c) => !c.passed && !c.skipped);
  const p95 = Math.max(...smoke.checks.map((c) => c.p95Ms ?? 0));
  const latency = p95 > 0 ? `, slowest p95 ${Math.round(p95)} ms` : '';
  if (failed.length === 0) return `✅ ${passed} of ${total} checks passed${latency}`;
  const names = failed
    .slice(0, 3)
    .map((c) => `${escape(oneLine(c.name, 80))}${c.status !== undefined ? ` (${escape(String(c.status))})` : ''}`)
    .join(', ');
  return `❌ ${failed.length} of ${total} failed: ${names}${failed.length > 3 ? ', …' : ''}`;
}

export function slackMessage(headline: string, collected: Collected, context: RunContext, environment?: string): SlackMessage {
  const deploy = first<LambdaReport>(collected, 'update-lambda-and-wait');
  const gate = first<GateReport>(collected, 'model-threshold-gate');
  const smoke = first<SmokeReport>(collected, 'smoke-test');
  const run = runUrl(context);
  const sha = context.pullRequest?.headSha ?? context.sha;

  const fields: Array<[string, string]> = [];
  if (environment) fields.push(['Environment', escape(environment)]);
  if (deploy?.version) {
    const alias = deploy.alias ? ` (alias ${slackCode(deploy.alias.name)})` : '';
    fields.push([
      'Version',
      `${slackCode(deploy.functionName)} ${escape(deploy.previousVersion ?? '—')} → *${escape(deploy.version)}*${alias}`,
    ]);
  }
  if (context.actor) fields.push(['Author', escape(context.actor)]);
  if (context.branch) fields.push(['Branch', slackCode(context.branch)]);
  if (sha) {
    const url = commitUrl(context, sha);
    fields.push(['Commit', url ? slackLink(url, sha.slice(0, 7)) : slackCode(sha.slice(0, 7))]);
  }

  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${escape(oneLine(headline))}*` } }];
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${v}` })) });
  const against = gate?.baselineRecord?.environment ? `vs ${escape(gate.baselineRecord.environment)}` : 'vs baseline';
  const lines: string[] = [];
  if (gate) {
    const metrics = metricLines(gate);
    const more = metrics.length > MAX_METRICS ? [`… ${metrics.length - MAX_METRICS} more in the job summary`] : [];
    lines.push(`*Model gate* (${against})`, ...metrics.slice(0, MAX_METRICS), ...more);
    if (gate.baselineRecord?.aliasMoved) lines.push(`⚠️ ${escape(gate.baselineRecord.environment)} changed outside the pipeline`);
  }
  if (smoke) lines.push(`*Smoke:* ${smokeLine(smoke)}`);
  const failed = collected.entries.filter((e) => e.outcome === 'failure' && e.report.action !== 'smoke-test');
  for (const entry of failed.slice(0, 3)) lines.push(`*Failed:* ${escape(oneLine(entry.report.error ?? entry.report.headline))}`);
  if (lines.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clipBytes(lines.join('\n'), SECTION_BYTES) } });
  if (run) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the run', emoji: true }, url: run, action_id: 'open-run' }],
    });
  }

  // The fallback: plain lines, still escaped (Slack parses `<!channel>` in `text` too).
  const fallback = [
    escape(oneLine(headline)),
    ...fields.map(([k, v]) => `${k}: ${v}`),
    ...(smoke ? [`Smoke: ${smokeLine(smoke)}`] : []),
    ...(run ? [slackLink(run, 'Workflow run')] : []),
  ];
  return { text: clipBytes(fallback.join('\n'), SECTION_BYTES), blocks };
}
