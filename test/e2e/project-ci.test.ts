// The project's own .github/workflows/ci.yml under act, as GitHub would run it
// on a pull request: every job but `test` (which runs this very suite). Host
// mode, in a clone of the committed tree with this tree's node_modules hard-
// linked in (a real directory: ncc's bundles depend on where packages lie, so
// a symbolic link made the dist check fail). act sets ACT, and the workflow
// skips its `npm ci` steps then. actions/setup-node cannot be fetched here; a
// stand-in checks that the Node the job asked for is the one on PATH.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { repoRoot, runAct, type ActResult } from '../support/act';

const SETUP_NODE = /uses: actions\/setup-node@[0-9a-f]{40}.*$/gm;
const STAND_IN = `name: setup-node stand-in
description: checks that the Node asked for is first on PATH (act runs the job on this host)
inputs:
  node-version: { required: true }
  cache: { required: false }
runs:
  using: composite
  steps:
    - shell: bash
      env:
        WANT: \${{ inputs.node-version }}
      run: |
        node --version | grep -q "^v$WANT\\." || { echo "::error::wanted Node $WANT, found $(node --version)"; exit 1; }
        echo "node $(node --version)"
`;

const ci = readFileSync(join(repoRoot, '.github/workflows/ci.yml'), 'utf8');
const workflow = yaml.load(ci.replace(SETUP_NODE, 'uses: ./.stack/act-stand-ins/setup-node')) as { jobs: Record<string, unknown> };
const UNDER_ACT = ['lint', 'unit', 'dist', 'self-use'];
let clone: string;
let run: ActResult;

beforeAll(async () => {
  clone = join(mkdtempSync(join(tmpdir(), 'project-ci-')), 'repo');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone]);
  execFileSync('cp', ['-al', join(repoRoot, 'node_modules'), join(clone, 'node_modules')]);
  // Under .stack/ (git-ignored, copied into act's workspace by --use-gitignore=false).
  mkdirSync(join(clone, '.stack/act-stand-ins/setup-node'), { recursive: true });
  writeFileSync(join(clone, '.stack/act-stand-ins/setup-node/action.yml'), STAND_IN);
  // One act run, every job but test: act runs them side by side, on the core jest leaves free.
  const file = join(clone, '.stack/ci.yml');
  writeFileSync(file, yaml.dump({ ...workflow, jobs: Object.fromEntries(UNDER_ACT.map((job) => [job, workflow.jobs[job]])) }));
  run = await runAct({
    workflow: file,
    cwd: clone,
    event: 'pull_request',
    eventPayload: { pull_request: { number: 1, head: { ref: 'feature' }, base: { ref: 'main' } } },
    // The unit job runs the whole unit project inside act, beside the outer jest: minutes on 2 shared cores.
    timeoutMs: 840_000,
  });
}, 900_000);
afterAll(() => rmSync(join(clone, '..'), { recursive: true, force: true }));

function explain(): string {
  return `ci.yml under act: exit ${run.code}${run.timedOut ? ' (timed out)' : ''}, jobs ${JSON.stringify(run.jobs)}\n${run.log.slice(-8000)}\n${run.stderr.slice(-2000)}`;
}

it('holds the jobs run here, and the test job', () => {
  expect(Object.keys(workflow.jobs).sort()).toEqual([...UNDER_ACT, 'test'].sort());
});

it.each(UNDER_ACT)('job %s passes', (job) => {
  if (run.jobs[job] !== 'success') throw new Error(`job ${job}: ${run.jobs[job] ?? 'not finished'}\n${explain()}`);
});

it('runs lint, unit and dist on Node 24, and jest says so', () => {
  // The setup-node stand-in prints the Node it found, once per job that asks for one.
  expect(run.log.match(/^node v24\./gm)).toHaveLength(3);
  expect(run.log).toMatch(/jest on node v24\./);
});

it('self-use: the gate passes, the smoke test reaches the endpoint the job started, the summary covers both', () => {
  expect(run.steps['gate']?.outputs['passed']).toBe('true');
  expect(run.steps['smoke']?.outputs['passed']).toBe('true');
  expect(run.summary).toContain('self-use');
  expect(run.summary).toContain('Smoke checks');
});
