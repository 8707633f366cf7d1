//! The wire format of answers: JSON bodies, `x-amzn-RequestId` on every response, and errors as
//! `x-amzn-ErrorType` plus `{"__type", "Message"}`, which both the Rust SDK and botocore read.

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode};
use http_body_util::Full;

use crate::error::ApiError;
use crate::service::Reply;

fn build(request_id: &str, status: StatusCode, body: Option<Bytes>) -> Response<Full<Bytes>> {
    let has_body = body.is_some();
    let mut response = Response::new(Full::new(body.unwrap_or_default()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert("x-amzn-requestid", id);
    }
    if has_body {
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    response
}

/// A successful answer.
pub(super) fn reply(request_id: &str, reply: Reply) -> Response<Full<Bytes>> {
    build(request_id, reply.status, reply.body)
}

/// An error answer.
pub(super) fn error(request_id: &str, error: &ApiError) -> Response<Full<Bytes>> {
    let name = error.kind.name();
    let body = serde_json::json!({
        "__type": name,
        "Message": error.message,
        "message": error.message,
    });
    let status =
        StatusCode::from_u16(error.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = build(request_id, status, Some(body.to_string().into()));
    response
        .headers_mut()
        .insert("x-amzn-errortype", HeaderValue::from_static(name));
    response
}
