#!/usr/bin/env bash
# The README's main command: installs what is missing, builds tenantform (ci preset),
# starts the tenant emulator on a fresh data directory seeded from the one-way merger
# example, and runs the whole job against it: validate, plan (saved), preview, apply, one
# provisioning cycle, the target tenant's synced users (display names carry the
# source domain), the link's status, and a second plan that finds no changes. Exits
# non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

example=examples/merger-one-way
target_id=cfd7dfc3-c394-4621-a6f9-0ab65e30af5e   # contoso, the merger's target tenant
step() { printf '\n== %s\n' "$*"; }

step "installing build dependencies (Debian packages; nothing if already present)"
bash scripts/install-deps.sh

step "building tenantform (cmake preset 'ci': optimised, warnings are errors)"
cmake --preset ci >/dev/null
cmake --build --preset ci --target tenantform
tenantform=$PWD/build/ci/tenantform

work=$(mktemp -d)
emulator_pid=""
cleanup() {
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

step "starting the tenant emulator on loopback, seeded with $example/seed"
"$tenantform" emulator --data "$work/data" --seed "$example/seed" --listen 127.0.0.1:0 >"$work/url" &
emulator_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -n 1 "$work/url")
echo "emulator: $url"
export TENANTFORM_EMULATOR="$url"
# The manifest names its secrets (${env:...}); the emulator's test values are exported here.
# shellcheck disable=SC1091
source "$example/emulator.env"

step "tenantform validate $example"
"$tenantform" validate "$example"

step "tenantform graph $example"
"$tenantform" graph "$example" --format mermaid

step "tenantform plan $example --out merger.plan"
"$tenantform" plan "$example" --out "$work/merger.plan"

step "tenantform preview $example   (the users the link will create in contoso, before anything is applied)"
"$tenantform" preview "$example"

step "tenantform apply merger.plan"
"$tenantform" apply "$work/merger.plan"

step "one provisioning cycle in the emulator (Entra runs one every 40 minutes)"
"$tenantform" emulator cycle --url "$url" >/dev/null

step "users synced into contoso (the target): display names carry the source domain"
python3 - "$url" "$target_id" <<'PY'
import json, sys, urllib.request
url, tenant = sys.argv[1], sys.argv[2]
state = json.load(urllib.request.urlopen(f"{url}/_emulator/tenants/{tenant}"))
synced = [u for u in state["users"].values() if "#EXT#" in u.get("userPrincipalName", "")]
for u in sorted(synced, key=lambda u: u["displayName"]):
    print(f"  {u['displayName']:<36} {u.get('userType', ''):<7} {u['userPrincipalName']}")
print(f"{len(synced)} users synced")
if not synced:
    sys.exit("no users were synced")
PY

step "tenantform status $example --logs 3   (the job, its last cycle, the latest provisioning log entries)"
"$tenantform" status "$example" --logs 3

step "tenantform plan $example --detailed-exitcode   (after apply: nothing left to do)"
"$tenantform" plan "$example" --detailed-exitcode
