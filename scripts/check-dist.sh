#!/usr/bin/env bash
# Fails when the committed bundles differ from a fresh build. `git status
# --porcelain` also catches new untracked chunk files that `git diff` misses.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build >/dev/null
changes=$(git status --porcelain -- dist)
if [ -n "$changes" ]; then
  echo "::error::dist/ is stale: run 'npm run build' and commit the result. Changed:"
  echo "$changes"
  exit 1
fi
echo "dist/ is up to date"
