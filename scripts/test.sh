#!/usr/bin/env bash
# Sets up and runs every test: unit tests, and integration tests against a real embedded broker
# that the test process starts on a free port and removes afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
echo "building eyhub and its tests (the first build takes a few minutes)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift build --build-tests >"$log" 2>&1; then
  cat "$log" >&2
  echo "build failed" >&2
  exit 1
fi
tail -1 "$log"
# Serial: the integration tests share one broker, and consumer-group timing is part of what they test.
set +e
swift test --skip-build --no-parallel 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
grep -E "^(✔|✘) Test run with" "$log" | tail -1 || echo "no Swift Testing summary found"
exit "$status"
