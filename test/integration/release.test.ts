import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/run-action';

// The release script run for real in a throwaway clone of the committed repository.
describe('npm run release', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  let clone: string;

  beforeAll(() => {
    clone = join(mkdtempSync(join(tmpdir(), 'release-')), 'repo');
    git(repoRoot, 'clone', '--quiet', '--no-hardlinks', repoRoot, clone);
    git(clone, 'config', 'user.email', 'release-test@example.com');
    git(clone, 'config', 'user.name', 'release test');
    // Releases are cut from main (lerna.json allowBranch), whichever branch is tested.
    git(clone, 'checkout', '--quiet', '-B', 'main');
    symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'));
    // node_modules is git-ignored in the clone too, so the tree stays clean.
  });

  const release = (bump: string) =>
    spawnSync('bash', ['scripts/release.sh', bump], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, RELEASE_SKIP_BUILD: '1', CI: 'true' },
    });
  const nextPatch = () => {
    const [major, minor, patch] = (JSON.parse(readFileSync(join(clone, 'lerna.json'), 'utf8')).version as string).split('.').map(Number);
    return { major: major as number, version: `${major}.${minor}.${(patch as number) + 1}` };
  };
  /** Rewrites [Unreleased] of the clone's CHANGELOG.md to `body` and commits it. */
  const commitUnreleased = (body: string) => {
    const file = join(clone, 'CHANGELOG.md');
    const text = readFileSync(file, 'utf8').replace(/## \[Unreleased\]\n[\s\S]*?(?=## \[)/, `## [Unreleased]\n\n${body}`);
    writeFileSync(file, text);
    git(clone, 'commit', '--quiet', '--allow-empty', '-am', 'changelog for the release test');
  };

  it('refuses to tag a version with no CHANGELOG entry, leaving no commit and no tag', () => {
    commitUnreleased('');
    const head = git(clone, 'rev-parse', 'HEAD');
    const { version } = nextPatch();
    const run = release('patch');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`::error::CHANGELOG.md has no entry for ${version}`);
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(clone, 'tag', '--list', `v${version}`)).toBe('');
    expect(git(clone, 'status', '--porcelain')).toBe('');
  });

  it('moves [Unreleased] under the version, bumps every package, tags vX.Y.Z in one commit and moves vX', () => {
    commitUnreleased("### Fixed\n\n- the release test's change\n\n");
    const { major, version } = nextPatch();
    const run = release('patch');
    expect(run.stderr + run.stdout).toContain(`released v${version}`);
    expect(run.status).toBe(0);
    expect(git(clone, 'tag', '--list')).toEqual(expect.stringContaining(`v${version}`));
    expect(git(clone, 'rev-parse', `v${major}^{commit}`)).toBe(git(clone, 'rev-parse', `v${version}^{commit}`));
    expect(git(clone, 'rev-parse', `v${version}^{commit}`)).toBe(git(clone, 'rev-parse', 'HEAD'));
    expect(git(clone, 'show', '--name-only', '--format=%s', 'HEAD').split('\n')).toEqual(
      expect.arrayContaining([`chore(release): v${version}`, 'CHANGELOG.md', 'lerna.json', 'packages/action-kit/package.json']),
    );
    for (const pkg of ['.', 'packages/action-kit', 'actions/smoke-test', 'actions/build-and-push-ecr']) {
      expect(JSON.parse(readFileSync(join(clone, pkg, 'package.json'), 'utf8')).version).toBe(version);
    }
    const lock = JSON.parse(readFileSync(join(clone, 'package-lock.json'), 'utf8'));
    expect([lock.version, lock.packages[''].version]).toEqual([version, version]);
    expect(readFileSync(join(clone, 'lerna.json'), 'utf8').endsWith('}\n')).toBe(true);
    expect(git(clone, 'status', '--porcelain')).toBe('');
    const changelog = readFileSync(join(clone, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(
      new RegExp(
        `## \\[Unreleased\\]\n\n## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}\n\n### Fixed\n\n- the release test's change\n`,
      ),
    );
    expect(changelog).toContain(`[Unreleased]: https://github.com/mlship/actions/compare/v${version}...HEAD`);
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
