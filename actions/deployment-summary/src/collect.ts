import { PIPELINE_ORDER, asReport, reportIssue, type AnyReport } from '@mlship/action-kit';
import type { InvalidReport, JobStatus, StepState } from './inputs';

export type EntryOutcome = 'success' | 'failure' | 'skipped' | 'cancelled';

/** One report to render, with the outcome of the step that produced it. */
export interface Entry {
  stepId?: string;
  outcome: EntryOutcome;
  report: AnyReport;
}

/** A step without a report of ours that did not succeed: shown so nothing fails silently. */
export interface OtherStep {
  id: string;
  outcome: string;
  conclusion?: string;
  /** A step without an `id:`: the runner made the name up (see generatedId). */
  unnamed?: boolean;
}

export interface Collected {
  entries: Entry[];
  otherSteps: OtherStep[];
  /** Reports of ours that failed the schema: named in the overview, never rendered. */
  invalid: InvalidReport[];
  verdict: JobStatus;
}

export function collect(
  steps: Record<string, StepState>,
  manual: AnyReport[],
  jobStatus?: JobStatus,
  invalidManual: InvalidReport[] = [],
): Collected {
  const entries: Entry[] = [];
  const otherSteps: OtherStep[] = [];
  const invalid: InvalidReport[] = [];
  for (const [id, step] of Object.entries(steps)) {
    const { report, problem } = reportOf(step);
    if (problem) invalid.push({ source: `step ${id}`, ...problem });
    if (report?.action === 'deployment-summary') continue;
    if (report) entries.push({ stepId: generatedId(id) ? report.action : id, outcome: entryOutcome(step.outcome, report), report });
    else if (step.outcome !== undefined && step.outcome !== 'success')
      otherSteps.push({ id, outcome: step.outcome, conclusion: step.conclusion, ...(generatedId(id) ? { unnamed: true } : {}) });
  }
  for (const report of manual) {
    if (report.action !== 'deployment-summary') entries.push({ outcome: entryOutcome(undefined, report), report });
  }
  const rank = (e: Entry): number => PIPELINE_ORDER.indexOf(e.report.action);
  // Array.prototype.sort is stable: two reports of one action keep their step order.
  entries.sort((a, b) => rank(a) - rank(b));
  invalid.push(...invalidManual.filter((r) => r.action !== 'deployment-summary'));
  return { entries, otherSteps, invalid, verdict: verdictOf(entries, otherSteps, jobStatus) };
}

/**
 * A step without an `id` still appears in `toJSON(steps)`, under a name the
 * runner made up (act: its index, `2`; GitHub: `__owner_repo`, `__run_2`):
 * meaningless in a summary, so such a step is named by its action instead.
 */
function generatedId(id: string): boolean {
  return /^\d+$/.test(id) || id.startsWith('__');
}

/** A step's report when it is whole; when it is ours but fails the schema, what is wrong (the step is shown as one without a report). */
function reportOf(step: StepState): { report?: AnyReport; problem?: Omit<InvalidReport, 'source'> } {
  const text = step.outputs['report'];
  if (text === undefined || text === '') return {};
  let report: AnyReport | undefined;
  try {
    report = asReport(JSON.parse(text));
  } catch {
    return {};
  }
  if (!report) return {};
  const issue = reportIssue(report.action, report as unknown as Record<string, unknown>);
  return issue ? { problem: { action: report.action, problem: `${issue.field}: ${issue.what}` } } : { report };
}

function entryOutcome(stepOutcome: string | undefined, report: AnyReport): EntryOutcome {
  if (stepOutcome === 'failure' || report.outcome === 'failure') return 'failure';
  if (stepOutcome === 'cancelled') return 'cancelled';
  if (stepOutcome === 'skipped' || report.outcome === 'skipped') return 'skipped';
  return 'success';
}

/**
 * The job status wins when it says cancelled or failure; a step that failed
 * under continue-on-error still makes the deployment a failure, because the
 * question this answers is "did it ship and is it healthy".
 */
function verdictOf(entries: Entry[], others: OtherStep[], jobStatus?: JobStatus): JobStatus {
  if (jobStatus === 'cancelled') return 'cancelled';
  if (jobStatus === 'failure') return 'failure';
  const failed = entries.some((e) => e.outcome === 'failure') || others.some((s) => s.outcome === 'failure');
  if (failed) return 'failure';
  if (jobStatus === undefined && (entries.some((e) => e.outcome === 'cancelled') || others.some((s) => s.outcome === 'cancelled')))
    return 'cancelled';
  return 'success';
}
