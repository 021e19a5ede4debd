/** Once per interval: the alias's revision and the alarms, read and judged. */
import { formatDuration, isAbort } from '@mlship/action-kit';
import { faultCode, type ReadFault } from './decide';
import { AliasChangedError, sameRevision } from '../alias/writer';
import { BakeFailure, markBreach, type BakeRun } from './run-state';

/** Once per interval: the alias still ours, and no alarm in ALARM. An unreadable alarm answer is counted, not decided on. */
export async function check(run: BakeRun): Promise<void> {
  const { settings, deps } = run;
  // The RevisionId alone: a foreign write of the very same routing is still someone else's decision.
  const seen = await deps.alias.read(deps.signal);
  if (!sameRevision(seen, run.current)) throw new AliasChangedError(seen);
  if (settings.alarms.length === 0) return;
  const states = await readAlarms(run);
  const now = deps.clock.now();
  const open = run.windows.find((w) => w.startMs <= now && now < w.endMs) ?? run.windows[run.windows.length - 1];
  if (!states) {
    if (open) open.record.alarms = settings.alarms.map((name) => ({ name, state: 'UNREAD' }));
    return;
  }
  const missing = settings.alarms.filter((name) => states[name] === undefined);
  if (missing.length > 0) throw new BakeFailure(`alarm ${missing.join(', ')} does not exist in CloudWatch (check the alarms input)`);
  for (const name of [...run.ignoredAlarms]) {
    if (states[name] === 'OK') {
      run.ignoredAlarms.delete(name);
      deps.log.info(`Alarm ${name}, in ALARM at the start, is OK now: it counts from here on`);
    }
  }
  const ignored = (name: string) => run.ignoredAlarms.has(name) && states[name] === 'ALARM';
  if (open) {
    open.record.alarms = settings.alarms.map((name) => ({
      name,
      state: ignored(name) ? 'ALARM (since before the bake, not counted)' : (states[name] ?? 'MISSING'),
    }));
  }
  const firing = settings.alarms.filter((name) => states[name] === 'ALARM' && !ignored(name));
  if (firing.length > 0) {
    const reason = `alarm ${firing.join(', ')} in ALARM`;
    if (open) markBreach(open.record, reason);
    throw new BakeFailure(reason);
  }
}

/** The alarms' states, or undefined when the read failed (counted toward inconclusive-limit). */
export async function readAlarms(run: BakeRun): Promise<Record<string, string> | undefined> {
  const { deps, settings } = run;
  try {
    const states = await deps.metrics.alarms(settings.alarms, deps.signal);
    run.faults.alarms = { inARow: 0 };
    return states;
  } catch (err) {
    if (isAbort(err) && deps.signal?.aborted) throw err;
    const fault: ReadFault = { service: 'CloudWatch DescribeAlarms', code: faultCode(err) };
    run.faults.alarms = { inARow: run.faults.alarms.inARow + 1, last: fault };
    deps.log.warning(
      `The alarms could not be read (${fault.service}, ${fault.code}): not judged this time; read again in ${formatDuration(settings.analysisIntervalMs)}`,
    );
    return undefined;
  }
}
