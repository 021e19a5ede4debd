import { readFileSync } from 'node:fs';
import { missingFromLock } from '../../scripts/check-lock.mjs';

describe('package-lock.json completeness (npm ci on a fresh clone)', () => {
  it('finds nothing missing in the committed lock', () => {
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
    expect(missingFromLock(lock)).toEqual([]);
  });

  it("reports another platform's optional binary that the lock lacks", () => {
    const lock = {
      packages: {
        '': { devDependencies: { '@swc/core': '^1' } },
        'node_modules/@swc/core': { optionalDependencies: { '@swc/core-linux-x64-gnu': '1', '@swc/core-darwin-arm64': '1' } },
        'node_modules/@swc/core-linux-x64-gnu': { version: '1' },
      },
    };
    expect(missingFromLock(lock)).toEqual(['@swc/core-darwin-arm64 (wanted by node_modules/@swc/core)']);
  });

  it('resolves a dependency from a parent node_modules, as Node does', () => {
    const lock = {
      packages: {
        'node_modules/a': { dependencies: { b: '1' } },
        'node_modules/a/node_modules/c': { dependencies: { b: '1' } },
        'node_modules/b': { version: '1' },
        'packages/kit': { dependencies: { b: '1' } },
      },
    };
    expect(missingFromLock(lock)).toEqual([]);
  });
});
