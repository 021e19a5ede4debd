// A `reports` document is checked against the report schema: a report that
// fails is kept aside with the item and the field (shown in its place in the
// summary), never a TypeError later.
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
  const inputs = await readInputs(env([{ action: 'smoke-test', schema: 1, outcome: 'success', headline: 'ok', passed: true }]));
  expect(inputs.reports).toEqual([]);
  expect(inputs.invalidReports).toEqual([{ source: 'item 1 of the reports input', action: 'smoke-test', problem: 'checks: missing' }]);
});

it('names a field of the wrong type inside a list', async () => {
  const inputs = await readInputs(
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
  );
  expect(inputs.invalidReports).toEqual([
    {
      source: 'item 1 of the reports input',
      action: 'model-threshold-gate',
      problem: 'rules[0].verdict: a number, not one of pass, fail, warn, skip',
    },
  ]);
});

it('still refuses a document that is no report of ours, naming the item', async () => {
  const err = await readInputs(env([{ action: 'other', schema: 1 }])).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).message).toMatch(/^Input 'reports' item 1 is not a report of an mlship action/);
});

it('accepts a complete report', async () => {
  const inputs = await readInputs(env([{ action: 'smoke-test', schema: 1, outcome: 'success', headline: 'ok', passed: true, checks: [] }]));
  expect(inputs.reports).toHaveLength(1);
});
