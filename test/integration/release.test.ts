import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/run-action';

// The release script run for real in a throwaway clone of the committed repository.
describe('npm run release', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  let clone: string;

  beforeAll(() => {
    clone = join(mkdtempSync(join(tmpdir(), 'release-')), 'repo');
    git(repoRoot, 'clone', '--quiet', '--no-hardlinks', repoRoot, clone);
    git(clone, 'config', 'user.email', 'release-test@example.com');
    git(clone, 'config', 'user.name', 'release test');
    symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'));
    // node_modules is git-ignored in the clone too, so the tree stays clean.
  });

  it('tags vX.Y.Z, moves vX and bumps every package to the same version', () => {
    const before = JSON.parse(readFileSync(join(clone, 'lerna.json'), 'utf8')).version as string;
    const [major, minor, patch] = before.split('.').map(Number) as [number, number, number];
    const expected = `${major}.${minor}.${patch + 1}`;
    const run = spawnSync('bash', ['scripts/release.sh', 'patch'], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, RELEASE_SKIP_BUILD: '1', CI: 'true' },
    });
    expect(run.stderr + run.stdout).toContain(`released v${expected}`);
    expect(run.status).toBe(0);
    expect(git(clone, 'tag', '--list')).toEqual(expect.stringContaining(`v${expected}`));
    expect(git(clone, 'rev-parse', `v${major}^{commit}`)).toBe(git(clone, 'rev-parse', `v${expected}^{commit}`));
    for (const pkg of ['packages/action-kit', 'actions/smoke-test', 'actions/build-and-push-ecr']) {
      expect(JSON.parse(readFileSync(join(clone, pkg, 'package.json'), 'utf8')).version).toBe(expected);
    }
  });

  it('refuses to release from a dirty tree', () => {
    execFileSync('bash', ['-c', 'echo change >> README.md'], { cwd: clone });
    const run = spawnSync('bash', ['scripts/release.sh', 'patch'], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, RELEASE_SKIP_BUILD: '1' },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('uncommitted changes');
  });
});
