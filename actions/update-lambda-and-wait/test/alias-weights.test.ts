// The one representation of alias weights (src/alias/weights.ts): shares
// kept and shown to 0.01 %, compared without float noise.
import {
  describeAlias,
  formatShare,
  percentOf,
  roundWeights,
  sameRouting,
  sharesByVersion,
  weightsShort,
  weightsText,
} from '../src/alias/weights';

it.each([
  [0.1, '10%'],
  [0.125, '12.5%'],
  [0.123456, '12.35%'],
  [0.0001, '0.01%'],
  [0.00004, '0%'],
  [1, '100%'],
])('formatShare(%f) is %s', (share, text) => {
  expect(formatShare(share)).toBe(text);
});

it('rounds what is sent to 0.01 %, and percents without float noise', () => {
  expect(roundWeights({ '2': 0.123456, '3': 0.07 })).toEqual({ '2': 0.1235, '3': 0.07 });
  expect(percentOf(0.07)).toBe(7);
  expect(percentOf(0.1 + 0.2)).toBe(30);
});

it.each([
  [{ version: '4', weights: {} }, 'version 4 (100%)', ''],
  [{ version: '4', weights: { '5': 0.1 } }, 'version 4 (90%) and 10% on version 5', ' (plus 10% on version 5)'],
  [{ version: '4', weights: { '5': 0.3333 } }, 'version 4 (66.67%) and 33.33% on version 5', ' (plus 33.33% on version 5)'],
  [
    { version: '4', weights: { '5': 0.1, '6': 0.2 } },
    'version 4 (70%) and 10% on version 5, 20% on version 6',
    ' (plus 10% on version 5, 20% on version 6)',
  ],
])('%o reads "%s"', (routing, described, text) => {
  expect(describeAlias(routing)).toBe(described);
  expect(weightsText(routing.weights)).toBe(text);
  expect(weightsShort(routing.weights)).toBe(text.replace('plus ', '+').replaceAll('version ', ''));
});

it('gives every version its share for the weights output, the primary included', () => {
  expect(sharesByVersion({ version: '1', weights: { '2': 0.1 } })).toEqual({ '1': 0.9, '2': 0.1 });
  expect(sharesByVersion({ version: '2', weights: {} })).toEqual({ '2': 1 });
  expect(JSON.stringify(sharesByVersion({ version: '1', weights: { '2': 0.7 } }))).toBe('{"1":0.3,"2":0.7}');
});

it('compares routings to 0.01 %: float noise and key order do not count, a missing weight does', () => {
  expect(sameRouting({ version: '1', weights: { '2': 0.1 + 0.2 } }, { version: '1', weights: { '2': 0.3 } })).toBe(true);
  expect(sameRouting({ version: '1', weights: { '2': 0.1, '3': 0.2 } }, { version: '1', weights: { '3': 0.2, '2': 0.1 } })).toBe(true);
  expect(sameRouting({ version: '1', weights: { '2': 0.1 } }, { version: '1', weights: {} })).toBe(false);
  expect(sameRouting({ version: '1', weights: {} }, { version: '2', weights: {} })).toBe(false);
  expect(sameRouting({ version: '1', weights: { '2': 0.1, '3': 0.2 } }, { version: '1', weights: { '2': 0.1, '3': 0.25 } })).toBe(false);
});
