import { formatBytes, mdText, type BuildReport } from '@mlship/action-kit';
import { buildSection } from '@mlship/action-kit/build-section';
import type { BuildResult, Moved } from './run';

export function toReport(result: BuildResult, error?: string): BuildReport {
  const headline = result.skipped
    ? `Reused ${result.imageUri} (already in ECR)`
    : result.pushed
      ? `Pushed ${result.imageUri}${result.sizeBytes ? ` (${formatBytes(result.sizeBytes)})` : ''}`
      : `Built ${result.imageUri} (not pushed)`;
  return {
    action: 'build-and-push-ecr',
    schema: 1,
    outcome: error ? 'failure' : result.skipped ? 'skipped' : 'success',
    headline: error ? `Image ${result.imageUri}: ${error.split('\n')[0]}` : headline,
    error,
    region: result.region,
    registry: result.registry,
    repository: result.repository,
    imageUri: result.imageUri,
    imageUriDigest: result.imageUriDigest,
    digest: result.digest,
    mediaType: result.mediaType,
    sizeBytes: result.sizeBytes,
    tags: result.refs,
    tagsNotMoved: result.notMoved.length ? result.notMoved : undefined,
    pushed: result.pushed,
    skipped: result.skipped,
    skipReason: result.skipReason,
    scan: result.scan && {
      status: result.scan.status,
      findings: result.scan.findings,
      threshold: result.scan.threshold,
      passed: result.scan.passed,
    },
    consoleUrl: result.consoleUrl,
    builder: result.builder,
    createdRepository: result.createdRepository || undefined,
    ...(result.digest ? { lambdaCompatible: !result.platforms } : {}),
    platforms: result.platforms,
  };
}

/** The failure report when the run stopped before it had a result; `moved` when the push had already finished. */
export function failureReport(repository: string, error: string, region?: string, moved?: Moved): BuildReport {
  const after = moved ? ` after the push moved ${moved.tags.join(', ')}` : '';
  return {
    action: 'build-and-push-ecr',
    schema: 1,
    outcome: 'failure',
    headline: `Image for ${repository} failed${after}: ${error.split('\n')[0]}`,
    error,
    region,
    repository,
    imageUri: moved?.refs[0],
    digest: moved?.digest,
    tags: moved?.refs ?? [],
    pushed: moved !== undefined,
    skipped: false,
  };
}

/** The action's job summary: its title and headline, then the kind's one section (the same deployment-summary shows). */
export function summaryMarkdown(report: BuildReport): string {
  const icon = report.outcome === 'failure' ? '❌' : report.outcome === 'skipped' ? '⏭️' : '✅';
  const lines = [
    `### ${icon} build-and-push-ecr`,
    '',
    mdText(report.headline),
    '',
    buildSection(report, { consoleUrl: report.consoleUrl }),
  ];
  if (report.error) lines.push('', `**Error:** ${mdText(report.error)}`);
  return `${lines.join('\n')}\n`;
}
