//! The library's one tokio runtime: a current-thread runtime driven by one named thread,
//! `gls-worker`, created on first use and shut down (thread joined) only when the application
//! asks. Managed hosts (Mono, Unity's domain reload) hang on exit if library threads outlive
//! them, hence the explicit shutdown.
//!
//! One thread, not a pool: a game makes a handful of calls that wait on the network, and with a
//! single driver thread a request, its connection and its completion never hop between library
//! threads (each hop is a wake-up; see benches/REPORT.md). Blocking work (DNS, credential files)
//! runs on tokio's blocking threads, which also end at shutdown.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::oneshot;

use crate::panic::boundary;
use crate::result::gls_result;

/// The running runtime: its handle, how to stop it, and its thread.
struct Library {
    handle: Handle,
    /// Sends the shutdown timeout to the driver thread.
    stop: oneshot::Sender<Duration>,
    /// Receives once the runtime has shut down.
    stopped: mpsc::Receiver<()>,
    thread: JoinHandle<()>,
}

static LIBRARY: Mutex<Option<Library>> = Mutex::new(None);
/// How long past its timeout `gls_runtime_shutdown` waits for the driver thread to report.
const EXIT_GRACE: Duration = Duration::from_millis(50);
/// Incremented at every shutdown: clients created before it refuse new requests.
static GENERATION: AtomicU64 = AtomicU64::new(0);

impl Library {
    fn start() -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .thread_name("gls-blocking")
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let (stop, stop_requested) = oneshot::channel::<Duration>();
        let (stopped_tx, stopped) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("gls-worker".into())
            .spawn(move || {
                let timeout = runtime.block_on(stop_requested).unwrap_or_default();
                // Drops every task still running (their requests complete as cancelled) and
                // waits for the blocking threads.
                runtime.shutdown_timeout(timeout);
                let _ = stopped_tx.send(());
            })?;
        Ok(Self {
            handle,
            stop,
            stopped,
            thread,
        })
    }
}

/// The runtime's handle and generation, starting the runtime if needed.
pub(crate) fn handle() -> std::io::Result<(Handle, u64)> {
    let mut library = LIBRARY.lock().unwrap_or_else(PoisonError::into_inner);
    if library.is_none() {
        *library = Some(Library::start()?);
    }
    let handle = library
        .as_ref()
        .map(|library| library.handle.clone())
        .ok_or_else(|| std::io::Error::other("the runtime is gone"))?;
    Ok((handle, GENERATION.load(Ordering::Acquire)))
}

/// The current generation (changes at every shutdown).
pub(crate) fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// Whether the calling thread is one of the library's.
pub(crate) fn on_library_thread() -> bool {
    Handle::try_current().is_ok()
}

/// Stops the library's threads and waits up to `timeout_ms` (plus 50 ms) for them to exit. Requests in
/// flight complete with `GLS_ERR_CANCELLED` (in `GLS_DISPATCH_MANUAL` mode: at the next
/// `gls_client_dispatch` or `gls_client_free`). Clients created before the shutdown refuse new
/// requests with `GLS_ERR_INVALID_STATE`; free them. A later call starts a new runtime.
///
/// Call it from an application thread when unloading (e.g. Unity's `OnApplicationQuit` and
/// before an assembly reload), never from a callback running on a library thread
/// (`GLS_ERR_INVALID_STATE`). Returns `GLS_OK` once the threads are joined (also when no
/// runtime was running), or `GLS_ERR_TIMEOUT` when they were still busy after `timeout_ms`
/// (e.g. a `GLS_DISPATCH_IMMEDIATE` callback that has not returned): they then exit on their
/// own as soon as they can.
#[unsafe(no_mangle)]
pub extern "C" fn gls_runtime_shutdown(timeout_ms: u32) -> gls_result {
    boundary(|| {
        if on_library_thread() {
            return gls_result::GLS_ERR_INVALID_STATE;
        }
        let library = LIBRARY
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        GENERATION.fetch_add(1, Ordering::AcqRel);
        if let Some(library) = library {
            let timeout = Duration::from_millis(u64::from(timeout_ms));
            let _ = library.stop.send(timeout);
            // The driver thread gives up on blocking threads after `timeout`, then exits: allow
            // it a moment past that to say so.
            if library.stopped.recv_timeout(timeout + EXIT_GRACE).is_err() {
                return gls_result::GLS_ERR_TIMEOUT;
            }
            let _ = library.thread.join();
        }
        gls_result::GLS_OK
    })
}
