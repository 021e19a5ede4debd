/** Compares one answer with a check's expectations; the first mismatch wins. */
import { EXCERPT_BYTES, clipBytes } from '@mlship/action-kit';
import { loadJmespath, showJson as showWhole } from './json-expect';
import { ruleBreak } from './json-rule';
import { statusMatches } from './status';
import type { Expectations, Observation } from '../types';

export interface Mismatch {
  reason: string;
  expected: string;
  actual: string;
}

export async function assess(expect: Expectations, obs: Observation): Promise<Mismatch | undefined> {
  if (obs.functionError) {
    const { errorType, errorMessage } = functionErrorOf(obs.body);
    // The function's own words, bounded: a stack trace or a payload can be megabytes.
    const message = clipBytes([errorType, errorMessage].filter(Boolean).join(': ') || obs.body.trim() || 'no message', EXCERPT_BYTES);
    return {
      reason: `function error (${obs.functionError}): ${message}`,
      expected: 'no FunctionError',
      actual: `FunctionError ${obs.functionError}`,
    };
  }
  if (!statusMatches(expect.status, obs.status)) {
    return {
      reason: `status: expected ${expect.status.text}, got ${obs.status}${obs.note ? ` (${obs.note})` : ''}`,
      expected: expect.status.text,
      actual: String(obs.status),
    };
  }
  for (const text of expect.bodyContains) {
    if (!obs.body.includes(text))
      return { reason: `body: expected it to contain '${text}', it does not`, expected: `contains '${text}'`, actual: 'not found' };
  }
  if (expect.json.length === 0) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(obs.body);
  } catch {
    return {
      reason: 'body: expected JSON for expect-json, got a body that does not parse as JSON',
      expected: 'a JSON body',
      actual: 'not JSON',
    };
  }
  const search = await loadJmespath();
  for (const { expression, rule, text } of expect.json) {
    let actual: unknown;
    try {
      actual = search(doc, expression);
    } catch (err) {
      return {
        reason: `json: ${expression} could not be evaluated: ${(err as Error).message}`,
        expected: text,
        actual: 'error',
      };
    }
    const broken = ruleBreak(rule, actual);
    if (broken !== undefined) {
      const seen = showJson(actual);
      // Equality reads best as expected/got; a rule is quoted and says why the value misses it.
      const plain = rule.kind === 'equals' && !rule.negate;
      const reason = plain
        ? `json: ${expression} expected ${text}, got ${seen}`
        : `json: ${expression} expected '${text}', got ${seen} (${broken})`;
      return { reason, expected: text, actual: seen };
    }
  }
  return undefined;
}

/** A value from the answer, bounded: it lands in a reason, a log line and the report. */
function showJson(value: unknown): string {
  return clipBytes(showWhole(value), 200);
}

function functionErrorOf(payload: string): { errorType?: string; errorMessage?: string } {
  try {
    const parsed = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown };
    return { errorType: stringOr(parsed.errorType), errorMessage: stringOr(parsed.errorMessage) };
  } catch {
    return {};
  }
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
