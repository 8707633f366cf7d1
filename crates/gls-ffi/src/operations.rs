//! The asynchronous calls: reconnect, start, get, terminate, and watch a session. Each returns
//! at once: `GLS_OK` when the request was accepted (exactly one final completion will follow),
//! or an error code with `gls_last_error_message` and no completion at all.

use std::ffi::c_void;
use std::time::Duration;

use futures_util::StreamExt;
use gls_core::{
    ClientToken, ReconnectOptions, SessionTarget, SignalRequest, StartSession, StreamGroupId,
    StreamSessionId, WatchOptions,
};

use crate::client::{Client, gls_client};
use crate::last_error;
use crate::panic::boundary;
use crate::request::{Delivery, Outcome, UserData, gls_completion, gls_completion_callback, spawn};
use crate::result::gls_result;
use crate::strings::{OutString, gls_str, read};

/// Longest identifier or token accepted, in bytes.
const MAX_ID_BYTES: usize = 4096;

/// What `gls_reconnect` does.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)] // C naming
pub struct gls_reconnect_params {
    /// Stream group ID or ARN; may be empty when `session` is a session ARN.
    pub stream_group: gls_str,
    /// Stream session ID or ARN.
    pub session: gls_str,
    /// The client's newly generated WebRTC offer (at most 1 MiB).
    pub signal_request: gls_str,
    /// Idempotency token, 32-128 printable ASCII characters (empty: generated).
    pub client_token: gls_str,
    /// Give up after this many milliseconds (0: at the end of the session's reconnect window).
    pub deadline_ms: u32,
}

/// What `gls_session_start` does.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)] // C naming
pub struct gls_start_params {
    /// Stream group ID or ARN.
    pub stream_group: gls_str,
    /// Application ID or ARN.
    pub application: gls_str,
    /// The client's first WebRTC offer.
    pub signal_request: gls_str,
    /// `ConnectionTimeoutSeconds`, 1..3600 (0: the service default, 120).
    pub connection_timeout_s: u32,
    /// `SessionLengthSeconds`, 1..86400 (0: the service default).
    pub session_length_s: u32,
    /// Wait until the session is ACTIVE, at most this many milliseconds (0: do not wait).
    pub wait_for_active_ms: u32,
}

/// What `gls_session_watch` watches, and how often it polls.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)] // C naming
pub struct gls_watch_params {
    /// Stream group ID or ARN; may be empty when `session` is a session ARN.
    pub stream_group: gls_str,
    /// Stream session ID or ARN.
    pub session: gls_str,
    /// Pause after a change, in milliseconds (0: 500).
    pub min_interval_ms: u32,
    /// Longest pause while nothing changes, in milliseconds (0: 5000).
    pub max_interval_ms: u32,
}

type Failure = (gls_result, String);

fn invalid(message: impl Into<String>) -> Failure {
    (gls_result::GLS_ERR_INVALID_INPUT, message.into())
}

fn core_failure(error: gls_core::Error) -> Failure {
    (gls_result::of(error.kind()), error.message().to_owned())
}

/// The checks every asynchronous call starts with.
///
/// # Safety
/// `client` must be NULL or a handle from `gls_client_new`.
unsafe fn checked<'a>(
    client: *const gls_client,
    callback: gls_completion_callback,
) -> Result<(&'a Client, unsafe extern "C" fn(*const gls_completion)), Failure> {
    // SAFETY: NULL or a handle (the caller's promise).
    let client = unsafe { gls_client::get(client) }.map_err(invalid)?;
    let callback = callback.ok_or_else(|| invalid("callback is NULL"))?;
    Ok((client, callback))
}

/// A session target from two strings (the group may be empty for a session ARN).
///
/// # Safety
/// Both must be valid `gls_str`s for this call.
unsafe fn target(group: gls_str, session: gls_str) -> Result<SessionTarget, Failure> {
    // SAFETY: forwarded from the caller.
    let group = unsafe { read(group, "stream_group", MAX_ID_BYTES) }?;
    // SAFETY: forwarded from the caller.
    let session = unsafe { read(session, "session", MAX_ID_BYTES) }?
        .ok_or_else(|| invalid("session is empty: give a stream session ID or ARN"))?;
    let session = StreamSessionId::new(session).map_err(core_failure)?;
    match group {
        Some(group) => {
            SessionTarget::new(StreamGroupId::new(group).map_err(core_failure)?, session)
        }
        None => SessionTarget::from_session(session),
    }
    .map_err(core_failure)
}

/// Starts `work` as a request of `client` and writes its id to `out_request_id` (if not NULL).
fn accept<F, Fut>(
    client: &Client,
    callback: unsafe extern "C" fn(*const gls_completion),
    user_data: *mut c_void,
    out_request_id: *mut u64,
    work: F,
) -> Result<(), Failure>
where
    F: FnOnce(std::sync::Arc<Delivery>) -> Fut,
    Fut: std::future::Future<Output = Outcome> + Send + 'static,
{
    let runtime = client.runtime()?;
    let id = spawn(&client.shared, runtime, callback, UserData(user_data), work);
    if !out_request_id.is_null() {
        // SAFETY: non-null; the caller passes a writable uint64_t.
        unsafe { out_request_id.write(id) };
    }
    Ok(())
}

/// Runs an export's body behind the panic boundary; a failure becomes its code and this
/// thread's last error message.
fn call(body: impl FnOnce() -> Result<(), Failure>) -> gls_result {
    boundary(|| match body() {
        Ok(()) => gls_result::GLS_OK,
        Err(failure) => last_error::set(failure),
    })
}

fn session_outcome(info: &gls_core::SessionInfo) -> Outcome {
    Outcome {
        code: gls_result::GLS_OK as u32,
        session_arn: OutString::new(&info.arn),
        status: OutString::new(info.status.as_str()),
        status_reason: info.status_reason.as_deref().into(),
        aws_request_id: info.request_id.as_deref().into(),
        ..Outcome::default()
    }
}

/// Reconnects a dropped client: sends the new offer and completes with the service's answer in
/// `signal_response` (see gls-core's algorithm: one ClientToken for all attempts, retries inside
/// the reconnect window, waits out statuses about to change, fails fast when the session ended).
///
/// `client`, `params` and `callback` must not be NULL. `params` and its strings are read during
/// the call only. `user_data` comes back in every completion; free it on the final one. The
/// request id is written to `out_request_id` if it is not NULL. Any thread.
#[unsafe(no_mangle)]
pub extern "C" fn gls_reconnect(
    client: *const gls_client,
    params: *const gls_reconnect_params,
    callback: gls_completion_callback,
    user_data: *mut c_void,
    out_request_id: *mut u64,
) -> gls_result {
    call(|| {
        // SAFETY: NULL or a live handle.
        let (client, callback) = unsafe { checked(client, callback) }?;
        // SAFETY: NULL or a valid gls_reconnect_params for this call.
        let params = unsafe { params.as_ref() }.ok_or_else(|| invalid("params is NULL"))?;
        // SAFETY: the caller's strings are valid for this call.
        let target = unsafe { target(params.stream_group, params.session) }?;
        // SAFETY: as above.
        let offer = unsafe {
            read(
                params.signal_request,
                "signal_request",
                gls_core::signal::MAX_SIGNAL_REQUEST_BYTES,
            )
        }?
        .ok_or_else(|| invalid("signal_request is empty: pass the new WebRTC offer"))?;
        let offer = SignalRequest::new(offer).map_err(core_failure)?;
        // SAFETY: as above.
        let token = unsafe { read(params.client_token, "client_token", MAX_ID_BYTES) }?
            .map(ClientToken::new)
            .transpose()
            .map_err(core_failure)?;
        let options = ReconnectOptions {
            client_token: token,
            deadline: (params.deadline_ms > 0)
                .then(|| Duration::from_millis(params.deadline_ms.into())),
            cancel: None,
        };
        let core = client.core.clone();
        accept(
            client,
            callback,
            user_data,
            out_request_id,
            |_| async move {
                match core.reconnect(&target, offer, options).await {
                    Ok(done) => Outcome {
                        code: gls_result::GLS_OK as u32,
                        signal_response: OutString::new(done.signal_response.as_str()),
                        client_token: OutString::new(done.client_token.as_str()),
                        session_arn: OutString::new(target.session().as_str()),
                        aws_request_id: done.request_id.as_deref().into(),
                        attempts: done.attempts,
                        ..Outcome::default()
                    },
                    Err(error) => Outcome::error(&error),
                }
            },
        )
    })
}

/// Starts a stream session (StartStreamSession with a ClientToken, so retries never start a
/// second one); completes with the session's ARN, status and the answer to the first offer.
/// Arguments as for `gls_reconnect`.
#[unsafe(no_mangle)]
pub extern "C" fn gls_session_start(
    client: *const gls_client,
    params: *const gls_start_params,
    callback: gls_completion_callback,
    user_data: *mut c_void,
    out_request_id: *mut u64,
) -> gls_result {
    call(|| {
        // SAFETY: NULL or a live handle.
        let (client, callback) = unsafe { checked(client, callback) }?;
        // SAFETY: NULL or a valid gls_start_params for this call.
        let params = unsafe { params.as_ref() }.ok_or_else(|| invalid("params is NULL"))?;
        // SAFETY: the caller's strings are valid for this call.
        let group = unsafe { read(params.stream_group, "stream_group", MAX_ID_BYTES) }?
            .ok_or_else(|| invalid("stream_group is empty"))?;
        // SAFETY: as above.
        let application = unsafe { read(params.application, "application", MAX_ID_BYTES) }?
            .ok_or_else(|| invalid("application is empty"))?;
        // SAFETY: as above.
        let offer = unsafe {
            read(
                params.signal_request,
                "signal_request",
                gls_core::signal::MAX_SIGNAL_REQUEST_BYTES,
            )
        }?
        .ok_or_else(|| invalid("signal_request is empty"))?;
        if params.connection_timeout_s > 3600 || params.session_length_s > 86_400 {
            return Err(invalid(format!(
                "connection_timeout_s must be 0..3600 and session_length_s 0..86400, got {} and {}",
                params.connection_timeout_s, params.session_length_s
            )));
        }
        let seconds = |s: u32| (s > 0).then(|| Duration::from_secs(s.into()));
        let mut start = StartSession::new(
            StreamGroupId::new(group).map_err(core_failure)?,
            application,
            SignalRequest::new(offer).map_err(core_failure)?,
        );
        start.connection_timeout = seconds(params.connection_timeout_s);
        start.session_length = seconds(params.session_length_s);
        start.wait_for_active = (params.wait_for_active_ms > 0)
            .then(|| Duration::from_millis(params.wait_for_active_ms.into()));
        let core = client.core.clone();
        accept(
            client,
            callback,
            user_data,
            out_request_id,
            |_| async move {
                match core.start_session(start).await {
                    Ok(started) => Outcome {
                        signal_response: started
                            .signal_response
                            .as_ref()
                            .map(|a| a.as_str())
                            .into(),
                        ..session_outcome(&started.info)
                    },
                    Err(error) => Outcome::error(&error),
                }
            },
        )
    })
}

/// The calls on one session named by two strings: checks, target, then `work` as a request.
fn session_call<Fut>(
    client: *const gls_client,
    stream_group: gls_str,
    session: gls_str,
    callback: gls_completion_callback,
    user_data: *mut c_void,
    out_request_id: *mut u64,
    work: impl FnOnce(gls_core::Client, SessionTarget) -> Fut,
) -> gls_result
where
    Fut: std::future::Future<Output = Outcome> + Send + 'static,
{
    call(|| {
        // SAFETY: NULL or a live handle.
        let (client, callback) = unsafe { checked(client, callback) }?;
        // SAFETY: the caller's strings are valid for this call.
        let target = unsafe { target(stream_group, session) }?;
        let request = work(client.core.clone(), target);
        accept(client, callback, user_data, out_request_id, |_| request)
    })
}

/// Reads a session (GetStreamSession); completes with its ARN, status and status reason.
/// `stream_group` may be empty when `session` is an ARN. Arguments as for `gls_reconnect`.
#[unsafe(no_mangle)]
pub extern "C" fn gls_session_get(
    client: *const gls_client,
    stream_group: gls_str,
    session: gls_str,
    callback: gls_completion_callback,
    user_data: *mut c_void,
    out_request_id: *mut u64,
) -> gls_result {
    let read = |core: gls_core::Client, target: SessionTarget| async move {
        match core.get_session(&target).await {
            Ok(info) => session_outcome(&info),
            Err(error) => Outcome::error(&error),
        }
    };
    session_call(
        client,
        stream_group,
        session,
        callback,
        user_data,
        out_request_id,
        read,
    )
}

/// Terminates a session (idempotent); completes with `GLS_OK` once the service accepted it.
/// Arguments as for `gls_session_get`.
#[unsafe(no_mangle)]
pub extern "C" fn gls_session_terminate(
    client: *const gls_client,
    stream_group: gls_str,
    session: gls_str,
    callback: gls_completion_callback,
    user_data: *mut c_void,
    out_request_id: *mut u64,
) -> gls_result {
    let end = |core: gls_core::Client, target: SessionTarget| async move {
        match core.terminate_session(&target).await {
            Ok(()) => Outcome {
                session_arn: OutString::new(target.session().as_str()),
                ..Outcome::default()
            },
            Err(error) => Outcome::error(&error),
        }
    };
    session_call(
        client,
        stream_group,
        session,
        callback,
        user_data,
        out_request_id,
        end,
    )
}

/// Watches a session: a completion with `is_final` 0 for its first status and each change
/// (`status`, `previous_status`, `status_reason`), then one with `is_final` 1 when it reaches
/// TERMINATED or ERROR (`GLS_OK`, with that status), on a non-retryable error, or on
/// `gls_cancel` (`GLS_ERR_CANCELLED`). Transient read failures arrive as `is_final` 0
/// completions with their error code. Polling backs off from `min_interval_ms` to
/// `max_interval_ms` while nothing changes. Arguments otherwise as for `gls_reconnect`.
#[unsafe(no_mangle)]
pub extern "C" fn gls_session_watch(
    client: *const gls_client,
    params: *const gls_watch_params,
    callback: gls_completion_callback,
    user_data: *mut c_void,
    out_request_id: *mut u64,
) -> gls_result {
    call(|| {
        // SAFETY: NULL or a live handle.
        let (client, callback) = unsafe { checked(client, callback) }?;
        // SAFETY: NULL or a valid gls_watch_params for this call.
        let params = unsafe { params.as_ref() }.ok_or_else(|| invalid("params is NULL"))?;
        // SAFETY: the caller's strings are valid for this call.
        let target = unsafe { target(params.stream_group, params.session) }?;
        let defaults = WatchOptions::default();
        let millis = |ms: u32, default: Duration| {
            if ms == 0 {
                default
            } else {
                Duration::from_millis(ms.into())
            }
        };
        let options = WatchOptions {
            min_interval: millis(params.min_interval_ms, defaults.min_interval),
            max_interval: millis(params.max_interval_ms, defaults.max_interval),
            cancel: None,
        };
        let core = client.core.clone();
        accept(
            client,
            callback,
            user_data,
            out_request_id,
            |delivery| async move {
                let mut changes = Box::pin(core.watch(target, options));
                let mut last = Outcome::default();
                while let Some(change) = changes.next().await {
                    match change {
                        Ok(change) => {
                            last = Outcome {
                                status: OutString::new(change.status.as_str()),
                                previous_status: change
                                    .previous
                                    .as_ref()
                                    .map(|s| s.as_str())
                                    .into(),
                                status_reason: change.status_reason.as_deref().into(),
                                ..Outcome::default()
                            };
                            if !matches!(
                                change.status,
                                gls_core::SessionStatus::Terminated
                                    | gls_core::SessionStatus::Error
                            ) {
                                delivery.send(last.clone());
                            }
                        }
                        Err(error) if error.is_retryable() => delivery.send(Outcome::error(&error)),
                        Err(error) => return Outcome::error(&error),
                    }
                }
                last
            },
        )
    })
}
