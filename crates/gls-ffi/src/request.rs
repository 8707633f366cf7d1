//! Asynchronous requests: exactly one final completion per accepted request, on every path
//! (success, failure, `gls_cancel`, `gls_client_free`, runtime shutdown, a panic inside the
//! library), delivered through the client's dispatch mode.

use std::collections::HashMap;
use std::ffi::c_void;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use gls_core::CancellationToken;

use crate::dispatch::{Queue, gls_dispatch_mode};
use crate::result::gls_result;
use crate::strings::{OutString, gls_str};

/// What a completion reports. All strings are borrowed for the duration of the callback only:
/// copy what you keep. Fields a request does not produce are empty strings (never NULL).
#[repr(C)]
#[derive(Debug)]
#[allow(non_camel_case_types)] // C naming
pub struct gls_completion {
    /// `GLS_OK`, or why the request failed (a `gls_result` value).
    pub code: u32,
    /// 1 on the request's last completion (exactly one per request); 0 on a watch's
    /// intermediate status events.
    pub is_final: u8,
    /// The `user_data` given with the request. Free it when `is_final` is 1, not before.
    pub user_data: *mut c_void,
    /// The request's id (as returned by the call that started it).
    pub request_id: u64,
    /// Reconnect and start: the service's WebRTC answer.
    pub signal_response: gls_str,
    /// Reconnect: the ClientToken every attempt used.
    pub client_token: gls_str,
    /// The session's ARN, when known.
    pub session_arn: gls_str,
    /// The session's status (e.g. `"ACTIVE"`), when known.
    pub status: gls_str,
    /// Watch: the status before this change (empty for the first event).
    pub previous_status: gls_str,
    /// The status reason (e.g. `"reconnectionTimeout"`), when there is one.
    pub status_reason: gls_str,
    /// On failure: what happened and what to do. Never contains secrets or signal payloads.
    pub error_message: gls_str,
    /// The AWS request id of the last call to the service, for support cases.
    pub aws_request_id: gls_str,
    /// Reconnect: CreateStreamSessionConnection calls made.
    pub attempts: u32,
    /// Milliseconds from the request to this completion.
    pub elapsed_ms: u64,
}

/// Called with each completion of a request, on the thread its client's dispatch mode says.
#[allow(non_camel_case_types)] // C naming
pub type gls_completion_callback = Option<unsafe extern "C" fn(completion: *const gls_completion)>;

/// The owned contents of a completion.
#[derive(Debug, Default, Clone)]
pub(crate) struct Outcome {
    pub(crate) code: u32,
    pub(crate) signal_response: OutString,
    pub(crate) client_token: OutString,
    pub(crate) session_arn: OutString,
    pub(crate) status: OutString,
    pub(crate) previous_status: OutString,
    pub(crate) status_reason: OutString,
    pub(crate) error_message: OutString,
    pub(crate) aws_request_id: OutString,
    pub(crate) attempts: u32,
}

impl Outcome {
    /// A failure of gls-core.
    pub(crate) fn error(error: &gls_core::Error) -> Self {
        Self {
            code: gls_result::of(error.kind()) as u32,
            error_message: OutString::new(error.message()),
            aws_request_id: error.request_id().into(),
            status_reason: error.status_reason().into(),
            attempts: error.attempts(),
            ..Self::default()
        }
    }

    /// A failure with only a code and a message.
    pub(crate) fn failed(code: gls_result, message: &str) -> Self {
        Self {
            code: code as u32,
            error_message: OutString::new(message),
            ..Self::default()
        }
    }
}

/// `user_data` as given: opaque to the library, handed back on the callback's thread.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UserData(pub(crate) *mut c_void);

impl UserData {
    /// The pointer, to hand back to C.
    pub(crate) fn get(self) -> *mut c_void {
        self.0
    }
}

// SAFETY: the library never dereferences `user_data`; it only hands it back to the callback,
// on the thread the documented dispatch mode names, which the caller agreed to.
unsafe impl Send for UserData {}
// SAFETY: as above: shared references never dereference it either.
unsafe impl Sync for UserData {}

/// What a client shares with its requests.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) mode: gls_dispatch_mode,
    pub(crate) queue: Queue,
    inflight: Mutex<HashMap<u64, CancellationToken>>,
    idle: Condvar,
    next_id: AtomicU64,
    pub(crate) closed: AtomicBool,
}

impl Shared {
    pub(crate) fn new(mode: gls_dispatch_mode) -> Self {
        Self {
            mode,
            queue: Queue::default(),
            inflight: Mutex::default(),
            idle: Condvar::new(),
            next_id: AtomicU64::new(1),
            closed: AtomicBool::new(false),
        }
    }

    /// Cancels request `id`; false if it is not in flight.
    pub(crate) fn cancel(&self, id: u64) -> bool {
        let inflight = self.inflight.lock().unwrap_or_else(PoisonError::into_inner);
        inflight.get(&id).map(CancellationToken::cancel).is_some()
    }

    /// Closes the client: it accepts no more requests, and every request in flight is cancelled.
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::Release);
        let inflight = self.inflight.lock().unwrap_or_else(PoisonError::into_inner);
        inflight.values().for_each(CancellationToken::cancel);
    }

    /// After [`close`](Self::close): waits until no request is in flight, at most `limit`.
    /// Returns whether none is. (Finishing requests wake this only once the client is closed,
    /// which spares every request a wake-up system call.)
    pub(crate) fn wait_idle(&self, limit: Duration) -> bool {
        let inflight = self.inflight.lock().unwrap_or_else(PoisonError::into_inner);
        let (inflight, _) = self
            .idle
            .wait_timeout_while(inflight, limit, |pending| !pending.is_empty())
            .unwrap_or_else(PoisonError::into_inner);
        inflight.is_empty()
    }
}

/// Delivers the completions of one request.
pub(crate) struct Delivery {
    shared: Arc<Shared>,
    request_id: u64,
    callback: unsafe extern "C" fn(*const gls_completion),
    user_data: UserData,
    started: std::time::Instant,
    finished: bool,
}

impl Delivery {
    /// An intermediate completion (`is_final` 0).
    pub(crate) fn send(&self, outcome: Outcome) {
        self.deliver(outcome, false);
    }

    /// The final completion; afterwards the request is no longer in flight.
    pub(crate) fn finish(mut self, outcome: Outcome) {
        self.finish_with(outcome);
    }

    fn finish_with(&mut self, outcome: Outcome) {
        if std::mem::replace(&mut self.finished, true) {
            return;
        }
        self.deliver(outcome, true);
        let mut inflight = self
            .shared
            .inflight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        inflight.remove(&self.request_id);
        // `closed` is set before `wait_idle` takes this lock, so a waiter is always seen here.
        if inflight.is_empty() && self.shared.closed.load(Ordering::Acquire) {
            self.shared.idle.notify_all();
        }
    }

    fn deliver(&self, outcome: Outcome, is_final: bool) {
        let callback = self.callback;
        let user_data = self.user_data;
        let request_id = self.request_id;
        let elapsed_ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let job = move || {
            let completion = gls_completion {
                code: outcome.code,
                is_final: u8::from(is_final),
                user_data: user_data.get(),
                request_id,
                signal_response: outcome.signal_response.as_gls_str(),
                client_token: outcome.client_token.as_gls_str(),
                session_arn: outcome.session_arn.as_gls_str(),
                status: outcome.status.as_gls_str(),
                previous_status: outcome.previous_status.as_gls_str(),
                status_reason: outcome.status_reason.as_gls_str(),
                error_message: outcome.error_message.as_gls_str(),
                aws_request_id: outcome.aws_request_id.as_gls_str(),
                attempts: outcome.attempts,
                elapsed_ms,
            };
            // SAFETY: the callback is the caller's function of the documented signature; the
            // completion and its strings live until it returns. A C callback cannot unwind; a
            // Rust one that panics is stopped here.
            let _ = catch_unwind(AssertUnwindSafe(|| unsafe { callback(&completion) }));
        };
        match self.shared.mode {
            gls_dispatch_mode::GLS_DISPATCH_IMMEDIATE => job(),
            gls_dispatch_mode::GLS_DISPATCH_MANUAL => self.shared.queue.push(Box::new(job)),
        }
    }
}

impl Drop for Delivery {
    /// A request dropped before finishing (its task panicked, or the runtime shut down) still
    /// gets its final completion.
    fn drop(&mut self) {
        let outcome = if std::thread::panicking() {
            Outcome::failed(
                gls_result::GLS_ERR_PANIC,
                "the library panicked while handling this request",
            )
        } else {
            Outcome::failed(gls_result::GLS_ERR_CANCELLED, "the request was cancelled")
        };
        self.finish_with(outcome);
    }
}

/// Registers a request on `shared` and runs `work` on `runtime`; `work` gets the delivery (for
/// intermediate completions) and must return the final outcome. Cancellation wins over `work`.
pub(crate) fn spawn<F, Fut>(
    shared: &Arc<Shared>,
    runtime: &tokio::runtime::Handle,
    callback: unsafe extern "C" fn(*const gls_completion),
    user_data: UserData,
    work: F,
) -> u64
where
    F: FnOnce(Arc<Delivery>) -> Fut,
    Fut: Future<Output = Outcome> + Send + 'static,
{
    let request_id = shared.next_id.fetch_add(1, Ordering::Relaxed);
    let cancel = CancellationToken::new();
    shared
        .inflight
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(request_id, cancel.clone());
    let delivery = Arc::new(Delivery {
        shared: Arc::clone(shared),
        request_id,
        callback,
        user_data,
        started: std::time::Instant::now(),
        finished: false,
    });
    let future = work(Arc::clone(&delivery));
    runtime.spawn(async move {
        let outcome = tokio::select! {
            () = cancel.cancelled() => {
                Outcome::failed(gls_result::GLS_ERR_CANCELLED, "the request was cancelled")
            }
            outcome = future => outcome,
        };
        match Arc::try_unwrap(delivery) {
            Ok(delivery) => delivery.finish(outcome),
            // `work` kept a handle (it must not); the drop of the last one finishes the request.
            Err(shared_delivery) => shared_delivery.send(outcome),
        }
    });
    request_id
}
