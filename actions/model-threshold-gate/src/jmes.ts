/** The two JMESPath calls the gate needs, so tests and callers share one shape. */
export interface Jmes {
  /** Parses an expression into its syntax tree; throws on a bad expression. */
  compile(expression: string): unknown;
  search(data: unknown, expression: string): unknown;
}

interface JmesModule {
  compile(expression: string): unknown;
  search(data: unknown, expression: string): unknown;
}

/** Loaded only once rules exist: an action with no rules stops before paying for it. */
export async function loadJmes(): Promise<Jmes> {
  const mod = (await import('jmespath')) as unknown as JmesModule & { default?: JmesModule };
  const impl = typeof mod.compile === 'function' ? mod : (mod.default as JmesModule);
  return { compile: (e) => impl.compile(e), search: (d, e) => impl.search(d, e) };
}
