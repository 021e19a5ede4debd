/**
 * YAML with bounded alias expansion. An alias (`*a`) is a reference: js-yaml
 * builds a small graph, and the blow-up comes later, when the value is walked
 * or serialised (a 370-byte "billion laughs" becomes hundreds of MB of
 * outputs, log and summary). js-yaml has no alias limit, so after loading we
 * walk the value as a tree, counting every node reached through a reference
 * seen before, and refuse past small limits.
 */

export const MAX_ALIAS_EXPANSIONS = 100;
/** Values reached again through an alias, summed over all aliases. A document without aliases has none. */
export const MAX_REPEATED_VALUES = 10_000;

export class ExpansionError extends Error {
  override readonly name = 'ExpansionError';
}

/**
 * Throws ExpansionError when aliases repeat content past the limits. Large
 * documents without aliases pass untouched (a 10 MB metrics file is fine).
 */
export function checkExpansion(value: unknown, limits: { aliases?: number; repeated?: number } = {}): void {
  const maxAliases = limits.aliases ?? MAX_ALIAS_EXPANSIONS;
  const maxRepeated = limits.repeated ?? MAX_REPEATED_VALUES;
  const seen = new Set<object>();
  let aliases = 0;
  let repeated = 0;
  const stack: Array<[unknown, boolean]> = [[value, false]];
  while (stack.length > 0) {
    const [node, again] = stack.pop() as [unknown, boolean];
    if (again && ++repeated > maxRepeated)
      throw new ExpansionError(`its YAML aliases expand to more than ${maxRepeated} repeated values; write the values out`);
    if (typeof node !== 'object' || node === null) continue;
    let inAlias = again;
    if (seen.has(node)) {
      if (!again && ++aliases > maxAliases) throw new ExpansionError(`it uses more than ${maxAliases} YAML aliases; write the values out`);
      inAlias = true;
    } else seen.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, inAlias]);
  }
}

/** js-yaml's `load` (json: true, as JSON.parse treats duplicate keys), then the expansion check. */
export async function loadYaml(text: string): Promise<unknown> {
  const { load } = await import('js-yaml');
  const value = load(text, { json: true });
  checkExpansion(value);
  return value;
}
