import { failureReport, summaryMarkdown, toReport } from '../src/summary';
import type { BuildResult } from '../src/run';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const pushed: BuildResult = {
  region: 'us-east-1',
  registry,
  repository: 'ml/model',
  imageUri: `${registry}/ml/model:abc`,
  imageUriDigest: `${registry}/ml/model@sha256:d`,
  digest: 'sha256:d',
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  sizeBytes: 12_345_678,
  refs: [`${registry}/ml/model:abc`],
  tags: ['abc'],
  notMoved: ['latest'],
  pushed: true,
  skipped: false,
  builder: 'buildx',
  createdRepository: false,
  consoleUrl: 'https://console/ecr',
};

describe('report and summary', () => {
  it('reports a push with the tags it did not move', () => {
    const report = toReport(pushed);
    expect(report).toMatchObject({
      action: 'build-and-push-ecr',
      schema: 1,
      outcome: 'success',
      tagsNotMoved: ['latest'],
      sizeBytes: 12_345_678,
    });
    expect(report.headline).toBe(`Pushed ${registry}/ml/model:abc (12.3 MB)`);
    expect(report.createdRepository).toBeUndefined();
    const md = summaryMarkdown(report);
    expect(md).toMatch(/^### ✅ build-and-push-ecr/);
    expect(md).toContain('| **Not moved (IMMUTABLE)** | `latest`: the repository is IMMUTABLE');
    expect(md).toContain('| **Size** | 12.3 MB |');
    expect(md).toContain('[`sha256:d`](https://console/ecr)');
  });

  it('reports a skip with its reason', () => {
    const report = toReport({ ...pushed, pushed: false, skipped: true, notMoved: [], skipReason: 'ml/model:abc is already in ECR' });
    expect(report.outcome).toBe('skipped');
    expect(report.headline).toMatch(/^Reused /);
    expect(summaryMarkdown(report)).toMatch(/^### ⏭️ [\s\S]*\| \*\*Pushed\*\* \| no: ml\/model:abc is already in ECR \|/);
  });

  it('reports a failed scan gate with the findings and the error', () => {
    const report = toReport(
      {
        ...pushed,
        scan: { status: 'COMPLETE', findings: { HIGH: 2 }, threshold: 'HIGH', passed: false, failing: ['HIGH'], startedByUs: true },
      },
      'The ECR scan found 2 HIGH',
    );
    expect(report).toMatchObject({
      outcome: 'failure',
      error: 'The ECR scan found 2 HIGH',
      scan: { passed: false, findings: { HIGH: 2 } },
    });
    expect(summaryMarkdown(report)).toContain('❌ 2 HIGH (fails at HIGH or above)');
  });

  it('reports a failure before any result', () => {
    const report = failureReport('ml/model', 'docker buildx build failed (exit 1). Last lines of its log:\n  ERROR: x', 'us-east-1');
    expect(report).toMatchObject({ outcome: 'failure', pushed: false, tags: [] });
    expect(report.headline).toBe('Image for ml/model failed: docker buildx build failed (exit 1). Last lines of its log:');
    expect(summaryMarkdown(report)).toMatch(/^### ❌/);
  });
});
