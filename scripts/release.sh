#!/usr/bin/env bash
# Cuts a release: checks CHANGELOG.md has an entry for the version, rebuilds and
# checks dist/, dates the entry (or moves [Unreleased] under it), bumps every
# package to one version with lerna (fixed mode) in the same commit, tags
# vX.Y.Z and moves the major tag vX to it.
# Usage: npm run release -- <patch|minor|major|X.Y.Z>
# Pushing is left to the caller (printed at the end) so a release can be checked first.
set -euo pipefail
cd "$(dirname "$0")/.."
bump="${1:-}"
if [ -z "$bump" ]; then
  echo "::error::usage: npm run release -- <patch|minor|major|X.Y.Z>"
  exit 1
fi
if [ -n "$(git status --porcelain)" ]; then
  echo "::error::the working tree has uncommitted changes; commit or stash them before releasing"
  exit 1
fi
current=$(node -p "JSON.parse(require('fs').readFileSync('lerna.json','utf8')).version")
IFS=. read -r cur_major cur_minor cur_patch <<<"${current%%-*}"
case "$bump" in
  patch) version="$cur_major.$cur_minor.$((cur_patch + 1))" ;;
  minor) version="$cur_major.$((cur_minor + 1)).0" ;;
  major) version="$((cur_major + 1)).0.0" ;;
  *)
    if [[ ! "$bump" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
      echo "::error::release: '$bump' is not patch, minor, major or a version such as 1.2.3"
      exit 1
    fi
    version="$bump"
    ;;
esac
today=$(date -u +%F)
# Refused here, before any build, commit or tag.
node scripts/changelog.mjs check "$version" "$today"

if [ "${RELEASE_SKIP_BUILD:-}" != "1" ]; then
  bash scripts/check-dist.sh
fi
node scripts/changelog.mjs write "$version" "$today"
git add CHANGELOG.md
git commit --quiet -m "chore(release): v$version"
# --amend: lerna puts the version bump into the changelog's commit and tags it,
# so vX.Y.Z is one commit holding both.
if ! npx --no-install lerna version "$version" --amend --yes --no-push --exact --force-publish --loglevel warn; then
  git reset --quiet --hard HEAD~1
  echo "::error::lerna version $version failed; the changelog commit is undone"
  exit 1
fi
# lerna leaves the private root package alone and writes lerna.json without its
# final newline: the root carries the one version too, and the files stay as we keep them.
node -e '
  const fs = require("fs");
  const [version] = process.argv.slice(1);
  const rewrite = (file, edit) => {
    const data = JSON.parse(fs.readFileSync(file, "utf8"));
    edit(data);
    fs.writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
  };
  rewrite("package.json", (p) => (p.version = version));
  rewrite("package-lock.json", (l) => (l.version = l.packages[""].version = version));
  rewrite("lerna.json", () => {});
' "$version"
git add package.json package-lock.json lerna.json
git commit --quiet --amend --no-edit
git tag -f -a "v$version" -m "v$version" >/dev/null
major="v${version%%.*}"
git tag -f -a "$major" -m "$major -> v$version" "v$version^{}" >/dev/null
echo "released v$version; $major now points at it"
echo "push with: git push origin main v$version && git push --force origin $major"
