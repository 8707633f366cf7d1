//! p50 / p99 of a full reconnect on loopback: a session's client drops, and gls-core's
//! `reconnect` gets the answer (from PENDING_CLIENT_RECONNECTION, fresh offer each time).
//!
//! Usage: `cargo run --release -p gls-benches --bin reconnect_latency [-- RECONNECTS]`.

use std::time::{Duration, Instant};

use gls_benches::{BenchEmulator, clients, offer};
use gls_core::{ReconnectOptions, SignalRequest};

/// The allocator the `gls-emulator` binary ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let bench = BenchEmulator::start(1).await;
        let (core, _) = clients(&bench.endpoint);
        let session = bench.sessions[0].clone();
        let target = bench.targets().remove(0);
        let mut latencies = Vec::with_capacity(count);
        for n in 0..count as u64 {
            // The client connects with the last answer, then its network drops.
            bench.emulator.connect(&session).expect("connect");
            bench.emulator.disconnect(&session).expect("drop");
            let signal = SignalRequest::new(offer(n)).expect("offer");
            let start = Instant::now();
            let done = core
                .reconnect(&target, signal, ReconnectOptions::default())
                .await
                .expect("reconnect");
            latencies.push(start.elapsed());
            assert_eq!(done.attempts, 1);
        }
        latencies.sort();
        println!(
            "{count} reconnects on loopback: p50 {:?}, p99 {:?}, max {:?}",
            percentile(&latencies, 0.50),
            percentile(&latencies, 0.99),
            latencies[latencies.len() - 1]
        );
    });
}
