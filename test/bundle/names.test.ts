import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { repoRoot } from '../support/run-action';

// One names table per action (actions/<name>/src/names.ts, as
// amazon-ecr-login's OUTPUTS): its outputs are exactly the ones action.yml
// declares, `report` aside (the kit writes it for every action). The code
// sets its outputs through the table's type, so a name cannot drift either.
const actions = readdirSync(join(repoRoot, 'actions'));

test.each(actions)('%s: the OUTPUTS table is action.yml outputs', async (action) => {
  const { OUTPUTS } = (await import(join(repoRoot, 'actions', action, 'src', 'names.ts'))) as { OUTPUTS: readonly string[] };
  const declared = yaml.load(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as { outputs: Record<string, unknown> };
  expect([...OUTPUTS].sort()).toEqual(
    Object.keys(declared.outputs)
      .filter((name) => name !== 'report')
      .sort(),
  );
});

test.each(actions)('%s: the INPUTS table is action.yml inputs, and the code reads each of them', async (action) => {
  const { INPUTS } = (await import(join(repoRoot, 'actions', action, 'src', 'names.ts'))) as { INPUTS: readonly string[] };
  const declared = yaml.load(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
  expect([...INPUTS].sort()).toEqual(Object.keys(declared.inputs).sort());
  // An input declared but read nowhere (its name in no source file besides the table) has drifted out of use.
  const src = join(repoRoot, 'actions', action, 'src');
  const code = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && file !== 'names.ts')
    .map((file) => readFileSync(join(src, file), 'utf8'))
    .join('\n');
  expect(INPUTS.filter((name) => !code.includes(`'${name}'`))).toEqual([]);
});
