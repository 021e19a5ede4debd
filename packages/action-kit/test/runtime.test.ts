import {
  ActionFailure,
  CancelledError,
  InputError,
  escapeData,
  clipBytes,
  facts,
  formatDuration,
  sleep,
  table,
  virtualTime,
} from '@mlship/action-kit';

describe('workflow command escaping', () => {
  it('escapes newlines and percent signs so one error stays one line', () => {
    expect(escapeData('50% done\nnext\r')).toBe('50%25 done%0Anext%0D');
  });
});

describe('errors', () => {
  it('formats an input error with the input, the problem and an example', () => {
    expect(new InputError('timeout', 'must be a duration', 'timeout: 10s').message).toBe(
      "Input 'timeout' must be a duration. Example: timeout: 10s",
    );
  });
  it('keeps failure details apart from the one-line message', () => {
    const failure = new ActionFailure('build failed', ['line 1', 'line 2']);
    expect(failure.message).toBe('build failed');
    expect(failure.details).toEqual(['line 1', 'line 2']);
  });
});

describe('sleep and cancellation', () => {
  it('ends a sleep at once when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
  it('advances virtual time without waiting', async () => {
    const time = virtualTime(1000);
    await time.sleep(5000);
    expect(time.clock.now()).toBe(6000);
  });
});

describe('markdown', () => {
  it('escapes pipes and newlines inside table cells', () => {
    // A pipe in foreign text becomes an entity, which never splits a cell; newlines become <br>.
    expect(table(['a', 'b'], [['x|y', 'line1\nline2']])).toBe('| a | b |\n| --- | --- |\n| x&#124;y | line1<br>line2 |');
  });
  it('cuts bodies to a byte budget, never splitting a character', () => {
    expect(clipBytes('a'.repeat(600), 500)).toBe(`${'a'.repeat(500)}… (100 more bytes)`);
    expect(clipBytes('short')).toBe('short');
    expect(clipBytes('é'.repeat(400), 101)).not.toContain('\uFFFD');
  });
  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_345)).toBe('12.3s');
    expect(formatDuration(245_000)).toBe('4m05s');
  });
});

describe('facts', () => {
  it('renders key/value rows with the first as the header and leaves out empty values', () => {
    expect(
      facts([
        ['Image', 'a|b'],
        ['Digest', undefined],
        ['Size', ''],
      ]),
    ).toBe('| **Image** | a&#124;b |\n| :--- | :--- |');
  });
});
