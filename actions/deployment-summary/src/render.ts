import { code, link, markup, mdText, table, type BuildReport, type LambdaReport } from '@mlship/action-kit';
import type { Collected, Entry } from './collect';
import { runUrl, type RunContext } from './context';
import type { InvalidReport, JobStatus } from './inputs';
import { ecrImageUrl, lambdaVersionUrl } from './links';
import { SECTION_NAMES, entryIcon, section, type SectionOptions } from './sections';

export interface RenderInput {
  collected: Collected;
  title: string;
  environment?: string;
  environmentUrl?: string;
  context: RunContext;
}

const VERDICT: Record<JobStatus, { icon: string; word: string }> = {
  success: { icon: '✅', word: 'succeeded' },
  failure: { icon: '❌', word: 'failed' },
  cancelled: { icon: '🚫', word: 'was cancelled' },
};

/** GitHub rejects issue comments over 65,536 characters; keep a margin. */
export const COMMENT_LIMIT = 65_000;

export function headline(input: RenderInput): string {
  const v = VERDICT[input.collected.verdict];
  const env = input.environment ? ` to ${input.environment}` : '';
  return `${v.icon} ${input.title}${env} ${v.word}`;
}

/**
 * `compact`: the job summary of a job whose steps wrote their own sections
 * above this one. Those sections are not written again (the page would show
 * every fact twice); the overview points at them. Reports from elsewhere
 * (the `reports` input: other jobs, other workflows) are not on the page, so
 * they get their sections here.
 */
export function render(input: RenderInput, opts: SectionOptions & { compact?: boolean } = { maxRows: Number.POSITIVE_INFINITY }): string {
  const { collected, context } = input;
  const parts = [forkLine(context), `## ${headline(input)}`, runLine(input)];
  const above = (e: Entry): boolean => opts.compact === true && e.stepId !== undefined;
  if (collected.entries.length > 0 || collected.invalid.length > 0) {
    // Headlines carry foreign text (an AWS error, a check name): escaped like any cell.
    parts.push(
      [
        ...collected.entries.map(
          (e) =>
            `- ${entryIcon(e)} **${SECTION_NAMES[e.report.action]}**: ${mdText(e.report.headline)}${above(e) ? ' (its section is above)' : ''}`,
        ),
        ...collected.invalid.map((r) => `- ⚠️ ${r.action ? `**${SECTION_NAMES[r.action]}**: ` : ''}${mdText(invalidLine(r))}`),
      ].join('\n'),
    );
  }
  for (const entry of collected.entries) if (!above(entry)) parts.push(section(entry, opts));
  const skipped = collected.otherSteps.filter((s) => s.outcome === 'skipped');
  const unsuccessful = collected.otherSteps.filter((s) => s.outcome !== 'skipped');
  if (unsuccessful.length > 0) {
    parts.push(
      '### Other steps that did not succeed',
      table(
        ['Step', 'Outcome', 'Conclusion'],
        unsuccessful.map((s) => [code(s.id), s.outcome, s.conclusion]),
      ),
    );
  }
  // Skipped is not failed: a step whose `if:` was false, or one after a failure, did not run.
  if (skipped.length > 0) {
    const named = skipped.filter((s) => !s.unnamed).map((s) => code(s.id).markup);
    const unnamed = skipped.length - named.length;
    if (unnamed > 0) named.push(`${unnamed} step${unnamed === 1 ? '' : 's'} without an \`id\``);
    parts.push(`⏭️ **Skipped:** ${named.join(', ')}`);
  }
  const links = linkList(input, context);
  if (links) parts.push('### Links', links);
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

/** A report that failed the schema, in its place: where it came from and its first wrong field. */
export function invalidLine(report: InvalidReport): string {
  return `report from ${report.source} is not valid: ${report.problem}`;
}

/** First: a fork's report is the fork's own account of its run, whatever its verdict says. */
export const FORK_NOTE =
  "> ⚠️ **From a fork's run: its numbers are the fork's own claim.** They come from the fork's pull request run, not from this repository's workflow.";

function forkLine(context: RunContext): string {
  return context.pullRequest?.fork ? FORK_NOTE : '';
}

function runLine(input: RenderInput): string {
  const { context } = input;
  const bits: string[] = [];
  if (input.environment) bits.push(`**Environment:** ${link(code(input.environment), input.environmentUrl)}`);
  if (context.sha) bits.push(`**Commit:** ${code(context.sha.slice(0, 7))}`);
  const url = runUrl(context);
  if (context.runId) bits.push(`**Run:** ${link(markup(`#${mdText(context.runId)}`), url)}`);
  return bits.join(' · ');
}

function linkList(input: RenderInput, context: RunContext): string {
  const items: string[] = [];
  const run = runUrl(context);
  if (run) items.push(`- [Workflow run](${run})`);
  for (const { report } of input.collected.entries) {
    if (report.action === 'build-and-push-ecr') {
      const url = ecrImageUrl(report as BuildReport);
      if (url) items.push(`- ${link(`ECR image ${(report as BuildReport).repository}`, url)}`);
    } else if (report.action === 'update-lambda-and-wait') {
      const deploy = report as LambdaReport;
      const url = lambdaVersionUrl(deploy);
      if (url) items.push(`- ${link(`Lambda ${deploy.functionName}${deploy.version ? ` version ${deploy.version}` : ''}`, url)}`);
    }
  }
  if (input.environmentUrl) items.push(`- ${link(`Environment${input.environment ? ` ${input.environment}` : ''}`, input.environmentUrl)}`);
  return items.join('\n');
}

/**
 * The largest rendering that fits `limit` (characters by default; the job
 * summary counts bytes): tables shortened step by step (problems kept first),
 * then, as a last resort, the text cut with a pointer to the job summary,
 * which always has everything.
 */
export function renderWithin(
  input: RenderInput,
  limit: number,
  prefix = '',
  measure: (text: string) => number = (text) => text.length,
  compact = false,
): { text: string; shortened: boolean } {
  const fullUrl = runUrl(input.context);
  for (const maxRows of [Number.POSITIVE_INFINITY, 200, 50, 20, 10, 5, 0]) {
    const text = prefix + render(input, { maxRows, fullUrl, compact });
    if (measure(text) <= limit) return { text, shortened: maxRows !== Number.POSITIVE_INFINITY };
  }
  const tail = `\n\n_Cut to fit: see the ${fullUrl ? `[full job summary](${fullUrl})` : 'full job summary'}._\n`;
  const text = prefix + render(input, { maxRows: 0, fullUrl, compact });
  let cut = Math.min(text.length, limit) - tail.length;
  while (cut > 0 && measure(text.slice(0, cut) + tail) > limit) cut -= Math.max(1, Math.floor(cut / 100));
  // Never split an emoji's surrogate pair.
  if (/[\uDC00-\uDFFF]/.test(text.charAt(cut))) cut--;
  return { text: text.slice(0, cut) + tail, shortened: true };
}
