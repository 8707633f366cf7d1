//! SigV4 verification of API requests.
//!
//! The Authorization header is parsed and checked here (algorithm, credential scope, key, date,
//! clock skew); the expected signature itself is computed by the `aws-sigv4` crate from exactly
//! the headers the client says it signed, and the real body, so a tampered body or header fails.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    SessionTokenMode, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use http::request::Parts;
use time::OffsetDateTime;
use time::macros::format_description;

use crate::config::KeyPair;
use crate::error::{ApiError, ErrorKind};

/// The signing name of the service.
pub const SERVICE: &str = "gameliftstreams";

/// Who signed a request, and for which region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// The access key ID that signed.
    pub access_key_id: String,
    /// The region of the credential scope.
    pub region: String,
}

struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn incomplete(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorKind::IncompleteSignature, message)
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorKind::InvalidSignature, message)
}

fn parse_authorization(header: &str) -> Result<Authorization<'_>, ApiError> {
    let rest = header.strip_prefix("AWS4-HMAC-SHA256 ").ok_or_else(|| {
        incomplete("Authorization header must use the AWS4-HMAC-SHA256 algorithm")
    })?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (key, value) = part.trim().split_once('=').unwrap_or(("", ""));
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value),
            "Signature" => signature = Some(value),
            _ => {}
        }
    }
    let missing =
        |what: &str| incomplete(format!("Authorization header requires '{what}' parameter"));
    let credential = credential.ok_or_else(|| missing("Credential"))?;
    let signed_headers = signed_headers.ok_or_else(|| missing("SignedHeaders"))?;
    let signature = signature.ok_or_else(|| missing("Signature"))?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = scope[..] else {
        return Err(incomplete(
            "Credential must have the form ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request",
        ));
    };
    if terminator != "aws4_request" {
        return Err(invalid(
            "Credential should be scoped with a valid terminator: 'aws4_request'",
        ));
    }
    Ok(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers: signed_headers.split(';').collect(),
        signature,
    })
}

fn parse_amz_date(value: &str) -> Result<SystemTime, ApiError> {
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    time::PrimitiveDateTime::parse(value, &format)
        .map(|t| SystemTime::from(t.assume_utc()))
        .map_err(|_| {
            incomplete(format!(
                "X-Amz-Date `{value}` is not of the form YYYYMMDD'T'HHMMSS'Z'"
            ))
        })
}

fn amz_date(time: SystemTime) -> String {
    let t = OffsetDateTime::from(time);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Verifies a request's SigV4 signature against the accepted key pairs, with `max_skew`
/// between its `X-Amz-Date` and `now` (the real wall clock).
pub fn verify(
    parts: &Parts,
    body: &[u8],
    keys: &[KeyPair],
    now: SystemTime,
    max_skew: Duration,
) -> Result<Signer, ApiError> {
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let Some(authorization) = header("authorization") else {
        return Err(ApiError::new(
            ErrorKind::MissingAuthenticationToken,
            "Missing Authentication Token: sign requests with SigV4 (the emulator's default key pair is test/test)",
        ));
    };
    let auth = parse_authorization(authorization)?;
    if auth.service != SERVICE {
        return Err(invalid(format!(
            "Credential should be scoped to correct service: '{SERVICE}' (got '{}')",
            auth.service
        )));
    }
    let key = keys
        .iter()
        .find(|k| k.access_key_id == auth.access_key_id)
        .ok_or_else(|| {
            ApiError::new(
                ErrorKind::UnrecognizedClient,
                format!(
                    "The security token included in the request is invalid: access key `{}` is not known to this emulator",
                    auth.access_key_id
                ),
            )
        })?;
    let date = header("x-amz-date").ok_or_else(|| {
        incomplete("Authorization header requires existence of a 'X-Amz-Date' header")
    })?;
    let signed_at = parse_amz_date(date)?;
    if !date.starts_with(auth.date) || auth.date.len() != 8 {
        return Err(invalid(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}'",
            auth.date,
            &date[..8.min(date.len())]
        )));
    }
    if let Ok(ahead) = signed_at.duration_since(now) {
        if ahead > max_skew {
            return Err(invalid(format!(
                "Signature not yet current: {date} is still later than {} ({} + {} min.)",
                amz_date(now + max_skew),
                amz_date(now),
                max_skew.as_secs() / 60
            )));
        }
    } else if now.duration_since(signed_at).unwrap_or_default() > max_skew {
        return Err(invalid(format!(
            "Signature expired: {date} is now earlier than {} ({} - {} min.)",
            amz_date(now - max_skew),
            amz_date(now),
            max_skew.as_secs() / 60
        )));
    }
    if !auth.signed_headers.contains(&"host") {
        return Err(invalid("'Host' must be a signed header"));
    }

    let mut signed = Vec::new();
    for name in &auth.signed_headers {
        let values = parts.headers.get_all(*name);
        let mut any = false;
        for value in values {
            let value = value
                .to_str()
                .map_err(|_| invalid(format!("signed header `{name}` is not valid text")))?;
            signed.push((*name, value));
            any = true;
        }
        if !any {
            return Err(invalid(format!(
                "signed header `{name}` is missing from the request"
            )));
        }
    }
    let token = header("x-amz-security-token");
    let mut settings = SigningSettings::default();
    settings.excluded_headers = Some(Vec::new());
    if !auth.signed_headers.contains(&"x-amz-security-token") {
        settings.session_token_mode = SessionTokenMode::Exclude;
    }
    let identity = Credentials::new(
        &key.access_key_id,
        &key.secret_access_key,
        token.map(str::to_owned),
        None,
        "gls-emulator",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(auth.region)
        .name(SERVICE)
        .time(signed_at)
        .settings(settings)
        .build()
        .map_err(|e| invalid(format!("cannot check the signature: {e}")))?;
    let host = header("host").unwrap_or_default();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let uri = format!("http://{host}{path_and_query}");
    let request = SignableRequest::new(
        parts.method.as_str(),
        uri,
        signed.into_iter(),
        SignableBody::Bytes(body),
    )
    .map_err(|e| invalid(format!("cannot check the signature: {e}")))?;
    // aws-sigv4 traces the request it signs, session token and body included: keep that out of
    // every log by computing the signature with no subscriber listening.
    let expected =
        tracing::subscriber::with_default(tracing::subscriber::NoSubscriber::new(), || {
            sign(request, &params.into())
        })
        .map_err(|e| invalid(format!("cannot check the signature: {e}")))?;
    if !constant_time_eq(expected.signature().as_bytes(), auth.signature.as_bytes()) {
        return Err(invalid(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
        ));
    }
    Ok(Signer {
        access_key_id: key.access_key_id.clone(),
        region: auth.region.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_header_parts_are_read() {
        let auth = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-west-2/gameliftstreams/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
        )
        .unwrap();
        assert_eq!(auth.access_key_id, "test");
        assert_eq!(auth.region, "us-west-2");
        assert_eq!(auth.signed_headers, ["host", "x-amz-date"]);
        assert_eq!(auth.signature, "abc");
    }

    #[test]
    fn other_algorithms_are_refused() {
        assert!(parse_authorization("AWS3 x").is_err());
    }

    #[test]
    fn amz_dates_round_trip() {
        let t = parse_amz_date("20261204T203000Z").unwrap();
        assert_eq!(amz_date(t), "20261204T203000Z");
    }
}
