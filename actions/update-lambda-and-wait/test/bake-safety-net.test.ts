// The post step's safety net (src/bake/safety-net.ts) at its seam, an alias
// port of the test's own: it restores only the revision this run left, by
// RevisionId and never by routing, and never throws. The same net through
// the real writer, moto and the fault proxy is in
// test/integration/lambda-alias-writer.test.ts.
import { recordingLog } from '@mlship/action-kit';
import { AliasChangedError, type AliasView } from '../src/alias/writer';
import type { AliasPort } from '../src/bake/ports';
import { parseBakeState, restoreIfUntouched, type BakeState } from '../src/bake/safety-net';

const state: BakeState = {
  open: true,
  region: 'us-east-1',
  functionName: 'fn',
  alias: 'live',
  previousVersion: '4',
  newVersion: '5',
  revisionId: 'r7',
};

function port(
  now: AliasView | undefined,
  write: AliasPort['write'] = async (version, weights) => ({ version, weights, revisionId: 'r8' }),
) {
  const writes: Array<{ version: string; weights: Record<string, number>; revisionId: string | undefined }> = [];
  const alias: AliasPort = {
    read: async () => now,
    write: async (version, weights, revisionId, signal) => {
      writes.push({ version, weights, revisionId });
      return write(version, weights, revisionId, signal);
    },
  };
  return { alias, writes };
}

describe('restoreIfUntouched', () => {
  it('puts back the previous version (100%) when the alias still has the RevisionId this run left, naming that revision', async () => {
    const { alias, writes } = port({ version: '4', weights: { '5': 0.1 }, revisionId: 'r7' });
    expect(await restoreIfUntouched(state, alias, recordingLog())).toBe('restored');
    expect(writes).toEqual([{ version: '4', weights: {}, revisionId: 'r7' }]);
  });

  it('leaves the very same split under another RevisionId: someone wrote it', async () => {
    const { alias, writes } = port({ version: '4', weights: { '5': 0.1 }, revisionId: 'r8' });
    const log = recordingLog();
    expect(await restoreIfUntouched(state, alias, log)).toBe('changed');
    expect(writes).toEqual([]);
    expect(log.lines).toEqual([
      {
        level: 'info',
        message:
          "Alias live was changed after this run's last write (it points at version 4 (90%) and 10% on version 5): leaving it as it is",
      },
    ]);
  });

  it('leaves an alias without a RevisionId when none was saved: nothing proves it untouched', async () => {
    const { alias, writes } = port({ version: '4', weights: { '5': 0.1 } });
    expect(await restoreIfUntouched({ ...state, revisionId: undefined }, alias, recordingLog())).toBe('changed');
    expect(writes).toEqual([]);
  });

  it('says when the alias no longer exists, and writes nothing', async () => {
    const { alias, writes } = port(undefined);
    const log = recordingLog();
    expect(await restoreIfUntouched(state, alias, log)).toBe('changed');
    expect(writes).toEqual([]);
    expect(log.lines).toEqual([{ level: 'warning', message: 'Alias live of fn no longer exists: nothing to put back' }]);
  });

  it('a write refused because someone wrote in between: left, and said with what the alias points at now', async () => {
    const { alias } = port({ version: '4', weights: { '5': 0.1 }, revisionId: 'r7' }, async () => {
      throw new AliasChangedError({ version: '5', weights: {}, revisionId: 'r9' });
    });
    const log = recordingLog();
    expect(await restoreIfUntouched(state, alias, log)).toBe('changed');
    expect(log.lines).toEqual([
      {
        level: 'info',
        message: "Alias live was changed after this run's last write (it points at version 5 (100%)): leaving it as it is",
      },
    ]);
  });

  it('any other failure is a warning and "failed", never a throw', async () => {
    const { alias } = port({ version: '4', weights: { '5': 0.1 }, revisionId: 'r7' }, async () => {
      throw new Error('UpdateAlias failed: ServiceException: down (5 tries)');
    });
    const log = recordingLog();
    expect(await restoreIfUntouched(state, alias, log)).toBe('failed');
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message: 'The post step could not put alias live back to version 4: UpdateAlias failed: ServiceException: down (5 tries)',
      },
    ]);
  });
});

describe('parseBakeState: only an open state is something to restore', () => {
  it.each([
    ['an open state', JSON.stringify(state), state],
    ['a closed state', JSON.stringify({ ...state, open: false }), undefined],
    ['open as a string is not open', JSON.stringify({ ...state, open: 'true' }), undefined],
    ['JSON null', 'null', undefined],
    ['a JSON string', '"open"', undefined],
    ['broken JSON', '{"open": tru', undefined],
    ['nothing saved', '', undefined],
    ['no state at all', undefined, undefined],
  ])('%s', (_name, text, parsed) => {
    expect(parseBakeState(text)).toEqual(parsed);
  });
});
