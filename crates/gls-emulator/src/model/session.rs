//! A stream session and every rule of its lifecycle.
//!
//! Time-driven transitions are applied lazily: [`Session::settle`] replays every transition that
//! fell due up to "now", each at its own due time, whenever the session is read or changed. That
//! keeps the emulator free of timers and makes a hand-advanced clock exact.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::capacity::{LocationCapacity, Slot};
use super::status::{SessionStatus, StatusReason};
use crate::clock::Timestamp;
use crate::config::Timings;
use crate::error::ApiError;

/// What the caller asked for when starting the session, echoed back by Get.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchOptions {
    /// `Description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `UserId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `AdditionalLaunchArgs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_launch_args: Option<serde_json::Value>,
    /// `AdditionalEnvironmentVariables`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_environment_variables: Option<serde_json::Value>,
    /// `PerformanceStatsConfiguration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub performance_stats_configuration: Option<serde_json::Value>,
    /// `DisplayConfiguration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_configuration: Option<serde_json::Value>,
}

/// One accepted signal exchange: the start, or a CreateStreamSessionConnection.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Connection {
    /// The ClientToken the exchange was made with.
    pub client_token: String,
    /// SHA-256 of the offer: identifies it without storing it again.
    #[serde(serialize_with = "as_hex")]
    pub signal_request_sha256: OfferDigest,
    /// When it was accepted.
    pub created_at: Timestamp,
    /// Status the session had when the exchange was accepted.
    pub accepted_in_status: SessionStatus,
    #[serde(skip)]
    signal_response: String,
}

/// The SHA-256 digest of a SignalRequest.
pub type OfferDigest = [u8; 32];

fn as_hex<S: serde::Serializer>(digest: &OfferDigest, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&hex::encode(digest))
}

/// A signal exchange's answer, and whether it was a replay of an earlier one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The SignalResponse.
    pub signal_response: String,
    /// True when the ClientToken had been used with the same offer before.
    pub replayed: bool,
}

/// A stream session.
#[derive(Debug)]
pub struct Session {
    /// Creation order, for pagination.
    pub seq: u64,
    /// Session ID.
    pub id: String,
    /// Session ARN.
    pub arn: String,
    /// ID of the stream group hosting it.
    pub group_id: String,
    /// ARN of the application it runs.
    pub application_arn: String,
    /// The location it runs (or waits for capacity) in.
    pub location: Arc<LocationCapacity>,
    /// `ConnectionTimeoutSeconds`: the connect and reconnect window.
    pub connection_timeout: Duration,
    /// `SessionLengthSeconds`: the longest the application runs.
    pub session_length: Duration,
    /// What the caller asked for, echoed back.
    pub launch: LaunchOptions,
    /// Current status.
    pub status: SessionStatus,
    /// Why it is in that status, for the statuses that have a reason.
    pub reason: Option<StatusReason>,
    /// When the current status was entered.
    pub since: Timestamp,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last status change.
    pub last_updated_at: Timestamp,
    /// When the application started (the session became ACTIVE the first time).
    pub application_started_at: Option<Timestamp>,
    /// When a client first connected.
    pub streaming_started_at: Option<Timestamp>,
    /// When streaming ended.
    pub streaming_ended_at: Option<Timestamp>,
    slot: Option<Slot>,
    ever_connected: bool,
    revision: u64,
    rendered: Option<(u64, Bytes)>,
    used_offers: HashSet<OfferDigest>,
    latest_signal_request: String,
    connections: Vec<Connection>,
    by_token: HashMap<String, usize>,
}

/// The parts of a new session that the caller chooses.
#[derive(Debug)]
pub struct NewSession {
    /// Creation order.
    pub seq: u64,
    /// Session ID.
    pub id: String,
    /// Session ARN.
    pub arn: String,
    /// Hosting stream group.
    pub group_id: String,
    /// Application ARN.
    pub application_arn: String,
    /// Location to run in.
    pub location: Arc<LocationCapacity>,
    /// The connect and reconnect window.
    pub connection_timeout: Duration,
    /// The longest the application runs.
    pub session_length: Duration,
    /// Echoed options.
    pub launch: LaunchOptions,
    /// The start's ClientToken.
    pub client_token: String,
    /// The start's offer.
    pub signal_request: String,
}

impl Session {
    /// Creates a session in ACTIVATING at `now`, holding a capacity slot if one is free, and
    /// records the start's offer as its first signal exchange.
    pub fn start(new: NewSession, now: Timestamp) -> Self {
        let slot = new.location.try_claim();
        let mut session = Self {
            seq: new.seq,
            id: new.id,
            arn: new.arn,
            group_id: new.group_id,
            application_arn: new.application_arn,
            location: new.location,
            connection_timeout: new.connection_timeout,
            session_length: new.session_length,
            launch: new.launch,
            status: SessionStatus::Activating,
            reason: None,
            since: now,
            created_at: now,
            last_updated_at: now,
            application_started_at: None,
            streaming_started_at: None,
            streaming_ended_at: None,
            slot,
            ever_connected: false,
            revision: 0,
            rendered: None,
            used_offers: HashSet::new(),
            latest_signal_request: String::new(),
            connections: Vec::new(),
            by_token: HashMap::new(),
        };
        let digest = Sha256::digest(new.signal_request.as_bytes()).into();
        session.record_connection(new.client_token, new.signal_request, digest, now);
        session
    }

    /// Whether the session holds a capacity slot.
    pub fn is_placed(&self) -> bool {
        self.slot.is_some()
    }

    /// Every accepted signal exchange, oldest first.
    pub fn connections(&self) -> &[Connection] {
        &self.connections
    }

    /// The latest SignalRequest.
    pub fn latest_signal_request(&self) -> &str {
        &self.latest_signal_request
    }

    /// The latest SignalResponse.
    pub fn latest_signal_response(&self) -> &str {
        self.connections
            .last()
            .map(|c| c.signal_response.as_str())
            .unwrap_or_default()
    }

    /// The URL the web SDK would load its protocol from.
    pub fn web_sdk_protocol_url(&self) -> String {
        format!(
            "https://gls-emulator.invalid/websdk/{}/protocol.js",
            self.id
        )
    }

    /// The session's answer body as rendered for its current state, if it was rendered since
    /// the last change: reads of an unchanged session reuse it instead of serializing again.
    pub fn rendered(&self) -> Option<Bytes> {
        self.rendered
            .as_ref()
            .filter(|(revision, _)| *revision == self.revision)
            .map(|(_, body)| body.clone())
    }

    /// Keeps `body` as the rendering of the session's current state.
    pub fn keep_rendered(&mut self, body: Bytes) {
        self.rendered = Some((self.revision, body));
    }

    /// Applies every time-driven transition due at or before `now`.
    pub fn settle(&mut self, now: Timestamp, timings: &Timings) {
        while let Some((due, status, reason)) = self.next_transition(now, timings) {
            if due > now {
                break;
            }
            self.enter(status, reason, due);
        }
    }

    /// The next time-driven transition and when it falls due.
    fn next_transition(
        &mut self,
        now: Timestamp,
        timings: &Timings,
    ) -> Option<(Timestamp, SessionStatus, Option<StatusReason>)> {
        use SessionStatus::*;
        let length_end = self
            .application_started_at
            .map(|started| started.after(self.session_length));
        let ending = |due: Timestamp| {
            (
                due,
                Terminating,
                Some(StatusReason::MaxSessionLengthTimeout),
            )
        };
        let earliest = |a: (Timestamp, SessionStatus, Option<StatusReason>)| match length_end {
            Some(end) if end <= a.0 => ending(end),
            _ => a,
        };
        match self.status {
            Activating if self.slot.is_none() => {
                let deadline = self.created_at.after(timings.placement_timeout);
                // Capacity freed since the last look is taken now: activation starts from here.
                if now < deadline
                    && let Some(slot) = self.location.try_claim()
                {
                    self.slot = Some(slot);
                    self.since = now;
                    return self.next_transition(now, timings);
                }
                Some((deadline, Error, Some(StatusReason::PlacementTimeout)))
            }
            Activating => Some((self.since.after(timings.session_activation), Active, None)),
            Active | PendingClientReconnection => {
                let reason = if self.status == Active && !self.ever_connected {
                    StatusReason::ConnectionTimeout
                } else {
                    StatusReason::ReconnectionTimeout
                };
                Some(earliest((
                    self.since.after(self.connection_timeout),
                    Terminating,
                    Some(reason),
                )))
            }
            Reconnecting => Some(earliest((
                self.since.after(timings.reconnection),
                Active,
                None,
            ))),
            Connected => length_end.map(ending),
            Terminating => Some((
                self.since.after(timings.termination),
                Terminated,
                self.reason,
            )),
            Terminated | Error => None,
        }
    }

    /// Moves to `status` at time `at`, keeping the books (timestamps, capacity).
    fn enter(&mut self, status: SessionStatus, reason: Option<StatusReason>, at: Timestamp) {
        if status == SessionStatus::Active && self.application_started_at.is_none() {
            self.application_started_at = Some(at);
        }
        if status.is_final() && self.streaming_started_at.is_some() {
            self.streaming_ended_at.get_or_insert(at);
        }
        if matches!(status, SessionStatus::Terminated | SessionStatus::Error) {
            self.slot = None;
        }
        self.status = status;
        self.reason = reason;
        self.since = at;
        self.last_updated_at = at;
        self.revision += 1;
    }

    /// A client connects (control API): ACTIVE -> CONNECTED.
    pub fn connect(&mut self, now: Timestamp) -> Result<(), ApiError> {
        if self.status != SessionStatus::Active {
            return Err(ApiError::conflict(format!(
                "stream session {} is {}: a client can connect only to an ACTIVE session",
                self.id,
                self.status.as_str()
            )));
        }
        self.ever_connected = true;
        self.streaming_started_at.get_or_insert(now);
        self.enter(SessionStatus::Connected, None, now);
        Ok(())
    }

    /// The client drops (control API): CONNECTED -> PENDING_CLIENT_RECONNECTION.
    pub fn disconnect(&mut self, now: Timestamp) -> Result<(), ApiError> {
        if self.status != SessionStatus::Connected {
            return Err(ApiError::conflict(format!(
                "stream session {} is {}: only a CONNECTED session can lose its client",
                self.id,
                self.status.as_str()
            )));
        }
        self.enter(SessionStatus::PendingClientReconnection, None, now);
        Ok(())
    }

    /// CreateStreamSessionConnection's rules, in order: a ClientToken seen before replays its
    /// answer (or is refused if the offer differs); then the session must be ACTIVE or
    /// PENDING_CLIENT_RECONNECTION; then the offer must be new for this session.
    pub fn create_connection(
        &mut self,
        client_token: String,
        signal_request: String,
        now: Timestamp,
    ) -> Result<Answer, ApiError> {
        let digest: OfferDigest = Sha256::digest(signal_request.as_bytes()).into();
        if let Some(&index) = self.by_token.get(&client_token) {
            let earlier = &self.connections[index];
            if earlier.signal_request_sha256 != digest {
                return Err(ApiError::validation(format!(
                    "ClientToken `{client_token}` was already used on stream session {} with a different SignalRequest: use a new ClientToken for a new offer",
                    self.id
                )));
            }
            if self.status.is_final() {
                return Err(self.not_reconnectable());
            }
            return Ok(Answer {
                signal_response: earlier.signal_response.clone(),
                replayed: true,
            });
        }
        if !matches!(
            self.status,
            SessionStatus::Active | SessionStatus::PendingClientReconnection
        ) {
            return Err(self.not_reconnectable());
        }
        if self.used_offers.contains(&digest) {
            return Err(ApiError::validation(format!(
                "SignalRequest was already used on stream session {}: generate a new WebRTC offer for every connection",
                self.id
            )));
        }
        self.record_connection(client_token, signal_request, digest, now);
        self.enter(SessionStatus::Reconnecting, None, now);
        Ok(Answer {
            signal_response: self.latest_signal_response().to_owned(),
            replayed: false,
        })
    }

    fn not_reconnectable(&self) -> ApiError {
        let reason = self
            .reason
            .map(|r| format!(" ({})", serde_plain(&r)))
            .unwrap_or_default();
        ApiError::conflict(format!(
            "stream session {} is {}{reason}: a connection can be created only while it is ACTIVE or PENDING_CLIENT_RECONNECTION",
            self.id,
            self.status.as_str()
        ))
    }

    fn record_connection(
        &mut self,
        client_token: String,
        signal_request: String,
        digest: OfferDigest,
        now: Timestamp,
    ) {
        let number = self.connections.len() + 1;
        let signal_response = answer_for(
            &signal_request,
            &hex::encode(digest),
            &self.id,
            number,
            &self.web_sdk_protocol_url(),
        );
        self.used_offers.insert(digest);
        self.by_token
            .insert(client_token.clone(), self.connections.len());
        self.connections.push(Connection {
            client_token,
            signal_request_sha256: digest,
            created_at: now,
            accepted_in_status: self.status,
            signal_response,
        });
        self.latest_signal_request = signal_request;
        self.revision += 1;
    }

    /// TerminateStreamSession: any live status -> TERMINATING (`apiTerminated`). Idempotent.
    pub fn terminate(&mut self, now: Timestamp) {
        if !self.status.is_final() {
            self.enter(
                SessionStatus::Terminating,
                Some(StatusReason::ApiTerminated),
                now,
            );
        }
    }
}

fn serde_plain(reason: &StatusReason) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The answer to an offer: JSON like the web SDK's, with an SDP that names the offer's digest and
/// length, the session and the connection number, so every answer is told apart from every other.
fn answer_for(
    offer: &str,
    digest: &str,
    session_id: &str,
    number: usize,
    web_sdk_protocol_url: &str,
) -> String {
    let offer_length = offer.len();
    // Written as JSON text directly: every value is plain ASCII needing no escapes beyond the
    // SDP's line breaks, which appear here already escaped.
    format!(
        concat!(
            r#"{{"type":"answer","sdp":"v=0\r\no=gls-emulator {number} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"#,
            r#"a=x-gls-offer-sha256:{digest}\r\na=x-gls-session:{session_id}\r\n"#,
            r#"a=x-gls-offer-length:{offer_length}\r\n","webSdkProtocolUrl":"{url}"}}"#,
        ),
        number = number,
        digest = digest,
        session_id = session_id,
        offer_length = offer_length,
        url = web_sdk_protocol_url,
    )
}

#[cfg(test)]
mod tests;
