import { metricsView } from './document';
import type { Jmes } from './jmes';

/** What a metric expression found in a document. */
export type Reading =
  { ok: true; value: number } | { ok: false; why: 'absent' | 'null' | 'nan' | 'not-a-number' | 'error'; detail: string };

/** A document plus its MLflow-style metrics view, computed once. */
export interface Source {
  name: string;
  document: unknown;
  view?: Record<string, unknown>;
  lookup?: (metric: string, key: string) => Reading;
}

export function source(name: string, document: unknown, lookup?: Source['lookup']): Source {
  return lookup ? { name, document, lookup } : { name, document, view: metricsView(document) };
}

export function readMetric(jmes: Jmes, src: Source, metric: string, ast: unknown): Reading {
  if (src.lookup) return src.lookup(metric, JSON.stringify(ast));
  let found: unknown;
  try {
    found = jmes.search(src.document, metric);
    if ((found === null || found === undefined) && src.view) found = jmes.search(src.view, metric);
  } catch (err) {
    return { ok: false, why: 'error', detail: `evaluating it failed: ${(err as Error).message}` };
  }
  if (typeof found === 'number') {
    return Number.isNaN(found) ? { ok: false, why: 'nan', detail: 'is NaN' } : { ok: true, value: found };
  }
  if (found === null || found === undefined) return explainNull(src, ast);
  return { ok: false, why: 'not-a-number', detail: `is ${describeValue(found)}` };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}', not a number`;
  if (Array.isArray(value)) return `a list of ${value.length}, not a number`;
  if (typeof value === 'object' && value !== null)
    return `an object, not a number (keys: ${keyList(value as Record<string, unknown>)}): pick one of its keys`;
  return `${typeof value} ${String(value)}, not a number`;
}

function keyList(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  // Keys come from the document: each one bounded, so a 1 MB key cannot flood a message.
  const shown = keys
    .slice(0, 8)
    .map((key) => (key.length > 40 ? `${key.slice(0, 40)}…` : key))
    .join(', ');
  return keys.length > 8 ? `${shown}, … ${keys.length - 8} more` : shown;
}

interface Node {
  type: string;
  name?: string;
  value?: number;
  children?: Node[];
}

/** The path of field names, when the expression is only that (`a.b."c d"`). */
function fieldPath(node: Node): string[] | undefined {
  if (node.type === 'Field' && typeof node.name === 'string') return [node.name];
  if (node.type === 'Subexpression' && node.children?.length === 2) {
    const [left, right] = node.children as [Node, Node];
    const a = fieldPath(left);
    const b = fieldPath(right);
    return a && b ? [...a, ...b] : undefined;
  }
  return undefined;
}

/**
 * JMESPath gives null both for a key that is not there and for a null value.
 * For plain key paths, walk the document to say which, and where the path
 * stopped: that is what the user needs to fix a typo.
 */
function explainNull(src: Source, ast: unknown): Reading {
  const path = fieldPath(ast as Node);
  if (!path) return { ok: false, why: 'null', detail: 'is absent or null' };
  const roots = [src.document, src.view].filter((r) => r !== undefined);
  let best: { depth: number; at: unknown; isNull: boolean } = { depth: -1, at: undefined, isNull: false };
  for (const root of roots) {
    let at: unknown = root;
    let depth = 0;
    for (const key of path) {
      if (typeof at !== 'object' || at === null || Array.isArray(at) || !(key in at)) break;
      at = (at as Record<string, unknown>)[key];
      depth++;
    }
    if (depth === path.length) return { ok: false, why: 'null', detail: 'is null' };
    if (depth > best.depth) best = { depth, at, isNull: at === null };
  }
  const missingKey = path[best.depth] as string;
  const parent = best.depth === 0 ? 'the document' : `'${path.slice(0, best.depth).join('.')}'`;
  if (typeof best.at !== 'object' || best.at === null || Array.isArray(best.at)) {
    return {
      ok: false,
      why: 'absent',
      detail: `is absent: ${parent} is ${best.at === null ? 'null' : Array.isArray(best.at) ? 'a list' : `a ${typeof best.at}`}, so it has no key '${missingKey}'`,
    };
  }
  return {
    ok: false,
    why: 'absent',
    detail: `is absent: ${parent} has no key '${missingKey}' (keys: ${keyList(best.at as Record<string, unknown>)})`,
  };
}
