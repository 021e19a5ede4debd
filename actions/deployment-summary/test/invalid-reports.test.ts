/**
 * Reports validated whole: a wrong type in any field a reader uses, optional
 * ones included, is shown as "report from <source> is not valid: <field>:
 * <what>" in that report's place; the rest of the summary, the comment, the
 * Slack message and the ledger record are still made, and nothing throws.
 */
import { reportIssue, type AnyReport } from '@mlship/action-kit';
import { collect } from '../src/collect';
import { readRunContext } from '../src/context';
import { recordOf } from '../src/record';
import { render } from '../src/render';
import { slackMessage } from '../src/slack-message';
import { NO_HAZARDS, hazards } from '../../../test/support/untrusted';
import { buildReport, canaryReport, failedSmokeReport, gateReport, greenSteps, lambdaReport, step } from './fixtures';

/** A value of another type than `value`, as a hostile or hand-made report would have it. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 5;
  if (typeof value === 'number') return true;
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'a list';
  return ['not', 'an', 'object'];
}

/** Every field path of a JSON value: `bake.windows.0.new.invocations`. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...paths(item, [...prefix, key])]);
}

function mutated(report: AnyReport, path: string[]): AnyReport {
  const copy = structuredClone(report) as unknown as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  at[last] = wrongType(at[last]);
  return copy as unknown as AnyReport;
}

const FULL_REPORTS: AnyReport[] = [
  gateReport({
    baselineRecord: {
      environment: 'production',
      found: true,
      deploymentId: 4,
      commit: 'c0ffee',
      version: '3',
      alias: 'live',
      aliasMoved: false,
    },
    failed: ['f1'],
  }),
  buildReport({ tagsNotMoved: ['latest'], platforms: [{ platform: 'linux/amd64', digest: 'sha256:ab' }] }),
  canaryReport('rolled-back'),
  lambdaReport({ configuration: { changed: ['environment'], environment: { added: ['A'], changed: [], removed: [] } } }),
  failedSmokeReport(),
];
/** Fields whose type no reader depends on (identity fields checked elsewhere). */
const UNREAD = new Set(['schema']);
const CASES = FULL_REPORTS.flatMap((report) =>
  paths(report)
    .filter((path) => !UNREAD.has(path[0] as string) && path[0] !== 'action')
    .map((path) => [`${report.action}: ${path.join('.')}`, report, path] as const),
);
const context = readRunContext({ GITHUB_REPOSITORY: 'octo-org/model-service', GITHUB_SHA: 'a'.repeat(40), GITHUB_RUN_ID: '7' });

describe('a wrong type in any field', () => {
  it('the fixtures are whole to begin with', () => {
    for (const report of FULL_REPORTS) expect(reportIssue(report.action, report as unknown as Record<string, unknown>)).toBeUndefined();
    expect(CASES.length).toBeGreaterThan(100);
  });

  it.each(CASES)('%s is named in its place, the rest is still written', (_name, report, path) => {
    const bad = mutated(report, [...path]);
    const collected = collect({ ...greenSteps(), hostile: step(bad) }, [], 'success');
    expect(collected.invalid).toHaveLength(1);
    const { problem, source } = collected.invalid[0]!;
    expect(source).toBe('step hostile');
    // The field named is the one changed, or the list or object holding it.
    const field = problem.split(':')[0] as string;
    expect(path.join('.').startsWith(field.replace(/\[(\d+)\]/g, '.$1'))).toBe(true);
    const markdown = render({ collected, title: 'Deployment', environment: 'production', context });
    expect(markdown).toContain(`report from step hostile is not valid: ${field.replace(/[[\]_]/g, '\\$&')}`);
    expect(markdown).toContain('**Model gate**');
    expect(hazards(markdown)).toEqual(NO_HAZARDS);
    expect(() => slackMessage('headline', collected, context, 'production')).not.toThrow();
    expect(() => recordOf(collected, 'production', context)).not.toThrow();
  });
});
