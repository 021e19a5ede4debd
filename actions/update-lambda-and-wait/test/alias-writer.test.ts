// The alias writer's rules (src/alias/writer.ts) against an in-memory Lambda
// API at the writer's seam: the RevisionId guard, which failures are tried
// again and what is said about them, and the one case where a refused write
// is ours after all (a retry after a try whose answer was lost). The same
// writer against moto and the fault proxy is test/integration/lambda-alias-writer.test.ts.
import { ActionFailure, CancelledError, recordingLog } from '@mlship/action-kit';
import { aliasWriter, AliasChangedError, sameRevision, TRIES } from '../src/alias/writer';
import type { AliasState, LambdaApi } from '../src/lambda-api';

const awsError = (name: string, message: string, status?: number) =>
  Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

/**
 * One alias as Lambda keeps it: every write gets a new RevisionId, a write
 * naming a stale one is refused. `failNext` makes the next calls fail before
 * they land; `loseNext` makes the next UpdateAlias land and its answer fail.
 */
function fakeLambda(start: { version: string; weights: Record<string, number> } = { version: '1', weights: {} }) {
  let revision = 1;
  let alias: AliasState | undefined = { arn: 'arn:fn:live', name: 'live', ...start, revisionId: 'r1' };
  const failNext: Record<string, Error[]> = { getAlias: [], createAlias: [], updateAlias: [] };
  const loseNext: Error[] = [];
  const calls: Array<{ op: string; version?: string; revisionId?: string }> = [];
  const api = {
    async getAlias() {
      calls.push({ op: 'getAlias' });
      const fault = failNext.getAlias?.shift();
      if (fault) throw fault;
      return alias && { ...alias, weights: { ...alias.weights } };
    },
    async createAlias(_name: string, _alias: string, version: string) {
      calls.push({ op: 'createAlias', version });
      const fault = failNext.createAlias?.shift();
      if (fault) throw fault;
      alias = { arn: 'arn:fn:live', name: 'live', version, weights: {}, revisionId: `r${++revision}` };
      return { ...alias };
    },
    async updateAlias(
      _name: string,
      _alias: string,
      version: string,
      weights: Record<string, number>,
      _signal?: AbortSignal,
      revisionId?: string,
    ) {
      calls.push({ op: 'updateAlias', version, ...(revisionId ? { revisionId } : {}) });
      const fault = failNext.updateAlias?.shift();
      if (fault) throw fault;
      if (!alias) throw awsError('ResourceNotFoundException', 'Alias not found', 404);
      if (revisionId !== undefined && revisionId !== alias.revisionId) {
        throw awsError('PreconditionFailedException', 'The RevisionId provided does not match the latest RevisionId', 412);
      }
      alias = { ...alias, version, weights: { ...weights }, revisionId: `r${++revision}` };
      const lost = loseNext.shift();
      if (lost) throw lost;
      return { ...alias };
    },
  } as unknown as LambdaApi;
  return {
    api,
    calls,
    failNext,
    loseNext,
    /** Someone else's write: a new RevisionId, whatever the routing. */
    foreign(version: string, weights: Record<string, number>) {
      if (alias) alias = { ...alias, version, weights, revisionId: `r${++revision}-other` };
    },
    remove() {
      alias = undefined;
    },
  };
}

function recorded() {
  const waits: number[] = [];
  const log = recordingLog();
  return { waits, log, options: { log, sleep: async (ms: number) => void waits.push(ms) } };
}

describe('sameRevision: by RevisionId alone', () => {
  it('an unknown alias on either side is not the same revision', () => {
    expect(sameRevision(undefined, { revisionId: 'r1' })).toBe(false);
    expect(sameRevision({ revisionId: 'r1' }, undefined)).toBe(false);
    expect(sameRevision(undefined, undefined)).toBe(false);
    expect(sameRevision({ revisionId: 'r1' }, { revisionId: 'r2' })).toBe(false);
  });
});

describe('the guard', () => {
  it('a write without a RevisionId is refused before any UpdateAlias, and says what the alias points at', async () => {
    const lambda = fakeLambda({ version: '1', weights: { '2': 0.1 } });
    const err = await aliasWriter(lambda.api, 'fn', 'live', recorded().options)
      .write('2', {}, undefined)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AliasChangedError);
    expect((err as Error).name).toBe('AliasChangedError');
    expect((err as Error).message).toBe('the alias was changed by someone else; it now points at version 1 (90%) and 10% on version 2');
    expect(lambda.calls.map((c) => c.op)).toEqual(['getAlias']);
  });

  it('a write without a RevisionId to an alias that no longer exists says it points at an unknown state', async () => {
    const lambda = fakeLambda();
    lambda.remove();
    await expect(aliasWriter(lambda.api, 'fn', 'live', recorded().options).write('2', {}, undefined)).rejects.toThrow(
      'the alias was changed by someone else; it now points at an unknown state',
    );
  });

  it('a cancelled job writes nothing', async () => {
    const lambda = fakeLambda();
    const controller = new AbortController();
    controller.abort();
    await expect(aliasWriter(lambda.api, 'fn', 'live', recorded().options).write('2', {}, 'r1', controller.signal)).rejects.toBeInstanceOf(
      CancelledError,
    );
    expect(lambda.calls).toEqual([]);
  });
});

describe('retries', () => {
  it('a fatal error fails at once, with the AWS error named and no count of tries', async () => {
    const lambda = fakeLambda();
    const { waits, options } = recorded();
    lambda.failNext.updateAlias = [awsError('AccessDeniedException', 'not allowed', 403)];
    const err = await aliasWriter(lambda.api, 'fn', 'live', options)
      .write('2', {}, 'r1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionFailure);
    expect((err as Error).message).toBe(
      'UpdateAlias failed: AccessDeniedException: not allowed (grant lambda:UpdateAlias to the role this job assumes)',
    );
    expect(waits).toEqual([]);
    expect(lambda.calls.filter((c) => c.op === 'updateAlias')).toHaveLength(1);
  });

  it('says each retry: throttling, an update in progress, a 5xx, with the next try and the wait', async () => {
    const lambda = fakeLambda();
    const { waits, log, options } = recorded();
    lambda.failNext.updateAlias = [
      awsError('ThrottlingException', 'Rate exceeded', 429),
      awsError('ResourceConflictException', 'An update is in progress for resource: fn', 409),
      awsError('ServiceException', 'internal', 500),
    ];
    const written = await aliasWriter(lambda.api, 'fn', 'live', options).write('2', {}, 'r1');
    expect(written).toMatchObject({ version: '2', weights: {} });
    expect(waits).toEqual([500, 1000, 2000]);
    expect(log.lines).toEqual([
      { level: 'warning', message: 'UpdateAlias: throttled: ThrottlingException (HTTP 429); try 2 of 5 in 500ms' },
      { level: 'warning', message: 'UpdateAlias: an update is in progress: ResourceConflictException (HTTP 409); try 3 of 5 in 1.0s' },
      { level: 'warning', message: 'UpdateAlias: transient: ServiceException (HTTP 500); try 4 of 5 in 2.0s' },
    ]);
  });

  it('names the operation that failed: GetAlias, CreateAlias', async () => {
    const lambda = fakeLambda();
    const writer = aliasWriter(lambda.api, 'fn', 'live', recorded().options);
    lambda.failNext.getAlias = [awsError('AccessDeniedException', 'no read', 403)];
    await expect(writer.read()).rejects.toThrow(/^GetAlias failed: AccessDeniedException: no read/);
    lambda.failNext.createAlias = Array.from({ length: TRIES }, () => awsError('ServiceException', 'down', 503));
    await expect(writer.create('1')).rejects.toThrow(new RegExp(`^CreateAlias failed: ServiceException: down \\(${TRIES} tries\\)$`));
  });
});

describe('a refused write after a lost answer', () => {
  it('a retry refused because the lost try landed, the alias as asked: the write is ours', async () => {
    const lambda = fakeLambda();
    lambda.loseNext.push(awsError('ServiceException', 'answer lost', 503));
    const written = await aliasWriter(lambda.api, 'fn', 'live', recorded().options).write('1', { '2': 0.1 }, 'r1');
    expect(written).toMatchObject({ version: '1', weights: { '2': 0.1 }, revisionId: 'r2' });
    expect(lambda.calls.filter((c) => c.op === 'updateAlias')).toHaveLength(2);
  });

  it('a retry refused with the alias routed otherwise: someone else wrote, never overwritten', async () => {
    const lambda = fakeLambda();
    lambda.failNext.updateAlias = [awsError('ServiceException', 'down', 503)];
    const writer = aliasWriter(lambda.api, 'fn', 'live', recorded().options);
    lambda.foreign('1', { '2': 0.5 });
    const err = await writer.write('1', { '2': 0.1 }, 'r1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AliasChangedError);
    expect((err as AliasChangedError).now).toMatchObject({ version: '1', weights: { '2': 0.5 } });
  });

  it('a retry refused with the alias gone: someone else removed it', async () => {
    const lambda = fakeLambda();
    lambda.failNext.updateAlias = [
      awsError('ServiceException', 'down', 503),
      awsError('PreconditionFailedException', 'The RevisionId provided does not match', 412),
    ];
    const writer = aliasWriter(lambda.api, 'fn', 'live', recorded().options);
    lambda.remove();
    const err = await writer.write('1', {}, 'r1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AliasChangedError);
    expect((err as AliasChangedError).now).toBeUndefined();
  });

  it('a first try refused, even with the routing asked for: someone else wrote it, so it is not ours', async () => {
    const lambda = fakeLambda();
    lambda.foreign('1', { '2': 0.1 });
    const err = await aliasWriter(lambda.api, 'fn', 'live', recorded().options)
      .write('1', { '2': 0.1 }, 'r1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AliasChangedError);
    expect((err as AliasChangedError).now).toMatchObject({ version: '1', weights: { '2': 0.1 }, revisionId: 'r2-other' });
  });
});
