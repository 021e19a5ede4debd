/**
 * Tag templates in `tags`: `{sha}`, `{short-sha}` (a pull request's head
 * commit on PR events), `{merge-sha}`, `{ref-name}`,
 * `{run-number}`, and from a `vX.Y.Z` tag ref `{version}`, `{major}`,
 * `{minor}`, `{patch}`. "Push v1.4.0, get 1.4.0, 1.4 and 1": a pre-release
 * (v2.0.0-rc.1) fills `{version}` but never moves a tag that names
 * `{major}` or `{minor}` without `{patch}` or `{version}`, so `2` and
 * `2.0` keep pointing at the last release. A template that cannot be filled
 * is an input error that names it.
 */
import { InputError, type Env } from '@mlship/action-kit';
import { commitsOf } from './commit';

export const TEMPLATES = ['sha', 'short-sha', 'merge-sha', 'ref-name', 'run-number', 'version', 'major', 'minor', 'patch'] as const;
type Template = (typeof TEMPLATES)[number];

const EXAMPLE = 'tags: "{version},{major}.{minor},{major},{sha}" (on a push of tag v1.4.0)';

export interface FilledTags {
  tags: string[];
  /** Tags left out because the version is a pre-release, with why: for the log. */
  held: string[];
}

/** SemVer after a `v`: major, minor, patch, pre-release, build. */
const VERSION_TAG = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

export function fillTagTemplates(entries: string[], env: Env): FilledTags {
  const tags: string[] = [];
  const held: string[] = [];
  for (const entry of entries) {
    const used = templatesIn(entry);
    if (used.length === 0) {
      tags.push(entry);
      continue;
    }
    const values = new Map(used.map((name) => [name, valueOf(name, entry, env)]));
    const version = used.some((name) => ['version', 'major', 'minor', 'patch'].includes(name)) ? versionOf(entry, env) : undefined;
    if (version?.prerelease && !used.includes('version') && !used.includes('patch')) {
      held.push(`${entry}: ${version.ref} is a pre-release, so the tag is not moved`);
      continue;
    }
    tags.push(entry.replace(/\{([a-z-]+)\}/g, (_all, name: Template) => values.get(name) as string));
  }
  return { tags, held };
}

function templatesIn(entry: string): Template[] {
  const names = [...entry.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as string);
  const unknown = names.find((name) => !(TEMPLATES as readonly string[]).includes(name));
  if (unknown !== undefined)
    throw new InputError(
      'tags',
      `has '${entry}' with an unknown template {${unknown}}; known: ${TEMPLATES.map((t) => `{${t}}`).join(', ')}`,
      EXAMPLE,
    );
  if (/[{}]/.test(entry.replace(/\{[a-z-]+\}/g, ''))) throw new InputError('tags', `has '${entry}' with an unmatched brace`, EXAMPLE);
  return [...new Set(names as Template[])];
}

function valueOf(name: Template, entry: string, env: Env): string {
  const need = (variable: string): string => {
    const value = env[variable]?.trim();
    if (!value) throw new InputError('tags', `has '${entry}': {${name}} cannot be filled because ${variable} is not set`, EXAMPLE);
    return value;
  };
  switch (name) {
    // On pull requests: the head commit (commit.ts), not GitHub's merge commit.
    case 'sha':
      return commitsOf(env).sha ?? need('GITHUB_SHA');
    case 'short-sha':
      return (commitsOf(env).sha ?? need('GITHUB_SHA')).slice(0, 7);
    case 'merge-sha':
      return need('GITHUB_SHA');
    case 'ref-name':
      return tagSafe(need('GITHUB_REF_NAME'));
    case 'run-number':
      return need('GITHUB_RUN_NUMBER');
    default: {
      const version = versionOf(entry, env);
      if (name === 'version')
        return version.build ? `${version.core}${version.prerelease ? `-${version.prerelease}` : ''}_${version.build}` : version.text;
      return version[name];
    }
  }
}

interface Version {
  ref: string;
  major: string;
  minor: string;
  patch: string;
  core: string;
  prerelease?: string;
  build?: string;
  /** Without the v and the build metadata: 1.4.0, 2.0.0-rc.1. */
  text: string;
}

function versionOf(entry: string, env: Env): Version {
  const ref = env['GITHUB_REF']?.trim() ?? '';
  const tagName = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
  if (tagName === undefined) {
    throw new InputError(
      'tags',
      `has '${entry}', whose version templates need a tag ref such as refs/tags/v1.4.0; this run is on ${ref ? `'${ref}'` : 'no ref (GITHUB_REF is not set)'}`,
      EXAMPLE,
    );
  }
  const match = VERSION_TAG.exec(tagName);
  if (!match) throw new InputError('tags', `has '${entry}', but the tag '${tagName}' is not a version vX.Y.Z`, EXAMPLE);
  const [, major, minor, patch, prerelease, build] = match as unknown as [string, string, string, string, string?, string?];
  const core = `${major}.${minor}.${patch}`;
  return { ref: tagName, major, minor, patch, core, prerelease, build, text: prerelease ? `${core}-${prerelease}` : core };
}

/** A branch name as a Docker tag: `feature/new-model` -> `feature-new-model`, at most 128 characters. */
function tagSafe(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[.-]+/, '');
  return safe.slice(0, 128) || '-';
}
