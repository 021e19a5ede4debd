/** Alias weights (src/alias/weights.ts): one rounding to 0.01 %, one way to print them. */
import {
  describeAlias,
  formatShare,
  percentOf,
  primaryShare,
  roundShare,
  roundWeights,
  sameRouting,
  sharesByVersion,
  weightsText,
} from '../src/alias/weights';

describe('rounding to 0.01 %', () => {
  it('keeps four decimals of a fraction, so float noise is the same share', () => {
    expect(roundShare(0.1 + 0.2)).toBe(0.3);
    expect(roundShare(0.123456)).toBe(0.1235);
    expect(roundShare(0.00004)).toBe(0);
    expect(roundWeights({ '5': 0.100049, '6': 0.2 })).toEqual({ '5': 0.1, '6': 0.2 });
  });

  it('gives a percent to two decimals', () => {
    expect(percentOf(0.1)).toBe(10);
    expect(percentOf(0.12345)).toBe(12.35);
  });

  it('gives the primary version what the extra versions do not take', () => {
    expect(primaryShare({})).toBe(1);
    expect(primaryShare({ '5': 0.1, '6': 0.25 })).toBe(0.65);
  });
});

describe('how weights read', () => {
  it('as a share, a description, a log suffix and the weights output', () => {
    expect(formatShare(0.125)).toBe('12.5%');
    expect(formatShare(0.0001)).toBe('0.01%');
    expect(describeAlias({ version: '4', weights: {} })).toBe('version 4 (100%)');
    expect(describeAlias({ version: '4', weights: { '5': 0.1 } })).toBe('version 4 (90%) and 10% on version 5');
    expect(weightsText({})).toBe('');
    expect(weightsText({ '5': 0.1, '6': 0.05 })).toBe(' (plus 10% on version 5, 5% on version 6)');
    expect(sharesByVersion({ version: '4', weights: { '5': 0.1 } })).toEqual({ '4': 0.9, '5': 0.1 });
  });
});

describe('sameRouting', () => {
  it('is the same version with the same shares to 0.01 %, whatever the key order or a zero weight', () => {
    expect(sameRouting({ version: '1', weights: { '2': 0.1, '3': 0.2 } }, { version: '1', weights: { '3': 0.2, '2': 0.10000001 } })).toBe(
      true,
    );
    expect(sameRouting({ version: '1', weights: { '2': 0 } }, { version: '1', weights: {} })).toBe(true);
    expect(sameRouting({ version: '1', weights: {} }, { version: '2', weights: {} })).toBe(false);
    expect(sameRouting({ version: '1', weights: { '2': 0.1 } }, { version: '1', weights: { '2': 0.1001 } })).toBe(false);
    expect(sameRouting({ version: '1', weights: {} }, { version: '1', weights: { '2': 0.1 } })).toBe(false);
  });
});
