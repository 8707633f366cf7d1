//! `reconnect`: get a dropped player back into the same stream session.
//!
//! 1. The offer must be new for the session: offers already sent are refused locally.
//! 2. One ClientToken for the whole reconnect, reused on every attempt, so the service creates
//!    one connection however many attempts it takes (including a dropped response).
//! 3. The happy path is one CreateStreamSessionConnection call, no preflight read.
//! 4. After a failed attempt, GetStreamSession decides: TERMINATING / TERMINATED / ERROR end the
//!    reconnect with the status reason; CONNECTED (the service has not noticed the drop yet),
//!    ACTIVATING and RECONNECTING are waited out by polling with backoff; ACTIVE and
//!    PENDING_CLIENT_RECONNECTION are retried.
//! 5. Throttling, 5xx, timeouts and network errors are retried with capped, jittered
//!    exponential backoff; a conflict re-reads the status; NotFound, Validation and AccessDenied
//!    fail at once.
//! 6. Everything stops at the deadline: the end of the session's reconnect window (learned from
//!    the status read), or the caller's shorter one; and on cancellation.

use std::time::{Duration, Instant, SystemTime};

use aws_sdk_gameliftstreams::operation::RequestId;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::policy::Backoff;
use crate::sdk_error::from_sdk;
use crate::session::{SessionInfo, SessionStatus, SessionTarget};
use crate::signal::{ClientToken, SignalRequest, SignalResponse};

/// Time still granted when the local clock says the window is over but the service still
/// reports the session reconnectable (the service, not a skewed clock, has the last word).
const WINDOW_GRACE: Duration = Duration::from_secs(1);

/// Options of one reconnect.
#[derive(Clone, Debug, Default)]
pub struct ReconnectOptions {
    /// The idempotency token to use (generated when absent).
    pub client_token: Option<ClientToken>,
    /// Give up after this long, if sooner than the reconnect window's end.
    pub deadline: Option<Duration>,
    /// Cancels the reconnect when triggered (dropping the future cancels too).
    pub cancel: Option<CancellationToken>,
}

/// A successful reconnect.
#[derive(Clone, Debug)]
pub struct Reconnected {
    /// The service's answer: give it to the WebRTC client.
    pub signal_response: SignalResponse,
    /// The ClientToken every attempt used.
    pub client_token: ClientToken,
    /// CreateStreamSessionConnection calls made.
    pub attempts: u32,
    /// Time from the call to the answer.
    pub elapsed: Duration,
    /// The AWS request ID of the successful call.
    pub request_id: Option<String>,
}

/// Where a reconnect stands between attempts.
struct Attempts<'a> {
    client: &'a Client,
    target: &'a SessionTarget,
    cancel: CancellationToken,
    caller_deadline: Option<Instant>,
    deadline: Instant,
    count: u32,
    backoff: Backoff,
    poll: Backoff,
}

impl Attempts<'_> {
    /// Waits `pause`, unless that passes the deadline or the caller cancels.
    async fn pause(&self, pause: Duration, last: &Error) -> Result<()> {
        if Instant::now() + pause > self.deadline {
            return Err(Error::new(
                ErrorKind::DeadlineExceeded,
                format!(
                    "reconnecting {} ran out of time (the reconnect window or the deadline); last failure: {}",
                    self.target,
                    last.message()
                ),
            )
            .with_request_id(last.request_id().map(str::to_owned))
            .with_attempts(self.count));
        }
        tokio::select! {
            () = self.cancel.cancelled() => Err(self.cancelled()),
            () = tokio::time::sleep(pause) => Ok(()),
        }
    }

    fn cancelled(&self) -> Error {
        Error::new(
            ErrorKind::Cancelled,
            format!("reconnecting {} was cancelled", self.target),
        )
        .with_attempts(self.count)
    }

    /// Narrows the deadline to the window the status read reveals.
    fn learn_window(&mut self, info: &SessionInfo) {
        let Some(end) = info.window_end() else { return };
        let left = end
            .duration_since(SystemTime::now())
            .unwrap_or_default()
            .max(WINDOW_GRACE);
        let window_deadline = Instant::now() + left;
        self.deadline = self
            .caller_deadline
            .map_or(window_deadline, |d| d.min(window_deadline));
    }

    /// Reads the status until the session can take a connection: `Ok` to try again, `Err` to
    /// stop (the session ended, cannot be found, or time ran out).
    ///
    /// RECONNECTING after an attempt whose outcome is unknown (cut connection, timeout, 5xx) may
    /// be that very attempt, applied: the same ClientToken is then retried at once, and the
    /// service answers it idempotently (or with a conflict, which waits it out).
    async fn wait_until_reconnectable(&mut self, last: &Error) -> Result<()> {
        let outcome_unknown = matches!(
            last.kind(),
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::ServiceError
        );
        let mut last = last.clone();
        self.poll.reset();
        loop {
            let read = tokio::select! {
                () = self.cancel.cancelled() => return Err(self.cancelled()),
                read = self.client.read_session(self.target) => read,
            };
            match read {
                Ok(info) if info.status.is_final() => {
                    return Err(Error::new(
                        ErrorKind::SessionEnded,
                        format!(
                            "stream session {} is {}{}: it cannot be reconnected; start a new session",
                            self.target,
                            info.status,
                            info.status_reason
                                .as_deref()
                                .map(|r| format!(" ({r})"))
                                .unwrap_or_default()
                        ),
                    )
                    .with_status_reason(info.status_reason)
                    .with_request_id(info.request_id)
                    .with_attempts(self.count));
                }
                Ok(info)
                    if info.status.is_reconnectable()
                        || (outcome_unknown && info.status == SessionStatus::Reconnecting) =>
                {
                    self.learn_window(&info);
                    tracing::debug!(status = %info.status, "session is reconnectable");
                    return Ok(());
                }
                Ok(info) => {
                    tracing::debug!(status = %info.status, "waiting for the session to become reconnectable");
                    let pause = self.poll.next_delay();
                    self.pause(pause, &last).await?;
                }
                Err(error) if error.is_retryable() => {
                    tracing::debug!(kind = %error.kind(), request_id = error.request_id(), "status read failed; retrying");
                    let pause = self.backoff.next_delay();
                    self.pause(pause, &error).await?;
                    last = error;
                }
                Err(error) => return Err(error.with_attempts(self.count)),
            }
        }
    }
}

impl Client {
    /// Reconnects a dropped client to `target` with a newly generated WebRTC offer and returns
    /// the service's answer. See the module docs for the algorithm.
    ///
    /// Fails with [`ErrorKind::OfferReused`] without a network call if this client already sent
    /// the offer for this session.
    pub async fn reconnect(
        &self,
        target: &SessionTarget,
        signal_request: SignalRequest,
        options: ReconnectOptions,
    ) -> Result<Reconnected> {
        let started = Instant::now();
        let session_key = target.session().session_id();
        if !self.offers().insert(session_key, signal_request.digest()) {
            return Err(Error::new(
                ErrorKind::OfferReused,
                format!(
                    "this offer was already sent for stream session {target}: have the WebRTC client generate a new one"
                ),
            ));
        }
        let token = options.client_token.unwrap_or_else(ClientToken::generate);
        let span = tracing::info_span!("reconnect", session = %target, client_token = %token);
        let policy = self.policy();
        let caller_deadline = options.deadline.map(|d| started + d);
        let mut attempts = Attempts {
            client: self,
            target,
            cancel: options.cancel.unwrap_or_default(),
            caller_deadline,
            // Until a status read reveals the window: the caller's deadline or the default window.
            deadline: caller_deadline.unwrap_or(started + policy.default_window),
            count: 0,
            backoff: Backoff::new(policy.initial_backoff, policy.max_backoff),
            poll: Backoff::new(policy.initial_poll, policy.max_poll),
        };
        async move {
            let sdk = self.sdk(target.region());
            let mut last_failure: Option<Error> = None;
            loop {
                attempts.count += 1;
                let call = sdk
                    .create_stream_session_connection()
                    .identifier(target.stream_group().as_str())
                    .stream_session_identifier(target.session().as_str())
                    .signal_request(signal_request.as_str())
                    .client_token(token.as_str())
                    .send();
                let outcome = tokio::select! {
                    () = attempts.cancel.cancelled() => return Err(attempts.cancelled()),
                    outcome = tokio::time::timeout_at(attempts.deadline.into(), call) => outcome,
                };
                let error = match outcome {
                    Ok(Ok(out)) => {
                        let reconnected = Reconnected {
                            request_id: out.request_id().map(str::to_owned),
                            signal_response: SignalResponse::new(
                                out.signal_response.unwrap_or_default(),
                            ),
                            client_token: token,
                            attempts: attempts.count,
                            elapsed: started.elapsed(),
                        };
                        tracing::info!(
                            attempts = reconnected.attempts,
                            elapsed_ms = reconnected.elapsed.as_millis() as u64,
                            request_id = reconnected.request_id.as_deref(),
                            "reconnected"
                        );
                        return Ok(reconnected);
                    }
                    Ok(Err(error)) => from_sdk("CreateStreamSessionConnection", error),
                    Err(_) => {
                        let last = last_failure
                            .as_ref()
                            .map(|e| format!("; last failure: {}", e.message()))
                            .unwrap_or_default();
                        return Err(Error::new(
                            ErrorKind::DeadlineExceeded,
                            format!(
                                "reconnecting {target} ran out of time during attempt {}{last}",
                                attempts.count
                            ),
                        )
                        .with_attempts(attempts.count));
                    }
                };
                tracing::info!(
                    attempt = attempts.count,
                    kind = %error.kind(),
                    request_id = error.request_id(),
                    "attempt failed"
                );
                match error.kind() {
                    ErrorKind::Conflict => {}
                    kind if kind.is_retryable() => {}
                    _ => return Err(error.with_attempts(attempts.count)),
                }
                attempts.wait_until_reconnectable(&error).await?;
                let pause = attempts.backoff.next_delay();
                attempts.pause(pause, &error).await?;
                last_failure = Some(error);
            }
        }
        .instrument(span)
        .await
    }
}
