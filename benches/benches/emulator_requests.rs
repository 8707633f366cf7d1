//! Per-request cost of the emulator over a loopback keep-alive connection, with signature
//! checking on, beside a bare hyper "hello" server. Requests are signed before timing starts.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gls_benches::{
    BenchEmulator, KeepAlive, create_connection, get_stream_session, start_hello_server,
};

fn requests(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let bench = runtime.block_on(BenchEmulator::start(8));
    let hello = runtime.block_on(start_hello_server());
    let mut group = c.benchmark_group("loopback_request");
    group.measurement_time(Duration::from_secs(4));

    group.bench_function("hello_baseline", |b| {
        let mut client = runtime.block_on(KeepAlive::connect(hello));
        let request = gls_benches::signed("GET", &format!("http://{hello}"), "/", "");
        b.iter_custom(|iters| {
            let batch: Vec<_> = (0..iters).map(|_| request.clone()).collect();
            runtime.block_on(async {
                let start = Instant::now();
                for request in batch {
                    client.send(request).await;
                }
                start.elapsed()
            })
        });
    });

    group.bench_function("get_stream_session", |b| {
        let mut client = runtime.block_on(KeepAlive::connect(bench.emulator.local_addr()));
        let request = get_stream_session(&bench.endpoint, &bench.group, &bench.sessions[0]);
        b.iter_custom(|iters| {
            let batch: Vec<_> = (0..iters).map(|_| request.clone()).collect();
            runtime.block_on(async {
                let start = Instant::now();
                for request in batch {
                    let (status, _) = client.send(request).await;
                    assert_eq!(status, 200);
                }
                start.elapsed()
            })
        });
    });

    group.bench_function("create_stream_session_connection", |b| {
        let mut client = runtime.block_on(KeepAlive::connect(bench.emulator.local_addr()));
        let mut n = 0u64;
        b.iter_custom(|iters| {
            let batch: Vec<_> = (0..iters)
                .map(|_| {
                    n += 1;
                    let session = &bench.sessions[n as usize % bench.sessions.len()];
                    create_connection(&bench.endpoint, &bench.group, session, n)
                })
                .collect();
            runtime.block_on(async {
                let start = Instant::now();
                for request in batch {
                    let (status, _) = client.send(request).await;
                    assert_eq!(status, 200, "every request is a new connection");
                }
                start.elapsed()
            })
        });
    });
    group.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
