//! The message of the last call that failed on this thread, for calls that fail before any
//! completion exists (bad arguments, bad options).

use std::cell::RefCell;

use crate::result::gls_result;
use crate::strings::{OutString, gls_str};

thread_local! {
    static LAST_ERROR: RefCell<OutString> = RefCell::new(OutString::empty());
}

/// Records `message` for this thread and returns `code`.
pub(crate) fn set((code, message): (gls_result, String)) -> gls_result {
    LAST_ERROR.with(|last| *last.borrow_mut() = OutString::new(&message));
    code
}

/// Why the last call that returned an error on this thread failed (empty if none did). The
/// string is borrowed: valid until the next call into the library on this thread. Never
/// contains secrets or signal payloads.
#[unsafe(no_mangle)]
pub extern "C" fn gls_last_error_message() -> gls_str {
    crate::panic::boundary_or(gls_str::EMPTY, || {
        LAST_ERROR.with(|last| last.borrow().as_gls_str())
    })
}
