#!/usr/bin/env node
// CHANGELOG.md (Keep a Changelog) as scripts/release.sh keeps it: a release
// needs an entry for its version. Either a `## [X.Y.Z]` section already drafted
// (its date is set to the release day) or changes listed under `## [Unreleased]`
// (moved into a new `## [X.Y.Z] - date` section). With neither, no tag.
//   node scripts/changelog.mjs check X.Y.Z YYYY-MM-DD   exit 1 (with the reason) when it cannot
//   node scripts/changelog.mjs write X.Y.Z YYYY-MM-DD   rewrites CHANGELOG.md for the release
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_URL = 'https://github.com/mlship/actions';
const heading = (version) => new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm');

export class ChangelogError extends Error {}

/** Whether the changelog has a `## [version]` section. */
export function hasEntry(text, version) {
  return heading(version).test(text);
}

/** The lines between `## [Unreleased]` and the next `## ` heading. */
function unreleasedSection(text) {
  const match = /^## \[Unreleased\][^\n]*\n([\s\S]*?)(?=^## |^\[[^\]]+\]: |(?![\s\S]))/m.exec(text);
  if (!match) throw new ChangelogError('CHANGELOG.md has no "## [Unreleased]" section');
  return { start: match.index, end: match.index + match[0].length, body: match[1] };
}

/** The changelog of the release of `version` on `date`, or a ChangelogError saying why there is none. */
export function releaseChangelog(text, version, date) {
  const unreleased = unreleasedSection(text);
  const pending = unreleased.body.trim();
  let out;
  if (hasEntry(text, version)) {
    if (pending)
      throw new ChangelogError(
        `CHANGELOG.md lists changes under [Unreleased] and has a drafted [${version}] section: move them into [${version}] (or out of it) first`,
      );
    out = text.replace(new RegExp(`${heading(version).source}[^\\n]*`, 'm'), `## [${version}] - ${date}`);
  } else if (pending) {
    out = `${text.slice(0, unreleased.start)}## [Unreleased]\n\n## [${version}] - ${date}\n\n${pending}\n\n${text.slice(unreleased.end)}`;
  } else {
    throw new ChangelogError(
      `CHANGELOG.md has no entry for ${version}: list the changes under "## [Unreleased]" (or draft a "## [${version}]" section) and commit it`,
    );
  }
  out = out.replace(/^\[Unreleased\]: .*$/m, `[Unreleased]: ${REPO_URL}/compare/v${version}...HEAD`);
  if (!new RegExp(`^\\[${version.replace(/\./g, '\\.')}\\]: `, 'm').test(out))
    out = out.replace(/^(\[Unreleased\]: .*\n)/m, `$1[${version}]: ${REPO_URL}/releases/tag/v${version}\n`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'CHANGELOG.md');
  const [command, version, date] = process.argv.slice(2);
  if (!['check', 'write'].includes(command) || !version || !date) {
    console.error('usage: node scripts/changelog.mjs check|write X.Y.Z YYYY-MM-DD');
    process.exit(2);
  }
  try {
    const released = releaseChangelog(readFileSync(file, 'utf8'), version, date);
    if (command === 'write') writeFileSync(file, released);
  } catch (error) {
    if (!(error instanceof ChangelogError)) throw error;
    console.log(`::error::${error.message}`);
    process.exit(1);
  }
}
