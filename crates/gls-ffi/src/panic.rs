//! The panic boundary: no panic ever unwinds into C.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::result::gls_result;

/// Runs the body of an exported function; a panic becomes `GLS_ERR_PANIC`.
pub(crate) fn boundary(body: impl FnOnce() -> gls_result) -> gls_result {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(gls_result::GLS_ERR_PANIC)
}

/// Like [`boundary`] for functions returning something else: a panic gives `fallback`.
pub(crate) fn boundary_or<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}
