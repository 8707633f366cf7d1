//! The C ABI's costs, called through its `extern "C"` functions: an idle per-frame dispatch, the
//! game-thread cost of delivering a completion, and a reconnect through the C ABI against the
//! same reconnect through gls-core, on the same emulator.
#![allow(unsafe_code)] // calls the C ABI as a C program does

use std::ffi::c_void;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gls_benches::{BenchEmulator, clients, offer};
use gls_core::{ReconnectOptions, SignalRequest};
use gls_reconnect::{
    gls_client, gls_client_options, gls_completion, gls_reconnect_params, gls_str,
};

/// The allocator the `gls-emulator` binary ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn text(s: &str) -> gls_str {
    gls_str {
        ptr: s.as_ptr().cast(),
        len: s.len(),
    }
}

fn new_client(endpoint: &str, mode: u32) -> *mut gls_client {
    let mut options = std::mem::MaybeUninit::<gls_client_options>::uninit();
    assert_eq!(
        gls_reconnect::gls_client_options_default(options.as_mut_ptr()) as u32,
        0
    );
    // SAFETY: initialized by gls_client_options_default.
    let mut options = unsafe { options.assume_init() };
    options.region = text("us-west-2");
    options.endpoint_url = text(endpoint);
    options.access_key_id = text("test");
    options.secret_access_key = text("test");
    options.dispatch_mode = mode;
    let mut client = std::ptr::null_mut();
    assert_eq!(
        gls_reconnect::gls_client_new(&options, &mut client) as u32,
        0
    );
    client
}

unsafe extern "C" fn ignore(_: *const gls_completion) {}

unsafe extern "C" fn notify(completion: *const gls_completion) {
    // SAFETY: the library passes a valid completion whose user_data is our Sender.
    let completion = unsafe { &*completion };
    // SAFETY: user_data is the `mpsc::Sender<u32>` the bench passed and keeps alive.
    let sender = unsafe { &*(completion.user_data as *const mpsc::Sender<u32>) };
    let _ = sender.send(completion.code);
}

fn ffi(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let bench = runtime.block_on(BenchEmulator::start(16));
    let manual = new_client(&bench.endpoint, 0);
    let mut group = c.benchmark_group("ffi");

    group.bench_function("idle_dispatch", |b| {
        b.iter(|| gls_reconnect::gls_client_dispatch(std::hint::black_box(manual)));
    });

    // Game-thread cost of running one ready completion inside gls_client_dispatch: requests are
    // cancelled at once so their completions queue up without network, then dispatched.
    group.bench_function("dispatch_one_completion", |b| {
        let session = format!(
            "arn:aws:gameliftstreams:us-west-2:123456789012:streamsession/{}/{}",
            bench.group, bench.sessions[0]
        );
        b.iter_custom(|iters| {
            for _ in 0..iters {
                let mut id = 0;
                gls_reconnect::gls_session_get(
                    manual,
                    gls_str {
                        ptr: std::ptr::null(),
                        len: 0,
                    },
                    text(&session),
                    Some(ignore),
                    std::ptr::null_mut(),
                    &mut id,
                );
                gls_reconnect::gls_cancel(manual, id);
            }
            while gls_reconnect::gls_client_pending(manual) < iters as usize {
                std::thread::yield_now();
            }
            let start = Instant::now();
            let ran = gls_reconnect::gls_client_dispatch(manual);
            let elapsed = start.elapsed();
            assert_eq!(ran as u64, iters);
            elapsed
        });
    });

    let immediate = new_client(&bench.endpoint, 1);
    let (core, _) = clients(&bench.endpoint);
    let targets = bench.targets();
    let mut n = 5_000_000u64;
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("reconnect_via_c_abi", |b| {
        // `user_data` must outlive the callback, which may still be inside `send` when `recv`
        // returns: the sender lives for the rest of the process.
        let (sender, receiver) = mpsc::channel::<u32>();
        let sender: &'static mpsc::Sender<u32> = Box::leak(Box::new(sender));
        b.iter_custom(|iters| {
            let offers: Vec<_> = (0..iters)
                .map(|_| {
                    n += 1;
                    offer(n)
                })
                .collect();
            let start = Instant::now();
            for (i, signal) in offers.iter().enumerate() {
                let params = gls_reconnect_params {
                    stream_group: text(&bench.group),
                    session: text(&bench.sessions[i % bench.sessions.len()]),
                    signal_request: text(signal),
                    client_token: gls_str {
                        ptr: std::ptr::null(),
                        len: 0,
                    },
                    deadline_ms: 0,
                };
                let accepted = gls_reconnect::gls_reconnect(
                    immediate,
                    &params,
                    Some(notify),
                    (sender as *const mpsc::Sender<u32>)
                        .cast_mut()
                        .cast::<c_void>(),
                    std::ptr::null_mut(),
                );
                assert_eq!(accepted as u32, 0);
                assert_eq!(receiver.recv().expect("a completion"), 0);
            }
            start.elapsed()
        });
    });
    group.bench_function("reconnect_via_gls_core", |b| {
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
                    core.reconnect(
                        &targets[i % targets.len()],
                        signal,
                        ReconnectOptions::default(),
                    )
                    .await
                    .expect("reconnect");
                }
                start.elapsed()
            })
        });
    });
    // The same threading as the C ABI (spawned onto a runtime, completion through a channel to
    // the calling thread), without the C ABI: isolates the ABI layer's own cost.
    group.bench_function("reconnect_via_gls_core_spawned", |b| {
        let (sender, receiver) = mpsc::channel::<bool>();
        b.iter_custom(|iters| {
            let offers: Vec<_> = (0..iters)
                .map(|_| {
                    n += 1;
                    SignalRequest::new(offer(n)).expect("offer")
                })
                .collect();
            let start = Instant::now();
            for (i, signal) in offers.into_iter().enumerate() {
                let (core, target, sender) = (
                    core.clone(),
                    targets[i % targets.len()].clone(),
                    sender.clone(),
                );
                runtime.spawn(async move {
                    let done = core
                        .reconnect(&target, signal, ReconnectOptions::default())
                        .await;
                    let _ = sender.send(done.is_ok());
                });
                assert!(receiver.recv().expect("a completion"));
            }
            start.elapsed()
        });
    });
    group.finish();
    gls_reconnect::gls_client_free(manual);
    gls_reconnect::gls_client_free(immediate);
}

criterion_group!(benches, ffi);
criterion_main!(benches);
