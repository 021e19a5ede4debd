/**
 * `expect-json`: JMESPath expressions and the values they must equal. The
 * jmespath module is loaded only when a check uses it.
 */
type Search = (doc: unknown, expression: string) => unknown;
interface Jmespath {
  search: Search;
  /** Parses without evaluating; missing from @types/jmespath but part of jmespath.js. */
  compile: (expression: string) => unknown;
}

let loaded: Jmespath | undefined;

async function jmespath(): Promise<Jmespath> {
  if (!loaded) {
    const mod = (await import('jmespath')) as unknown as Partial<Jmespath> & { default?: Jmespath };
    loaded = mod.search && mod.compile ? (mod as Jmespath) : (mod.default as Jmespath);
  }
  return loaded;
}

export async function loadJmespath(): Promise<Search> {
  return (await jmespath()).search;
}

/** A problem description when the expression does not parse, else undefined. */
export async function expressionProblem(expression: string): Promise<string | undefined> {
  const { compile, search } = await jmespath();
  try {
    compile(expression);
  } catch (err) {
    return `has '${expression}', which is not a JMESPath expression: ${(err as Error).message.replace(/\.$/, '')}`;
  }
  try {
    search({}, expression);
  } catch (err) {
    // jmespath.js parses some malformed expressions (`a..b`) and then crashes
    // evaluating them with a native TypeError; its own type errors are plain Errors.
    if (err instanceof TypeError) return `has '${expression}', which is not a JMESPath expression`;
  }
  return undefined;
}

/**
 * Equal as JSON values; a scalar also equals its string form, because YAML
 * turns `version: 2` into a number while the API may answer "2".
 */
export function jsonEquals(actual: unknown, expected: unknown): boolean {
  if (isScalar(actual) && isScalar(expected)) return actual === expected || String(actual) === String(expected);
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.length === expected.length && actual.every((item, i) => jsonEquals(item, expected[i]));
  }
  if (isObject(actual) && isObject(expected)) {
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((key) => jsonEquals(actual[key], expected[key]));
  }
  return false;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function showJson(value: unknown): string {
  return value === undefined ? 'nothing (null)' : JSON.stringify(value);
}
