import { code, facts, formatBytes, link, md, mdJoin, mdText, type BuildReport } from '@mlship/action-kit';
import type { BuildResult, Moved } from './run';
import { describeCounts } from './severity';

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

export function summaryMarkdown(report: BuildReport): string {
  const icon = report.outcome === 'failure' ? '❌' : report.outcome === 'skipped' ? '⏭️' : '✅';
  const scan = report.scan
    ? `${report.scan.passed ? '✅' : '❌'} ${describeCounts(report.scan.findings)} (fails at ${report.scan.threshold} or above)`
    : undefined;
  const lines = [
    `### ${icon} build-and-push-ecr`,
    '',
    mdText(report.headline),
    '',
    facts([
      ['Image', report.imageUri && code(report.imageUri)],
      ['By digest', report.imageUriDigest && code(report.imageUriDigest)],
      ['Digest', report.digest && code(report.digest)],
      ['Media type', report.mediaType],
      [
        'Lambda',
        report.lambdaCompatible === false
          ? '⚠️ This is a multi-platform image index: AWS Lambda cannot use it (it needs a single-platform image). Use it for ECS, EKS or SageMaker, or give Lambda one platform digest below.'
          : undefined,
      ],
      ['Platforms', report.platforms?.length ? mdJoin(report.platforms.map((p) => md`${p.platform} ${code(p.digest)}`)) : undefined],
      ['Size', report.sizeBytes === undefined ? undefined : formatBytes(report.sizeBytes)],
      ['Tags', report.tags.length ? mdJoin(report.tags.map((t) => code(t.slice(t.lastIndexOf(':') + 1)))) : undefined],
      [
        'Not moved (IMMUTABLE)',
        report.tagsNotMoved?.length
          ? md`${mdJoin(report.tagsNotMoved.map(code))}: the repository is IMMUTABLE, these tags still point at their earlier image`
          : undefined,
      ],
      ['Skipped', report.skipReason],
      ['Builder', report.builder === 'docker' ? 'docker build + docker push (buildx missing)' : report.builder],
      ['Repository', report.createdRepository ? `${report.repository} (created by this run)` : report.repository],
      ['Scan', scan],
      ['Error', report.error],
      ['ECR console', report.consoleUrl && link(report.repository, report.consoleUrl)],
    ]),
    '',
  ];
  return lines.join('\n');
}
