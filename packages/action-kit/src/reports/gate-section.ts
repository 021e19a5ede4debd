/** model-threshold-gate's section: the one rendering of a GateReport's markdown (see section.ts). */
import { clipText, formatNumber } from '../format';
import { table } from '../markdown';
import { code, md, mdJoin, mdText, type MdValue } from '../sinks/markdown';
import type { GateBaselineRecord, GateReport, GateRuleResult } from './gate';
import { omittedNote, plural, shorten, type SectionOptions } from './section';

const VERDICT: Record<GateRuleResult['verdict'], string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skip: '⏭️ skip' };
const isProblem = (rule: GateRuleResult): boolean => rule.verdict === 'fail' || rule.verdict === 'warn';

/** Counts, where the numbers came from, the baseline's deployment, the rules (problems first under `maxRows`) and their notes. */
export function gateSection(r: GateReport, opts: SectionOptions): string {
  const shown = shorten(r.rules, r.rules.map(isProblem), opts);
  const rows = shown.rows.map((rule) => [
    code(rule.metric),
    rule.valueText ?? formatNumber(rule.value),
    bar(rule),
    rule.baselineText ?? formatNumber(rule.baseline),
    delta(rule),
    VERDICT[rule.verdict],
  ]);
  // Messages quote the metrics document (keys, values): foreign text, escaped and bounded.
  const notes = shown.rows.filter((rule) => rule.verdict !== 'pass' && rule.message);
  return [
    `${countLine(r.rules)} ${sources(r)}`,
    r.baselineRecord ? baselineUsed(r.baselineRecord) : undefined,
    r.baselineRecord?.aliasMoved ? aliasMoved(r.baselineRecord) : undefined,
    table(['Metric', 'Value', 'Bar', 'Baseline', 'Delta', 'Verdict'], rows),
    notes.length ? notes.map((rule) => `- ${VERDICT[rule.verdict]}: ${mdText(clipText(rule.message, 300))}`).join('\n') : undefined,
    omittedNote(r.rulesOmitted, 'rule'),
    shown.note,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function countLine(rules: GateRuleResult[]): string {
  const count = (verdict: GateRuleResult['verdict'], word: string): string => {
    const n = rules.filter((x) => x.verdict === verdict).length;
    return n > 0 ? `, ${n} ${word}` : '';
  };
  return `${rules.filter((x) => x.verdict === 'pass').length} of ${rules.length} ${plural(rules.length, 'rule')} passed${count('fail', 'failed')}${count('warn', 'warned')}${count('skip', 'skipped')}.`;
}

function sources(r: GateReport): string {
  const from = r.metricsSource
    ? `Metrics from ${r.metricsSource}${r.baselineSource ? `, baseline from ${r.baselineSource}` : ''}; mode`
    : 'Mode';
  const mode = r.mode === 'report' ? 'report (failures do not block the deploy)' : r.mode;
  return mdText(`${from}: ${mode}.`);
}

/** Which recorded deployment was the baseline (id, commit, date), or that there was none and why. */
export function baselineUsed(record: GateBaselineRecord): string {
  if (!record.found) return mdText(`Baseline: none (${record.problem ?? `nothing recorded for ${record.environment}`}).`);
  const parts: MdValue[] = [
    record.deploymentId === undefined ? 'recorded deployment' : `deployment ${record.deploymentId}`,
    // As code: GitHub would otherwise link a bare commit id (and the escaping that stops it shows).
    record.commit ? md`commit ${code(record.commit.slice(0, 7))}` : undefined,
    record.version ? `version ${record.version}` : undefined,
    record.date ? `deployed ${record.date}` : undefined,
  ];
  return md`Baseline: ${record.environment}'s ${mdJoin(parts.filter(Boolean), ', ')}.`.markup;
}

/** The alias no longer serves the recorded version; when its version now could not be read, say only what is known. */
function aliasMoved(record: GateBaselineRecord): string {
  const alias = record.alias ? `alias ${record.alias}` : 'its alias';
  const now = record.aliasVersionNow
    ? `${alias} serves version ${record.aliasVersionNow}, the record says ${record.version ?? 'another'}`
    : `${alias} no longer serves version ${record.version ?? 'recorded'} (the version it serves now could not be read)`;
  return `> ⚠️ ${mdText(`${record.environment} changed outside the pipeline: ${now}.`)}`;
}

function bar(rule: GateRuleResult): string {
  if (rule.kind === 'threshold') return `${rule.op ?? ''} ${formatNumber(rule.bar) ?? ''}`.trim();
  return `regression${rule.allowed ? ` ≤ ${rule.allowed}` : ''}${rule.direction ? ` (${rule.direction} is better)` : ''}`;
}

function delta(rule: GateRuleResult): MdValue {
  if (rule.delta === undefined || rule.delta === null) return undefined;
  const sign = (n: number): string => (n > 0 ? '+' : '');
  const pct =
    rule.deltaPercent === undefined || rule.deltaPercent === null
      ? ''
      : ` (${sign(rule.deltaPercent)}${Number(rule.deltaPercent.toPrecision(3))}%)`;
  return md`${sign(rule.delta)}${formatNumber(rule.delta) ?? ''}${pct}`;
}
