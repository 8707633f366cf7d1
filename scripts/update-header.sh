#!/usr/bin/env bash
# Regenerates include/gls_reconnect.h from crates/gls-ffi with cbindgen (through its build script).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p gls-ffi
header=$(ls -t target/debug/build/gls-ffi-*/out/gls_reconnect.h | head -n 1)
cp "$header" include/gls_reconnect.h
echo "updated include/gls_reconnect.h from $header"
