//! The client handle: creation from options, per-frame dispatch, cancellation, and free.

use std::ffi::c_char;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use gls_core::CredentialsSource;

use crate::dispatch::gls_dispatch_mode;
use crate::last_error;
use crate::panic::{boundary, boundary_or};
use crate::request::Shared;
use crate::result::gls_result;
use crate::runtime;
use crate::strings::{gls_str, read};

/// The ABI version of this header. `gls_client_options_default` stores it in
/// `gls_client_options.api_version`; `gls_client_new` refuses other values with
/// `GLS_ERR_ABI_MISMATCH`, so a header and a library that disagree fail cleanly.
pub const GLS_ABI_VERSION: u32 = 1;

/// Longest accepted option string (region, endpoint, keys, profile), in bytes.
pub const GLS_MAX_OPTION_BYTES: usize = 4096;

/// How long `gls_client_free` waits for requests in flight to finish after cancelling them.
const FREE_WAIT: Duration = Duration::from_secs(10);

/// Options of `gls_client_new`. Fill with `gls_client_options_default`, then set fields.
/// Strings are read during `gls_client_new` only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)] // C naming
pub struct gls_client_options {
    /// Must be `GLS_ABI_VERSION`.
    pub api_version: u32,
    /// Default region, e.g. `"us-west-2"` (empty: `AWS_REGION`). ARNs use their own region.
    pub region: gls_str,
    /// Endpoint URL, e.g. the emulator's (empty: `AWS_ENDPOINT_URL_GAMELIFTSTREAMS`, then AWS).
    pub endpoint_url: gls_str,
    /// Static access key ID (empty: use `profile` or the default credential chain).
    pub access_key_id: gls_str,
    /// Static secret access key. Never logged.
    pub secret_access_key: gls_str,
    /// Static session token, for temporary credentials. Never logged.
    pub session_token: gls_str,
    /// Named profile (used when no static key is given).
    pub profile: gls_str,
    /// A `gls_dispatch_mode` value.
    pub dispatch_mode: u32,
    /// Connect timeout in milliseconds (0: 3000).
    pub connect_timeout_ms: u32,
    /// Timeout of one attempt of one call in milliseconds (0: 10000).
    pub attempt_timeout_ms: u32,
}

/// A GameLift Streams client. Opaque; create with `gls_client_new`, free with
/// `gls_client_free`. Thread-safe.
///
/// A handle outlives its free: `gls_client_free` drops the client and leaves the handle itself
/// (8 bytes) allocated and empty, so a later call with it fails with `GLS_ERR_INVALID_INPUT`
/// ("client was freed") instead of touching freed memory. Each freed handle keeps 16 bytes for
/// the life of the process. Freeing a handle while another thread still uses it stays undefined.
#[allow(non_camel_case_types)] // C naming
pub struct gls_client {
    client: AtomicPtr<Client>,
}

/// Freed handles' addresses: kept so the handles stay reachable (not leaked) memory.
static FREED_HANDLES: Mutex<Vec<usize>> = Mutex::new(Vec::new());

impl gls_client {
    /// A new handle owning `client`.
    fn new(client: Client) -> *mut Self {
        let client = Box::into_raw(Box::new(client));
        Box::into_raw(Box::new(Self {
            client: AtomicPtr::new(client),
        }))
    }

    /// The client behind `handle`, or why there is none (NULL, or freed).
    ///
    /// # Safety
    /// `handle` is NULL or was returned by `gls_client_new` (freed or not), and no other thread
    /// is freeing it.
    pub(crate) unsafe fn get<'a>(handle: *const Self) -> Result<&'a Client, &'static str> {
        // SAFETY: NULL or a handle, which is never deallocated.
        let handle = unsafe { handle.as_ref() }.ok_or("client is NULL")?;
        let client = handle.client.load(Ordering::Acquire);
        // SAFETY: NULL once freed, else the live client this handle owns.
        unsafe { client.as_ref() }
            .ok_or("client was freed: its handle is invalid after gls_client_free")
    }

    /// Empties `handle` and returns its client; None if it is NULL or was freed already.
    ///
    /// # Safety
    /// As for [`get`](Self::get).
    unsafe fn take(handle: *mut Self) -> Option<Box<Client>> {
        // SAFETY: NULL or a handle, which is never deallocated.
        let header = unsafe { handle.as_ref() }?;
        let client = header.client.swap(std::ptr::null_mut(), Ordering::AcqRel);
        if client.is_null() {
            return None;
        }
        FREED_HANDLES
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(handle as usize);
        // SAFETY: created by `Box::into_raw` in `new`; the swap made this the only owner.
        Some(unsafe { Box::from_raw(client) })
    }
}

/// What a handle owns.
pub(crate) struct Client {
    pub(crate) core: gls_core::Client,
    pub(crate) shared: Arc<Shared>,
    /// The library runtime this client was created with, and its generation.
    runtime: tokio::runtime::Handle,
    generation: u64,
}

impl Client {
    /// The runtime to run a request on, unless the runtime was shut down since creation (no
    /// global lock: the handle was kept at creation).
    pub(crate) fn runtime(&self) -> Result<&tokio::runtime::Handle, (gls_result, String)> {
        if self.shared.closed.load(Ordering::Acquire) || self.generation != runtime::generation() {
            return Err((
                gls_result::GLS_ERR_INVALID_STATE,
                "the library runtime was shut down after this client was created: free it and create a new one".to_owned(),
            ));
        }
        Ok(&self.runtime)
    }
}

/// Fills `options` with the defaults: `api_version = GLS_ABI_VERSION`, manual dispatch, empty
/// strings, default timeouts. `GLS_ERR_INVALID_INPUT` if `options` is NULL. Any thread.
#[unsafe(no_mangle)]
pub extern "C" fn gls_client_options_default(options: *mut gls_client_options) -> gls_result {
    boundary(|| {
        if options.is_null() {
            return gls_result::GLS_ERR_INVALID_INPUT;
        }
        let defaults = gls_client_options {
            api_version: GLS_ABI_VERSION,
            region: gls_str::EMPTY,
            endpoint_url: gls_str::EMPTY,
            access_key_id: gls_str::EMPTY,
            secret_access_key: gls_str::EMPTY,
            session_token: gls_str::EMPTY,
            profile: gls_str::EMPTY,
            dispatch_mode: gls_dispatch_mode::GLS_DISPATCH_MANUAL as u32,
            connect_timeout_ms: 0,
            attempt_timeout_ms: 0,
        };
        // SAFETY: non-null; the caller passes a writable gls_client_options.
        unsafe { options.write(defaults) };
        gls_result::GLS_OK
    })
}

fn build(options: &gls_client_options) -> Result<Client, (gls_result, String)> {
    if options.api_version != GLS_ABI_VERSION {
        return Err((
            gls_result::GLS_ERR_ABI_MISMATCH,
            format!(
                "options.api_version is {}, this library is ABI version {GLS_ABI_VERSION}: rebuild against its header",
                options.api_version
            ),
        ));
    }
    let mode = match options.dispatch_mode {
        0 => gls_dispatch_mode::GLS_DISPATCH_MANUAL,
        1 => gls_dispatch_mode::GLS_DISPATCH_IMMEDIATE,
        other => {
            return Err((
                gls_result::GLS_ERR_INVALID_INPUT,
                format!("dispatch_mode {other} is not a gls_dispatch_mode"),
            ));
        }
    };
    // SAFETY: the caller guarantees every gls_str of `options` is valid for this call.
    let text = |s: gls_str, field: &str| unsafe { read(s, field, GLS_MAX_OPTION_BYTES) };
    let mut builder = gls_core::Client::builder();
    if let Some(region) = text(options.region, "region")? {
        builder = builder.region(region);
    }
    if let Some(url) = text(options.endpoint_url, "endpoint_url")? {
        builder = builder.endpoint_url(url);
    }
    let key = text(options.access_key_id, "access_key_id")?;
    let secret = text(options.secret_access_key, "secret_access_key")?;
    let token = text(options.session_token, "session_token")?;
    let profile = text(options.profile, "profile")?;
    builder = match (key, secret, profile) {
        (Some(key), Some(secret), _) => builder.credentials(CredentialsSource::Static {
            access_key_id: key.to_owned(),
            secret_access_key: secret.to_owned(),
            session_token: token.map(str::to_owned),
        }),
        (Some(_), None, _) | (None, Some(_), _) => {
            return Err((
                gls_result::GLS_ERR_INVALID_INPUT,
                "give both access_key_id and secret_access_key, or neither".to_owned(),
            ));
        }
        (None, None, Some(profile)) => {
            builder.credentials(CredentialsSource::Profile(profile.to_owned()))
        }
        (None, None, None) => builder,
    };
    if options.connect_timeout_ms > 0 {
        builder = builder.connect_timeout(Duration::from_millis(options.connect_timeout_ms.into()));
    }
    if options.attempt_timeout_ms > 0 {
        builder = builder.attempt_timeout(Duration::from_millis(options.attempt_timeout_ms.into()));
    }
    let core = builder
        .build()
        .map_err(|e| (gls_result::of(e.kind()), e.message().to_owned()))?;
    let (runtime, generation) = runtime::handle().map_err(|e| {
        (
            gls_result::GLS_ERR_INTERNAL,
            format!("cannot start the library's threads: {e}"),
        )
    })?;
    Ok(Client {
        core,
        shared: Arc::new(Shared::new(mode)),
        runtime,
        generation,
    })
}

/// Creates a client. Makes no network call. On success writes the new handle to `*out`; on
/// failure leaves `*out` untouched and `gls_last_error_message` explains.
///
/// Errors: `GLS_ERR_INVALID_INPUT` (NULL `options` or `out`, bad strings),
/// `GLS_ERR_ABI_MISMATCH`, `GLS_ERR_CONFIGURATION` (no region, bad endpoint URL). Any thread.
#[unsafe(no_mangle)]
pub extern "C" fn gls_client_new(
    options: *const gls_client_options,
    out: *mut *mut gls_client,
) -> gls_result {
    boundary(|| {
        let result = if options.is_null() || out.is_null() {
            Err((
                gls_result::GLS_ERR_INVALID_INPUT,
                "options and out must not be NULL".to_owned(),
            ))
        } else {
            // SAFETY: non-null; the caller passes a valid, initialized gls_client_options.
            build(unsafe { &*options })
        };
        match result {
            Ok(client) => {
                // SAFETY: non-null; the caller passes a writable `gls_client *` slot.
                unsafe { out.write(gls_client::new(client)) };
                gls_result::GLS_OK
            }
            Err(failure) => last_error::set(failure),
        }
    })
}

/// Frees a client. NULL is a no-op. Requests still in flight are cancelled, and their
/// `GLS_ERR_CANCELLED` final completions run before this returns, on this thread (manual
/// dispatch, together with any completion not yet dispatched) or on library threads
/// (immediate dispatch) — so no callback of this client runs after it returns. Called from a
/// callback on a library thread, it does not wait: the remaining completions then run on library
/// threads afterwards. It may be called from one of the client's own callbacks, in either mode.
/// Afterwards calls with the handle fail with `GLS_ERR_INVALID_INPUT`; a second free is a no-op.
/// Do not free a handle while another thread is still calling the library with it.
#[unsafe(no_mangle)]
pub extern "C" fn gls_client_free(client: *mut gls_client) {
    let _ = boundary(|| {
        // SAFETY: NULL or a handle from gls_client_new; the caller gives up the handle.
        let Some(client) = (unsafe { gls_client::take(client) }) else {
            return gls_result::GLS_OK;
        };
        client.shared.close();
        if !runtime::on_library_thread() {
            client.shared.wait_idle(FREE_WAIT);
            client.shared.queue.run_all();
        }
        gls_result::GLS_OK
    });
}

/// Runs the completions that are ready, on the calling thread: call it once per frame from the
/// game thread (`GLS_DISPATCH_MANUAL`). Returns how many ran. Costs one atomic load when none is
/// ready. Callbacks may call the library, including `gls_client_dispatch` (completions queued
/// meanwhile wait for the next call). NULL: returns 0.
#[unsafe(no_mangle)]
pub extern "C" fn gls_client_dispatch(client: *const gls_client) -> usize {
    boundary_or(0, || {
        // SAFETY: NULL or a handle from gls_client_new (the caller's promise).
        unsafe { gls_client::get(client) }.map_or(0, |client| {
            if client.shared.queue.len() == 0 {
                return 0;
            }
            // A callback may free this client: its queue lives until this dispatch ends.
            let shared = Arc::clone(&client.shared);
            shared.queue.run_ready()
        })
    })
}

/// How many completions are ready for `gls_client_dispatch` (manual dispatch; always 0 in
/// immediate dispatch). One atomic load. NULL: 0.
#[unsafe(no_mangle)]
pub extern "C" fn gls_client_pending(client: *const gls_client) -> usize {
    boundary_or(0, || {
        // SAFETY: NULL or a handle from gls_client_new.
        unsafe { gls_client::get(client) }.map_or(0, |client| client.shared.queue.len())
    })
}

/// Cancels request `request_id` of `client`. Its final completion (`GLS_ERR_CANCELLED`, unless
/// it finished first) is delivered as usual. `GLS_ERR_NOT_FOUND` if the request is not in flight
/// (already completed, or never existed); `GLS_ERR_INVALID_INPUT` if `client` is NULL.
#[unsafe(no_mangle)]
pub extern "C" fn gls_cancel(client: *const gls_client, request_id: u64) -> gls_result {
    boundary(|| {
        // SAFETY: NULL or a handle from gls_client_new.
        let client = match unsafe { gls_client::get(client) } {
            Ok(client) => client,
            Err(why) => {
                return last_error::set((gls_result::GLS_ERR_INVALID_INPUT, why.to_owned()));
            }
        };
        if client.shared.cancel(request_id) {
            gls_result::GLS_OK
        } else {
            gls_result::GLS_ERR_NOT_FOUND
        }
    })
}

/// The library's version, e.g. `"0.1.0"`: a static string. Any thread.
#[unsafe(no_mangle)]
pub extern "C" fn gls_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The library's ABI version (compare with the header's `GLS_ABI_VERSION`). Any thread.
#[unsafe(no_mangle)]
pub extern "C" fn gls_abi_version() -> u32 {
    GLS_ABI_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> gls_client_options {
        let mut options = std::mem::MaybeUninit::uninit();
        assert_eq!(
            gls_client_options_default(options.as_mut_ptr()),
            gls_result::GLS_OK
        );
        // SAFETY: filled by gls_client_options_default.
        let mut options = unsafe { options.assume_init() };
        let region = "us-west-2";
        options.region = gls_str {
            ptr: region.as_ptr().cast(),
            len: region.len(),
        };
        options
    }

    #[test]
    fn a_freed_handle_is_refused_and_a_second_free_is_a_no_op() {
        let mut handle = std::ptr::null_mut();
        assert_eq!(gls_client_new(&options(), &mut handle), gls_result::GLS_OK);
        // SAFETY: a handle from gls_client_new, used on this thread only.
        assert!(unsafe { gls_client::get(handle) }.is_ok());
        gls_client_free(handle);
        // SAFETY: as above; handles stay allocated after their free.
        let refused = unsafe { gls_client::get(handle) }.err();
        assert!(refused.is_some_and(|why| why.contains("freed")));
        // SAFETY: as above.
        assert!(unsafe { gls_client::take(handle) }.is_none());
        gls_client_free(handle);
        assert_eq!(gls_cancel(handle, 1), gls_result::GLS_ERR_INVALID_INPUT);
        assert_eq!(gls_client_dispatch(handle), 0);
    }
}
