#!/usr/bin/env bash
# Installs the system pieces the test suites need, skipping what is present.
# Tools built from Go modules live in a fixed place outside the clone
# ($MLSHIP_TOOLS, default /opt/mlship-tools) so a second run reuses them.
set -euo pipefail

TOOLS="${MLSHIP_TOOLS:-/opt/mlship-tools}"
BUILDX_VERSION="${BUILDX_VERSION:-v0.33.0}"
ACT_VERSION="${ACT_VERSION:-v0.2.89}"
NODE24_SPEC="${NODE24_SPEC:-node@24}"
mkdir -p "$TOOLS/bin"

log() { printf '[install-tools] %s\n' "$*"; }
# MLSHIP_TOOLS_FOR=demo installs only what scripts/demo.sh uses: no buildkitd (the
# longest Go build, for multi-platform tests only), no lint tools, no markdown renderer.
FOR="${MLSHIP_TOOLS_FOR:-tests}"
for_tests() { [ "$FOR" != demo ]; }

need_apt=()
command -v dockerd >/dev/null 2>&1 || need_apt+=(docker.io)
command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ] || need_apt+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need_apt+=(apache2-utils)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v zip >/dev/null 2>&1 || need_apt+=(zip)
# test/stack/up.sh: health checks (curl) and serialised start-up (flock, util-linux).
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v flock >/dev/null 2>&1 || need_apt+=(util-linux)
# GitHub's markdown renderer: the untrusted-text tests render summaries and comments with it.
for_tests && { command -v cmark-gfm >/dev/null 2>&1 || need_apt+=(cmark-gfm); }
# npm run lint: actionlint checks workflows' run: scripts with shellcheck.
for_tests && { command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck); }
# scripts/act-runner-image.sh: the root filesystem of act's container-mode runner image.
for_tests && { command -v debootstrap >/dev/null 2>&1 || need_apt+=(debootstrap); }
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# The registry package ships a service we never use; make sure it is not holding port 5000.
if command -v systemctl >/dev/null 2>&1; then systemctl stop docker-registry >/dev/null 2>&1 || true; fi

install_buildx() {
  "$TOOLS/bin/docker-buildx" version 2>/dev/null | grep -q "$BUILDX_VERSION" && return 0
  log "building docker buildx $BUILDX_VERSION from its Go module"
  GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install \
    -ldflags "-X github.com/docker/buildx/version.Version=$BUILDX_VERSION" \
    "github.com/docker/buildx/cmd/buildx@$BUILDX_VERSION"
  mv "$TOOLS/bin/buildx" "$TOOLS/bin/docker-buildx"
}
install_act() {
  "$TOOLS/bin/act" --version 2>/dev/null | grep -q "${ACT_VERSION#v}" && return 0
  log "building act $ACT_VERSION from its Go module"
  GOBIN="$TOOLS/bin" go install -ldflags "-X main.version=${ACT_VERSION#v}" "github.com/nektos/act@$ACT_VERSION"
}
install_node24() {
  "$TOOLS/node24/bin/node" --version 2>/dev/null | grep -q '^v24\.' && return 0
  log "installing Node 24 from the npm registry"
  rm -rf "$TOOLS/node24"
  mkdir -p "$TOOLS/node24"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/node24-pkg" "$NODE24_SPEC" >/dev/null
  mkdir -p "$TOOLS/node24/bin"
  ln -sf "$(readlink -f "$TOOLS/node24-pkg/node_modules/node/bin/node")" "$TOOLS/node24/bin/node"
}
# Side by side: on a fresh machine the two Go builds and the Node download
# overlap their downloads and links (about a minute less on 2 CPUs).
pids=()
install_buildx & pids+=($!)
install_act & pids+=($!)
install_node24 & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid" || { log "a tool failed to install (see above)"; exit 1; }; done
mkdir -p "$HOME/.docker/cli-plugins"
ln -sf "$TOOLS/bin/docker-buildx" "$HOME/.docker/cli-plugins/docker-buildx"

for_tests && MLSHIP_TOOLS="$TOOLS" bash "$(dirname "$0")/install-lint-tools.sh"

# Multi-platform builds (test/integration/ecr-multi-platform.test.ts) run on a buildkitd of their own,
# with runc from Debian (docker.io depends on it), as a buildx remote driver. The demo never uses
# it and it is the longest build here (minutes on 2 CPUs).
if for_tests && [ ! -x "$TOOLS/bin/buildkitd" ]; then
  log "building buildkitd from its Go module"
  bash "$(dirname "$0")/../test/stack/buildkit/build-buildkitd.sh" "$TOOLS/bin/buildkitd"
fi
command -v runc >/dev/null 2>&1 || apt-get install -y -q runc >/dev/null

if ! command -v moto_server >/dev/null 2>&1; then
  log "pip install moto[server]"
  # Ubuntu 24.04's Python refuses system-wide pip installs (PEP 668) unless told.
  pip install -q 'moto[server]>=5.1,<6' || pip install -q --break-system-packages 'moto[server]>=5.1,<6'
fi

lint=""
for_tests && lint=", actionlint $("$TOOLS/bin/actionlint" --version | head -1)"
log "tools for $FOR ready in $TOOLS: $("$TOOLS/bin/docker-buildx" version | cut -d' ' -f2), act $("$TOOLS/bin/act" --version | awk '{print $3}')$lint, node $("$TOOLS/node24/bin/node" --version)"
