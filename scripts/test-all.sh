#!/usr/bin/env bash
# Runs every test suite of gls-reconnect on a fresh machine: installs what the suites need
# (a Python venv with boto3 and pytest), then runs the cargo tests and the boto3 suite against
# the gls-emulator binary. This is the README's test command; .ci/run calls it too.
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

log "boto3 suite against the gls-emulator binary"
GLS_EMULATOR_BIN="$PWD/target/debug/gls-emulator" .venv/bin/python -m pytest tests/python -q
