import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/run-action';
import { applyTables, renderTables } from '../../scripts/docs.mjs';

const actions = readdirSync(join(repoRoot, 'actions'));

describe('per-action README', () => {
  it.each(actions)('%s documents exactly the inputs and outputs of its action.yml', (action) => {
    const dir = join(repoRoot, 'actions', action);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const expected = applyTables(readme, renderTables(readFileSync(join(dir, 'action.yml'), 'utf8')));
    // If this fails: node scripts/docs.mjs rewrites the tables from action.yml.
    expect(readme).toBe(expected);
  });
});

describe('action.yml descriptions', () => {
  it.each(actions)('%s has no ${{ }} expression in a description (act refuses to load the action)', (action) => {
    const text = readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8');
    const descriptions = text.split('\n').filter((line) => /^\s+description:/.test(line));
    expect(descriptions.filter((line) => line.includes('${{'))).toEqual([]);
  });
});

describe('docs generator', () => {
  it('renders inputs with required, default and description, and outputs', () => {
    const tables = renderTables(`
inputs:
  tags:
    description: "Tags | first is primary"
    default: latest
  repository:
    description: Name
    required: true
outputs:
  digest:
    description: The manifest digest
`);
    expect(tables.inputs).toBe(
      '| Input | Required | Default | Description |\n| --- | --- | --- | --- |\n| `tags` | no | `latest` | Tags \\| first is primary |\n| `repository` | yes |  | Name |',
    );
    expect(tables.outputs).toBe('| Output | Description |\n| --- | --- |\n| `digest` | The manifest digest |');
  });

  it('refuses a README without markers', () => {
    expect(() => applyTables('# x', { inputs: '', outputs: '' })).toThrow('missing the markers');
  });
});
