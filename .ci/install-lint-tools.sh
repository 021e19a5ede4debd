#!/usr/bin/env bash
# What `npm run lint` needs beside node_modules: actionlint, built from its Go
# module into $MLSHIP_TOOLS/bin (default /opt/mlship-tools/bin), and Debian's
# or Ubuntu's shellcheck, which actionlint runs over every `run:` script.
# Skips what is present. Runs as root (the ci.yml lint job uses sudo).
set -euo pipefail
TOOLS="${MLSHIP_TOOLS:-/opt/mlship-tools}"
# 1.7.8 or newer knows runs.using: node24.
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
log() { printf '[install-lint-tools] %s\n' "$*"; }

if ! command -v shellcheck >/dev/null 2>&1; then
  log "apt-get install shellcheck"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends shellcheck >/dev/null
fi
if ! "$TOOLS/bin/actionlint" --version 2>/dev/null | grep -q "^$ACTIONLINT_VERSION$"; then
  log "building actionlint $ACTIONLINT_VERSION from its Go module"
  mkdir -p "$TOOLS/bin"
  GOBIN="$TOOLS/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
log "actionlint $("$TOOLS/bin/actionlint" --version | head -1), $(shellcheck --version | sed -n 's/^version: /shellcheck /p')"
