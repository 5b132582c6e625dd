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

# The router under the agreements in policies/: checked first, then every child event routed to
# the recipients allowed to have it, each disclosure an entry on the audit log.
echo
echo "7. policies: policies/*.yaml checked, and the who-sees-what table written to .eyhub/policy"
"$eyhub" policy check
"$eyhub" policy matrix --out .eyhub/policy
echo
echo "8. router: eyh.child-events.v1 -> eyh.share.<recipient>.v1, one audit entry per record on eyh.audit.v1"
"$eyhub" route --bootstrap-servers "127.0.0.1:$port" --stop-when-idle 8 --retention-sweep-hours 0

# The audit log's signing key is made once, beside the broker's data; auditors get the .pub file.
echo
echo "9. audit: a signed checkpoint of the disclosure log, verified, and a proof for one disclosure"
key=.eyhub/audit-signing.key
if [ ! -s "$key" ]; then
  "$eyhub" audit keygen --out "$key"
fi
"$eyhub" audit checkpoint --bootstrap-servers "127.0.0.1:$port" --key "$key" --dir .eyhub/audit-checkpoints
"$eyhub" audit verify --bootstrap-servers "127.0.0.1:$port" --public-key "$key.pub" --dir .eyhub/audit-checkpoints
first_entry=$(kcat -C -b "127.0.0.1:$port" -t eyh.audit.v1 -o beginning -c 1 -e -q -X isolation.level=read_committed | jq -r .entry_id)
"$eyhub" audit proof --bootstrap-servers "127.0.0.1:$port" --dir .eyhub/audit-checkpoints --public-key "$key.pub" --entry "$first_entry"

echo
echo "10. a parent's report for one child, and the non-personal aggregates for the National Data Library"
"$eyhub" audit report --bootstrap-servers "127.0.0.1:$port" --nhs-number "${EYHUB_REPORT_NHS_NUMBER:-9434765919}" --out .eyhub/parent-report
"$eyhub" ndl export --bootstrap-servers "127.0.0.1:$port" --period "${EYHUB_NDL_PERIOD:-2025}" --out .eyhub/ndl
echo
echo "The embedded broker is still running on 127.0.0.1:$port (data in .eyhub/broker)."
echo "Stop it with: $eyhub broker stop --port $port"
