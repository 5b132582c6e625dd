#!/usr/bin/env bash
# The hub's main job on the embedded broker: set up, build, start the broker, create the hub's
# topics and run the demonstration. Leaves the broker running; stop it with
#   .build/debug/eyhub broker stop
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
echo "building eyhub (the first build takes a few minutes)"
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
if ! swift build --product eyhub >"$build_log" 2>&1; then
  cat "$build_log" >&2
  echo "build failed" >&2
  exit 1
fi
tail -1 "$build_log"
eyhub=.build/debug/eyhub

port="${EYHUB_PORT:-9092}"
"$eyhub" broker start --port "$port" --data-dir .eyhub/broker
"$eyhub" demo --bootstrap-servers "127.0.0.1:$port"

# The resolver over everything the adapters published: child ids are keyed by a secret kept
# beside the broker's data (made once; keep it to keep ids stable), with the shipped model.
secret=.eyhub/child-id.secret
if [ ! -s "$secret" ]; then
  (umask 077 && head -c 48 /dev/urandom | base64 -w0 >"$secret")
fi
echo
echo "6. resolver: eyh.events.v1 -> eyh.child-events.v1, crosswalk eyh.identity.v1, reviews eyh.review.identity.v1"
"$eyhub" resolve --bootstrap-servers "127.0.0.1:$port" --child-id-secret-file "$secret" \
  --model models/identity-model.json --stop-when-idle 8
"$eyhub" identity summary --bootstrap-servers "127.0.0.1:$port"
echo
echo "The embedded broker is still running on 127.0.0.1:$port (data in .eyhub/broker)."
echo "Stop it with: $eyhub broker stop --port $port"
