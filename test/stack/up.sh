#!/usr/bin/env bash
# Brings up the local AWS stack on loopback, idempotently (what already answers
# is left alone), and writes its endpoints to <repo>/.stack/env:
#   dockerd (vfs, no bridge)          unix:///var/run/docker.sock
#   moto (ECR, Lambda, IAM, ...)      http://127.0.0.1:$MOTO_PORT
#   registry (distribution 2.8)       http://127.0.0.1:$REGISTRY_PORT (htpasswd)
#   front proxy (TLS, ECR checks)     https://123456789012.dkr.ecr.us-east-1.amazonaws.com:443
#   bridge (registry events -> moto)  http://127.0.0.1:$BRIDGE_PORT/events
# State, logs and pid files live in $MLSHIP_STACK_DIR (default /var/lib/mlship-stack),
# outside the clone so jest never crawls the Docker data root.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
STATE="${MLSHIP_STACK_DIR:-/var/lib/mlship-stack}"
ACCOUNT=123456789012
REGION=us-east-1
ECR_HOST="$ACCOUNT.dkr.ecr.$REGION.amazonaws.com"
started=$(date +%s%N)

say() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

missing=()
for tool in dockerd docker docker-registry htpasswd openssl moto_server node curl; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]}. Run: bash .ci/install-tools.sh"
[ "$(id -u)" = 0 ] || die "the stack needs root (dockerd, port 443, /etc/hosts)"

mkdir -p "$STATE/run" "$STATE/logs" "$STATE/registry" "$STATE/certs" "$REPO/.stack"
# Parallel jest workers may all find the stack down; one brings it up, the rest wait.
exec 9>"$STATE/up.lock"
flock -w 120 9 || die "another stack:up holds $STATE/up.lock for more than 120s"
# The services run on Node 24 when it is installed (what the actions declare).
NODE_BIN=node
[ -x /opt/mlship-tools/node24/bin/node ] && NODE_BIN=/opt/mlship-tools/node24/bin/node
export NODE_NO_WARNINGS=1
PORTS="$STATE/ports.env"
# shellcheck disable=SC1090
[ -f "$PORTS" ] && . "$PORTS"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# A killed daemon can linger as a zombie here (nothing reaps it), and kill -0
# still succeeds on a zombie: read its state instead.
pid_running() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
pid_alive() { [ -f "$STATE/run/$1.pid" ] && pid_running "$(cat "$STATE/run/$1.pid")"; }
# Waits for a check to pass, up to $2 seconds; on timeout shows the log's tail.
wait_for() {
  local what=$1 seconds=$2 log=$3; shift 3
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 20 "$log" >&2 || true
      die "$what did not come up within ${seconds}s (log: $log)"
    fi
    sleep 0.2
  done
}
# A port of ours that is down gets a fresh one if something else took it.
pick_port() {
  local name=$1 current=${!1:-} owner=$2
  if [ -z "$current" ] || { ! pid_alive "$owner" && listening "$current"; }; then current=$(free_port); fi
  printf -v "$name" '%s' "$current"
}
stop_pid() {
  local pidfile="$STATE/run/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do pid_running "$pid" || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
spawn() {
  local name=$1; shift
  setsid nohup "$@" >>"$STATE/logs/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$STATE/run/$name.pid"
}

# 0. The ECR host name, mapped before dockerd starts: dockerd's Go resolver caches
# /etc/hosts for 5 s after its first read, and a `docker login` within that window
# of a line added later fails with "no such host" (seen on a first boot here).
if ! grep -qE "^127\.0\.0\.1[[:space:]]+$ECR_HOST\$" /etc/hosts; then
  say "hosts: mapping $ECR_HOST to 127.0.0.1"
  printf '127.0.0.1 %s\n' "$ECR_HOST" >>/etc/hosts 2>/dev/null ||
    die "cannot write /etc/hosts: add the line '127.0.0.1 $ECR_HOST' by hand"
fi

# 1. Docker engine ---------------------------------------------------------------
docker_ok() { timeout 5 docker info >/dev/null 2>&1; }
# An engine that answers is used as it is: on a CI runner that is the runner's
# own (GitHub's ubuntu-latest has one), and only a machine without one gets ours.
if docker_ok; then
  say "docker: already answering at ${DOCKER_HOST:-unix:///var/run/docker.sock} (a dockerd is started only when none answers)"
else
  say "docker: starting dockerd (vfs, no bridge, data in $STATE/docker)"
  # A dockerd that does not answer (or died and left its pid file) is replaced:
  # dockerd refuses to start while its pid file names a live process.
  stop_pid dockerd
  rm -f /var/run/docker.pid "$STATE/run/dockerd.pid" "$STATE/docker-exec/containerd/containerd.pid"
  setsid nohup dockerd --storage-driver=vfs --iptables=false --ip-masq=false --bridge=none \
    --data-root "$STATE/docker" --exec-root "$STATE/docker-exec" \
    --pidfile "$STATE/run/dockerd.pid" -H unix:///var/run/docker.sock \
    >>"$STATE/logs/dockerd.log" 2>&1 </dev/null 9>&- &
  wait_for dockerd 45 "$STATE/logs/dockerd.log" docker_ok
fi
BUILDX=$(docker buildx version 2>/dev/null | awk '{print $2}') || true
[ -n "$BUILDX" ] || say "WARNING: docker buildx plugin missing (run .ci/install-tools.sh)"

# 2. moto ------------------------------------------------------------------------
pick_port MOTO_PORT moto
MOTO="http://127.0.0.1:$MOTO_PORT"
moto_ok() { curl -sf -o /dev/null "$MOTO/moto-api/"; }
if pid_alive moto && moto_ok; then
  say "moto: already answering on $MOTO"
else
  say "moto: starting on $MOTO"
  # A fresh control plane gets a fresh data plane: images left in the registry
  # from an earlier moto would be invisible to ECR's API yet block IMMUTABLE tags.
  MOTO_FRESH=1
  stop_pid moto
  MOTO_LAMBDA_STUB_ECR=false spawn moto moto_server -H 127.0.0.1 -p "$MOTO_PORT"
  wait_for moto 30 "$STATE/logs/moto.log" moto_ok
fi

# 3. Registry behind TLS, for the ECR host name -----------------------------------
KEY="$STATE/certs/registry.key"; CERT="$STATE/certs/registry.crt"
if [ ! -s "$CERT" ] || [ ! -s "$KEY" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$ECR_HOST" \
    -addext "subjectAltName=DNS:$ECR_HOST" -keyout "$KEY" -out "$CERT" 2>/dev/null
fi
[ -s "$STATE/htpasswd" ] || htpasswd -Bbn AWS "$ACCOUNT-auth-token" >"$STATE/htpasswd"

pick_port REGISTRY_PORT registry
pick_port BRIDGE_PORT services
registry_ok() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$REGISTRY_PORT/v2/")" = 401 ]; }
if [ -n "${MOTO_FRESH:-}" ]; then
  stop_pid registry
  rm -rf "$STATE/registry" && mkdir -p "$STATE/registry"
fi
if [ -z "${MOTO_FRESH:-}" ] && pid_alive registry && registry_ok && grep -q ":$BRIDGE_PORT/events" "$STATE/registry.yml" 2>/dev/null; then
  say "registry: already answering on 127.0.0.1:$REGISTRY_PORT"
else
  say "registry: starting on 127.0.0.1:$REGISTRY_PORT"
  stop_pid registry
  cat >"$STATE/registry.yml" <<YML
version: 0.1
log:
  level: info
  formatter: text
storage:
  filesystem:
    rootdirectory: $STATE/registry
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$REGISTRY_PORT
  relativeurls: true
auth:
  htpasswd:
    realm: ecr
    path: $STATE/htpasswd
notifications:
  endpoints:
    - name: bridge
      url: http://127.0.0.1:$BRIDGE_PORT/events
      timeout: 3s
      threshold: 3
      backoff: 1s
      ignore:
        actions: [pull]
YML
  spawn registry docker-registry serve "$STATE/registry.yml"
  wait_for registry 20 "$STATE/logs/registry.log" registry_ok
fi

# 4. Front proxy and bridge -------------------------------------------------------
# Restart the services when their ports or their code changed.
SERVICES_KEY="$MOTO_PORT:$REGISTRY_PORT:$BRIDGE_PORT:$(cat "$REPO"/test/stack/*.mjs | md5sum | cut -c1-12)"
services_ok() {
  curl -sf -o /dev/null "http://127.0.0.1:$BRIDGE_PORT/health" &&
    [ "$(curl -s --cacert "$CERT" -o /dev/null -w '%{http_code}' "https://$ECR_HOST/v2/")" = 401 ]
}
if pid_alive services && services_ok && [ "$(cat "$STATE/run/services.key" 2>/dev/null)" = "$SERVICES_KEY" ]; then
  say "proxy: already answering on https://$ECR_HOST (bridge 127.0.0.1:$BRIDGE_PORT)"
else
  say "proxy: starting on https://$ECR_HOST:443, bridge on 127.0.0.1:$BRIDGE_PORT"
  stop_pid services
  listening 443 && ! pid_alive services && die "port 443 is taken by another process: $(ss -ltnpH 'sport = :443' 2>/dev/null)"
  for _ in $(seq 1 25); do listening 443 || break; sleep 0.2; done
  STACK_MOTO_ENDPOINT="$MOTO" STACK_REGISTRY_PORT="$REGISTRY_PORT" STACK_BRIDGE_PORT="$BRIDGE_PORT" \
    STACK_TLS_KEY="$KEY" STACK_TLS_CERT="$CERT" STACK_ACCOUNT_ID="$ACCOUNT" STACK_REGION="$REGION" \
    spawn services "$NODE_BIN" "$REPO/test/stack/services.mjs"
  echo "$SERVICES_KEY" >"$STATE/run/services.key"
  wait_for "proxy and bridge" 20 "$STATE/logs/services.log" services_ok
fi

printf 'MOTO_PORT=%s\nREGISTRY_PORT=%s\nBRIDGE_PORT=%s\n' "$MOTO_PORT" "$REGISTRY_PORT" "$BRIDGE_PORT" >"$PORTS"

# 5. moto seed: Lambda without Docker, the execution role ---------------------------
# Once per moto process: its state lives as long as it does.
SEED_KEY="$(cat "$STATE/run/moto.pid"):$MOTO_PORT"
if [ "$(cat "$STATE/run/seed.key" 2>/dev/null)" = "$SEED_KEY" ] && [ -s "$STATE/run/role.arn" ]; then
  ROLE_ARN=$(cat "$STATE/run/role.arn")
else
  ROLE_ARN=$(STACK_MOTO_ENDPOINT="$MOTO" "$NODE_BIN" "$REPO/test/stack/seed.mjs")
  echo "$ROLE_ARN" >"$STATE/run/role.arn"
  echo "$SEED_KEY" >"$STATE/run/seed.key"
fi

# 6. The environment tests and act runs source ------------------------------------
ENV_FILE="$REPO/.stack/env"
cat >"$ENV_FILE.tmp" <<ENV
AWS_ENDPOINT_URL=$MOTO
AWS_ACCESS_KEY_ID=testing
AWS_SECRET_ACCESS_KEY=testing
AWS_REGION=$REGION
AWS_DEFAULT_REGION=$REGION
AWS_EC2_METADATA_DISABLED=true
STACK_MOTO_ENDPOINT=$MOTO
STACK_ACCOUNT_ID=$ACCOUNT
STACK_ECR_REGISTRY=$ECR_HOST
STACK_REGISTRY_UPSTREAM=http://127.0.0.1:$REGISTRY_PORT
STACK_BRIDGE_URL=http://127.0.0.1:$BRIDGE_PORT
STACK_TLS_CERT=$CERT
STACK_LAMBDA_ROLE_ARN=$ROLE_ARN
STACK_DIR=$STATE
DOCKER_HOST=unix:///var/run/docker.sock
ENV
mv "$ENV_FILE.tmp" "$ENV_FILE"
cp "$ENV_FILE" "$STATE/env"

elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
say "up in ${elapsed_ms} ms"
say "  docker    unix:///var/run/docker.sock ($(docker version -f '{{.Server.Version}}' 2>/dev/null), buildx ${BUILDX:-missing})"
say "  moto      $MOTO (MOTO_LAMBDA_STUB_ECR=false, role $ROLE_ARN)"
say "  ecr       https://$ECR_HOST -> registry 127.0.0.1:$REGISTRY_PORT (user AWS, password $ACCOUNT-auth-token)"
say "  bridge    http://127.0.0.1:$BRIDGE_PORT/events"
say "  env       $ENV_FILE    logs $STATE/logs"
