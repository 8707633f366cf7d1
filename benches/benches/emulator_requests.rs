//! Per-request latency of the emulator over a loopback keep-alive connection, signature checking
//! on, beside a bare hyper "hello" server answering the same request bytes. The servers run on
//! one tokio worker thread; the client is a blocking socket on the benchmark thread. Requests
//! are signed before timing starts.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gls_benches::{
    BenchEmulator, RawConnection, create_connection, get_stream_session, start_hello_server,
};

/// The allocator the `gls-emulator` binary ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn requests(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let bench = runtime.block_on(BenchEmulator::start(8));
    let hello = runtime.block_on(start_hello_server());
    let emulator = bench.emulator.local_addr();
    let get = get_stream_session(&bench.endpoint, &bench.group, &bench.sessions[0]).to_wire();
    let mut group = c.benchmark_group("loopback_round_trip");
    group.measurement_time(Duration::from_secs(4));

    for (name, addr) in [("hello_get_bytes", hello), ("get_stream_session", emulator)] {
        let mut connection = RawConnection::connect(addr);
        group.bench_function(name, |b| {
            b.iter(|| assert_eq!(connection.round_trip(&get), 200));
        });
    }

    let mut n = 0u64;
    let mut next_create = || {
        n += 1;
        let session = &bench.sessions[n as usize % bench.sessions.len()];
        create_connection(&bench.endpoint, &bench.group, session, n).to_wire()
    };
    for (name, addr) in [
        ("hello_create_bytes", hello),
        ("create_stream_session_connection", emulator),
    ] {
        let mut connection = RawConnection::connect(addr);
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                // Every request carries a fresh offer and ClientToken, signed before timing.
                let batch: Vec<_> = (0..iters).map(|_| next_create()).collect();
                let start = Instant::now();
                for wire in &batch {
                    assert_eq!(connection.round_trip(wire), 200);
                }
                start.elapsed()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
