#!/usr/bin/env bash
# Stops what up.sh started (by its pid files only; a dockerd that was already
# running before up.sh is left alone). State (images, registry data) is kept;
# pass --purge to delete it too.
set -uo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
STATE="${MLSHIP_STACK_DIR:-/var/lib/mlship-stack}"
say() { printf '[stack] %s\n' "$*"; }
[ -d "$STATE" ] || { say "nothing to stop ($STATE does not exist)"; exit 0; }
# Never in the middle of a stack:up (parallel jest workers run it).
exec 9>"$STATE/up.lock"
flock -w 120 9 || { say "another stack:up/down holds $STATE/up.lock"; exit 1; }

stop() {
  local name=$1 pidfile="$STATE/run/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    say "stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}

for name in services registry moto dockerd; do stop "$name"; done
rm -f "$REPO/.stack/env" "$STATE/env" "$STATE/run/services.key"
if [ "${1:-}" = --purge ]; then
  # The lock file goes with it; the descriptor we hold keeps it valid until exit.
  rm -rf "$STATE"
  say "purged $STATE"
fi
say "down"
