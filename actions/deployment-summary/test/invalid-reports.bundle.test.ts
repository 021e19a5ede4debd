/**
 * The bundle given reports of the wrong shape: each one is named in its place
 * and the summary is still written (the unit suite checks every field).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../../../test/support/run-action';
import { buildReport, failedSmokeReport, gateReport } from './fixtures';

it("through the bundle: a fork's artifact with `error: 5` and a string for a list is named, and the summary is still written", async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'ds-invalid-'));
  mkdirSync(join(workspace, 'mlship-report'));
  writeFileSync(join(workspace, 'mlship-report/gate.json'), JSON.stringify({ ...gateReport(), error: 5 }));
  writeFileSync(join(workspace, 'mlship-report/smoke.json'), JSON.stringify({ ...failedSmokeReport(), failedChecks: 'predict' }));
  writeFileSync(join(workspace, 'mlship-report/build.json'), JSON.stringify(buildReport()));
  const result = await runAction('deployment-summary', {
    cwd: workspace,
    inputs: {
      reports: 'mlship-report/gate.json\nmlship-report/smoke.json\nmlship-report/build.json',
      'job-status': 'success',
      'pr-comment': 'false',
    },
  });
  expect(result.errors).toEqual([]);
  expect(result.code).toBe(0);
  expect(result.stderr).not.toContain('TypeError');
  expect(result.summary).toContain('report from mlship-report/gate.json is not valid: error: a number, not a string');
  expect(result.summary).toContain('report from mlship-report/smoke.json is not valid: failedChecks: a string, not a list');
  expect(result.summary).toContain('### ✅ Image');
  expect(result.warnings).toEqual([
    'report from mlship-report/gate.json is not valid: error: a number, not a string',
    'report from mlship-report/smoke.json is not valid: failedChecks: a string, not a list',
  ]);
});
