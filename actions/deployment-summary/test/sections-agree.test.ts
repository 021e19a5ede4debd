/**
 * Each report kind's markdown has one renderer (its `section` in
 * packages/action-kit/src/reports/). This renders every kind through the
 * action's own job summary and through deployment-summary's page and checks
 * that the section text is the same. What may legitimately differ is the
 * target's business, and is set equal here on purpose:
 * - row limits: deployment-summary passes `maxRows` (the fixtures stay under it);
 * - console links: an action links its own report's `consoleUrl`,
 *   deployment-summary only a link it rebuilt from validated parts (links.ts);
 *   the fixtures carry the URL deployment-summary would build.
 * The headings (action title and headline vs step id and outcome) and the
 * error line are each caller's own and are not compared.
 */
import { describe, expect, it } from '@jest/globals';
import { summaryMarkdown as buildSummary } from '../../build-and-push-ecr/src/summary';
import { summaryMarkdown as gateSummary } from '../../model-threshold-gate/src/report';
import { summaryMarkdown as lambdaSummary } from '../../update-lambda-and-wait/src/report';
import { summaryMarkdown as smokeSummary } from '../../smoke-test/src/report';
import type { Entry } from '../src/collect';
import { ecrImageUrl, lambdaVersionUrl } from '../src/links';
import { section } from '../src/sections';
import { buildReport, canaryReport, failedSmokeReport, gateReport, lambdaReport, smokeReport } from './fixtures';

const paragraphs = (text: string): string[] => text.trim().split('\n\n');

/** The action's summary without its title, headline and closing error line. */
function actionSection(summary: string): string {
  const [, , ...rest] = paragraphs(summary);
  if (rest.at(-1)?.startsWith('**Error:**')) rest.pop();
  return rest.join('\n\n');
}

/** deployment-summary's section without its heading and error quote. */
function combinedSection(entry: Entry, maxRows = 50): string {
  const [, ...rest] = paragraphs(section(entry, { maxRows }));
  if (rest[0]?.startsWith('> **Error:**')) rest.shift();
  return rest.join('\n\n');
}

describe('one section per report kind', () => {
  it('renders an image the same in build-and-push-ecr and deployment-summary', () => {
    for (const overrides of [{}, { outcome: 'failure' as const, error: 'The ECR scan found 1 CRITICAL' }, { digest: undefined }]) {
      const base = buildReport(overrides);
      const report = { ...base, consoleUrl: ecrImageUrl(base) };
      const own = actionSection(buildSummary(report));
      expect(own).toContain('| **Image** |');
      expect(own).toBe(combinedSection({ stepId: 'build', outcome: report.outcome === 'failure' ? 'failure' : 'success', report }));
    }
  });

  it('renders smoke checks the same in smoke-test and deployment-summary', () => {
    for (const report of [smokeReport(), failedSmokeReport(), { ...failedSmokeReport(), checksOmitted: 3 }]) {
      const own = actionSection(smokeSummary(report));
      expect(own).toMatch(/^\d+ of \d+ checks passed/);
      expect(own).toBe(combinedSection({ stepId: 'smoke', outcome: report.passed ? 'success' : 'failure', report }));
    }
  });

  it('renders a model gate the same in model-threshold-gate and deployment-summary', () => {
    const moved = {
      environment: 'production',
      found: true,
      deploymentId: 41,
      commit: 'abcdef0123',
      version: '7',
      alias: 'live',
      aliasMoved: true,
    };
    for (const report of [gateReport(), gateReport({ mode: 'report', rulesOmitted: 2 }), gateReport({ baselineRecord: moved })]) {
      const own = actionSection(gateSummary(report));
      expect(own).toMatch(/^\d+ of \d+ rules? passed/);
      expect(own).toBe(combinedSection({ stepId: 'gate', outcome: 'success', report }));
    }
  });

  it('says what is known when the alias moved to a version that could not be read', () => {
    const record = { environment: 'production', found: true, deploymentId: 41, version: '7', alias: 'live', aliasMoved: true };
    const own = actionSection(gateSummary(gateReport({ baselineRecord: record })));
    expect(own).toContain('production changed outside the pipeline: alias live no longer serves version 7');
    expect(own).not.toContain('?');
  });

  it('renders a Lambda deploy, its bake included, the same in update-lambda-and-wait and deployment-summary', () => {
    const failed = lambdaReport({ outcome: 'failure', error: 'Pointing alias live: AccessDenied', stoppedAt: 'Pointing alias live' });
    for (const base of [lambdaReport(), canaryReport('promoted'), canaryReport('rolled-back'), failed]) {
      const report = { ...base, consoleUrl: lambdaVersionUrl(base) };
      const own = actionSection(lambdaSummary(report));
      expect(own).toContain('| **Function** |');
      // The bake table is the kit's under a row limit (deployment-summary's), and all of it in the action's own summary.
      const combined = paragraphs(
        section({ stepId: 'deploy', outcome: report.outcome === 'failure' ? 'failure' : 'success', report }, { maxRows: 1000 }),
      );
      expect(own).toBe(combinedSection({ stepId: 'deploy', outcome: report.outcome === 'failure' ? 'failure' : 'success', report }, 1000));
      expect(combined.length).toBeGreaterThan(1);
    }
  });
});
