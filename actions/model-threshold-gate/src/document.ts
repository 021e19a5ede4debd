/**
 * Reading a metrics document: JSON (including what Python's `json` module
 * writes: bare NaN, Infinity, -Infinity) or YAML, and the shapes ML tools
 * export (DVC, scikit-learn, MLflow).
 */

const NAN_MARK = '\u0000NaN';

export class DocumentError extends Error {
  override readonly name = 'DocumentError';
}

/**
 * JSON first: it is exact and fast on large files. Python's non-standard
 * tokens are only looked for when plain JSON fails, and YAML (lazily loaded)
 * is the last resort, except for `json` (a `.json` file), which never reaches it.
 */
export async function parseMetricsText(text: string, format: 'json' | 'auto' = 'auto'): Promise<unknown> {
  let jsonError: Error;
  try {
    return checkShape(JSON.parse(text));
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    jsonError = err as Error;
  }
  if (/NaN|Infinity/.test(text)) {
    const python = parsePythonJson(text);
    if (python.ok) return checkShape(python.value);
  }
  if (format === 'json') throw new DocumentError(`JSON parser: ${firstLine(jsonError.message)}`);
  // js-yaml: about 5x faster than `yaml` on a 10 MB metrics file (bench/gate-large-metrics);
  // json: true lets a later duplicate key win, as JSON.parse does.
  // Through the kit: aliases that expand past a small limit are refused (a metrics file is untrusted).
  const { ExpansionError, loadYaml } = await import('@mlship/action-kit');
  let yamlValue: unknown;
  try {
    yamlValue = await loadYaml(text);
  } catch (err) {
    if (err instanceof ExpansionError) throw new DocumentError(`YAML parser: ${err.message}`);
    // Text that starts like JSON was meant as JSON: its parser says what is wrong.
    const looksJson = /^\s*[[{]/.test(text);
    const message = firstLine(looksJson ? jsonError.message : (err as Error).message);
    throw new DocumentError(`${looksJson ? 'JSON' : 'YAML'} parser: ${message}`);
  }
  return checkShape(yamlValue);
}

/**
 * Python writes NaN and ±Infinity as bare words. Infinity becomes 1e999
 * (which JSON.parse reads as Infinity); NaN has no JSON spelling, so it
 * travels as a marker string and is turned back into NaN afterwards.
 * A hand-written scan (strings skipped with indexOf) and a plain walk are
 * several times faster than a regex replace and a JSON.parse reviver on a
 * 10 MB file (see bench/gate-large-metrics.bench.mjs).
 */
export function parsePythonJson(text: string): { ok: true; value: unknown } | { ok: false; error: Error } {
  const chunks: string[] = [];
  let last = 0;
  let sawNaN = false;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) break;
      i = end + 1;
    } else if (c === 78 && text.startsWith('NaN', i)) {
      chunks.push(text.slice(last, i), JSON_NAN_MARK);
      i += 3;
      last = i;
      sawNaN = true;
    } else if (c === 73 && text.startsWith('Infinity', i)) {
      chunks.push(text.slice(last, i), '1e999');
      i += 8;
      last = i;
    } else i++;
  }
  chunks.push(text.slice(last));
  try {
    const value: unknown = JSON.parse(chunks.join(''));
    return { ok: true, value: sawNaN ? reviveNaN(value) : value };
  } catch (err) {
    return { ok: false, error: err as Error };
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const JSON_NAN_MARK = '"\\u0000NaN"';

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end >= 0) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

function reviveNaN(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === NAN_MARK) value[i] = NaN;
      else if (typeof value[i] === 'object' && value[i] !== null) reviveNaN(value[i]);
    }
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === NAN_MARK) record[key] = NaN;
      else if (typeof record[key] === 'object' && record[key] !== null) reviveNaN(record[key]);
    }
  }
  return value;
}

function checkShape(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) return value;
  // A short excerpt, quoted whole so that a caller can take it out (a file outside the workspace).
  const text = String(value);
  const what =
    value === null || value === undefined
      ? 'empty'
      : `a single ${typeof value} (${typeof value === 'string' ? JSON.stringify(text.length > 30 ? `${text.slice(0, 30)}…` : text) : text.slice(0, 30)})`;
  throw new DocumentError(`the document is ${what}, not a mapping of metric names to values`);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim().replace(/:$/, '');
}

interface KeyValue {
  key: string;
  value: unknown;
  step?: unknown;
  timestamp?: unknown;
}

function isKeyValueList(value: unknown): value is KeyValue[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'object' && item !== null && typeof (item as KeyValue).key === 'string' && 'value' in item)
  );
}

/** MLflow logs a metric's history; the gate judges its latest value. */
function fromKeyValues(list: KeyValue[]): Record<string, unknown> {
  const latest = new Map<string, KeyValue>();
  const order = (kv: KeyValue): [number, number] => [Number(kv.step ?? 0) || 0, Number(kv.timestamp ?? 0) || 0];
  for (const kv of list) {
    const seen = latest.get(kv.key);
    if (!seen) {
      latest.set(kv.key, kv);
      continue;
    }
    const [s1, t1] = order(seen);
    const [s2, t2] = order(kv);
    if (s2 > s1 || (s2 === s1 && t2 >= t1)) latest.set(kv.key, kv);
  }
  return Object.fromEntries([...latest].map(([key, kv]) => [key, kv.value]));
}

function asMetricsMap(value: unknown): Record<string, unknown> | undefined {
  if (isKeyValueList(value)) return fromKeyValues(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  return undefined;
}

/**
 * A second view of an MLflow-style export where metric names sit at the top:
 * the REST API's `{"run": {"data": {"metrics": [{key, value, step, timestamp}]}}}`,
 * `{"metrics": {...}}` or `{"metrics": [{key, value}]}`, or a bare list of
 * `{key, value}`. Rules are looked up in the document as written first, so
 * `metrics.accuracy` and `accuracy` both work.
 */
export function metricsView(doc: unknown): Record<string, unknown> | undefined {
  if (isKeyValueList(doc)) return fromKeyValues(doc);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const record = doc as Record<string, unknown>;
  const run = record['run'] as Record<string, unknown> | undefined;
  const data = (run && typeof run === 'object' ? run['data'] : record['data']) as Record<string, unknown> | undefined;
  const candidates = [data && typeof data === 'object' ? data['metrics'] : undefined, record['metrics']];
  for (const candidate of candidates) {
    const map = asMetricsMap(candidate);
    if (map) return map;
  }
  return undefined;
}
