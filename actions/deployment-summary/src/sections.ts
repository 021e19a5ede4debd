import { clipText as clip, code, mdText, unreachable } from '@mlship/action-kit';
import { buildSection } from '@mlship/action-kit/build-section';
import { gateSection } from '@mlship/action-kit/gate-section';
import { smokeSection } from '@mlship/action-kit/smoke-section';
import { lambdaSection } from '@mlship/action-kit/lambda-section';
import type { Entry, EntryOutcome } from './collect';
import { ecrImageUrl, lambdaVersionUrl } from './links';

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

/** Each kind's one renderer (packages/action-kit/src/reports/*-section.ts), with the links this action rebuilt from validated parts. */
function sectionBody(entry: Entry, opts: SectionOptions): string | undefined {
  const r = entry.report;
  switch (r.action) {
    case 'build-and-push-ecr':
      return buildSection(r, { ...opts, consoleUrl: ecrImageUrl(r) });
    case 'update-lambda-and-wait':
      return lambdaSection(r, { ...opts, consoleUrl: lambdaVersionUrl(r) });
    case 'smoke-test':
      return smokeSection(r, opts);
    case 'model-threshold-gate':
      return gateSection(r, opts);
    // A summary of summaries is not a section of its own.
    case 'deployment-summary':
      return undefined;
    default:
      return unreachable(r);
  }
}
