#!/usr/bin/env bash
# Runs every test suite of gls-reconnect on a fresh machine: installs what the suites need
# (cmake, valgrind, pkg-config, g++, a Python venv with boto3 and pytest), then runs the cargo
# tests, the Rust example, the C tests (plain, ASan, valgrind, and built with the shipped `dist`
# profile), the C and C++ examples, the shipped library's size and export checks, and the boto3
# suite against the gls-emulator binary. This is the README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }

ensure_python_venv() {
  if python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' >/dev/null 2>&1; then
    return
  fi
  log "installing python3-venv"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq python3-venv
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq python3-venv
  fi
}

ensure_tools() {
  local missing=()
  command -v cmake >/dev/null || missing+=(cmake)
  command -v valgrind >/dev/null || missing+=(valgrind)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  command -v g++ >/dev/null || missing+=(g++)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}"
  fi
}

log "C/C++ tools (cmake, valgrind, pkg-config, g++)"
ensure_tools

log "Python environment for the independent-client suite (.venv)"
ensure_python_venv
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt

log "cargo test (workspace)"
cargo build --workspace --bins --quiet
cargo test --workspace

log "the Rust example: a reconnect against the embedded emulator"
cargo run --quiet -p gls-examples --bin reconnect

log "C ABI: libgls_reconnect with the in-process emulator"
cargo build --quiet -p gls-ffi --features emulator
lib=target/debug
mkdir -p target/c
cflags=(-std=c11 -Wall -Wextra -Werror -g -Iinclude)
libs=("$lib/libgls_reconnect.a" -lpthread -ldl -lm)

log "C tests"
cc "${cflags[@]}" tests/c/test_abi.c "${libs[@]}" -o target/c/test_abi
./target/c/test_abi

log "C tests under AddressSanitizer"
cc "${cflags[@]}" -fsanitize=address -fno-omit-frame-pointer tests/c/test_abi.c "${libs[@]}" \
  -o target/c/test_abi_asan
./target/c/test_abi_asan

log "C tests under valgrind (leaks and errors fatal)"
GLS_TEST_ITERATIONS=200 valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
  --error-exitcode=99 ./target/c/test_abi

log "C example, built through pkg-config"
bash scripts/pkg-config.sh debug >/dev/null
PKG_CONFIG_PATH="$PWD/$lib/pkgconfig" cc -std=c11 -Wall -Wextra -Werror examples/c/reconnect.c \
  $(PKG_CONFIG_PATH="$PWD/$lib/pkgconfig" pkg-config --cflags --libs gls-reconnect) \
  -o target/c/reconnect_c
./target/c/reconnect_c

log "C++ wrapper test and example, built through the CMake package"
cmake -S examples/cpp -B target/cmake-cpp -DGLS_RECONNECT_LIB_DIR="$PWD/$lib" >/dev/null
cmake --build target/cmake-cpp -j 2 >/dev/null
./target/cmake-cpp/test_wrapper
./target/cmake-cpp/reconnect_cpp
./target/cmake-cpp/reconnect_cpp_shared

log "C tests against the shipped profile (dist: fat LTO, opt-level z, ring; plus the emulator)"
cargo rustc --quiet -p gls-ffi --profile dist --lib --crate-type staticlib --features emulator
cc "${cflags[@]}" tests/c/test_abi.c target/dist/libgls_reconnect.a -lpthread -ldl -lm \
  -o target/c/test_abi_dist
./target/c/test_abi_dist

log "the shipped library: dist profile, size budget, gls_* exports only"
bash scripts/build-dist.sh

log "boto3 suite against the gls-emulator binary"
GLS_EMULATOR_BIN="$PWD/target/debug/gls-emulator" .venv/bin/python -m pytest tests/python -q
