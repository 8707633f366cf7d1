//! Turning the SDK's errors into gls-core's [`Error`], by kind.

use aws_sdk_gameliftstreams::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_gameliftstreams::operation::RequestId;

use crate::error::{Error, ErrorKind};

/// Maps any SDK failure of the call named `what` to an [`Error`], keeping the request ID.
pub(crate) fn from_sdk<E, R>(what: &str, error: SdkError<E, R>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
    SdkError<E, R>: RequestId,
{
    let request_id = error.request_id().map(str::to_owned);
    let (kind, detail) = match &error {
        SdkError::ServiceError(context) => {
            let service_error = context.err();
            let code = service_error.code().unwrap_or("UnknownError");
            let message = service_error.message().unwrap_or_default();
            (kind_of_code(code), format!("{code}: {message}"))
        }
        SdkError::TimeoutError(_) => (ErrorKind::Timeout, "the attempt timed out".to_owned()),
        SdkError::DispatchFailure(failure) => {
            let kind = if credentials_failure(&error) {
                ErrorKind::Credentials
            } else if failure.is_timeout() {
                ErrorKind::Timeout
            } else if failure.is_user() {
                ErrorKind::Configuration
            } else {
                ErrorKind::Network
            };
            (kind, chain(&error))
        }
        SdkError::ResponseError(_) => (
            ErrorKind::Network,
            format!("the response could not be read: {}", chain(&error)),
        ),
        SdkError::ConstructionFailure(_) => {
            let kind = if credentials_failure(&error) {
                ErrorKind::Credentials
            } else {
                ErrorKind::Internal
            };
            (kind, chain(&error))
        }
        _ => (ErrorKind::Internal, chain(&error)),
    };
    Error::new(kind, format!("{what} failed: {detail}")).with_request_id(request_id)
}

/// The kind for a service error code.
fn kind_of_code(code: &str) -> ErrorKind {
    match code {
        "ThrottlingException" | "TooManyRequestsException" | "RequestLimitExceeded" => {
            ErrorKind::Throttled
        }
        "InternalServerException" | "ServiceUnavailableException" | "InternalFailure" => {
            ErrorKind::ServiceError
        }
        "ValidationException" => ErrorKind::Validation,
        "ResourceNotFoundException" => ErrorKind::NotFound,
        "ConflictException" => ErrorKind::Conflict,
        "AccessDeniedException"
        | "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "IncompleteSignatureException"
        | "MissingAuthenticationTokenException"
        | "ExpiredTokenException"
        | "SignatureDoesNotMatch" => ErrorKind::AccessDenied,
        _ => ErrorKind::Internal,
    }
}

/// The error and its sources, one line.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Whether resolving credentials is what failed.
fn credentials_failure(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(cause) = current {
        if cause
            .downcast_ref::<aws_credential_types::provider::error::CredentialsError>()
            .is_some()
        {
            return true;
        }
        current = cause.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_codes_map_to_kinds() {
        assert_eq!(kind_of_code("ThrottlingException"), ErrorKind::Throttled);
        assert_eq!(
            kind_of_code("InternalServerException"),
            ErrorKind::ServiceError
        );
        assert_eq!(
            kind_of_code("InvalidSignatureException"),
            ErrorKind::AccessDenied
        );
        assert_eq!(kind_of_code("ConflictException"), ErrorKind::Conflict);
        assert_eq!(kind_of_code("Whatever"), ErrorKind::Internal);
    }
}
