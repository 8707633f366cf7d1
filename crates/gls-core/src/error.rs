//! The one error type of gls-core, with a stable numeric code per kind.
//!
//! The codes are the C ABI's result codes (`gls_result`); a retired code stays reserved.
//!
//! | code | kind | retryable | meaning |
//! |---:|---|:---:|---|
//! | 1 | `InvalidInput` | no | an argument broke a constraint; nothing was sent |
//! | 2 | `OfferReused` | no | this offer was already sent for this session; make a new one |
//! | 3 | `Validation` | no | the service refused the input (ValidationException) |
//! | 4 | `AccessDenied` | no | the credentials may not do this (AccessDeniedException, bad signature) |
//! | 5 | `NotFound` | no | the stream group or session does not exist (ResourceNotFoundException) |
//! | 6 | `Conflict` | no | the session's status does not allow the call (ConflictException) |
//! | 7 | `Throttled` | yes | too many requests (ThrottlingException) |
//! | 8 | `ServiceError` | yes | the service failed (InternalServerException, other 5xx) |
//! | 9 | `Timeout` | yes | an attempt timed out |
//! | 10 | `Network` | yes | the connection failed or was cut |
//! | 11 | `SessionEnded` | no | the session is TERMINATING, TERMINATED or ERROR (see the status reason) |
//! | 12 | `DeadlineExceeded` | no | the reconnect window or the caller's deadline ran out |
//! | 13 | `Cancelled` | no | the caller cancelled |
//! | 14 | `Credentials` | no | no credentials could be resolved |
//! | 15 | `Configuration` | no | the client was set up wrongly (no region, bad endpoint URL) |
//! | 16 | `Internal` | no | an unexpected failure inside the library or the SDK |
//! | 17 | `Panic` | no | reserved for the C ABI: a panic was caught at the boundary |

use std::fmt;

/// What kind of failure an [`Error`] is. Each kind has a stable [`code`](ErrorKind::code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An argument broke a constraint of the service model; nothing was sent.
    InvalidInput,
    /// The offer was already sent for this session.
    OfferReused,
    /// The service refused the input.
    Validation,
    /// The credentials may not do this, or the request's signature was refused.
    AccessDenied,
    /// The stream group or stream session does not exist.
    NotFound,
    /// The session's status does not allow the call.
    Conflict,
    /// The service is throttling requests.
    Throttled,
    /// The service failed.
    ServiceError,
    /// An attempt timed out.
    Timeout,
    /// The connection failed or was cut.
    Network,
    /// The session has ended (TERMINATING, TERMINATED or ERROR).
    SessionEnded,
    /// The reconnect window or the caller's deadline ran out.
    DeadlineExceeded,
    /// The caller cancelled.
    Cancelled,
    /// No credentials could be resolved.
    Credentials,
    /// The client was configured wrongly.
    Configuration,
    /// An unexpected failure.
    Internal,
    /// Reserved for the C ABI: a panic caught at the boundary.
    Panic,
}

impl ErrorKind {
    /// Every kind, in code order.
    pub const ALL: [ErrorKind; 17] = [
        Self::InvalidInput,
        Self::OfferReused,
        Self::Validation,
        Self::AccessDenied,
        Self::NotFound,
        Self::Conflict,
        Self::Throttled,
        Self::ServiceError,
        Self::Timeout,
        Self::Network,
        Self::SessionEnded,
        Self::DeadlineExceeded,
        Self::Cancelled,
        Self::Credentials,
        Self::Configuration,
        Self::Internal,
        Self::Panic,
    ];

    /// The stable numeric code (the C ABI's `gls_result` value). 0 means success and is no kind.
    pub fn code(self) -> u32 {
        match self {
            Self::InvalidInput => 1,
            Self::OfferReused => 2,
            Self::Validation => 3,
            Self::AccessDenied => 4,
            Self::NotFound => 5,
            Self::Conflict => 6,
            Self::Throttled => 7,
            Self::ServiceError => 8,
            Self::Timeout => 9,
            Self::Network => 10,
            Self::SessionEnded => 11,
            Self::DeadlineExceeded => 12,
            Self::Cancelled => 13,
            Self::Credentials => 14,
            Self::Configuration => 15,
            Self::Internal => 16,
            Self::Panic => 17,
        }
    }

    /// A stable name, e.g. `"throttled"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::OfferReused => "offer_reused",
            Self::Validation => "validation",
            Self::AccessDenied => "access_denied",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Throttled => "throttled",
            Self::ServiceError => "service_error",
            Self::Timeout => "timeout",
            Self::Network => "network",
            Self::SessionEnded => "session_ended",
            Self::DeadlineExceeded => "deadline_exceeded",
            Self::Cancelled => "cancelled",
            Self::Credentials => "credentials",
            Self::Configuration => "configuration",
            Self::Internal => "internal",
            Self::Panic => "panic",
        }
    }

    /// Whether trying the same call again later can succeed.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            Self::Throttled | Self::ServiceError | Self::Timeout | Self::Network
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A failure, with what the caller needs to act on it. Messages never contain credentials or
/// signal payloads.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
    request_id: Option<String>,
    status_reason: Option<String>,
    attempts: u32,
}

impl Error {
    /// An error of `kind`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            request_id: None,
            status_reason: None,
            attempts: 0,
        }
    }

    /// An [`ErrorKind::InvalidInput`] error.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput, message)
    }

    pub(crate) fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    pub(crate) fn with_status_reason(mut self, reason: Option<String>) -> Self {
        self.status_reason = reason;
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stable numeric code of the kind.
    pub fn code(&self) -> u32 {
        self.kind.code()
    }

    /// What happened and what to do.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether trying again later can succeed.
    pub fn is_retryable(&self) -> bool {
        self.kind.is_retryable()
    }

    /// The AWS request ID of the call that failed, for support cases.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// For [`ErrorKind::SessionEnded`]: the session's status reason (e.g. `reconnectionTimeout`).
    pub fn status_reason(&self) -> Option<&str> {
        self.status_reason.as_deref()
    }

    /// How many calls to the service were made (0 when it failed before any).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// gls-core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_stable_and_in_order() {
        for (index, kind) in ErrorKind::ALL.iter().enumerate() {
            assert_eq!(kind.code() as usize, index + 1, "{kind:?} moved");
        }
    }

    #[test]
    fn only_transient_kinds_are_retryable() {
        let retryable: Vec<_> = ErrorKind::ALL
            .into_iter()
            .filter(|k| k.is_retryable())
            .collect();
        assert_eq!(
            retryable,
            [
                ErrorKind::Throttled,
                ErrorKind::ServiceError,
                ErrorKind::Timeout,
                ErrorKind::Network
            ]
        );
    }
}
