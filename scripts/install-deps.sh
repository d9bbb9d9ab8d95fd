#!/usr/bin/env bash
# Installs, with apt-get, whatever tenantform needs to build and test that this
# Debian 12 machine lacks. Idempotent: a second run installs nothing and is quick.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3 python3-jsonschema python3-yaml
  clang libclang-rt-14-dev
  libyaml-cpp-dev tao-pegtl-dev libcurl4-openssl-dev nlohmann-json3-dev doctest-dev
  libcli11-dev libcpp-httplib-dev libssl-dev libpcre2-dev libunistring-dev
  nghttp2-server openssl  # tests only: a real HTTP/2 server over TLS (tests/graph/http2_test.cpp)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "tenantform: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
