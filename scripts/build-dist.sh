#!/usr/bin/env bash
# Builds the shipped C library into target/dist: libgls_reconnect.so and libgls_reconnect.a,
# profile `dist` (fat LTO, one codegen unit, opt-level z, stripped, unwinding kept), rustls on
# ring. Then checks what ships: the size budget and that only gls_* symbols are exported.
#
# Each crate type is built alone: built together with the rlib (as `cargo build` does), LTO must
# keep every public Rust item, and the shared library grows from 4.6 MB to 6.1 MB.
# Usage: scripts/build-dist.sh [extra cargo flags, e.g. --features emulator]
set -euo pipefail
cd "$(dirname "$0")/.."

budget=$((5 * 1024 * 1024)) # bytes: 5 MiB, the goal for a game-sized library with TLS
for kind in cdylib staticlib; do
  cargo rustc --quiet -p gls-ffi --profile dist --lib --crate-type "$kind" "$@"
done

lib=target/dist/libgls_reconnect.so
size=$(stat -c %s "$lib")
echo "$lib: $size bytes (budget $budget)"
if [ "$size" -gt "$budget" ]; then
  echo "error: $lib is over the size budget" >&2
  exit 1
fi
foreign=$(nm -D --defined-only "$lib" | awk '{print $NF}' | grep -v '^gls_' || true)
if [ -n "$foreign" ]; then
  echo "error: $lib exports symbols outside gls_*:" >&2
  echo "$foreign" >&2
  exit 1
fi
echo "exports: $(nm -D --defined-only "$lib" | wc -l) symbols, all gls_*"
bash scripts/pkg-config.sh dist
