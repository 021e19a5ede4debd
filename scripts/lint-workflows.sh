#!/usr/bin/env bash
# actionlint over every workflow users copy (examples/) and the project's own
# (.github/workflows/, the e2e suite's), with shellcheck checking their `run:` scripts.
# actionlint checks run scripts only when shellcheck is on PATH, and skips them
# silently otherwise: both are required here, so a lint never passes by omission.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:${MLSHIP_TOOLS:-/opt/mlship-tools}/bin"
for tool in actionlint shellcheck; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "::error::$tool not found: run .ci/install-tools.sh as root (actionlint: go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12; shellcheck: apt-get install shellcheck)"
    exit 1
  fi
done
# Arguments name other workflow files (the lint's own test); by default every one of ours.
if [ $# -eq 0 ]; then set -- .github/workflows/*.yml examples/*.yml test/e2e/workflows/*.yml; fi
actionlint -shellcheck "$(command -v shellcheck)" "$@"
echo "actionlint $(actionlint --version | head -1), shellcheck $(shellcheck --version | sed -n 's/^version: //p'): workflows clean"
