import { parseDuration } from './duration';
import { InputError } from './errors';
import { redactUrls } from './redact';
import { loadYaml } from './yaml';

export type Env = Record<string, string | undefined>;

interface Range {
  min?: number;
  max?: number;
  /** When true, `min` itself is not allowed (0 < weight). */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

interface Common {
  /** A right value shown in the error message. */
  example?: string;
}

/**
 * Reads action inputs from the environment as the runner provides them
 * (`INPUT_<NAME>`, upper-cased, hyphens kept). It deliberately does not use
 * @actions/core: validation must be cheap and must finish before anything
 * heavy is loaded or any network call is made.
 */
export class InputReader {
  constructor(private readonly env: Env = process.env) {}

  /** The raw, trimmed value; empty string when unset (as the runner does). */
  raw(name: string): string {
    return this.untrimmed(name).trim();
  }

  /**
   * The value exactly as written, leading blank lines kept: multi-line rules
   * whose errors cite line numbers must count the lines the user wrote.
   */
  untrimmed(name: string): string {
    return this.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
  }

  has(name: string): boolean {
    return this.raw(name) !== '';
  }

  string(name: string, opts: Common & { default?: string } = {}): string | undefined {
    const value = this.raw(name);
    return value === '' ? opts.default : value;
  }

  required(name: string, opts: Common = {}): string {
    const value = this.raw(name);
    if (value === '') throw new InputError(name, 'is required but was not set', opts.example ?? `${name}: <value>`);
    return value;
  }

  boolean(name: string, fallback: boolean, opts: Common = {}): boolean {
    const value = this.raw(name);
    if (value === '') return fallback;
    if (value === 'true' || value === 'True' || value === 'TRUE') return true;
    if (value === 'false' || value === 'False' || value === 'FALSE') return false;
    throw new InputError(name, `must be true or false, got '${value}'`, opts.example ?? `${name}: ${String(fallback)}`);
  }

  number(name: string, opts: Common & Range & { default?: number; integer?: boolean } = {}): number | undefined {
    const value = this.raw(name);
    if (value === '') return opts.default;
    const kind = opts.integer ? 'an integer' : 'a number';
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || (opts.integer && !Number.isInteger(parsed))) {
      throw new InputError(name, `must be ${kind}, got '${value}'`, opts.example ?? `${name}: ${exampleInRange(opts)}`);
    }
    checkRange(name, parsed, kind, opts);
    return parsed;
  }

  integer(name: string, opts: Common & Range & { default?: number } = {}): number | undefined {
    return this.number(name, { ...opts, integer: true });
  }

  enumOf<T extends string>(name: string, allowed: readonly T[], fallback: T, opts?: Common): T;
  enumOf<T extends string>(name: string, allowed: readonly T[], fallback?: undefined, opts?: Common): T | undefined;
  enumOf<T extends string>(name: string, allowed: readonly T[], fallback?: T, opts: Common = {}): T | undefined {
    const value = this.raw(name);
    if (value === '') return fallback;
    const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (match === undefined) {
      throw new InputError(name, `must be one of ${allowed.join(', ')}; got '${value}'`, opts.example ?? `${name}: ${allowed[0]}`);
    }
    return match;
  }

  /** A duration in milliseconds: `90` (seconds), `90s`, `5m`, `500ms`. */
  duration(name: string, fallback: string, opts: Common & Range = {}): number {
    const text = this.raw(name) || fallback;
    const ms = parseDuration(text);
    if (ms === undefined) {
      throw new InputError(name, `must be a duration such as 90, 90s, 5m or 500ms; got '${text}'`, opts.example ?? `${name}: ${fallback}`);
    }
    checkRange(name, ms, 'a duration', opts, (n) => `${n}ms`);
    return ms;
  }

  /** Newline- or comma-separated values, trimmed, empties dropped. */
  list(name: string, opts: { separator?: 'newline' | 'newline-or-comma' } = {}): string[] {
    return splitList(this.raw(name), opts.separator ?? 'newline-or-comma');
  }

  /** `KEY=VALUE` or `Key: value` lines. */
  map(name: string, opts: Common & { style?: 'equals' | 'colon' | 'either' } = {}): Record<string, string> {
    const result: Record<string, string> = {};
    const style = opts.style ?? 'either';
    const lines = this.raw(name).split(/\r?\n/);
    lines.forEach((line, index) => {
      const text = line.trim();
      if (text === '' || text.startsWith('#')) return;
      const eq = style === 'colon' ? -1 : text.indexOf('=');
      const colon = style === 'equals' ? -1 : text.indexOf(':');
      const cut = [eq, colon].filter((i) => i > 0).sort((a, b) => a - b)[0];
      if (cut === undefined) {
        const shape = style === 'colon' ? 'Name: value' : style === 'equals' ? 'KEY=VALUE' : 'KEY=VALUE or Name: value';
        throw new InputError(
          name,
          `line ${index + 1} is not ${shape}: '${text}'`,
          opts.example ?? `${name}: |\n  ${style === 'colon' ? 'X-Api-Key: ${{ secrets.API_KEY }}' : 'MODEL_VERSION=v2'}`,
        );
      }
      result[text.slice(0, cut).trim()] = text.slice(cut + 1).trim();
    });
    return result;
  }

  /** A JSON or YAML document; undefined when unset. */
  async document(name: string, opts: Common = {}): Promise<unknown> {
    const text = this.raw(name);
    if (text === '') return undefined;
    try {
      return await parseJsonOrYaml(text);
    } catch (err) {
      // The first line only: js-yaml's later lines quote the input, which may hold a secret.
      throw new InputError(name, `is not valid JSON or YAML: ${redactUrls((err as Error).message.split('\n')[0] ?? '')}`, opts.example);
    }
  }
}

export function splitList(text: string, separator: 'newline' | 'newline-or-comma' = 'newline-or-comma'): string[] {
  const pattern = separator === 'newline' ? /\r?\n/ : /\r?\n|,/;
  return text
    .split(pattern)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
}

/** JSON first (fast, exact); YAML, which is a superset, loaded only when needed. */
export async function parseJsonOrYaml(text: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    // js-yaml, like model-threshold-gate's metrics reader: one YAML parser in every bundle.
    return loadYaml(text);
  }
}

function checkRange(name: string, value: number, kind: string, range: Range & Common, show: (n: number) => string = String): void {
  const { min, max } = range;
  const belowMin = min !== undefined && (range.exclusiveMin ? value <= min : value < min);
  const aboveMax = max !== undefined && (range.exclusiveMax ? value >= max : value > max);
  if (!belowMin && !aboveMax) return;
  const low = min === undefined ? '' : `${range.exclusiveMin ? 'greater than' : 'at least'} ${show(min)}`;
  const high = max === undefined ? '' : `${range.exclusiveMax ? 'less than' : 'at most'} ${show(max)}`;
  const bounds = [low, high].filter(Boolean).join(' and ');
  throw new InputError(name, `must be ${kind} ${bounds}; got ${show(value)}`, range.example ?? `${name}: ${exampleInRange(range)}`);
}

function exampleInRange(range: Range): string {
  if (range.min !== undefined && range.max !== undefined) return String((range.min + range.max) / 2);
  if (range.min !== undefined) return String(range.exclusiveMin ? range.min + 1 : range.min);
  if (range.max !== undefined) return String(range.max);
  return '1';
}
