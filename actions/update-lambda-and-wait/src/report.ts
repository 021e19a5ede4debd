import { REPORT_SCHEMA, formatDuration, mdText, type LambdaReport } from '@mlship/action-kit';
// Only the actions that render a deploy load its rendering (it is not in the kit's index).
import { lambdaSection } from '@mlship/action-kit/lambda-section';
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

/** The action's job summary: its title and headline, then the kind's one section (the same deployment-summary shows). */
export function summaryMarkdown(report: LambdaReport): string {
  const icon = report.outcome === 'failure' ? '❌' : report.dryRun ? '🧪' : '✅';
  const lines = [
    `### ${icon} update-lambda-and-wait: ${mdText(report.functionName)}${report.dryRun ? ' (dry run)' : ''}`,
    '',
    mdText(report.headline),
    '',
    lambdaSection(report, { consoleUrl: report.consoleUrl }),
  ];
  if (report.error) lines.push('', `**Error:** ${mdText(report.error)}`);
  return `${lines.join('\n')}\n`;
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
