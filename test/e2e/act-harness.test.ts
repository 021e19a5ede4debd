// The act harness (test/support/act.ts) against a workflow made for it: what
// the e2e suites rely on when they read results out of act's log.
import { readFileSync } from 'node:fs';
import { runAct } from '../support/act';

/** Running or sleeping; a zombie waiting for a reaper counts as gone. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

it('passes --env to steps and expressions, and reads outputs and the summary from the log', async () => {
  const r = await runAct({ workflow: 'test/e2e/workflows/harness.yml', job: 'outputs', env: { HARNESS_NAME: 'act' }, timeoutMs: 120_000 });
  expect({ code: r.code, job: r.jobResult }).toEqual({ code: 0, job: 'success' });
  expect(r.steps['produce']?.outputs).toEqual({ greeting: 'hello act', lines: 'first\nsecond' });
  expect(r.steps['produce']?.lines).toContainEqual(expect.stringMatching(/^node v24\./));
  expect(r.steps['consume']?.lines).toEqual(["consumed 'hello act' with 'act'"]);
  expect(r.summary).toContain('### harness summary for act');
});

it('reports a failing step and the job failure, skipping what follows', async () => {
  const r = await runAct({ workflow: 'test/e2e/workflows/harness.yml', job: 'fails', timeoutMs: 120_000 });
  expect(r.code).not.toBe(0);
  expect(r.jobResult).toBe('failure');
  expect(r.steps['boom']?.results['Main']).toBe('failure');
  expect(r.steps['after']?.results['Main'] ?? 'not run').not.toBe('success');
  expect(r.log).toContain('harness failure on purpose');
});

it('kills act and its steps when the run exceeds its time limit', async () => {
  const r = await runAct({ workflow: 'test/e2e/workflows/harness.yml', job: 'hangs', timeoutMs: 8_000 });
  expect(r.timedOut).toBe(true);
  expect(r.durationMs).toBeLessThan(20_000);
  const pid = /sleeping as pid (\d+)/.exec(r.log)?.[1];
  expect(pid).toBeDefined();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(alive(Number(pid))).toBe(false);
});
