//! The errors the emulator answers with, in the service's wire names and status codes.

use std::fmt;

/// The kind of an error response: its `x-amzn-ErrorType` name and HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// 400: the input breaks a constraint of the model or a rule of the service.
    Validation,
    /// 403: the caller may not do this.
    AccessDenied,
    /// 404: the named resource does not exist (in this region).
    ResourceNotFound,
    /// 409: the resource is not in a state that allows the request.
    Conflict,
    /// 429: too many requests.
    Throttling,
    /// 500: the service failed.
    InternalServer,
    /// 402: a quota would be exceeded.
    ServiceQuotaExceeded,
    /// 409: the session cannot give shell access yet.
    StreamSessionAccessNotReady,
    /// 403: the request has no SigV4 authorization.
    MissingAuthenticationToken,
    /// 403: the Authorization header is malformed or incomplete.
    IncompleteSignature,
    /// 403: the access key is not known.
    UnrecognizedClient,
    /// 403: the signature does not match, is malformed, or has expired.
    InvalidSignature,
    /// 501: the operation exists in the service but the emulator does not implement it.
    UnsupportedOperation,
    /// 404: no operation of the service matches the method and path.
    UnknownOperation,
}

impl ErrorKind {
    /// Every kind, for parsing names.
    pub const ALL: [ErrorKind; 14] = [
        Self::Validation,
        Self::AccessDenied,
        Self::ResourceNotFound,
        Self::Conflict,
        Self::Throttling,
        Self::InternalServer,
        Self::ServiceQuotaExceeded,
        Self::StreamSessionAccessNotReady,
        Self::MissingAuthenticationToken,
        Self::IncompleteSignature,
        Self::UnrecognizedClient,
        Self::InvalidSignature,
        Self::UnsupportedOperation,
        Self::UnknownOperation,
    ];

    /// The wire name (`x-amzn-ErrorType` and `__type`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Validation => "ValidationException",
            Self::AccessDenied => "AccessDeniedException",
            Self::ResourceNotFound => "ResourceNotFoundException",
            Self::Conflict => "ConflictException",
            Self::Throttling => "ThrottlingException",
            Self::InternalServer => "InternalServerException",
            Self::ServiceQuotaExceeded => "ServiceQuotaExceededException",
            Self::StreamSessionAccessNotReady => "StreamSessionAccessNotReadyException",
            Self::MissingAuthenticationToken => "MissingAuthenticationTokenException",
            Self::IncompleteSignature => "IncompleteSignatureException",
            Self::UnrecognizedClient => "UnrecognizedClientException",
            Self::InvalidSignature => "InvalidSignatureException",
            Self::UnsupportedOperation => "UnsupportedOperationException",
            Self::UnknownOperation => "UnknownOperationException",
        }
    }

    /// The HTTP status code.
    pub fn status(self) -> u16 {
        match self {
            Self::Validation => 400,
            Self::AccessDenied
            | Self::MissingAuthenticationToken
            | Self::IncompleteSignature
            | Self::UnrecognizedClient
            | Self::InvalidSignature => 403,
            Self::ResourceNotFound | Self::UnknownOperation => 404,
            Self::Conflict | Self::StreamSessionAccessNotReady => 409,
            Self::Throttling => 429,
            Self::InternalServer => 500,
            Self::ServiceQuotaExceeded => 402,
            Self::UnsupportedOperation => 501,
        }
    }

    /// The kind with this wire name; the `Exception` suffix may be left off.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| {
            let full = kind.name();
            full == name || full.strip_suffix("Exception") == Some(name)
        })
    }
}

/// An error answer: a kind and a message for the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// What kind of error.
    pub kind: ErrorKind,
    /// What went wrong and, where it helps, what to do.
    pub message: String,
}

impl ApiError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// A `ValidationException`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    /// A `ResourceNotFoundException`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ResourceNotFound, message)
    }

    /// A `ConflictException`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_names_round_trip_with_or_without_suffix() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(
            ErrorKind::from_name("Throttling"),
            Some(ErrorKind::Throttling)
        );
        assert_eq!(ErrorKind::from_name("Nope"), None);
    }
}
