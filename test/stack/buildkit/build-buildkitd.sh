#!/usr/bin/env bash
# Builds buildkitd from its Go module into $1 (no image can be pulled here, so
# the moby/buildkit image is out of reach). `go install pkg@version` refuses
# the module (its go.mod has exclude directives), so it is built from a copy
# of the module source instead. Takes about 8 minutes on 2 CPUs.
set -euo pipefail
out="$1"
version="${BUILDKIT_VERSION:-v0.34.2}"
dir="$(go mod download -json "github.com/moby/buildkit@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$dir/." "$work/"
chmod -R u+w "$work"
mkdir -p "$(dirname "$out")"
(cd "$work" && go build -mod=mod -ldflags "-X github.com/moby/buildkit/version.Version=$version" -o "$out" ./cmd/buildkitd)
