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
import { repoRoot, runAct, type ActResult } from '../helpers/act';

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
const jobs = (yaml.load(ci) as { jobs: Record<string, unknown> }).jobs;
let clone: string;
let workflow: string;

beforeAll(() => {
  clone = join(mkdtempSync(join(tmpdir(), 'project-ci-')), 'repo');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone]);
  execFileSync('cp', ['-al', join(repoRoot, 'node_modules'), join(clone, 'node_modules')]);
  // Under .stack/ (git-ignored, copied into act's workspace by --use-gitignore=false).
  mkdirSync(join(clone, '.stack/act-stand-ins/setup-node'), { recursive: true });
  writeFileSync(join(clone, '.stack/act-stand-ins/setup-node/action.yml'), STAND_IN);
  workflow = join(clone, '.stack/ci.yml');
  writeFileSync(workflow, ci.replace(SETUP_NODE, 'uses: ./.stack/act-stand-ins/setup-node'));
});
afterAll(() => rmSync(join(clone, '..'), { recursive: true, force: true }));

function runJob(job: string): Promise<ActResult> {
  return runAct({
    workflow,
    cwd: clone,
    job,
    event: 'pull_request',
    eventPayload: { pull_request: { number: 1, head: { ref: 'feature' }, base: { ref: 'main' } } },
    timeoutMs: 420_000,
  });
}

function explain(job: string, r: ActResult): string {
  return `ci.yml job ${job}: act exit ${r.code}${r.timedOut ? ' (timed out)' : ''}, job ${r.jobResult}\n${r.log.slice(-6000)}\n${r.stderr.slice(-2000)}`;
}

it('holds the jobs this suite runs, and the test job', () => {
  expect(Object.keys(jobs).sort()).toEqual(['dist', 'lint', 'self-use', 'test', 'unit']);
});

it.each(['lint', 'unit', 'dist'])(
  'job %s passes on Node 24',
  async (job) => {
    const r = await runJob(job);
    if (r.code !== 0 || r.jobResult !== 'success') throw new Error(explain(job, r));
    expect(r.log).toMatch(/node v24\./);
  },
  450_000,
);

it('job self-use: the gate, a smoke test of the endpoint it started, and the summary', async () => {
  const r = await runJob('self-use');
  if (r.code !== 0 || r.jobResult !== 'success') throw new Error(explain('self-use', r));
  for (const id of ['gate', 'smoke']) expect({ id, result: r.steps[id]?.results['Main'] }).toEqual({ id, result: 'success' });
  expect(r.steps['gate']?.outputs['passed']).toBe('true');
  expect(r.steps['smoke']?.outputs['passed']).toBe('true');
  expect(r.summary).toContain('self-use');
});
