//! HTTP: the listener, routing to the API or the control API, and the wire format of answers.

mod response;

use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tracing::Instrument;

use crate::error::{ApiError, ErrorKind};
use crate::operation::Operation;
use crate::state::EmulatorState;
use crate::{auth, control, service};

/// Largest request body accepted (signal payloads have no modelled maximum; this bounds memory).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Why a request got no answer.
#[derive(Debug, thiserror::Error)]
enum NoAnswer {
    /// A fault rule asked to drop the response after applying the change.
    #[error("response dropped by fault injection")]
    Dropped,
}

/// Serves connections from `listener` until `shutdown` turns true, then lets requests in flight
/// finish.
pub async fn serve(
    listener: TcpListener,
    state: Arc<EmulatorState>,
    mut shutdown: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let state = Arc::clone(&state);
                let service = service_fn(move |req| handle(Arc::clone(&state), req));
                let connection = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(e) = connection.await {
                        tracing::debug!(error = %e, "connection ended");
                    }
                });
            }
            _ = shutdown.wait_for(|stop| *stop) => break,
        }
    }
    drop(listener);
    graceful.shutdown().await;
}

async fn handle(
    state: Arc<EmulatorState>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, NoAnswer> {
    // A UUID from the thread's user-space generator: no system call per request.
    let request_id = uuid::Builder::from_random_bytes(rand::random())
        .into_uuid()
        .to_string();
    let span = tracing::info_span!(
        "request",
        id = %request_id,
        method = %req.method(),
        operation = tracing::field::Empty
    );
    async move {
        let (parts, body) = req.into_parts();
        let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => {
                return Ok(response::error(
                    &request_id,
                    &ApiError::validation(format!(
                        "the request body is larger than {MAX_BODY_BYTES} bytes or was cut short"
                    )),
                ));
            }
        };
        let path = parts.uri.path();
        if let Some(control_path) = path.strip_prefix("/_emulator/") {
            let segments = control_path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
                .collect::<Vec<_>>();
            return Ok(match control::handle(&state, &parts.method, &segments, &body) {
                Ok(reply) => response::reply(&request_id, reply),
                Err(error) => response::error(&request_id, &error),
            });
        }
        let Some((operation, labels)) = Operation::route(&parts.method, path) else {
            let error = ApiError::new(
                ErrorKind::UnknownOperation,
                format!(
                    "no Amazon GameLift Streams operation matches {} {path}",
                    parts.method
                ),
            );
            return Ok(response::error(&request_id, &error));
        };
        tracing::Span::current().record("operation", operation.name());
        let config = state.service.config();
        let signer = match auth::verify(
            &parts,
            &body,
            &config.key_pairs,
            SystemTime::now(),
            config.max_clock_skew,
        ) {
            Ok(signer) => signer,
            Err(error) => {
                tracing::info!(operation = operation.name(), error = error.kind.name(), "signature refused");
                return Ok(response::error(&request_id, &error));
            }
        };
        let plan = state.faults.plan(operation);
        if !plan.latency.is_zero() {
            tokio::time::sleep(plan.latency).await;
        }
        if let Some(error) = plan.error {
            tracing::info!(operation = operation.name(), error = error.kind.name(), "injected error");
            return Ok(response::error(&request_id, &error));
        }
        let request = service::Request {
            region: &signer.region,
            labels,
            query: parts.uri.query().unwrap_or_default(),
            body: &body,
        };
        let outcome = state.service.call(operation, &request);
        if plan.drop_response {
            tracing::info!(operation = operation.name(), "response dropped by fault injection");
            return Err(NoAnswer::Dropped);
        }
        Ok(match outcome {
            Ok(reply) => response::reply(&request_id, reply),
            Err(error) => {
                tracing::debug!(operation = operation.name(), error = error.kind.name(), message = %error.message, "request refused");
                response::error(&request_id, &error)
            }
        })
    }
    .instrument(span)
    .await
}
