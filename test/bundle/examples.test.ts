import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { readActionYml, repoRoot } from '../support/run-action';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions?: unknown;
  jobs: Record<string, { steps: Step[]; permissions?: unknown }>;
}

const examples = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.yml'));
const OUR_ACTION = /^mlship\/actions\/actions\/([a-z-]+)@v1$/;

describe.each(examples)('examples/%s', (file) => {
  const text = readFileSync(join(repoRoot, 'examples', file), 'utf8');
  const workflow = load(text) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it('states the secrets and permissions it needs at the top', () => {
    const header = text.split('\nname:')[0] as string;
    expect(header).toMatch(/# Secrets:/);
    expect(header).toMatch(/# Permissions:/);
    expect(workflow.permissions).toBeDefined();
  });

  it('passes only inputs our actions declare, and every required one', () => {
    for (const step of steps.filter((s) => s.uses && OUR_ACTION.test(s.uses))) {
      const action = (OUR_ACTION.exec(step.uses as string) as RegExpExecArray)[1] as string;
      const declared = readActionYml(action).inputs ?? {};
      for (const name of Object.keys(step.with ?? {})) {
        expect({ action, input: name, declared: name in declared }).toEqual({ action, input: name, declared: true });
      }
      for (const [name, spec] of Object.entries(declared)) {
        if (spec.required) expect({ action, input: name, given: name in (step.with ?? {}) }).toEqual({ action, input: name, given: true });
      }
    }
  });

  it('pins third-party actions by commit SHA', () => {
    for (const step of steps.filter((s) => s.uses && !OUR_ACTION.test(s.uses) && !s.uses.startsWith('./'))) {
      expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
    }
  });
});
