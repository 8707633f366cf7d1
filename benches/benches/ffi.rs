//! The C ABI's costs, called through its `extern "C"` functions: an idle per-frame dispatch, the
//! game-thread cost of delivering a completion, and a reconnect through the C ABI (both dispatch
//! modes) against the same reconnect through gls-core, on the same emulator.
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

unsafe extern "C" fn record(completion: *const gls_completion) {
    // SAFETY: the library passes a valid completion whose user_data is the bench's `u32`, which
    // outlives the dispatch that runs this callback.
    unsafe { *(*completion).user_data.cast::<u32>() = (*completion).code };
}

unsafe extern "C" fn notify(completion: *const gls_completion) {
    // SAFETY: the library passes a valid completion whose user_data is our Sender.
    let completion = unsafe { &*completion };
    // SAFETY: user_data is the `mpsc::Sender<u32>` the bench passed and keeps alive.
    let sender = unsafe { &*(completion.user_data as *const mpsc::Sender<u32>) };
    let _ = sender.send(completion.code);
}

fn ffi(c: &mut Criterion) {
    // The emulator stands in for the service on another machine, so it gets a runtime of its
    // own (2 workers, as the gls-emulator binary), and each client drives its own: the C ABI
    // its library thread, gls-core a runtime of the bench's.
    let service = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("service runtime");
    let remote = service.block_on(BenchEmulator::start(16));
    let manual = new_client(&remote.endpoint, 0);
    let mut group = c.benchmark_group("ffi");

    group.bench_function("idle_dispatch", |b| {
        b.iter(|| gls_reconnect::gls_client_dispatch(std::hint::black_box(manual)));
    });

    // Game-thread cost of running one ready completion inside gls_client_dispatch: requests are
    // cancelled at once so their completions queue up without network, then dispatched.
    group.bench_function("dispatch_one_completion", |b| {
        let session = format!(
            "arn:aws:gameliftstreams:us-west-2:123456789012:streamsession/{}/{}",
            remote.group, remote.sessions[0]
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

    let (core, _) = clients(&remote.endpoint);
    let targets = remote.targets();
    let immediate = new_client(&remote.endpoint, 1);
    let mut n = 5_000_000u64;
    let mut fresh_offers = |count: u64| -> Vec<String> {
        (0..count)
            .map(|_| {
                n += 1;
                offer(n)
            })
            .collect()
    };
    group.measurement_time(Duration::from_secs(6));

    // C ABI, GLS_DISPATCH_IMMEDIATE: the callback wakes the waiting thread through a channel.
    group.bench_function("reconnect_via_c_abi", |b| {
        // `user_data` must outlive the callback, which may still be inside `send` when `recv`
        // returns: the sender lives for the rest of the process.
        let (sender, receiver) = mpsc::channel::<u32>();
        let sender: &'static mpsc::Sender<u32> = Box::leak(Box::new(sender));
        let user_data = (sender as *const mpsc::Sender<u32>)
            .cast_mut()
            .cast::<c_void>();
        b.iter_custom(|iters| {
            let offers = fresh_offers(iters);
            let start = Instant::now();
            for (i, signal) in offers.iter().enumerate() {
                c_reconnect(immediate, &remote, i, signal, notify, user_data);
                assert_eq!(receiver.recv().expect("a completion"), 0);
            }
            start.elapsed()
        });
    });
    // C ABI, GLS_DISPATCH_MANUAL: a game loop calling gls_client_dispatch until it is done.
    group.bench_function("reconnect_via_c_abi_manual_dispatch", |b| {
        b.iter_custom(|iters| {
            let offers = fresh_offers(iters);
            let start = Instant::now();
            for (i, signal) in offers.iter().enumerate() {
                let mut code = u32::MAX;
                let user_data = (&raw mut code).cast::<c_void>();
                c_reconnect(manual, &remote, i, signal, record, user_data);
                while gls_reconnect::gls_client_dispatch(manual) == 0 {
                    std::hint::spin_loop();
                }
                assert_eq!(code, 0);
            }
            start.elapsed()
        });
    });
    // gls-core awaited on a multi-thread runtime, the usual set-up of a Rust program.
    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("client runtime");
    group.bench_function("reconnect_via_gls_core", |b| {
        b.iter_custom(|iters| {
            let offers = fresh_offers(iters);
            client_runtime.block_on(core_reconnects(&core, &targets, offers))
        });
    });
    // gls-core awaited on a current-thread runtime driven by the calling thread: no thread
    // hand-off at all, which no non-blocking game-thread API can offer. The floor.
    let calling_thread = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("current-thread runtime");
    let (floor_core, _) = clients(&remote.endpoint);
    group.bench_function("reconnect_via_gls_core_on_calling_thread", |b| {
        b.iter_custom(|iters| {
            let offers = fresh_offers(iters);
            calling_thread.block_on(core_reconnects(&floor_core, &targets, offers))
        });
    });
    // gls-core with the C ABI's threading (spawned from the calling thread onto a current-thread
    // runtime driven by a thread of its own, the result sent back through a channel): the
    // difference to reconnect_via_c_abi is the ABI layer's own cost.
    let library_like = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("current-thread runtime");
    let library_handle = library_like.handle().clone();
    std::thread::spawn(move || library_like.block_on(std::future::pending::<()>()));
    let (same_core, _) = clients(&remote.endpoint);
    group.bench_function("reconnect_via_gls_core_with_c_abi_threading", |b| {
        let (sender, receiver) = mpsc::channel::<bool>();
        b.iter_custom(|iters| {
            let offers: Vec<_> = fresh_offers(iters)
                .into_iter()
                .map(|o| SignalRequest::new(o).expect("offer"))
                .collect();
            let start = Instant::now();
            for (i, signal) in offers.into_iter().enumerate() {
                let (core, target, sender) = (
                    same_core.clone(),
                    targets[i % targets.len()].clone(),
                    sender.clone(),
                );
                library_handle.spawn(async move {
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

/// Starts a reconnect of session `i` (modulo the emulator's sessions) with `signal`.
fn c_reconnect(
    client: *mut gls_client,
    remote: &BenchEmulator,
    i: usize,
    signal: &str,
    callback: unsafe extern "C" fn(*const gls_completion),
    user_data: *mut c_void,
) {
    let params = gls_reconnect_params {
        stream_group: text(&remote.group),
        session: text(&remote.sessions[i % remote.sessions.len()]),
        signal_request: text(signal),
        client_token: gls_str {
            ptr: std::ptr::null(),
            len: 0,
        },
        deadline_ms: 0,
    };
    let accepted = gls_reconnect::gls_reconnect(
        client,
        &params,
        Some(callback),
        user_data,
        std::ptr::null_mut(),
    );
    assert_eq!(accepted as u32, 0);
}

/// Reconnects through gls-core, one after another, each with its offer; returns the time taken.
async fn core_reconnects(
    core: &gls_core::Client,
    targets: &[gls_core::SessionTarget],
    offers: Vec<String>,
) -> Duration {
    let offers: Vec<_> = offers
        .into_iter()
        .map(|o| SignalRequest::new(o).expect("offer"))
        .collect();
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
}

criterion_group!(benches, ffi);
criterion_main!(benches);
