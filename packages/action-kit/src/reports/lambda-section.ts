/**
 * update-lambda-and-wait's section: the one rendering of a LambdaReport's
 * markdown (see section.ts). It draws the bake with bake-markdown, so it is
 * its own subpath (`@mlship/action-kit/lambda-section`), out of the kit's
 * index: only the actions that render a deploy load it.
 */
import { bakeMarkdown } from '../bake-markdown';
import { formatDuration, formatWeight } from '../format';
import { details, facts } from '../markdown';
import { code, link, md, mdJoin, type MdValue } from '../sinks/markdown';
import type { LambdaReport } from './lambda';
import type { SectionOptions } from './section';

const seconds = (s: number | undefined): string | undefined => (s ? formatDuration(s * 1000) : s === 0 ? formatDuration(0) : undefined);

/** The facts, what was done, where it stopped, and the progressive delivery (its table under `maxRows`). */
export function lambdaSection(r: LambdaReport, opts: SectionOptions): string {
  const parts = [lambdaFacts(r, opts)];
  if (r.steps?.length) {
    const steps = md`${mdJoin(
      r.steps.map((s, i) => md`${i + 1}. ${s}`),
      '\n',
    )}`;
    parts.push(details(r.dryRun ? 'What would be done' : 'What was done', steps).markup);
  }
  if (r.stoppedAt) parts.push(md`**Stopped at:** ${r.stoppedAt}${r.steps?.length ? ' (the steps above were done)' : ''}`.markup);
  if (r.bake) {
    const moreAt = md`the ${link('full job summary', opts.fullUrl)}`;
    const rows = opts.maxRows === undefined ? {} : { maxRows: opts.maxRows, moreAt };
    parts.push(`**Progressive delivery**\n\n${bakeMarkdown({ ...r, bake: r.bake }, rows)}`);
  }
  return parts.join('\n\n');
}

function lambdaFacts(r: LambdaReport, opts: SectionOptions): string {
  return facts([
    // The new version links its console page when the caller has one to vouch for; without one, the function does.
    ['Function', link(code(r.functionName), r.version ? undefined : opts.consoleUrl)],
    ['Version', r.version ? md`${r.previousVersion ?? '—'} → ${link(md`**${r.version}**`, opts.consoleUrl)}` : undefined],
    ['Alias', r.alias ? md`${code(r.alias.name)} → ${routing(r.alias)}` : undefined],
    ['Package type', r.packageType],
    ['Code', r.resolvedImageUri ? code(r.resolvedImageUri) : r.codeSource === 'none' ? undefined : r.codeSource],
    ['Code SHA-256', r.codeSha256 ? code(r.codeSha256) : undefined],
    ['Update took', seconds(r.updateSeconds)],
    ['Waited for other updates', r.waitedForOthersSeconds ? seconds(r.waitedForOthersSeconds) : undefined],
    ['Last update status', r.lastUpdateStatus && r.lastUpdateStatus !== 'Successful' ? r.lastUpdateStatus : undefined],
    ['Created', r.created ? 'yes: this run created the function' : undefined],
    [
      'Zip in S3',
      r.s3Key
        ? md`${code(`s3://${r.s3Bucket ?? ''}/${r.s3Key}`)}${r.uploadedBytes === 0 ? ' (already there: not uploaded again)' : ''}`
        : undefined,
    ],
    ['Versions deleted', r.deletedVersions ? (r.deletedVersions.length > 0 ? r.deletedVersions.join(', ') : 'none') : undefined],
    ...configurationFacts(r),
    ['Region', r.region],
    ['Dry run', r.dryRun ? 'yes: nothing was changed' : undefined],
  ]);
}

/** `90% on 7, 10% on 8`, or the one version when it has all the traffic. */
function routing(alias: NonNullable<LambdaReport['alias']>): string {
  const extra = Object.entries(alias.weights ?? {});
  if (extra.length === 0) return alias.version;
  const rest = 1 - extra.reduce((sum, [, w]) => sum + w, 0);
  return [`${formatWeight(rest)} on ${alias.version}`, ...extra.map(([v, w]) => `${formatWeight(w)} on ${v}`)].join(', ');
}

/** Configuration rows: which settings changed, and the variables by name (a report never carries a value). */
function configurationFacts(r: LambdaReport): Array<[string, MdValue]> {
  const c = r.configuration;
  if (!c) return [];
  const names = (list: string[] | undefined): MdValue => (list?.length ? mdJoin(list.map((n) => code(n))) : undefined);
  return [
    [`Configuration ${r.dryRun ? 'would change' : 'changed'}`, c.changed.length > 0 ? names(c.changed) : 'nothing: already as asked'],
    ['Variables added', names(c.environment?.added)],
    ['Variables changed', names(c.environment?.changed)],
    ['Variables removed', names(c.environment?.removed)],
  ];
}
