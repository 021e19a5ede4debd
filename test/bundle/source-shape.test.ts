import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_FUNCTION_LINES,
  checkShape,
  findConstructions,
  findCycles,
  findLongFunctions,
  listSources,
} from '../../scripts/check-shape.mjs';

// Issue 24's measures of the source's shape, on every file under
// actions/*/src and packages/*/src (scripts/check-shape.mjs; `npm run
// check:shape` prints the same list).
test('no import cycles, no function over 80 lines, UpdateAliasCommand constructed in one place', () => {
  expect(checkShape()).toEqual([]);
});

// The detectors themselves, on a small tree written for the purpose, so the
// check above cannot pass by finding nothing.
describe('the detectors', () => {
  const root = mkdtempSync(join(tmpdir(), 'shape-'));
  const src = join(root, 'actions', 'demo', 'src');
  mkdirSync(join(src, 'http'), { recursive: true });
  writeFileSync(join(src, 'a.ts'), "import type { B } from './http/b';\nexport type A = { b?: B };\n");
  writeFileSync(join(src, 'http', 'b.ts'), "import { c } from '../c';\nexport type B = number;\nexport const x = c;\n");
  writeFileSync(join(src, 'c.ts'), "import type { A } from './a';\nexport const c = 1;\nexport type C = A;\n");
  writeFileSync(join(src, 'leaf.ts'), "import { c } from './c';\nexport const d = c;\n");
  const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
  writeFileSync(
    join(src, 'long.ts'),
    `export function long(): void {\n${body}\n}\nexport const short = (): number => 1;\n` +
      'const w = () => new UpdateAliasCommand({});\nconst v = () => new sdk.UpdateAliasCommand({});\n',
  );
  const files = listSources(root);

  test('a cycle through a type-only import and a sub-folder', () => {
    expect(findCycles(files).map((group: string[]) => group.map((f) => f.slice(src.length + 1)))).toEqual([['a.ts', 'c.ts', 'http/b.ts']]);
  });

  test('a function one line over the limit, with its file and line', () => {
    expect(findLongFunctions(files)).toEqual([{ file: join(src, 'long.ts'), line: 1, name: 'long', lines: MAX_FUNCTION_LINES + 2 }]);
  });

  test('every construction of UpdateAliasCommand', () => {
    expect(findConstructions(files).map((c: { line: number }) => c.line)).toEqual([MAX_FUNCTION_LINES + 4, MAX_FUNCTION_LINES + 5]);
  });
});
