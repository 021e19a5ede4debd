/** Tag templates: filled from the run's ref, SHA and run number; pre-releases hold the moving tags. */
import { InputError } from '@mlship/action-kit';
import { fillTagTemplates } from '../src/tag-templates';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const base = { GITHUB_SHA: SHA, GITHUB_RUN_NUMBER: '42' };
const onTag = (tag: string): Record<string, string> => ({ ...base, GITHUB_REF: `refs/tags/${tag}`, GITHUB_REF_NAME: tag });
const onBranch = (branch: string): Record<string, string> => ({ ...base, GITHUB_REF: `refs/heads/${branch}`, GITHUB_REF_NAME: branch });
const RELEASE = ['{version}', '{major}.{minor}', '{major}', '{sha}'];

function problem(entries: string[], env: Record<string, string>): string {
  try {
    fillTagTemplates(entries, env);
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('tag templates', () => {
  it('a release tag v1.4.0 gives 1.4.0, 1.4, 1 and the SHA', () => {
    expect(fillTagTemplates(RELEASE, onTag('v1.4.0'))).toEqual({ tags: ['1.4.0', '1.4', '1', SHA], held: [] });
  });

  it('fills short-sha, ref-name (made tag-safe), run-number and literal text around templates', () => {
    expect(
      fillTagTemplates(['{short-sha}', '{ref-name}-{run-number}', 'build-{run-number}', 'latest'], onBranch('feature/new-model')),
    ).toEqual({
      tags: ['0123456', 'feature-new-model-42', 'build-42', 'latest'],
      held: [],
    });
  });

  it('a version tag without the v fills the version templates too', () => {
    expect(fillTagTemplates(['v{major}.{minor}.{patch}'], onTag('1.2.3')).tags).toEqual(['v1.2.3']);
  });

  it("the run's variables are read without blanks around them", () => {
    const env = { ...onTag('v1.4.0'), GITHUB_RUN_NUMBER: ' 42\n', GITHUB_REF: ' refs/tags/v1.4.0\n' };
    expect(fillTagTemplates(['build-{run-number}', '{version}'], env).tags).toEqual(['build-42', '1.4.0']);
  });

  it('a pre-release fills {version} but never moves {major} or {major}.{minor}', () => {
    const filled = fillTagTemplates(RELEASE, onTag('v2.0.0-rc.1'));
    expect(filled.tags).toEqual(['2.0.0-rc.1', SHA]);
    expect(filled.held).toEqual([
      '{major}.{minor}: v2.0.0-rc.1 is a pre-release, so the tag is not moved',
      '{major}: v2.0.0-rc.1 is a pre-release, so the tag is not moved',
    ]);
  });

  it('a pre-release fills {major}.{minor}.{patch}: naming the patch names one exact version, never a moving tag', () => {
    expect(fillTagTemplates(['{major}.{minor}.{patch}'], onTag('v2.0.0-rc.1'))).toEqual({ tags: ['2.0.0'], held: [] });
    expect(fillTagTemplates(['{minor}'], onTag('v2.1.0-rc.1'))).toEqual({
      tags: [],
      held: ['{minor}: v2.1.0-rc.1 is a pre-release, so the tag is not moved'],
    });
  });

  it('a pre-release never moves a tag that names {major} beside other templates, without {patch} or {version}', () => {
    expect(fillTagTemplates(['{major}-{short-sha}'], onTag('v2.0.0-rc.1'))).toEqual({
      tags: [],
      held: ['{major}-{short-sha}: v2.0.0-rc.1 is a pre-release, so the tag is not moved'],
    });
  });

  it('{ref-name} as a tag: every run of leading dots and dashes dropped, cut at 128, never empty', () => {
    expect(fillTagTemplates(['{ref-name}'], onBranch('..-feature/x')).tags).toEqual(['feature-x']);
    expect(fillTagTemplates(['{ref-name}'], onBranch(`b${'x'.repeat(140)}`)).tags[0]).toHaveLength(128);
    expect(fillTagTemplates(['{ref-name}'], onBranch('...')).tags).toEqual(['-']);
  });

  it('build metadata becomes _ (a tag cannot hold +)', () => {
    expect(fillTagTemplates(['{version}'], onTag('v1.0.0+20261202')).tags).toEqual(['1.0.0_20261202']);
  });

  it('a pre-release with build metadata keeps both in {version}', () => {
    expect(fillTagTemplates(['{version}'], onTag('v2.0.0-rc.1+build.5')).tags).toEqual(['2.0.0-rc.1_build.5']);
  });

  it.each<[string[], Record<string, string>, RegExp]>([
    [
      RELEASE,
      onBranch('main'),
      /^Input 'tags' has '\{version\}', whose version templates need a tag ref such as refs\/tags\/v1\.4\.0; this run is on 'refs\/heads\/main'\. Example: tags:/,
    ],
    [['{major}'], onTag('nightly'), /^Input 'tags' has '\{major\}', but the tag 'nightly' is not a version vX\.Y\.Z/],
    [['{sha}'], {}, /^Input 'tags' has '\{sha\}': \{sha\} cannot be filled because GITHUB_SHA is not set/],
    [['{run-number}'], { GITHUB_SHA: SHA }, /\{run-number\} cannot be filled because GITHUB_RUN_NUMBER is not set/],
    [['{branch}'], base, /^Input 'tags' has '\{branch\}' with an unknown template \{branch\}; known: \{sha\}, \{short-sha\}/],
    [['{sha'], base, /^Input 'tags' has '\{sha' with an unmatched brace/],
    [['{version}'], { ...base, GITHUB_REF: '' }, /this run is on no ref \(GITHUB_REF is not set\)/],
    [['{version}'], base, /this run is on no ref \(GITHUB_REF is not set\)/],
    [['{short-sha}'], { GITHUB_RUN_NUMBER: '42' }, /\{short-sha\} cannot be filled because GITHUB_SHA is not set/],
    [['{run-number}'], { ...base, GITHUB_RUN_NUMBER: '  ' }, /\{run-number\} cannot be filled because GITHUB_RUN_NUMBER is not set/],
  ])('%j on %j cannot be filled', (entries, env, message) => {
    expect(problem(entries, env)).toMatch(message);
  });
});
