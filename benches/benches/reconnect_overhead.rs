//! The overhead of gls-core's `reconnect` over a bare SDK CreateStreamSessionConnection call,
//! both against the same emulator, each call with a fresh offer (the happy path: one round trip).

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gls_benches::{BenchEmulator, clients, offer};
use gls_core::{ReconnectOptions, SignalRequest};

/// The allocator the `gls-emulator` binary ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn reconnect_vs_sdk(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let bench = runtime.block_on(BenchEmulator::start(16));
    let (core, sdk) = clients(&bench.endpoint);
    let targets = bench.targets();
    let mut n = 1_000_000u64;
    let mut group_bench = c.benchmark_group("reconnect_happy_path");
    group_bench.measurement_time(Duration::from_secs(6));

    group_bench.bench_function("bare_sdk_create_stream_session_connection", |b| {
        b.iter_custom(|iters| {
            let offers: Vec<_> = (0..iters)
                .map(|_| {
                    n += 1;
                    offer(n)
                })
                .collect();
            runtime.block_on(async {
                let start = Instant::now();
                for (i, signal) in offers.into_iter().enumerate() {
                    let session = &bench.sessions[i % bench.sessions.len()];
                    sdk.create_stream_session_connection()
                        .identifier(&bench.group)
                        .stream_session_identifier(session)
                        .signal_request(signal)
                        .send()
                        .await
                        .expect("CreateStreamSessionConnection");
                }
                start.elapsed()
            })
        });
    });

    group_bench.bench_function("gls_core_reconnect", |b| {
        b.iter_custom(|iters| {
            let offers: Vec<_> = (0..iters)
                .map(|_| {
                    n += 1;
                    SignalRequest::new(offer(n)).expect("offer")
                })
                .collect();
            runtime.block_on(async {
                let start = Instant::now();
                for (i, signal) in offers.into_iter().enumerate() {
                    let target = &targets[i % targets.len()];
                    let done = core
                        .reconnect(target, signal, ReconnectOptions::default())
                        .await
                        .expect("reconnect");
                    assert_eq!(done.attempts, 1);
                }
                start.elapsed()
            })
        });
    });
    group_bench.finish();
}

criterion_group!(benches, reconnect_vs_sdk);
criterion_main!(benches);
