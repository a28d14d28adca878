#!/usr/bin/env bash
# Command 2 of the README (npm test): installs what the tests need, then runs every layer and prints one summary.
#   lint + typecheck, unit (Node), gpu (Dawn + SwiftShader), tools (Python), e2e (headless Chromium).
set -uo pipefail
cd "$(dirname "$0")/.."
export FORCE_COLOR=0
ART=test-artifacts
mkdir -p "$ART"
rm -f "$ART"/layer-*.json

bash scripts/setup-system.sh || { echo "0 passed, 1 failed"; exit 1; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || { echo "0 passed, 1 failed"; exit 1; }
fi

status=0
step() { # name, command...
  local name=$1; shift
  echo; echo "=== $name"
  local t0=$SECONDS
  if "$@"; then echo "=== $name: ok ($((SECONDS - t0)) s)"; else echo "=== $name: FAILED ($((SECONDS - t0)) s)"; status=1; fi
}
vitest_layer() { npx vitest run --project "$1" --reporter=default --reporter=json --outputFile="$ART/layer-$1.json"; }
python_tools() {
  if ! ls tests/tools/test_*.py >/dev/null 2>&1; then echo "no tools tests"; return 0; fi
  /usr/bin/python3 scripts/run_tools_tests.py "$ART/layer-tools.json"
}

step lint npx biome check .
step typecheck npx tsc -b
step unit vitest_layer unit
step gpu vitest_layer gpu
step tools python_tools
step e2e vitest_layer e2e

echo
node scripts/summarize-tests.mjs "$ART" "$status"
