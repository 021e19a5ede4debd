#!/usr/bin/env bash
# Builds a small runner image for act's container mode (`-P ubuntu-latest=<image>`):
# a Debian bookworm root (debootstrap --variant=minbase) with Node 24, the
# docker CLI (from Debian's docker.io package) and the buildx plugin, loaded
# with `docker import`. Nothing is pulled from a registry, and the image needs
# no network when a job runs in it: only building it reads the Debian mirror.
#
# Usage (as root, with a Docker engine and debootstrap):
#   bash scripts/act-runner-image.sh            # prints the image name on its last line
#   NODE24_BIN=/path/to/node BUILDX_BIN=/path/to/docker-buildx bash scripts/act-runner-image.sh
# The name carries a hash of this recipe and the Node and buildx binaries: an
# image of that name is reused as it is (a second run takes a second).
set -euo pipefail

NODE24_BIN="${NODE24_BIN:-/opt/mlship-tools/node24/bin/node}"
BUILDX_BIN="${BUILDX_BIN:-/opt/mlship-tools/bin/docker-buildx}"
SUITE=bookworm
log() { printf '[act-runner-image] %s\n' "$*" >&2; }
die() {
  printf '::error::%s\n' "$*"
  exit 1
}

for tool in docker debootstrap dpkg-deb sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found: apt-get install docker.io debootstrap (Debian), or run .ci/install-tools.sh"
done
[ -x "$NODE24_BIN" ] || die "Node 24 not found at $NODE24_BIN: set NODE24_BIN"
[ -x "$BUILDX_BIN" ] || die "docker-buildx not found at $BUILDX_BIN: set BUILDX_BIN"
"$NODE24_BIN" --version | grep -q '^v24\.' || die "$NODE24_BIN is $("$NODE24_BIN" --version), not Node 24"

recipe=$({ cat "$0"; "$NODE24_BIN" --version; sha256sum "$BUILDX_BIN"; } | sha256sum | cut -c1-12)
image="mlship-act-runner:$SUITE-node24-$recipe"
if docker image inspect "$image" >/dev/null 2>&1; then
  log "$image is there already"
  echo "$image"
  exit 0
fi

# The machine's own Debian mirror (deb822 sources, then the classic list), else the public one.
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
mirror="${mirror:-http://deb.debian.org/debian}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
started=$(date +%s)
log "debootstrap --variant=minbase $SUITE from $mirror"
debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  die "debootstrap failed: $(tail -3 "$work/debootstrap.log" | tr '\n' ' ')"

# Only the docker CLI out of Debian's docker.io: the daemon, containerd and
# runc it depends on would stay unused (the job talks to the host's engine).
log "docker CLI from Debian's docker.io package"
chroot "$root" apt-get update -qq >/dev/null
(cd "$root/tmp" && chroot "$root" sh -c 'cd /tmp && apt-get download -qq docker.io' >/dev/null)
dpkg-deb -x "$root"/tmp/docker.io_*.deb "$work/docker.io"
install -m 0755 "$work/docker.io/usr/bin/docker" "$root/usr/bin/docker"

install -m 0755 "$(readlink -f "$NODE24_BIN")" "$root/usr/local/bin/node"
# A system plugin directory: found whatever DOCKER_CONFIG the job sets.
install -D -m 0755 "$(readlink -f "$BUILDX_BIN")" "$root/usr/libexec/docker/cli-plugins/docker-buildx"

# What a job never reads (debootstrap's own packages, apt lists, docs): every
# container of a vfs engine is a full copy of the image.
rm -rf "$root"/tmp/*.deb "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*.log
log "docker import as $image"
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' \
  --message "act runner: Debian $SUITE minbase, Node $("$NODE24_BIN" --version), docker CLI, buildx" \
  - "$image" >/dev/null
log "built $image in $(($(date +%s) - started)) s ($(docker image inspect --format '{{.Size}}' "$image" | awk '{ printf "%d MB", $1 / 1000000 }'))"
echo "$image"
