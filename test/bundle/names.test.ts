import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { repoRoot } from '../helpers/run-action';

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
