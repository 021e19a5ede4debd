import { REPORT_SCHEMA, code, facts, formatDuration, link, md, mdJoin, mdText, type LambdaReport, type MdValue } from '@mlship/action-kit';
// Only the actions that render a bake load its rendering (it is not in the kit's index).
import { bakeMarkdown } from '@mlship/action-kit/bake-markdown';
import { consoleUrl } from '@mlship/aws-kit';
import { sharesByVersion, weightsShort } from './alias/weights';
import { compactTimeline } from './bake/report';
import type { Inputs } from './inputs';
import type { Output } from './names';
import type { DeployResult } from './deploy/types';

function headline(inputs: Inputs, r: DeployResult, error?: string): string {
  const name = inputs.functionName;
  if (error) {
    const where = r.stoppedAt ? ` at "${r.stoppedAt}"` : '';
    const kept = r.version && r.version !== '$LATEST' ? ` (version ${r.version} was published and stays)` : '';
    return `Deploy of ${name} failed${where}${kept}: ${error}`;
  }
  if (r.dryRun) return `Dry run for ${name}: checks passed, nothing changed`;
  const alias = r.alias ? `; alias ${r.alias.name} -> ${r.alias.version}${weightsShort(r.alias.weights)}` : '';
  const version = r.version && r.version !== '$LATEST' ? `version ${r.version}` : '$LATEST';
  const took = r.updateSeconds !== undefined ? ` in ${formatDuration(r.updateSeconds * 1000)}` : '';
  return r.codeSource === 'none' ? `${name}${alias}` : `Deployed ${name} ${version}${took}${alias}`;
}

export function buildReport(inputs: Inputs, r: DeployResult, error?: string): LambdaReport {
  return {
    action: 'update-lambda-and-wait',
    schema: REPORT_SCHEMA,
    outcome: error ? 'failure' : 'success',
    headline: headline(inputs, r, error),
    ...(error ? { error } : {}),
    region: inputs.region,
    functionName: inputs.functionName,
    functionArn: r.functionArn,
    packageType: r.packageType,
    codeSource: r.codeSource,
    codeSha256: r.codeSha256,
    resolvedImageUri: r.resolvedImageUri,
    version: r.version,
    versionArn: r.versionArn,
    previousVersion: r.previousVersion,
    alias: r.alias ? { name: r.alias.name, arn: r.alias.arn, version: r.alias.version, weights: r.alias.weights } : undefined,
    updateSeconds: r.updateSeconds,
    waitedForOthersSeconds: r.waitedForOthersSeconds,
    lastUpdateStatus: r.lastUpdateStatus,
    steps: r.steps,
    ...(error && r.stoppedAt ? { stoppedAt: r.stoppedAt } : {}),
    dryRun: r.dryRun,
    ...(r.configuration ? { configuration: r.configuration } : {}),
    ...(r.created ? { created: true } : {}),
    ...(r.s3Key ? { s3Bucket: r.s3Bucket, s3Key: r.s3Key, uploadedBytes: r.uploadedBytes } : {}),
    ...(r.deletedVersions ? { deletedVersions: r.deletedVersions } : {}),
    ...(r.bake
      ? {
          bake: compactTimeline(r.bake.timeline),
          rolledBack: r.bake.rolledBack,
          ...(r.bake.rollbackReason ? { rollbackReason: r.bake.rollbackReason } : {}),
        }
      : {}),
    ...(r.rolledBackHold ? { rolledBack: true, rollbackReason: `version ${r.version ?? ''} given: the held split was dropped` } : {}),
    consoleUrl: consoleUrl(inputs.region, `/functions/${r.functionArn?.split(':').pop() ?? inputs.functionName}?tab=versions`, 'lambda'),
  };
}

export function summaryMarkdown(report: LambdaReport): string {
  const icon = report.outcome === 'failure' ? '❌' : report.dryRun ? '🧪' : '✅';
  const aliasText = report.alias
    ? md`${code(report.alias.name)} → ${report.alias.version}${weightsShort(report.alias.weights ?? {})}`
    : undefined;
  const versions = report.previousVersion || report.version ? `${report.previousVersion ?? '—'} → ${report.version ?? '—'}` : undefined;
  const lines = [
    `### ${icon} update-lambda-and-wait: ${mdText(report.functionName)}${report.dryRun ? ' (dry run)' : ''}`,
    '',
    mdText(report.headline),
    '',
    facts([
      ['Function', report.functionArn ?? report.functionName],
      ['Package type', report.packageType],
      ['Code source', report.codeSource],
      ['Version (previous → new)', versions],
      ['Alias', aliasText],
      ['Update took', report.updateSeconds !== undefined ? formatDuration(report.updateSeconds * 1000) : undefined],
      ['Waited for other updates', report.waitedForOthersSeconds ? formatDuration(report.waitedForOthersSeconds * 1000) : undefined],
      ['Created', report.created ? 'yes: this run created the function' : undefined],
      [
        'Zip in S3',
        report.s3Key
          ? md`${code(`s3://${report.s3Bucket ?? ''}/${report.s3Key}`)}${report.uploadedBytes === 0 ? ' (already there: not uploaded again)' : ''}`
          : undefined,
      ],
      [
        'Versions deleted',
        report.deletedVersions ? (report.deletedVersions.length > 0 ? report.deletedVersions.join(', ') : 'none') : undefined,
      ],
      ['CodeSha256', report.codeSha256 ? code(report.codeSha256) : undefined],
      ['Image', report.resolvedImageUri ? code(report.resolvedImageUri) : undefined],
      ...configurationFacts(report),
      ['Console', report.consoleUrl ? link('open in the Lambda console', report.consoleUrl) : undefined],
    ]),
  ];
  // The same rendering as deployment-summary's (the kit's), charts included: a job without a summary step sees them too.
  if (report.bake) lines.push('', bakeMarkdown({ ...report, bake: report.bake }));
  if (report.steps && report.steps.length > 0) lines.push('', ...report.steps.map((s) => `- ${mdText(s)}`));
  if (report.stoppedAt)
    lines.push('', md`**Stopped at:** ${report.stoppedAt}${report.steps?.length ? ' (the steps above were done)' : ''}`.markup);
  if (report.error) lines.push('', `**Error:** ${mdText(report.error)}`);
  return `${lines.join('\n')}\n`;
}

/** Configuration rows: which settings changed, and the variables by name (never a value). */
function configurationFacts(report: LambdaReport): Array<[string, MdValue]> {
  const c = report.configuration;
  if (!c) return [];
  const would = report.dryRun ? 'would change' : 'changed';
  const names = (list: string[]): MdValue => (list.length > 0 ? mdJoin(list.map((n) => code(n))) : undefined);
  return [
    [`Configuration ${would}`, c.changed.length > 0 ? mdJoin(c.changed.map((n) => code(n))) : 'nothing: already as asked'],
    ['Variables added', names(c.environment?.added ?? [])],
    ['Variables changed', names(c.environment?.changed ?? [])],
    ['Variables removed', names(c.environment?.removed ?? [])],
  ];
}

/** The step's outputs; the alias ARN only when the alias step finished. */
export function reportOutputs(r: DeployResult, ok: boolean): Partial<Record<Output, string | number | undefined>> {
  return {
    'function-arn': r.functionArn,
    version: r.version,
    'version-arn': r.versionArn,
    'previous-version': r.previousVersion,
    'alias-arn': ok ? r.alias?.arn : undefined,
    'code-sha256': r.codeSha256,
    'resolved-image-uri': r.resolvedImageUri,
    'update-seconds': r.updateSeconds,
    created: String(r.created ?? false),
    's3-key': r.s3Key,
    'deleted-versions': r.deletedVersions?.join(','),
    'rolled-back': String(r.bake?.rolledBack ?? r.rolledBackHold ?? false),
    held: String(r.bake?.timeline.heldSplit !== undefined),
    ...(r.alias ? { weights: JSON.stringify(sharesByVersion(r.alias)) } : {}),
    ...(r.bake
      ? {
          'rollback-reason': r.bake.rollbackReason ?? '',
          bake: JSON.stringify(compactTimeline(r.bake.timeline)),
        }
      : {}),
  };
}
