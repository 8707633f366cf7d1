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

pub use client::{GLS_ABI_VERSION, gls_client, gls_client_options};
pub use dispatch::gls_dispatch_mode;
pub use log::gls_log_level;
pub use operations::{gls_reconnect_params, gls_start_params, gls_watch_params};
pub use request::{gls_completion, gls_completion_callback};
pub use result::gls_result;
pub use strings::gls_str;
