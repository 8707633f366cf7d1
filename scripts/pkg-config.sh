#!/usr/bin/env bash
# Writes target/<profile>/pkgconfig/gls-reconnect.pc for the cargo-built libgls_reconnect, so C
# builds can use `pkg-config --cflags --libs gls-reconnect` (add --static for the static library).
# Usage: scripts/pkg-config.sh [debug|release|dist]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-release}
root=$PWD
mkdir -p "target/$profile/pkgconfig"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' crates/gls-ffi/Cargo.toml | head -n 1)
cat > "target/$profile/pkgconfig/gls-reconnect.pc" <<PC
prefix=$root
libdir=\${prefix}/target/$profile
includedir=\${prefix}/include

Name: gls-reconnect
Description: Keep Amazon GameLift Streams sessions alive across network drops (C ABI)
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -Wl,-rpath,\${libdir} -lgls_reconnect
Libs.private: -lpthread -ldl -lm
PC
echo "target/$profile/pkgconfig/gls-reconnect.pc"
