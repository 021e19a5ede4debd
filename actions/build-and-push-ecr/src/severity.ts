import type { Severity } from '@mlship/action-kit';
import { SEVERITIES, type GateSeverity } from './names';

const RANK: Record<Severity, number> = { CRITICAL: 5, HIGH: 4, MEDIUM: 3, LOW: 2, INFORMATIONAL: 1, UNDEFINED: 0 };

export type SeverityCounts = Partial<Record<Severity, number>>;

/** ECR's count map, normalised to our severity names (unknown names count as UNDEFINED). */
export function normaliseCounts(raw: Record<string, number | undefined> | undefined): SeverityCounts {
  const counts: SeverityCounts = {};
  for (const [name, count] of Object.entries(raw ?? {})) {
    if (!count) continue;
    const key = (name.toUpperCase() in RANK ? name.toUpperCase() : 'UNDEFINED') as Severity;
    counts[key] = (counts[key] ?? 0) + count;
  }
  return counts;
}

/** Severities at or above the threshold that have findings, highest first. */
export function failingSeverities(counts: SeverityCounts, threshold: GateSeverity): Severity[] {
  return SEVERITIES.filter((s) => RANK[s] >= RANK[threshold] && (counts[s] ?? 0) > 0);
}

export function describeCounts(counts: SeverityCounts): string {
  const parts = (Object.keys(RANK) as Severity[]).filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no findings';
}
