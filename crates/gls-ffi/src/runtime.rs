//! The library's one tokio runtime: two named worker threads, created on first use, and shut
//! down (threads joined) only when the application asks. Managed hosts (Mono, Unity's domain
//! reload) hang on exit if library threads outlive them, hence the explicit shutdown.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::runtime::{Handle, Runtime};

use crate::panic::boundary;
use crate::result::gls_result;

static RUNTIME: Mutex<Option<Runtime>> = Mutex::new(None);
/// Incremented at every shutdown: clients created before it refuse new requests.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// The runtime's handle and generation, creating the runtime if needed.
pub(crate) fn handle() -> std::io::Result<(Handle, u64)> {
    let mut runtime = RUNTIME.lock().unwrap_or_else(PoisonError::into_inner);
    if runtime.is_none() {
        *runtime = Some(
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("gls-worker")
                .enable_all()
                .build()?,
        );
    }
    let handle = runtime
        .as_ref()
        .map(Runtime::handle)
        .cloned()
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

/// Stops the library's worker threads and waits up to `timeout_ms` for them to exit. Requests
/// in flight complete with `GLS_ERR_CANCELLED` (in `GLS_DISPATCH_MANUAL` mode: at the next
/// `gls_client_dispatch` or `gls_client_free`). Clients created before the shutdown refuse new
/// requests with `GLS_ERR_INVALID_STATE`; free them. A later call creates a new runtime.
///
/// Call it from an application thread when unloading (e.g. Unity's `OnApplicationQuit` and
/// before an assembly reload), never from a callback running on a library thread
/// (`GLS_ERR_INVALID_STATE`). Returns `GLS_OK` also when no runtime was running.
#[unsafe(no_mangle)]
pub extern "C" fn gls_runtime_shutdown(timeout_ms: u32) -> gls_result {
    boundary(|| {
        if on_library_thread() {
            return gls_result::GLS_ERR_INVALID_STATE;
        }
        let runtime = RUNTIME
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        GENERATION.fetch_add(1, Ordering::AcqRel);
        if let Some(runtime) = runtime {
            runtime.shutdown_timeout(Duration::from_millis(u64::from(timeout_ms)));
        }
        gls_result::GLS_OK
    })
}
