import { bakeMarkdown } from '@mlship/action-kit/bake-markdown';
import {
  buildSection,
  gateSection,
  smokeSection,
  clipText as clip,
  code,
  details,
  facts as factRows,
  formatDuration,
  formatWeight as percent,
  link,
  optional,
  md,
  mdJoin,
  mdText,
  unreachable,
  type LambdaReport,
  type MdValue,
} from '@mlship/action-kit';
import type { Entry, EntryOutcome } from './collect';
import { ecrImageUrl, lambdaVersionUrl } from './links';

// Optional report fields: a row with no value is left out.
const seconds = optional((s: number) => formatDuration(s * 1000));

export interface SectionOptions {
  /** Table rows kept per table; the rest is replaced by a pointer to `fullUrl`. */
  maxRows: number;
  fullUrl?: string;
}

export const SECTION_NAMES: Record<Entry['report']['action'], string> = {
  'model-threshold-gate': 'Model gate',
  'build-and-push-ecr': 'Image',
  'update-lambda-and-wait': 'Lambda deploy',
  'smoke-test': 'Smoke checks',
  'deployment-summary': 'Deployment summary',
};

const OUTCOME_ICON: Record<EntryOutcome, string> = { success: '✅', failure: '❌', skipped: '⏭️', cancelled: '🚫' };

export function outcomeIcon(outcome: EntryOutcome): string {
  return OUTCOME_ICON[outcome];
}

/** A step can succeed with a failed verdict (a gate in report mode, a scan over the bar): flag it. */
export function entryIcon(entry: Entry): string {
  const r = entry.report as { passed?: boolean; scan?: { passed: boolean } };
  if (entry.outcome === 'success' && (r.passed === false || r.scan?.passed === false)) return '⚠️';
  return outcomeIcon(entry.outcome);
}

export function section(entry: Entry, opts: SectionOptions): string {
  const r = entry.report;
  const step = entry.stepId
    ? ` (step ${code(entry.stepId)}${entry.outcome === 'success' ? '' : `: ${entry.outcome}`})`
    : entry.outcome === 'success'
      ? ''
      : ` (${entry.outcome})`;
  // The headline is already in the overview list at the top.
  const parts = [`### ${entryIcon(entry)} ${SECTION_NAMES[r.action]}${step}`];
  if (r.error && r.error !== r.headline) parts.push(`> **Error:** ${mdText(clip(r.error))}`);
  const body = sectionBody(entry, opts);
  if (body) parts.push(body);
  return parts.join('\n\n');
}

function sectionBody(entry: Entry, opts: SectionOptions): string | undefined {
  const r = entry.report;
  switch (r.action) {
    case 'build-and-push-ecr':
      return buildSection(r, { target: 'combined', ...opts, consoleUrl: ecrImageUrl(r) });
    case 'update-lambda-and-wait':
      return lambda(r, opts);
    case 'smoke-test':
      return smokeSection(r, { target: 'combined', ...opts });
    case 'model-threshold-gate':
      return gateSection(r, { target: 'combined', ...opts });
    // A summary of summaries is not a section of its own.
    case 'deployment-summary':
      return undefined;
    default:
      return unreachable(r);
  }
}

function lambda(r: LambdaReport, opts: SectionOptions): string {
  const version = r.version ? md`${r.previousVersion ?? '—'} → ${link(md`**${r.version}**`, lambdaVersionUrl(r))}` : undefined;
  const alias = r.alias ? md`${code(r.alias.name)} → ${weights(r.alias)}` : undefined;
  const rows = factRows([
    ['Function', code(r.functionName)],
    ['Version', version],
    ['Alias', alias],
    ['Code', r.resolvedImageUri ? code(r.resolvedImageUri) : r.codeSource === 'none' ? undefined : r.codeSource],
    ['Code SHA-256', r.codeSha256 ? code(r.codeSha256) : undefined],
    ['Update time', seconds(r.updateSeconds)],
    ['Waited for other updates', r.waitedForOthersSeconds ? seconds(r.waitedForOthersSeconds) : undefined],
    ['Last update status', r.lastUpdateStatus && r.lastUpdateStatus !== 'Successful' ? r.lastUpdateStatus : undefined],
    ['Configuration changed', configurationText(r.configuration)],
    ['Region', r.region],
    ['Dry run', r.dryRun ? 'yes: nothing was changed' : undefined],
  ]);
  const parts = [rows];
  if (r.steps?.length) {
    const title = r.dryRun ? 'What would be done' : 'What was done';
    parts.push(
      details(
        title,
        md`${mdJoin(
          r.steps.map((s, i) => md`${i + 1}. ${s}`),
          '\n',
        )}`,
      ).markup,
    );
  }
  if (r.bake) parts.push(bake(r, r.bake, opts));
  return parts.join('\n\n');
}

/** Settings and environment variables by name (a report never carries a value). */
function configurationText(c: LambdaReport['configuration']): MdValue {
  if (!c) return undefined;
  if (c.changed.length === 0) return 'nothing: already as asked';
  const env = c.environment;
  const vars = env
    ? [
        env.added.length ? md`added ${mdJoin(env.added.map((n) => code(n)))}` : undefined,
        env.changed.length ? md`changed ${mdJoin(env.changed.map((n) => code(n)))}` : undefined,
        env.removed.length ? md`removed ${mdJoin(env.removed.map((n) => code(n)))}` : undefined,
      ]
    : [];
  const variables = vars.some(Boolean) ? md` (variables ${mdJoin(vars, '; ')})` : '';
  return md`${mdJoin(c.changed.map((n) => code(n)))}${variables}`;
}

/** The progressive delivery, rendered by the kit as in update-lambda-and-wait's own summary; the table obeys maxRows. */
function bake(r: LambdaReport, timeline: NonNullable<LambdaReport['bake']>, opts: SectionOptions): string {
  const moreAt = md`the ${link('full job summary', opts.fullUrl)}`;
  return `**Progressive delivery**\n\n${bakeMarkdown({ ...r, bake: timeline }, { maxRows: opts.maxRows, moreAt })}`;
}

function weights(alias: NonNullable<LambdaReport['alias']>): string {
  const extra = Object.entries(alias.weights ?? {});
  if (extra.length === 0) return alias.version;
  const rest = 1 - extra.reduce((sum, [, w]) => sum + w, 0);
  return [`${alias.version} (${percent(rest)})`, ...extra.map(([v, w]) => `${v} (${percent(w)})`)].join(', ');
}

/**
 * Keeps at most `maxRows` rows, problems first (they are what a reviewer
 * needs), in their original order, and says where the rest is.
 */
export function shorten(rows: MdValue[][], problem: boolean[], opts: SectionOptions): { rows: MdValue[][]; note?: string } {
  if (rows.length <= opts.maxRows) return { rows };
  const keep = new Set<number>();
  problem.forEach((p, i) => {
    if (p && keep.size < opts.maxRows) keep.add(i);
  });
  for (let i = 0; i < rows.length && keep.size < opts.maxRows; i++) keep.add(i);
  const omitted = rows.length - keep.size;
  const where = opts.fullUrl ? `the [full job summary](${opts.fullUrl})` : 'the full job summary';
  return {
    rows: rows.filter((_, i) => keep.has(i)),
    note: `_${omitted} more row${omitted === 1 ? '' : 's'} not shown here: see ${where}._`,
  };
}
