import { clipText, formatBytes, formatDuration, formatMs, formatNumber, formatWeight, optional, shortDigest } from '@mlship/action-kit';

describe('formatBytes: SI, as docker images shows', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [2048, '2.0 kB'],
    [12_345_678, '12.3 MB'],
    [999_960, '1.0 MB'],
    [3 * 1000 ** 3, '3.0 GB'],
    [1024 ** 3, '1.1 GB'],
  ])('%d bytes is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration: the syntax the duration inputs accept', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [999.4, '999ms'],
    [1000, '1.0s'],
    [12_345, '12.3s'],
    [60_000, '1m00s'],
    [119_600, '2m00s'],
    [245_000, '4m05s'],
    [600_000, '10m00s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatMs: latencies stay in milliseconds', () => {
  it.each([
    [213, '213ms'],
    [1500, '1500ms'],
    [12.6, '13ms'],
  ])('%d is %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});

describe('the formatters the report sections share', () => {
  it.each([
    [0.1, '10%'],
    [0.0753, '7.5%'],
    [1, '100%'],
  ])('weight %d is %s', (weight, text) => {
    expect(formatWeight(weight)).toBe(text);
  });

  it.each([
    [3, '3'],
    [0.123456789, '0.123457'],
    [null, undefined],
  ])('metric %p is %p', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });

  it('shortens a sha256 digest and leaves anything else alone', () => {
    expect(shortDigest(`sha256:${'0123456789ab'.repeat(5)}cdef`)).toBe('sha256:0123456789ab…');
    expect(shortDigest('latest')).toBe('latest');
  });

  it('clips a long message and says how much it left out', () => {
    expect(clipText('abcdef', 4)).toBe('abcd… (2 more characters)');
    expect(clipText('abc', 4)).toBe('abc');
  });

  it('passes an absent optional field through', () => {
    expect(optional(formatMs)(undefined)).toBeUndefined();
    expect(optional(formatMs)(12.4)).toBe('12ms');
  });
});
