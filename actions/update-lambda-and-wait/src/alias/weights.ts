/**
 * The one representation of alias weights: fractions of traffic (0..1) per
 * extra version, kept to 0.01 % (what UpdateAlias is sent, what is compared,
 * what is printed). The primary version takes the rest.
 */
import { formatPercent } from '@mlship/action-kit';

export type Weights = Record<string, number>;

/** What routes the alias: its primary version and the extra versions' shares. */
export interface Routing {
  version: string;
  weights: Weights;
}

/** A share rounded to 0.01 % (4 decimals of a fraction), so 0.1 + 0.2 and 0.3 are the same share. */
export function roundShare(fraction: number): number {
  return Math.round(fraction * 10000) / 10000;
}

/** A share as a percent to 0.01: 0.1 → 10, 0.12345 → 12.35. */
export function percentOf(fraction: number): number {
  return Math.round(fraction * 10000) / 100;
}

export function roundWeights(weights: Weights): Weights {
  return Object.fromEntries(Object.entries(weights).map(([v, w]) => [v, roundShare(w)]));
}

/** A share as people read it: `10%`, `12.5%`, `0.01%`. */
export function formatShare(fraction: number): string {
  return formatPercent(roundShare(fraction));
}

/** The primary version's share: whatever the extra versions do not take. */
export function primaryShare(weights: Weights): number {
  return roundShare(1 - Object.values(weights).reduce((sum, w) => sum + w, 0));
}

/** `version 4 (100%)` or `version 4 (90%) and 10% on version 5`. */
export function describeAlias(view: Routing): string {
  const extra = Object.entries(view.weights).map(([v, w]) => `${formatShare(w)} on version ${v}`);
  return extra.length === 0
    ? `version ${view.version} (100%)`
    : `version ${view.version} (${formatShare(primaryShare(view.weights))}) and ${extra.join(', ')}`;
}

/** The extra weights after a version in a log line: `` or ` (plus 10% on version 5)`. */
export function weightsText(weights: Weights): string {
  const entries = Object.entries(weights);
  return entries.length === 0 ? '' : ` (plus ${entries.map(([v, w]) => `${formatShare(w)} on version ${v}`).join(', ')})`;
}

/** The same, compact, for a headline or a table cell: `` or ` (+10% on 5)`. */
export function weightsShort(weights: Weights): string {
  const entries = Object.entries(weights);
  return entries.length === 0 ? '' : ` (+${entries.map(([v, w]) => `${formatShare(w)} on ${v}`).join(', ')})`;
}

/** Every version's share, the primary included, e.g. {"1":0.9,"2":0.1} (the `weights` output). */
export function sharesByVersion(view: Routing): Weights {
  return { [view.version]: primaryShare(view.weights), ...roundWeights(view.weights) };
}

/** The same routing, to 0.01 %: key order and float noise do not count. */
export function sameRouting(a: Routing, b: Routing): boolean {
  const keys = new Set([...Object.keys(a.weights), ...Object.keys(b.weights)]);
  return a.version === b.version && [...keys].every((k) => roundShare(a.weights[k] ?? 0) === roundShare(b.weights[k] ?? 0));
}
