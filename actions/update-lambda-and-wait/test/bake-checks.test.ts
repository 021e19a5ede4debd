// The check once per interval (src/bake/checks.ts): the alias still carries
// this run's RevisionId, and the alarms are read, recorded in the window open
// now and judged; an unreadable answer is counted, not decided on.
import { recordingLog, virtualTime, type BakeWindow } from '@mlship/action-kit';
import { AliasChangedError, type AliasView } from '../src/alias/writer';
import { check } from '../src/bake/checks';
import type { AliasPort, MetricsPort } from '../src/bake/ports';
import { BakeFailure, startProgress, type BakeRun, type OpenWindow } from '../src/bake/run-state';
import type { BakeSettings } from '../src/bake/settings';
import { bakeSettings } from '../../../test/support/bake-settings';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const split: AliasView = { version: '4', weights: { '5': 0.1 }, revisionId: 'r2' };

function record(): BakeWindow {
  return { start: '', end: '', step: 1, weight: 10, new: { version: '5', invocations: 0, errors: 0 }, verdict: 'healthy' };
}

/** Windows of one minute from T0, one per entry. */
const windows = (n: number): OpenWindow[] =>
  Array.from({ length: n }, (_, i) => ({
    startMs: T0 + i * MIN,
    endMs: T0 + (i + 1) * MIN,
    judged: false,
    retryAtMs: 0,
    number: i + 1,
    record: record(),
  }));

interface Setup {
  settings?: Partial<BakeSettings>;
  alias?: AliasView;
  alarms?: () => Record<string, string>;
  windows?: OpenWindow[];
  nowMs?: number;
  signal?: AbortSignal;
  ignored?: string[];
}

function bakeRun(setup: Setup = {}) {
  const time = virtualTime(setup.nowMs ?? T0 + 30_000);
  const log = recordingLog();
  const alarmReads: string[][] = [];
  const alias: AliasPort = {
    read: async () => ({ ...(setup.alias ?? split) }),
    write: async () => {
      throw new Error('a check never writes');
    },
  };
  const metrics: MetricsPort = {
    window: async () => {
      throw new Error('a check reads no window');
    },
    alarms: async (names) => {
      alarmReads.push(names);
      return (setup.alarms ?? (() => ({})))();
    },
  };
  const settings = bakeSettings(setup.settings);
  const run: BakeRun = {
    settings,
    deps: { clock: time.clock, sleep: time.sleep, alias, metrics, log, ...(setup.signal ? { signal: setup.signal } : {}) },
    progress: startProgress(settings),
    newVersion: '5',
    previous: '4',
    aliasName: 'live',
    functionName: 'fn',
    current: { ...split },
    weight: 10,
    nextCheckMs: 0,
    windows: setup.windows ?? windows(2),
    ruleFailures: 0,
    ignoredAlarms: new Set(setup.ignored ?? []),
    faults: { metrics: { inARow: 0 }, alarms: { inARow: 0 } },
  };
  return { run, log, alarmReads };
}

describe('the alias: judged by RevisionId alone', () => {
  it('someone else wrote the very same split: the RevisionId changed, so the bake stops', async () => {
    const { run } = bakeRun({ alias: { ...split, revisionId: 'r3' } });
    const err = await check(run).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AliasChangedError);
    expect((err as AliasChangedError).now).toEqual({ ...split, revisionId: 'r3' });
  });

  it('the alias as this run left it, and no alarms: nothing else is read', async () => {
    const { run, alarmReads } = bakeRun();
    await check(run);
    expect(alarmReads).toEqual([]);
    expect(run.windows.map((w) => w.record.alarms)).toEqual([undefined, undefined]);
  });
});

describe('the alarms', () => {
  const alarms = ['model-errors', 'model-latency'];

  it('records the states in the window open now, and only there', async () => {
    const { run } = bakeRun({
      settings: { alarms },
      nowMs: T0 + MIN + 5000,
      alarms: () => ({ 'model-errors': 'OK', 'model-latency': 'INSUFFICIENT_DATA' }),
    });
    await check(run);
    expect(run.windows[0]?.record.alarms).toBeUndefined();
    expect(run.windows[1]?.record.alarms).toEqual([
      { name: 'model-errors', state: 'OK' },
      { name: 'model-latency', state: 'INSUFFICIENT_DATA' },
    ]);
  });

  it('after the last window ended, records them in the last window', async () => {
    const { run } = bakeRun({ settings: { alarms }, nowMs: T0 + 5 * MIN, alarms: () => ({ 'model-errors': 'OK', 'model-latency': 'OK' }) });
    await check(run);
    expect(run.windows[0]?.record.alarms).toBeUndefined();
    expect(run.windows[1]?.record.alarms).toHaveLength(2);
  });

  it('every alarm in ALARM is named in the failure and marks the open window a breach', async () => {
    const { run } = bakeRun({ settings: { alarms }, alarms: () => ({ 'model-errors': 'ALARM', 'model-latency': 'ALARM' }) });
    const err = await check(run).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BakeFailure);
    expect((err as BakeFailure).reason).toBe('alarm model-errors, model-latency in ALARM');
    expect(run.windows[0]?.record).toMatchObject({ verdict: 'breach', reason: 'alarm model-errors, model-latency in ALARM' });
  });

  it('an alarm in ALARM before any window fails the bake all the same', async () => {
    const { run } = bakeRun({ settings: { alarms }, windows: [], alarms: () => ({ 'model-errors': 'ALARM', 'model-latency': 'OK' }) });
    await expect(check(run)).rejects.toThrow(new BakeFailure('alarm model-errors in ALARM'));
  });

  it('all alarms OK before any window: nothing to record, nothing fails', async () => {
    const { run } = bakeRun({ settings: { alarms }, windows: [], alarms: () => ({ 'model-errors': 'OK', 'model-latency': 'OK' }) });
    await expect(check(run)).resolves.toBeUndefined();
  });

  it('an alarm CloudWatch does not know fails the bake and names it', async () => {
    const { run } = bakeRun({ settings: { alarms }, alarms: () => ({ 'model-errors': 'OK' }) });
    await expect(check(run)).rejects.toThrow(new BakeFailure('alarm model-latency does not exist in CloudWatch (check the alarms input)'));
  });

  it('alarms-already-firing: ignore: an alarm in ALARM since the start is shown, not counted, until it has been OK once', async () => {
    const states: Record<string, string> = { 'model-errors': 'ALARM', 'model-latency': 'OK' };
    const { run, log } = bakeRun({ settings: { alarms }, ignored: ['model-errors'], alarms: () => ({ ...states }) });
    await check(run);
    expect(run.windows[0]?.record.alarms).toEqual([
      { name: 'model-errors', state: 'ALARM (since before the bake, not counted)' },
      { name: 'model-latency', state: 'OK' },
    ]);
    expect(run.windows[0]?.record.verdict).toBe('healthy');
    states['model-errors'] = 'INSUFFICIENT_DATA';
    await check(run);
    expect(run.windows[0]?.record.alarms?.[0]).toEqual({ name: 'model-errors', state: 'INSUFFICIENT_DATA' });
    expect(run.ignoredAlarms.has('model-errors')).toBe(true);
    states['model-errors'] = 'OK';
    await check(run);
    expect(run.ignoredAlarms.has('model-errors')).toBe(false);
    expect(log.lines).toEqual([{ level: 'info', message: 'Alarm model-errors, in ALARM at the start, is OK now: it counts from here on' }]);
    states['model-errors'] = 'ALARM';
    await expect(check(run)).rejects.toThrow(new BakeFailure('alarm model-errors in ALARM'));
  });

  it('an unreadable answer is counted toward inconclusive-limit, recorded as UNREAD and said; the next good read resets the count', async () => {
    let fail = true;
    const { run, log } = bakeRun({
      settings: { alarms },
      alarms: () => {
        if (fail) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
        return { 'model-errors': 'OK', 'model-latency': 'OK' };
      },
    });
    run.faults.alarms = { inARow: 2 };
    await check(run);
    expect(run.faults.alarms).toEqual({ inARow: 3, last: { service: 'CloudWatch DescribeAlarms', code: 'Throttling' } });
    expect(run.windows[0]?.record.alarms).toEqual([
      { name: 'model-errors', state: 'UNREAD' },
      { name: 'model-latency', state: 'UNREAD' },
    ]);
    expect(log.lines).toEqual([
      {
        level: 'warning',
        message: 'The alarms could not be read (CloudWatch DescribeAlarms, Throttling): not judged this time; read again in 1m00s',
      },
    ]);
    fail = false;
    await check(run);
    expect(run.faults.alarms).toEqual({ inARow: 0 });
  });

  it('an unreadable answer before any window is counted all the same', async () => {
    const { run } = bakeRun({
      settings: { alarms },
      windows: [],
      alarms: () => {
        throw new Error('socket hang up');
      },
    });
    await check(run);
    expect(run.faults.alarms.inARow).toBe(1);
  });

  it('a cancel ends the check; an abort that is not the cancel (a request timeout), or a fault after it, is counted', async () => {
    const abort = () => Object.assign(new Error('aborted'), { name: 'AbortError' });
    const cancelled = new AbortController();
    cancelled.abort();
    const { run: a } = bakeRun({
      settings: { alarms },
      signal: cancelled.signal,
      alarms: () => {
        throw abort();
      },
    });
    await expect(check(a)).rejects.toThrow('aborted');
    expect(a.faults.alarms.inARow).toBe(0);
    const { run: b } = bakeRun({
      settings: { alarms },
      signal: new AbortController().signal,
      alarms: () => {
        throw abort();
      },
    });
    await check(b);
    expect(b.faults.alarms.inARow).toBe(1);
    const { run: c } = bakeRun({
      settings: { alarms },
      alarms: () => {
        throw abort();
      },
    });
    await check(c);
    expect(c.faults.alarms.inARow).toBe(1);
    const { run: d } = bakeRun({
      settings: { alarms },
      signal: cancelled.signal,
      alarms: () => {
        throw new Error('socket hang up');
      },
    });
    await check(d);
    expect(d.faults.alarms.inARow).toBe(1);
  });
});
