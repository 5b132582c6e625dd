#!/usr/bin/env bash
# Sets up and runs every test: unit tests, and integration tests against a real embedded broker
# that the test process starts on a free port and removes afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
echo "building eyhub and its tests"
swift build --build-tests 2>&1 | grep -E "error|Build complete" || true
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Serial: the integration tests share one broker, and consumer-group timing is part of what they test.
set +e
swift test --skip-build --no-parallel 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
grep -E "^(✔|✘) Test run with" "$log" | tail -1 || echo "no Swift Testing summary found"
exit "$status"
