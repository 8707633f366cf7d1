//! The control API under `/_emulator/` (unsigned, JSON, PascalCase): what a test or the WebRTC
//! side of a client does to the emulator. Every action is also a method for in-process use.

use std::time::Duration;

use http::{Method, StatusCode};
use serde::{Deserialize, Serialize};

use crate::clock::{ClockMode, Timestamp};
use crate::error::{ApiError, ErrorKind};
use crate::faults::FaultSpec;
use crate::model::session::Connection;
use crate::model::status::{SessionStatus, StatusReason};
use crate::model::store::lock;
use crate::service::{Defaults, Reply, Service};
use crate::state::EmulatorState;

/// A session's status as the control API reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SessionSnapshot {
    /// The session ARN.
    pub arn: String,
    /// Its status now.
    pub status: SessionStatus,
    /// Its status reason, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<StatusReason>,
}

/// Access keys, as `/_emulator/info` reports them.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InfoCredentials {
    /// Access key ID.
    pub access_key_id: String,
    /// Secret access key (an emulator test key, not a real secret).
    pub secret_access_key: String,
}

/// What `/_emulator/info` reports: everything a client needs to talk to this emulator.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EmulatorInfo {
    /// Base URL for SDK clients.
    pub endpoint: String,
    /// Region of the default resources.
    pub region: String,
    /// Account ID in every ARN.
    pub account: String,
    /// Accepted key pairs.
    pub credentials: Vec<InfoCredentials>,
    /// `Realtime` or `Manual`.
    pub clock_mode: &'static str,
    /// Emulated time now.
    pub now: Timestamp,
    /// Default application and stream group.
    #[serde(flatten)]
    pub defaults: Defaults,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AdvanceInput {
    seconds: Option<f64>,
}

impl Service {
    fn snapshot(
        &self,
        identifier: &str,
        change: impl FnOnce(&mut crate::model::session::Session, Timestamp) -> Result<(), ApiError>,
    ) -> Result<SessionSnapshot, ApiError> {
        let shared = self.session_by_id_or_arn(identifier)?;
        let mut session = lock(&shared);
        let now = self.clock().now();
        change(&mut session, now)?;
        session.settle(now, &self.config().timings);
        Ok(SessionSnapshot {
            arn: session.arn.clone(),
            status: session.status,
            status_reason: session.reason,
        })
    }

    /// A client connects to the session (it must be ACTIVE): it becomes CONNECTED.
    pub fn connect_client(&self, session: &str) -> Result<SessionSnapshot, ApiError> {
        self.snapshot(session, |s, now| s.connect(now))
    }

    /// The session's client drops (it must be CONNECTED): PENDING_CLIENT_RECONNECTION.
    pub fn disconnect_client(&self, session: &str) -> Result<SessionSnapshot, ApiError> {
        self.snapshot(session, |s, now| s.disconnect(now))
    }

    /// The session's status now.
    pub fn session_status(&self, session: &str) -> Result<SessionSnapshot, ApiError> {
        self.snapshot(session, |_, _| Ok(()))
    }

    /// Every signal exchange the session accepted (its start and each new connection).
    pub fn connections(&self, session: &str) -> Result<Vec<Connection>, ApiError> {
        let shared = self.session_by_id_or_arn(session)?;
        let connections = lock(&shared).connections().to_vec();
        Ok(connections)
    }
}

impl EmulatorState {
    /// What `/_emulator/info` reports.
    pub fn info(&self) -> EmulatorInfo {
        let config = self.service.config();
        EmulatorInfo {
            endpoint: self.endpoint.clone(),
            region: config.region.clone(),
            account: config.account.clone(),
            credentials: config
                .key_pairs
                .iter()
                .map(|k| InfoCredentials {
                    access_key_id: k.access_key_id.clone(),
                    secret_access_key: k.secret_access_key.clone(),
                })
                .collect(),
            clock_mode: match self.service.clock().mode() {
                ClockMode::Realtime => "Realtime",
                ClockMode::Manual => "Manual",
            },
            now: self.service.clock().now(),
            defaults: self.service.defaults(),
        }
    }

    /// Drops every resource and fault and recreates the defaults.
    pub fn reset(&self) {
        self.faults.clear();
        self.service.reset();
    }
}

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::validation(format!("the control request body is not valid: {e}")))
}

/// Answers a request under `/_emulator/`. `segments` are the percent-decoded path segments
/// after `_emulator`.
pub fn handle(
    state: &EmulatorState,
    method: &Method,
    segments: &[String],
    body: &[u8],
) -> Result<Reply, ApiError> {
    let svc = &state.service;
    let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (method, parts.as_slice()) {
        (&Method::GET, ["info"]) => Reply::json(StatusCode::OK, &state.info()),
        (&Method::POST, ["reset"]) => {
            state.reset();
            Ok(Reply::no_content())
        }
        (&Method::POST, ["clock", "advance"]) => {
            let input: AdvanceInput = parse(body)?;
            let seconds = input
                .seconds
                .ok_or_else(|| ApiError::validation("Seconds is required"))?;
            if !(seconds.is_finite() && seconds >= 0.0) {
                return Err(ApiError::validation(format!(
                    "Seconds must be a number of seconds >= 0, got {seconds}"
                )));
            }
            let now = svc.clock().advance(Duration::from_secs_f64(seconds));
            Reply::json(StatusCode::OK, &serde_json::json!({ "Now": now }))
        }
        (&Method::GET, ["sessions", id]) => Reply::json(StatusCode::OK, &svc.session_status(id)?),
        (&Method::POST, ["sessions", id, "connect"]) => {
            Reply::json(StatusCode::OK, &svc.connect_client(id)?)
        }
        (&Method::POST, ["sessions", id, "disconnect"]) => {
            Reply::json(StatusCode::OK, &svc.disconnect_client(id)?)
        }
        (&Method::GET, ["sessions", id, "connections"]) => Reply::json(
            StatusCode::OK,
            &serde_json::json!({ "Connections": svc.connections(id)? }),
        ),
        (&Method::GET, ["faults"]) => Reply::json(
            StatusCode::OK,
            &serde_json::json!({ "Faults": state.faults.list() }),
        ),
        (&Method::POST, ["faults"]) => {
            let spec: FaultSpec = parse(body)?;
            Reply::json(StatusCode::CREATED, &state.faults.add(spec)?)
        }
        (&Method::DELETE, ["faults"]) => {
            state.faults.clear();
            Ok(Reply::no_content())
        }
        _ => Err(ApiError::new(
            ErrorKind::UnknownOperation,
            format!(
                "no control operation matches {method} /_emulator/{}: see the README for the control API",
                segments.join("/")
            ),
        )),
    }
}
