// Writes the inputs and outputs tables of every action's README from its
// action.yml, between <!-- action-docs:inputs --> / <!-- /action-docs:inputs -->
// (and the same for outputs). `--check` fails instead of writing when they drift.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const root = new URL('..', import.meta.url).pathname;

const cell = (text) =>
  String(text ?? '')
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');

export function renderTables(actionYml) {
  const spec = load(actionYml);
  const inputs = Object.entries(spec.inputs ?? {}).map(
    ([name, i]) =>
      `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${i.default === undefined || i.default === '' ? '' : `\`${cell(i.default)}\``} | ${cell(i.description)} |`,
  );
  const outputs = Object.entries(spec.outputs ?? {}).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`);
  return {
    inputs: ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |', ...inputs].join('\n'),
    outputs: ['| Output | Description |', '| --- | --- |', ...outputs].join('\n'),
  };
}

export function applyTables(readme, tables) {
  let text = readme;
  for (const kind of ['inputs', 'outputs']) {
    const start = `<!-- action-docs:${kind} -->`;
    const end = `<!-- /action-docs:${kind} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README is missing the markers ${start} … ${end}`);
    text = `${text.slice(0, from + start.length)}\n${tables[kind]}\n${text.slice(to)}`;
  }
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const action of readdirSync(join(root, 'actions')).sort()) {
    const dir = join(root, 'actions', action);
    const readmePath = join(dir, 'README.md');
    const readme = readFileSync(readmePath, 'utf8');
    const updated = applyTables(readme, renderTables(readFileSync(join(dir, 'action.yml'), 'utf8')));
    if (updated === readme) continue;
    if (check) {
      console.error(`actions/${action}/README.md: inputs/outputs tables differ from action.yml (run node scripts/docs.mjs)`);
      stale++;
    } else {
      writeFileSync(readmePath, updated);
      console.log(`updated actions/${action}/README.md`);
    }
  }
  process.exit(stale ? 1 : 0);
}
