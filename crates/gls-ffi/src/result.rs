//! Result codes: `GLS_OK` and one stable value per error kind (gls-core's codes), plus the
//! C ABI's own. Retired values stay reserved.

use std::ffi::{CStr, c_char};

use gls_core::ErrorKind;

/// The result of every call and of every completion. Values are stable and never reused.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(non_camel_case_types)] // C naming
pub enum gls_result {
    /// Success.
    GLS_OK = 0,
    /// An argument is null, not UTF-8, too long, or breaks a constraint; nothing was sent.
    GLS_ERR_INVALID_INPUT = 1,
    /// This offer was already sent for this session: have the WebRTC client make a new one.
    GLS_ERR_OFFER_REUSED = 2,
    /// The service refused the input (ValidationException).
    GLS_ERR_VALIDATION = 3,
    /// The credentials may not do this, or the signature was refused.
    GLS_ERR_ACCESS_DENIED = 4,
    /// The stream group, session or request does not exist.
    GLS_ERR_NOT_FOUND = 5,
    /// The session's status does not allow the call.
    GLS_ERR_CONFLICT = 6,
    /// The service is throttling requests (retryable).
    GLS_ERR_THROTTLED = 7,
    /// The service failed (retryable).
    GLS_ERR_SERVICE = 8,
    /// An attempt timed out (retryable).
    GLS_ERR_TIMEOUT = 9,
    /// The connection failed or was cut (retryable).
    GLS_ERR_NETWORK = 10,
    /// The session ended (TERMINATING, TERMINATED or ERROR); see the status reason.
    GLS_ERR_SESSION_ENDED = 11,
    /// The reconnect window or the deadline ran out.
    GLS_ERR_DEADLINE_EXCEEDED = 12,
    /// Cancelled by `gls_cancel`, `gls_client_free` or `gls_runtime_shutdown`.
    GLS_ERR_CANCELLED = 13,
    /// No credentials could be resolved.
    GLS_ERR_CREDENTIALS = 14,
    /// The client options are wrong (no region, bad endpoint URL).
    GLS_ERR_CONFIGURATION = 15,
    /// An unexpected failure inside the library.
    GLS_ERR_INTERNAL = 16,
    /// A panic inside the library was caught at the boundary.
    GLS_ERR_PANIC = 17,
    /// The options' `api_version` is not this library's `GLS_ABI_VERSION`.
    GLS_ERR_ABI_MISMATCH = 18,
    /// Not allowed from this thread or in this state (see the function's documentation).
    GLS_ERR_INVALID_STATE = 19,
}

impl gls_result {
    /// Every value, in order.
    const ALL: [gls_result; 20] = [
        Self::GLS_OK,
        Self::GLS_ERR_INVALID_INPUT,
        Self::GLS_ERR_OFFER_REUSED,
        Self::GLS_ERR_VALIDATION,
        Self::GLS_ERR_ACCESS_DENIED,
        Self::GLS_ERR_NOT_FOUND,
        Self::GLS_ERR_CONFLICT,
        Self::GLS_ERR_THROTTLED,
        Self::GLS_ERR_SERVICE,
        Self::GLS_ERR_TIMEOUT,
        Self::GLS_ERR_NETWORK,
        Self::GLS_ERR_SESSION_ENDED,
        Self::GLS_ERR_DEADLINE_EXCEEDED,
        Self::GLS_ERR_CANCELLED,
        Self::GLS_ERR_CREDENTIALS,
        Self::GLS_ERR_CONFIGURATION,
        Self::GLS_ERR_INTERNAL,
        Self::GLS_ERR_PANIC,
        Self::GLS_ERR_ABI_MISMATCH,
        Self::GLS_ERR_INVALID_STATE,
    ];

    /// The code for a gls-core error kind (the values are the same numbers).
    pub(crate) fn of(kind: ErrorKind) -> Self {
        Self::ALL
            .get(kind.code() as usize)
            .copied()
            .unwrap_or(Self::GLS_ERR_INTERNAL)
    }

    fn name(self) -> &'static CStr {
        match self {
            Self::GLS_OK => c"GLS_OK",
            Self::GLS_ERR_INVALID_INPUT => c"GLS_ERR_INVALID_INPUT",
            Self::GLS_ERR_OFFER_REUSED => c"GLS_ERR_OFFER_REUSED",
            Self::GLS_ERR_VALIDATION => c"GLS_ERR_VALIDATION",
            Self::GLS_ERR_ACCESS_DENIED => c"GLS_ERR_ACCESS_DENIED",
            Self::GLS_ERR_NOT_FOUND => c"GLS_ERR_NOT_FOUND",
            Self::GLS_ERR_CONFLICT => c"GLS_ERR_CONFLICT",
            Self::GLS_ERR_THROTTLED => c"GLS_ERR_THROTTLED",
            Self::GLS_ERR_SERVICE => c"GLS_ERR_SERVICE",
            Self::GLS_ERR_TIMEOUT => c"GLS_ERR_TIMEOUT",
            Self::GLS_ERR_NETWORK => c"GLS_ERR_NETWORK",
            Self::GLS_ERR_SESSION_ENDED => c"GLS_ERR_SESSION_ENDED",
            Self::GLS_ERR_DEADLINE_EXCEEDED => c"GLS_ERR_DEADLINE_EXCEEDED",
            Self::GLS_ERR_CANCELLED => c"GLS_ERR_CANCELLED",
            Self::GLS_ERR_CREDENTIALS => c"GLS_ERR_CREDENTIALS",
            Self::GLS_ERR_CONFIGURATION => c"GLS_ERR_CONFIGURATION",
            Self::GLS_ERR_INTERNAL => c"GLS_ERR_INTERNAL",
            Self::GLS_ERR_PANIC => c"GLS_ERR_PANIC",
            Self::GLS_ERR_ABI_MISMATCH => c"GLS_ERR_ABI_MISMATCH",
            Self::GLS_ERR_INVALID_STATE => c"GLS_ERR_INVALID_STATE",
        }
    }
}

/// The name of a result code, e.g. `"GLS_ERR_THROTTLED"`: a static string, never freed.
/// Unknown values give `"GLS_ERR_UNKNOWN"`. Any thread.
#[unsafe(no_mangle)]
pub extern "C" fn gls_result_name(code: u32) -> *const c_char {
    gls_result::ALL
        .get(code as usize)
        .map_or(c"GLS_ERR_UNKNOWN", |r| r.name())
        .as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_gls_core_and_names_match_variants() {
        for kind in ErrorKind::ALL {
            assert_eq!(gls_result::of(kind) as u32, kind.code());
        }
        for (index, result) in gls_result::ALL.iter().enumerate() {
            assert_eq!(*result as usize, index);
            assert!(format!("{result:?}").as_bytes() == result.name().to_bytes());
        }
    }
}
