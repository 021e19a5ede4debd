// What an open-source action repository owes its users, checked on the
// committed files: a licence every package declares, a changelog entry for the
// version in lerna.json, and Dependabot keeping npm and the workflows' actions fresh.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { ChangelogError, hasEntry, releaseChangelog } from '../../scripts/changelog.mjs';
import { repoRoot } from '../support/run-action';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const packageFiles = [
  'package.json',
  ...['packages', 'actions'].flatMap((dir) => readdirSync(join(repoRoot, dir)).map((name) => `${dir}/${name}/package.json`)),
];

describe('licence', () => {
  it('is the MIT licence text', () => {
    const license = read('LICENSE');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    expect(license).toContain('Permission is hereby granted, free of charge');
  });

  it.each(packageFiles)('%s declares the MIT SPDX id', (file) => {
    expect(JSON.parse(read(file)).license).toBe('MIT');
  });
});

describe('CHANGELOG.md', () => {
  const changelog = read('CHANGELOG.md');

  it('has an entry for the version in lerna.json, and [Unreleased] above every release', () => {
    const version = JSON.parse(read('lerna.json')).version as string;
    expect(hasEntry(changelog, version)).toBe(true);
    const headings = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    expect(headings[0]).toBe('Unreleased');
    expect(headings).toContain(version);
  });

  const draft = `# Changelog

## [Unreleased]

## [1.0.0] - unreleased

- first

[Unreleased]: https://github.com/mlship/actions/compare/v0.1.0...HEAD
`;

  it('dates a drafted entry and points [Unreleased] past the new tag', () => {
    const out = releaseChangelog(draft, '1.0.0', '2026-12-07');
    expect(out).toContain('## [Unreleased]\n\n## [1.0.0] - 2026-12-07\n\n- first');
    expect(out).toContain('[Unreleased]: https://github.com/mlship/actions/compare/v1.0.0...HEAD');
    expect(out).toContain('[1.0.0]: https://github.com/mlship/actions/releases/tag/v1.0.0');
  });

  it('moves the [Unreleased] changes under a new version, leaving [Unreleased] empty', () => {
    const out = releaseChangelog(draft.replace('## [Unreleased]\n', '## [Unreleased]\n\n### Fixed\n\n- second\n'), '1.0.1', '2026-12-08');
    expect(out).toMatch(/## \[Unreleased\]\n\n## \[1\.0\.1\] - 2026-12-08\n\n### Fixed\n\n- second\n\n## \[1\.0\.0\] - unreleased/);
  });

  it('refuses a version with no entry and nothing unreleased, and a draft with unreleased changes beside it', () => {
    expect(() => releaseChangelog(draft, '1.0.1', '2026-12-08')).toThrow(ChangelogError);
    expect(() => releaseChangelog(draft, '1.0.1', '2026-12-08')).toThrow('no entry for 1.0.1');
    expect(() => releaseChangelog(draft.replace('## [Unreleased]\n', '## [Unreleased]\n\n- loose\n'), '1.0.0', '2026-12-08')).toThrow(
      'move them into [1.0.0]',
    );
  });
});

describe('.github/dependabot.yml', () => {
  const config = yaml.load(read('.github/dependabot.yml')) as {
    version: number;
    updates: Array<{ 'package-ecosystem': string; directory: string; groups?: Record<string, { patterns: string[] }> }>;
  };

  it('updates npm and github-actions from the root', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => [u['package-ecosystem'], u.directory])).toEqual([
      ['npm', '/'],
      ['github-actions', '/'],
    ]);
  });

  it('groups npm updates: the AWS SDK, the actions toolkit, dev tooling', () => {
    const groups = config.updates.find((u) => u['package-ecosystem'] === 'npm')?.groups ?? {};
    expect(Object.keys(groups)).toEqual(['aws-sdk', 'actions-toolkit', 'dev-tooling']);
    expect(groups['aws-sdk']?.patterns).toContain('@aws-sdk/*');
    expect(groups['actions-toolkit']?.patterns).toContain('@actions/*');
  });
});

describe('npm run lint: the workflows', () => {
  it('runs scripts/lint-workflows.sh after eslint and prettier', () => {
    expect(JSON.parse(read('package.json')).scripts.lint).toMatch(/&& bash scripts\/lint-workflows\.sh$/);
  });

  it('fails on a workflow with an input our action does not have and a run: script shellcheck flags', () => {
    // Inside the repository (git-ignored .stack/): actionlint reads ./actions/<name> from the project root above the file.
    mkdirSync(join(repoRoot, '.stack'), { recursive: true });
    const bad = join(repoRoot, '.stack', `lint-workflows-${process.pid}.yml`);
    writeFileSync(
      bad,
      [
        'on: push',
        'jobs:',
        '  smoke:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: ./actions/smoke-test',
        '        with:',
        '          urll: https://example.com',
        '      - run: cp $SOURCE /tmp',
        '',
      ].join('\n'),
    );
    const run = spawnSync('bash', [join(repoRoot, 'scripts/lint-workflows.sh'), bad], { cwd: repoRoot, encoding: 'utf8' });
    rmSync(bad);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/input "urll" is not defined in action "mlship smoke-test"/);
    expect(run.stdout).toMatch(/shellcheck reported issue in this script: SC2086/);
  });
});
