// Probes (src/bake/probes.ts): how probe-payload is read and bounded, how a
// failed probe is told in one clean line, and how answers, failures and calls
// without an answer are counted.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeFailure, readProbePayload, sendProbes, type ProbePort, type ProbeResult, type ProbeTally } from '../src/bake/probes';

const MAX = 256 * 1024;
/** A JSON string of exactly `bytes` bytes. */
const jsonOfSize = (bytes: number) => `"${'a'.repeat(bytes - 2)}"`;

describe('readProbePayload: JSON text or @path, at most 256 KiB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-payload-'));

  it('reads @path with blanks around it, from the workspace', () => {
    writeFileSync(join(dir, 'payload.json'), '{"text": "hi"}');
    expect(readProbePayload('  @payload.json \n', dir)).toBe('{"text": "hi"}');
    expect(readProbePayload(' {"a": 1} ')).toBe('{"a": 1}');
  });

  it('names the missing file as written, without the @', () => {
    expect(() => readProbePayload('@no/such.json', dir)).toThrow(
      "Input 'probe-payload' names a file that was not found: 'no/such.json'. Example: probe-payload:",
    );
  });

  it('takes a file of exactly 256 KiB and refuses one byte more, naming the file', () => {
    writeFileSync(join(dir, 'max.json'), jsonOfSize(MAX));
    writeFileSync(join(dir, 'big.json'), jsonOfSize(MAX + 1));
    expect(readProbePayload('@max.json', dir)).toHaveLength(MAX);
    expect(() => readProbePayload('@big.json', dir)).toThrow(
      /^Input 'probe-payload' file is larger than 256 KiB: 'big\.json'\. Example: probe-payload: \{"text": "hello"\}/,
    );
  });

  it('takes inline JSON of exactly 256 KiB and refuses one byte more', () => {
    expect(readProbePayload(jsonOfSize(MAX))).toHaveLength(MAX);
    expect(() => readProbePayload(jsonOfSize(MAX + 1))).toThrow(
      /^Input 'probe-payload' is larger than 256 KiB\. Example: probe-payload: \{"text": "hello"\} \(or @probes\/payload\.json\)$/,
    );
  });
});

describe('probeFailure: why a probe failed, in one short line', () => {
  it.each<[string, ProbeResult, string | undefined]>([
    ['a 200 without FunctionError is a success', { status: 200 }, undefined],
    ['a status without a body says the status', { status: 500 }, 'status 500'],
    ['a status with a text body', { status: 502, body: 'Bad   Gateway' }, 'status 502: Bad Gateway'],
    [
      "Lambda's error payload: its type and message",
      { status: 200, functionError: 'Unhandled', body: '{"errorType":"TypeError","errorMessage":"boom"}' },
      'FunctionError Unhandled: TypeError: boom',
    ],
    [
      'an error type that is not text is left out',
      { status: 200, functionError: 'Handled', body: '{"errorType":5,"errorMessage":"boom"}' },
      'FunctionError Handled: boom',
    ],
    ['JSON without errorMessage is shown as it is', { status: 500, body: '{"x":1}' }, 'status 500: {"x":1}'],
    ['JSON null is shown as it is', { status: 500, body: 'null' }, 'status 500: null'],
    ['blanks around the message are trimmed', { status: 500, body: '  boom  ' }, 'status 500: boom'],
    ['a control character becomes a blank', { status: 500, body: 'boom\u0007now' }, 'status 500: boom now'],
    ['terminal escapes go, intermediate bytes and all', { status: 500, body: 'a\u001b[2 qb\u001b[31mc' }, 'status 500: abc'],
  ])('%s', (_name, result, why) => {
    expect(probeFailure(result)).toBe(why);
  });

  it('keeps 200 characters of the message and marks a cut with an ellipsis', () => {
    expect(probeFailure({ status: 500, body: 'x'.repeat(200) })).toBe(`status 500: ${'x'.repeat(200)}`);
    expect(probeFailure({ status: 500, body: 'x'.repeat(201) })).toBe(`status 500: ${'x'.repeat(200)}…`);
  });
});

describe('sendProbes: answers are evidence, calls without an answer are not', () => {
  /** A port answering from a script; an Error entry is a call that got no answer. */
  function scripted(answers: Array<ProbeResult | Error>) {
    const calls: Array<{ version: string; payload: string }> = [];
    const port: ProbePort = {
      async invoke(version, payload) {
        calls.push({ version, payload });
        const next = answers.shift() as ProbeResult | Error;
        if (next instanceof Error) throw next;
        return next;
      },
    };
    return { port, calls };
  }

  it('counts sent, failed and unsent probes, keeps the first error, and adds them to the bake tally', async () => {
    const { port, calls } = scripted([
      new Error('throttled'),
      { status: 500, body: 'first' },
      { status: 200 },
      { status: 200, functionError: 'Unhandled' },
    ]);
    const tally: ProbeTally = { sent: 2, failed: 0 };
    const result = await sendProbes(port, '5', { payload: '{}', count: 4 }, tally);
    expect(result).toEqual({ sent: 3, failed: 2, unsent: 1, firstError: 'status 500: first' });
    expect(tally).toEqual({ sent: 5, failed: 2, firstError: 'status 500: first' });
    expect(calls).toEqual(Array.from({ length: 4 }, () => ({ version: '5', payload: '{}' })));
  });

  it("keeps the bake's first error over a later one, and sets none when every probe passed", async () => {
    const tally: ProbeTally = { sent: 1, failed: 1, firstError: 'status 503' };
    await sendProbes(scripted([{ status: 500 }]).port, '5', { payload: '{}', count: 1 }, tally);
    expect(tally).toEqual({ sent: 2, failed: 2, firstError: 'status 503' });
    const clean: ProbeTally = { sent: 0, failed: 0 };
    const result = await sendProbes(scripted([{ status: 200 }]).port, '5', { payload: '{}', count: 1 }, clean);
    expect(result).toEqual({ sent: 1, failed: 0, unsent: 0 });
    expect('firstError' in clean).toBe(false);
  });

  it('stops at a cancel: a call cut by the signal is thrown, not counted', async () => {
    const controller = new AbortController();
    const port: ProbePort = {
      async invoke() {
        controller.abort();
        throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      },
    };
    const tally: ProbeTally = { sent: 0, failed: 0 };
    await expect(sendProbes(port, '5', { payload: '{}', count: 3 }, tally, controller.signal)).rejects.toThrow('aborted');
    expect(tally).toEqual({ sent: 0, failed: 0 });
  });
});
