#!/usr/bin/env bash
# The demo, on a fresh machine of this kind: install what is missing, bring up
# the local AWS stack, run examples/lambda-container-deploy.yml end to end
# under act (test, gate, build and push, deploy and wait, smoke test, summary),
# then print the job summary it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-tools.sh
[ -x node_modules/.bin/jest ] || npm ci --no-audit --no-fund --loglevel=error
export NODE24_BIN=/opt/mlship-tools/node24/bin/node
bash test/stack/up.sh

echo "== running examples/lambda-container-deploy.yml under act against the local stack"
node --experimental-vm-modules node_modules/jest/bin/jest.js test/e2e/examples.test.ts \
  -t 'examples/lambda-container-deploy.yml' 2>&1 | grep -E '✓|✕|●|Tests:' || true

summary=.stack/examples/lambda-container-deploy.summary.md
where=.stack/examples/lambda-container-deploy.where.txt
if [ ! -s "$summary" ]; then
  echo "::error::the example did not finish: see the test output above (act logs are in /tmp/mlship-example-*.log)"
  exit 1
fi
echo
echo "== job summary"
cat "$summary"
echo
echo "== where it ran"
cat "$where"
echo "DEMO DONE: the whole pipeline ran on this machine, against a local stand-in for AWS (nothing left this machine)."
