#!/usr/bin/env bash
# Cuts a release: rebuilds and checks dist/, bumps every package to one
# version with lerna (fixed mode), tags vX.Y.Z and moves the major tag vX to it.
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
if [ "${RELEASE_SKIP_BUILD:-}" != "1" ]; then
  bash scripts/check-dist.sh
fi
npx --no-install lerna version "$bump" --yes --no-push --exact --force-publish --loglevel warn
version=$(node -p "JSON.parse(require('fs').readFileSync('lerna.json','utf8')).version")
major="v${version%%.*}"
git tag -f -a "$major" -m "$major -> v$version" "v$version^{}" >/dev/null
echo "released v$version; $major now points at it"
echo "push with: git push origin main v$version && git push --force origin $major"
