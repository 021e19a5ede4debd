// One writer of the alias: every alias change of this action goes through
// src/alias/writer.ts (RevisionId guard, retries, rounded weights), and the
// SDK's UpdateAliasCommand is built in one place. Read from the sources, so a
// second write path added later fails here rather than drifting.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(import.meta.dirname, '../src');

function sources(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sources().map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const where = (pattern: RegExp) => files.filter((f) => pattern.test(f.text)).map((f) => f.path);

it('builds UpdateAliasCommand and CreateAliasCommand only in the Lambda binding', () => {
  expect(where(/new sdk\.UpdateAliasCommand\(/)).toEqual(['lambda-api.ts']);
  expect(where(/UpdateAliasCommand/)).toEqual(['lambda-api.ts']);
  expect(where(/CreateAliasCommand/)).toEqual(['lambda-api.ts']);
});

it('calls the alias writes only from the alias writer', () => {
  expect(where(/\.updateAlias\(/)).toEqual(['alias/writer.ts']);
  expect(where(/\.createAlias\(/)).toEqual(['alias/writer.ts']);
});

it('names the post step state in one place (state.ts, which names.ts re-exports)', () => {
  expect(where(/STATE_/)).toEqual(['state.ts']);
  expect(where(/saveState\(/).every((p) => /STATE\.\w+/.test(files.find((f) => f.path === p)?.text ?? ''))).toBe(true);
});
