#!/usr/bin/env bash
# The demo, on a fresh machine of this kind: install what is missing, bring up
# the local AWS stack, run examples/lambda-container-deploy.yml end to end
# under act (test, gate, build and push, deploy and wait, smoke test, summary),
# then print the job summary it wrote.
#   bash scripts/demo.sh                  the demo
#   bash scripts/demo.sh --fault ecr-api  the same run with the ECR API unreachable,
#                                         to see what a failed demo tells you
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  '') ;;
  --fault)
    [ "${2:-}" = ecr-api ] || { echo "::error::--fault takes ecr-api (the run's ECR API on a closed port), e.g. bash scripts/demo.sh --fault ecr-api"; exit 1; }
    export MLSHIP_DEMO_FAULT=ecr-api ;;
  *) echo "::error::unknown argument '$1': bash scripts/demo.sh [--fault ecr-api]"; exit 1 ;;
esac

# The packages and the tools side by side (one mostly waits on the network, the
# other compiles). Only the tools the demo uses: no buildkitd (multi-platform
# builds are not part of it), no lint tools.
npm_pid=
if [ ! -x node_modules/.bin/jest ]; then
  npm ci --no-audit --no-fund --loglevel=error &
  npm_pid=$!
fi
MLSHIP_TOOLS_FOR=demo bash .ci/install-tools.sh
[ -z "$npm_pid" ] || wait "$npm_pid"
export NODE24_BIN="${MLSHIP_TOOLS:-/opt/mlship-tools}/node24/bin/node"
bash test/stack/up.sh

echo "== running examples/lambda-container-deploy.yml under act against the local stack"
# The whole test output is kept: on failure it is what says why, and the act
# log files it names are only those this run wrote.
output=$(mktemp /tmp/mlship-demo-XXXXXX.out)
started=$(mktemp /tmp/mlship-demo-XXXXXX.start)
"$NODE24_BIN" --experimental-vm-modules node_modules/jest/bin/jest.js test/e2e/examples.test.ts \
  -t 'examples/lambda-container-deploy.yml' >"$output" 2>&1 || true
grep -E '✓|✕|●|Tests:' "$output" || true

summary=.stack/examples/lambda-container-deploy.summary.md
where=.stack/examples/lambda-container-deploy.where.txt
if [ ! -s "$summary" ] || [ "$summary" -ot "$started" ]; then
  logs=$(find /tmp -maxdepth 1 -name 'mlship-example-*.log' -newer "$started" 2>/dev/null || true)
  # The actions' own ::error:: lines say why in one sentence each; act prefixes
  # them with the job and step name.
  errors=$(grep -h '::error' $logs /dev/null 2>/dev/null | sed -E 's/.*::error[^:]*::/  /' | sort -u | head -n 10 || true)
  if [ -n "$errors" ]; then
    echo
    echo "== why: the errors the steps reported"
    echo "$errors"
  fi
  echo
  echo "== the last 60 lines of the test output ($output)"
  tail -n 60 "$output"
  for log in $logs; do
    echo
    echo "== the last 40 lines of the act log $log"
    tail -n 40 "$log"
  done
  if [ -n "$logs" ]; then
    echo "::error::the example did not finish: the test output and act log above say why (kept in $output and $(echo $logs | tr '\n' ' '))"
  else
    echo "::error::the example did not finish before act ran: the test output above says why (kept in $output)"
  fi
  exit 1
fi
echo
echo "== job summary"
cat "$summary"
echo
echo "== where it ran"
cat "$where"
echo "DEMO DONE: the whole pipeline ran on this machine, against a local stand-in for AWS (nothing left this machine)."
