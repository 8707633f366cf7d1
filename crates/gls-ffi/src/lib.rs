//! # gls-ffi: the C ABI of gls-reconnect
//!
//! Everything of gls-core through C, with the conventions of the best game SDKs:
//! - `gls_` prefix, opaque handles (`gls_client`), a `gls_result` code on every call (`GLS_OK`
//!   is 0; the other values are gls-core's error codes and never change), `gls_result_name`;
//! - options structs that start with `api_version` (`GLS_ABI_VERSION`, checked at creation);
//! - strings in as UTF-8 pointer + length (`gls_str`), strings out borrowed for the callback;
//! - out-parameters written only on success; `*_free(NULL)` is a no-op;
//! - asynchronous calls take a callback and `user_data` and produce exactly one final completion
//!   per accepted request, on every path, delivered in `gls_client_dispatch` on the game thread
//!   (`GLS_DISPATCH_MANUAL`, the default) or at once on a library thread
//!   (`GLS_DISPATCH_IMMEDIATE`);
//! - no panic crosses the boundary (`GLS_ERR_PANIC`); every function is thread-safe unless its
//!   documentation says otherwise, and callbacks may call back into the library.
//!
//! The header `include/gls_reconnect.h` is generated from this crate by cbindgen.

mod client;
mod dispatch;
#[cfg(feature = "emulator")]
mod emulator;
mod last_error;
mod log;
mod operations;
mod panic;
mod request;
mod result;
mod runtime;
mod strings;

pub use client::{
    GLS_ABI_VERSION, gls_abi_version, gls_cancel, gls_client, gls_client_dispatch, gls_client_free,
    gls_client_new, gls_client_options, gls_client_options_default, gls_client_pending,
    gls_version,
};
pub use dispatch::gls_dispatch_mode;
#[cfg(feature = "emulator")]
pub use emulator::{
    gls_emulator, gls_emulator_advance_clock, gls_emulator_application, gls_emulator_client,
    gls_emulator_endpoint, gls_emulator_start, gls_emulator_stop, gls_emulator_stream_group,
};
pub use last_error::gls_last_error_message;
pub use log::gls_log_level;
pub use log::{gls_log_callback, gls_log_set_callback};
pub use operations::{
    gls_reconnect, gls_session_get, gls_session_start, gls_session_terminate, gls_session_watch,
};
pub use operations::{gls_reconnect_params, gls_start_params, gls_watch_params};
pub use request::{gls_completion, gls_completion_callback};
pub use result::gls_result;
pub use result::gls_result_name;
pub use runtime::gls_runtime_shutdown;
pub use strings::gls_str;
