import { InputError, InputReader, parseDuration } from '@mlship/action-kit';

const reader = (env: Record<string, string>) =>
  new InputReader(Object.fromEntries(Object.entries(env).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])));

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('InputReader', () => {
  it('reads hyphenated names the way the runner passes them', () => {
    expect(reader({ 'function-name': '  my-fn ' }).string('function-name')).toBe('my-fn');
  });

  it('names the input and shows an example for a missing required value', () => {
    const err = inputError(() => reader({}).required('repository', { example: 'repository: my-model' }));
    expect(err.message).toBe("Input 'repository' is required but was not set. Example: repository: my-model");
  });

  it('accepts only true/false booleans', () => {
    expect(reader({ push: 'false' }).boolean('push', true)).toBe(false);
    expect(reader({}).boolean('push', true)).toBe(true);
    expect(inputError(() => reader({ push: 'yes' }).boolean('push', true)).message).toContain("must be true or false, got 'yes'");
  });

  it('checks integers and ranges', () => {
    expect(reader({ retries: '3' }).integer('retries', { min: 0, max: 10 })).toBe(3);
    expect(inputError(() => reader({ retries: '2.5' }).integer('retries', { min: 0 })).message).toContain('must be an integer');
    expect(inputError(() => reader({ retries: '11' }).integer('retries', { min: 0, max: 10 })).message).toContain('at most 10');
    expect(
      inputError(() => reader({ w: '1.5' }).number('w', { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true })).message,
    ).toContain('greater than 0 and less than 1; got 1.5');
  });

  it('lists the valid values of an enum', () => {
    expect(reader({ mode: 'REPORT' }).enumOf('mode', ['enforce', 'report'] as const, 'enforce')).toBe('report');
    expect(inputError(() => reader({ mode: 'warn' }).enumOf('mode', ['enforce', 'report'] as const, 'enforce')).message).toContain(
      'must be one of enforce, report',
    );
  });

  it('parses durations in every accepted form', () => {
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('5 m')).toBeUndefined();
    expect(reader({ 'poll-interval': '100ms' }).duration('poll-interval', '1s')).toBe(100);
    expect(inputError(() => reader({ 'poll-interval': '100ms' }).duration('poll-interval', '1s', { min: 250 })).message).toContain(
      'at least 250ms',
    );
  });

  it('splits lists on newlines and commas', () => {
    expect(reader({ tags: 'a, b\nc\n\n' }).list('tags')).toEqual(['a', 'b', 'c']);
  });

  it('reads KEY=VALUE and Name: value maps and rejects other lines', () => {
    expect(reader({ h: 'X-Api-Key: abc:def\nAccept: json' }).map('h', { style: 'colon' })).toEqual({
      'X-Api-Key': 'abc:def',
      Accept: 'json',
    });
    expect(reader({ b: 'A=1\nURL=http://x?a=b' }).map('b', { style: 'equals' })).toEqual({ A: '1', URL: 'http://x?a=b' });
    expect(inputError(() => reader({ b: 'A=1\nnonsense' }).map('b', { style: 'equals' })).message).toContain(
      "line 2 is not KEY=VALUE: 'nonsense'",
    );
  });

  it('parses JSON and YAML documents and names the input when neither', async () => {
    await expect(reader({ d: '{"a": 1}' }).document('d')).resolves.toEqual({ a: 1 });
    await expect(reader({ d: '- name: x\n  url: http://y' }).document('d')).resolves.toEqual([{ name: 'x', url: 'http://y' }]);
    await expect(reader({ d: 'a: [1' }).document('d')).rejects.toThrow("Input 'd' is not valid JSON or YAML");
  });
});

describe('InputReader.untrimmed', () => {
  it('keeps leading blank lines so line numbers match what the user wrote', () => {
    const reader = new InputReader({ 'INPUT_MAX-REGRESSION': '\n\nauc 1%\n' });
    expect(reader.untrimmed('max-regression')).toBe('\n\nauc 1%\n');
    expect(reader.raw('max-regression')).toBe('auc 1%');
    expect(reader.untrimmed('thresholds')).toBe('');
  });
});
