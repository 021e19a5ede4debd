/**
 * `expect-json`: JMESPath expressions and the values they must equal. The
 * jmespath module is loaded only when a check uses it.
 */
type Search = (doc: unknown, expression: string) => unknown;

let searchFn: Search | undefined;

export async function loadJmespath(): Promise<Search> {
  if (!searchFn) {
    const mod = (await import('jmespath')) as unknown as { search?: Search; default?: { search: Search } };
    searchFn = mod.search ?? (mod.default as { search: Search }).search;
  }
  return searchFn;
}

/** Returns a problem description when the expression does not compile. */
export function expressionProblem(search: Search, expression: string): string | undefined {
  try {
    search({}, expression);
    return undefined;
  } catch (err) {
    return `'${expression}' is not a JMESPath expression: ${(err as Error).message}`;
  }
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
