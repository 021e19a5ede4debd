/** The environment the runner gives the action for some inputs, and the InputError readInputs throws for it. */
import { InputError } from '@mlship/action-kit';
import { readInputs } from '../src/inputs';

export function inputEnv(inputs: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { GITHUB_SHA: 'f'.repeat(40), AWS_REGION: 'us-east-1', ...extra };
  for (const [k, v] of Object.entries(inputs)) out[`INPUT_${k.toUpperCase()}`] = v;
  return out;
}

export function inputErrorIn(dir: string, inputs: Record<string, string>, extra?: Record<string, string>): InputError {
  try {
    readInputs(inputEnv(inputs, extra), dir);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}
