#!/usr/bin/env bash
# The hub's main job on the embedded broker: set up, build, start the broker, create the hub's
# topics and run the demonstration. Leaves the broker running; stop it with
#   .build/debug/eyhub broker stop
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
echo "building eyhub (first build takes a few minutes)"
swift build --product eyhub 2>&1 | grep -E "error|warning: unre|Compiling eyhub|Build complete" || true
eyhub=.build/debug/eyhub
[ -x "$eyhub" ] || { echo "build failed" >&2; exit 1; }

port="${EYHUB_PORT:-9092}"
"$eyhub" broker start --port "$port" --data-dir .eyhub/broker
"$eyhub" demo --bootstrap-servers "127.0.0.1:$port"
echo
echo "The embedded broker is still running on 127.0.0.1:$port (data in .eyhub/broker)."
echo "Stop it with: $eyhub broker stop --port $port"
