#!/usr/bin/env bash
# Schema-driven fuzzing of the API (schemathesis, from PyPI) against the
# product started on spare ports with throwaway data.
#   npm run fuzz [-- --max-examples N]   (any schemathesis run option)
# Every check runs but one (schemathesis.toml says which, why, and which statuses
# count). Needs the tools set up (npm run setup) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.tools/schemathesis
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'schemathesis==4.32.5'
fi
data=$(mktemp -d)
export PORT=${FUZZ_PORT:-3210} TEMPORAL_DEV_SERVER_PORT=${FUZZ_TEMPORAL_PORT:-7510} TEMPORAL_UI_PORT=${FUZZ_UI_PORT:-8510}
export DATA_DIR=$data RATE_LIMIT_PER_MINUTE=1000000 RATE_LIMIT_PER_ADDRESS_PER_MINUTE=1000000
node_modules/.bin/tsx scripts/start.ts > "$data/start.log" 2>&1 &
app=$!
trap 'kill -INT $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 2; done
token=$(node_modules/.bin/tsx scripts/token.ts complaints-manager)
"$venv/bin/schemathesis" run "http://127.0.0.1:$PORT/openapi.json" -H "Authorization: Bearer $token" --workers 1 \
  --max-examples "${FUZZ_MAX_EXAMPLES:-25}" --seed "${FUZZ_SEED:-20261124}" "$@"
