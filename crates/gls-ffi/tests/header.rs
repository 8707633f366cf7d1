//! The committed header is exactly what cbindgen generates from this crate: CI fails on drift.
//! To update it: `cp target/*/build/gls-ffi-*/out/gls_reconnect.h include/` (or run
//! `scripts/update-header.sh`).

#[test]
fn committed_header_matches_a_fresh_generation() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/gls_reconnect.h"));
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../include/gls_reconnect.h"
    ))
    .expect("include/gls_reconnect.h exists");
    assert!(
        committed == generated,
        "include/gls_reconnect.h is out of date: run scripts/update-header.sh and commit it"
    );
}
