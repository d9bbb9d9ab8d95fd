#!/usr/bin/env bash
# The README's main command: installs what is missing, builds tenantform (ci preset),
# then checks the merger example, evaluates its display-name mapping and draws its
# topology. Idempotent: a second run installs nothing and only rebuilds what changed.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

example=examples/merger-one-way
step() { printf '\n== %s\n' "$*"; }

step "installing build dependencies (Debian packages; nothing if already present)"
bash scripts/install-deps.sh

step "building tenantform (cmake preset 'ci': optimised, warnings are errors)"
cmake --preset ci >/dev/null
cmake --build --preset ci --target tenantform
tenantform=build/ci/tenantform

step "the example: $example"
echo "Fabrikam's people are provisioned into Contoso as members; their display names"
echo "carry their origin: Join(\" \", [displayName], \"(\${source.domain})\")."
echo "The manifest names its secrets (\${env:...}); the emulator's test values are exported:"
# shellcheck disable=SC1091
source "$example/emulator.env"
sed -n 's/^export \([A-Z_]*\)=.*/  \1 is set/p' "$example/emulator.env"

step "tenantform validate $example   (offline compile: names, GUIDs, secrets, expressions, scopes)"
"$tenantform" validate "$example"

step "tenantform eval: the display-name mapping on one of Fabrikam's users"
echo "(on the link fabrikam -> contoso, \${source.domain} is fabrikam.com)"
"$tenantform" eval 'Join(" ", [displayName], "(fabrikam.com)")' --user-json '{"displayName": "Ayla Kol"}'

step "tenantform graph $example --format mermaid   (paste into any Mermaid viewer)"
"$tenantform" graph "$example" --format mermaid

step "done"
echo "Next: tenantform validate examples/<name> for the four other examples (README.md lists them);"
echo "plan and apply against the tenant emulator are planned."
