import { judgeErrors, wilson } from '../src/bake/evidence';

// max-error-rate: 0% means "not one error". Wilson's lower bound at 0 errors is
// exactly 0 in theory; computed in floating point it came out a hair above 0 for
// many call counts, and a version that never erred was rolled back.
const callCounts = Array.from({ length: 1000 }, (_, i) => i + 1);

test('the 95% bounds at 0 errors and at all errors are exactly 0 and 1, for 1 to 1000 calls', () => {
  expect(callCounts.filter((n) => wilson(0, n).lower !== 0)).toEqual([]);
  expect(callCounts.filter((n) => wilson(n, n).upper !== 1)).toEqual([]);
});

test('with max-error-rate 0%, 0 errors passes at the step end and is never a conclusive failure before it', () => {
  const zero = { kind: 'absolute', rate: 0 } as const;
  const none = { invocations: 0, errors: 0 };
  const failedAtEnd = callCounts.filter((n) => judgeErrors(zero, { invocations: n, errors: 0 }, none, true, 1).state !== 'pass');
  const failedEarly = callCounts.filter((n) => judgeErrors(zero, { invocations: n, errors: 0 }, none, false, 1).state === 'fail');
  expect({ failedAtEnd, failedEarly }).toEqual({ failedAtEnd: [], failedEarly: [] });
});

test('with max-error-rate 0%, one error in 300 calls fails as soon as it is seen', () => {
  const verdict = judgeErrors({ kind: 'absolute', rate: 0 }, { invocations: 300, errors: 1 }, { invocations: 0, errors: 0 }, false, 1);
  expect(verdict.state).toBe('fail');
  expect(verdict.sentence).toMatch(/1 error in 300 invocations .*: failed$/);
});
