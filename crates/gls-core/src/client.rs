//! The client: one SDK client per region, created on demand, and the plain calls (start, get,
//! terminate, list) with the same error model and a few retries of transient failures.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_gameliftstreams::config::Region;
use aws_sdk_gameliftstreams::operation::RequestId;
use aws_sdk_gameliftstreams::types::Protocol;
use futures_util::Stream;

use crate::config::ClientBuilder;
use crate::error::{Error, ErrorKind, Result};
use crate::identifiers::{StreamGroupId, StreamSessionId};
use crate::offers::UsedOffers;
use crate::policy::{Backoff, ReconnectPolicy};
use crate::sdk_error::from_sdk;
use crate::session::{SessionInfo, SessionStatus, SessionTarget, seconds, system_time};
use crate::signal::{ClientToken, SignalRequest, SignalResponse};

/// Attempts of the plain calls (start, get, terminate, list) on transient failures.
const PLAIN_CALL_ATTEMPTS: u32 = 3;

/// A GameLift Streams client that reconnects sessions correctly. Cheap to clone; all clones share
/// their SDK clients and their memory of used offers. Thread-safe.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: aws_sdk_gameliftstreams::Config,
    default_region: String,
    regional: Mutex<HashMap<String, aws_sdk_gameliftstreams::Client>>,
    policy: ReconnectPolicy,
    pub(crate) offers: UsedOffers,
}

/// What to start: see [`Client::start_session`].
#[derive(Clone, Debug)]
pub struct StartSession {
    /// Stream group to start in.
    pub stream_group: StreamGroupId,
    /// Application ID or ARN.
    pub application: String,
    /// The client's first WebRTC offer.
    pub signal_request: SignalRequest,
    /// `ConnectionTimeoutSeconds` (1..3600): the connect and reconnect window.
    pub connection_timeout: Option<Duration>,
    /// `SessionLengthSeconds` (1..86400).
    pub session_length: Option<Duration>,
    /// `UserId`.
    pub user_id: Option<String>,
    /// Idempotency token (generated when absent).
    pub client_token: Option<ClientToken>,
    /// Wait until the session is ACTIVE, at most this long.
    pub wait_for_active: Option<Duration>,
}

impl StartSession {
    /// A start with the service's defaults.
    pub fn new(
        stream_group: StreamGroupId,
        application: impl Into<String>,
        offer: SignalRequest,
    ) -> Self {
        Self {
            stream_group,
            application: application.into(),
            signal_request: offer,
            connection_timeout: None,
            session_length: None,
            user_id: None,
            client_token: None,
            wait_for_active: None,
        }
    }
}

/// A started session and the answer to its first offer.
#[derive(Clone, Debug)]
pub struct StartedSession {
    /// The session (ACTIVE if the start waited for it).
    pub info: SessionInfo,
    /// The answer to the start's offer.
    pub signal_response: Option<SignalResponse>,
}

/// One entry of [`Client::list_sessions`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSummary {
    /// The session ARN.
    pub arn: String,
    /// Its status.
    pub status: SessionStatus,
    /// Its status reason.
    pub status_reason: Option<String>,
}

impl Client {
    /// A builder. See [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_parts(
        config: aws_sdk_gameliftstreams::Config,
        default_region: String,
        policy: ReconnectPolicy,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                default_region,
                regional: Mutex::default(),
                policy,
                offers: UsedOffers::default(),
            }),
        }
    }

    /// The reconnect policy.
    pub fn policy(&self) -> &ReconnectPolicy {
        &self.inner.policy
    }

    pub(crate) fn offers(&self) -> &UsedOffers {
        &self.inner.offers
    }

    /// The SDK client for `region` (the default region when `None`), created once and cached.
    pub(crate) fn sdk(&self, region: Option<&str>) -> aws_sdk_gameliftstreams::Client {
        let region = region.unwrap_or(&self.inner.default_region);
        let mut regional = self
            .inner
            .regional
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        regional
            .entry(region.to_owned())
            .or_insert_with(|| {
                let config = self
                    .inner
                    .config
                    .to_builder()
                    .region(Region::new(region.to_owned()))
                    .build();
                aws_sdk_gameliftstreams::Client::from_conf(config)
            })
            .clone()
    }

    /// Runs a plain call, retrying transient failures a few times with backoff.
    async fn with_retries<T, F, Fut>(&self, mut call: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let policy = &self.inner.policy;
        let mut backoff = Backoff::new(policy.initial_backoff, policy.max_backoff);
        let mut attempts = 0;
        loop {
            attempts += 1;
            match call().await {
                Ok(value) => return Ok(value),
                Err(error) if error.is_retryable() && attempts < PLAIN_CALL_ATTEMPTS => {
                    tracing::debug!(attempt = attempts, kind = %error.kind(), request_id = error.request_id(), "retrying");
                    tokio::time::sleep(backoff.next_delay()).await;
                }
                Err(error) => return Err(error.with_attempts(attempts)),
            }
        }
    }

    /// GetStreamSession, once (no retries): what the reconnect loop and the watcher poll with.
    pub(crate) async fn read_session(&self, target: &SessionTarget) -> Result<SessionInfo> {
        let out = self
            .sdk(target.region())
            .get_stream_session()
            .identifier(target.stream_group().as_str())
            .stream_session_identifier(target.session().as_str())
            .send()
            .await
            .map_err(|e| from_sdk("GetStreamSession", e))?;
        Ok(SessionInfo {
            request_id: out.request_id().map(str::to_owned),
            arn: out.arn.unwrap_or_default(),
            stream_group_id: out.stream_group_id.unwrap_or_default(),
            status: SessionStatus::from_sdk(out.status.as_ref()),
            status_reason: out.status_reason.map(|r| r.as_str().to_owned()),
            connection_timeout: seconds(out.connection_timeout_seconds),
            last_updated_at: system_time(out.last_updated_at.as_ref()),
            created_at: system_time(out.created_at.as_ref()),
            location: out.location,
        })
    }

    /// GetStreamSession, retrying transient failures.
    pub async fn get_session(&self, target: &SessionTarget) -> Result<SessionInfo> {
        self.with_retries(|| self.read_session(target)).await
    }

    /// TerminateStreamSession (idempotent).
    pub async fn terminate_session(&self, target: &SessionTarget) -> Result<()> {
        self.with_retries(|| async {
            self.sdk(target.region())
                .terminate_stream_session()
                .identifier(target.stream_group().as_str())
                .stream_session_identifier(target.session().as_str())
                .send()
                .await
                .map(|_| ())
                .map_err(|e| from_sdk("TerminateStreamSession", e))
        })
        .await
    }

    /// StartStreamSession with a ClientToken (so a retry never starts a second session),
    /// optionally waiting until the session is ACTIVE. The start's offer counts as used.
    pub async fn start_session(&self, start: StartSession) -> Result<StartedSession> {
        let to_seconds = |field: &str, value: Option<Duration>, max: u64| -> Result<Option<i32>> {
            match value.map(|d| d.as_secs()) {
                None => Ok(None),
                Some(s) if (1..=max).contains(&s) => Ok(Some(s as i32)),
                Some(s) => Err(Error::invalid_input(format!(
                    "{field} must be 1 to {max} seconds, got {s}"
                ))),
            }
        };
        let connection_timeout = to_seconds("connection timeout", start.connection_timeout, 3600)?;
        let session_length = to_seconds("session length", start.session_length, 86_400)?;
        let token = start.client_token.unwrap_or_else(ClientToken::generate);
        let region = start.stream_group.region().map(str::to_owned);
        let out = self
            .with_retries(|| async {
                self.sdk(region.as_deref())
                    .start_stream_session()
                    .identifier(start.stream_group.as_str())
                    .application_identifier(&start.application)
                    .protocol(Protocol::Webrtc)
                    .signal_request(start.signal_request.as_str())
                    .set_connection_timeout_seconds(connection_timeout)
                    .set_session_length_seconds(session_length)
                    .set_user_id(start.user_id.clone())
                    .client_token(token.as_str())
                    .send()
                    .await
                    .map_err(|e| from_sdk("StartStreamSession", e))
            })
            .await?;
        let info = SessionInfo {
            request_id: out.request_id().map(str::to_owned),
            arn: out.arn.clone().unwrap_or_default(),
            stream_group_id: out.stream_group_id.clone().unwrap_or_default(),
            status: SessionStatus::from_sdk(out.status.as_ref()),
            status_reason: out.status_reason.as_ref().map(|r| r.as_str().to_owned()),
            connection_timeout: seconds(out.connection_timeout_seconds),
            last_updated_at: system_time(out.last_updated_at.as_ref()),
            created_at: system_time(out.created_at.as_ref()),
            location: out.location.clone(),
        };
        let target = info.target()?;
        self.offers()
            .insert(target.session().session_id(), start.signal_request.digest());
        tracing::info!(session = %info.arn, status = %info.status, "stream session started");
        let signal_response = out.signal_response.map(SignalResponse::new);
        let info = match start.wait_for_active {
            Some(limit) => self.wait_for_active(&target, limit).await?,
            None => info,
        };
        Ok(StartedSession {
            info,
            signal_response,
        })
    }

    /// Polls until the session is ACTIVE (or further), failing if it ends or `limit` passes.
    async fn wait_for_active(
        &self,
        target: &SessionTarget,
        limit: Duration,
    ) -> Result<SessionInfo> {
        let deadline = Instant::now() + limit;
        let policy = &self.inner.policy;
        let mut poll = Backoff::new(policy.initial_poll, policy.max_poll);
        loop {
            let info = self.get_session(target).await?;
            match info.status {
                SessionStatus::Activating => {}
                ref status if status.is_final() => {
                    return Err(Error::new(
                        ErrorKind::SessionEnded,
                        format!("stream session {target} is {status} while starting"),
                    )
                    .with_status_reason(info.status_reason));
                }
                _ => return Ok(info),
            }
            let pause = poll.next_delay();
            if Instant::now() + pause > deadline {
                return Err(Error::new(
                    ErrorKind::DeadlineExceeded,
                    format!("stream session {target} was not ACTIVE within {limit:?}"),
                ));
            }
            tokio::time::sleep(pause).await;
        }
    }

    /// ListStreamSessions of a stream group, page by page, as a stream of summaries.
    pub fn list_sessions(
        &self,
        stream_group: &StreamGroupId,
    ) -> impl Stream<Item = Result<SessionSummary>> + Send + 'static {
        let pages = self
            .sdk(stream_group.region())
            .list_stream_sessions()
            .identifier(stream_group.as_str())
            .into_paginator()
            .items()
            .send();
        futures_util::stream::unfold(pages, |mut pages| async move {
            let item = pages.next().await?;
            let summary = item
                .map(|s| SessionSummary {
                    arn: s.arn.unwrap_or_default(),
                    status: SessionStatus::from_sdk(s.status.as_ref()),
                    status_reason: s.status_reason.map(|r| r.as_str().to_owned()),
                })
                .map_err(|e| from_sdk("ListStreamSessions", e));
            Some((summary, pages))
        })
    }

    /// A target from a stream group and a session, both as text: validated.
    pub fn target(stream_group: &str, session: &str) -> Result<SessionTarget> {
        SessionTarget::new(
            StreamGroupId::new(stream_group)?,
            StreamSessionId::new(session)?,
        )
    }
}
