import { unreachable } from './errors';

/** The comparison operators a rule can use (model-threshold-gate thresholds, smoke-test expect-json). */
export type CompareOp = '>=' | '>' | '<=' | '<' | '==' | '!=';

export function compareNumbers(value: number, op: CompareOp, bar: number): boolean {
  switch (op) {
    case '>=':
      return value >= bar;
    case '>':
      return value > bar;
    case '<=':
      return value <= bar;
    case '<':
      return value < bar;
    case '==':
      return value === bar;
    case '!=':
      return value !== bar;
    default:
      return unreachable(op);
  }
}
