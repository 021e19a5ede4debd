// A hand-written `reports` document is checked against the report schema:
// one InputError naming the item and the missing field, not a TypeError later.
import { InputError, InputReader } from '@mlship/action-kit';
import { readInputs } from '../src/inputs';

const env = (reports: unknown) =>
  new InputReader({
    INPUT_STEPS: '{}',
    INPUT_REPORTS: JSON.stringify(reports),
    'INPUT_JOB-STATUS': 'success',
    'INPUT_PR-COMMENT': 'false',
  });

it('names the item and the field a report lacks', async () => {
  const err = await readInputs(env([{ action: 'smoke-test', schema: 1, outcome: 'success', headline: 'ok', passed: true }])).catch(
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).message).toBe(
    'Input \'reports\' item 1 (a smoke-test report) lacks the field "checks". Example: reports: ${{ steps.gate.outputs.report }}',
  );
});

it('names a field of the wrong type inside a list', async () => {
  const err = await readInputs(
    env([
      {
        action: 'model-threshold-gate',
        schema: 1,
        outcome: 'success',
        headline: 'ok',
        passed: true,
        mode: 'enforce',
        rules: [{ metric: 'a', kind: 'threshold', verdict: 1 }],
      },
    ]),
  ).catch((e: unknown) => e);
  expect((err as InputError).message).toContain('item 1 (a model-threshold-gate report) has "rules[0].verdict" as a number, not a string');
});

it('accepts a complete report', async () => {
  const inputs = await readInputs(env([{ action: 'smoke-test', schema: 1, outcome: 'success', headline: 'ok', passed: true, checks: [] }]));
  expect(inputs.reports).toHaveLength(1);
});
