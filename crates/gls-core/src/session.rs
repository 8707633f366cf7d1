//! Stream sessions as gls-core reports them: status, reason, reconnect window.

use std::time::{Duration, SystemTime};

use aws_sdk_gameliftstreams::types::StreamSessionStatus as SdkStatus;
use aws_smithy_types::DateTime;

use crate::error::{Error, Result};
use crate::identifiers::{StreamGroupId, StreamSessionId};

/// `StreamSessionStatus`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SessionStatus {
    /// Starting.
    Activating,
    /// Ready for a client to connect.
    Active,
    /// A client is connected.
    Connected,
    /// The client dropped; reconnect before the window closes.
    PendingClientReconnection,
    /// A reconnect was accepted; the session gets ready for the client.
    Reconnecting,
    /// Ending.
    Terminating,
    /// Ended.
    Terminated,
    /// Failed.
    Error,
    /// A status this version does not know.
    Unknown(String),
}

impl SessionStatus {
    /// The service's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Activating => "ACTIVATING",
            Self::Active => "ACTIVE",
            Self::Connected => "CONNECTED",
            Self::PendingClientReconnection => "PENDING_CLIENT_RECONNECTION",
            Self::Reconnecting => "RECONNECTING",
            Self::Terminating => "TERMINATING",
            Self::Terminated => "TERMINATED",
            Self::Error => "ERROR",
            Self::Unknown(other) => other,
        }
    }

    /// Ending or over: no reconnect can succeed.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Terminating | Self::Terminated | Self::Error)
    }

    /// CreateStreamSessionConnection is allowed now.
    pub fn is_reconnectable(&self) -> bool {
        matches!(self, Self::Active | Self::PendingClientReconnection)
    }

    pub(crate) fn from_sdk(status: Option<&SdkStatus>) -> Self {
        match status {
            Some(SdkStatus::Activating) => Self::Activating,
            Some(SdkStatus::Active) => Self::Active,
            Some(SdkStatus::Connected) => Self::Connected,
            Some(SdkStatus::PendingClientReconnection) => Self::PendingClientReconnection,
            Some(SdkStatus::Reconnecting) => Self::Reconnecting,
            Some(SdkStatus::Terminating) => Self::Terminating,
            Some(SdkStatus::Terminated) => Self::Terminated,
            Some(SdkStatus::Error) => Self::Error,
            Some(other) => Self::Unknown(other.as_str().to_owned()),
            None => Self::Unknown(String::new()),
        }
    }
}

impl std::fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What GetStreamSession (or StartStreamSession) reported about a session. Signal payloads are
/// left out on purpose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    /// The session ARN.
    pub arn: String,
    /// The hosting stream group's ID.
    pub stream_group_id: String,
    /// Status now.
    pub status: SessionStatus,
    /// Why, for statuses that have a reason (e.g. `reconnectionTimeout`).
    pub status_reason: Option<String>,
    /// `ConnectionTimeoutSeconds`: the reconnect window.
    pub connection_timeout: Option<Duration>,
    /// When the status last changed (start of the window in ACTIVE or
    /// PENDING_CLIENT_RECONNECTION).
    pub last_updated_at: Option<SystemTime>,
    /// When the session was created.
    pub created_at: Option<SystemTime>,
    /// Where it runs.
    pub location: Option<String>,
    /// The AWS request ID of the read.
    pub request_id: Option<String>,
}

impl SessionInfo {
    /// When the reconnect window closes, if the session is in one (ACTIVE or
    /// PENDING_CLIENT_RECONNECTION) and the service said when it started.
    pub fn window_end(&self) -> Option<SystemTime> {
        if !self.status.is_reconnectable() {
            return None;
        }
        Some(self.last_updated_at? + self.connection_timeout?)
    }

    /// The session as a target for further calls.
    pub fn target(&self) -> Result<SessionTarget> {
        SessionTarget::from_session(StreamSessionId::new(self.arn.clone())?)
    }
}

pub(crate) fn system_time(time: Option<&DateTime>) -> Option<SystemTime> {
    time.and_then(|t| SystemTime::try_from(*t).ok())
}

pub(crate) fn seconds(value: Option<i32>) -> Option<Duration> {
    value
        .and_then(|s| u64::try_from(s).ok())
        .map(Duration::from_secs)
}

/// One stream session to act on: its stream group and its ID or ARN, and the region to ask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionTarget {
    group: StreamGroupId,
    session: StreamSessionId,
}

impl SessionTarget {
    /// A session of `group`. If `session` is an ARN, it must name the same stream group.
    pub fn new(group: StreamGroupId, session: StreamSessionId) -> Result<Self> {
        if let Some(arn_group) = session.stream_group() {
            let given = group.as_str().rsplit('/').next().unwrap_or_default();
            if arn_group.as_str() != given {
                return Err(Error::invalid_input(format!(
                    "stream session {session} belongs to stream group {arn_group}, not {group}"
                )));
            }
        }
        Ok(Self { group, session })
    }

    /// A session named by its ARN alone: the stream group comes from the ARN.
    pub fn from_session(session: StreamSessionId) -> Result<Self> {
        let group = session.stream_group().ok_or_else(|| {
            Error::invalid_input(format!(
                "stream session `{session}` is an ID: give its ARN, or its stream group with SessionTarget::new"
            ))
        })?;
        Ok(Self { group, session })
    }

    /// The stream group.
    pub fn stream_group(&self) -> &StreamGroupId {
        &self.group
    }

    /// The session.
    pub fn session(&self) -> &StreamSessionId {
        &self.session
    }

    /// The region to send requests to: an ARN's, else none (the client's default).
    pub fn region(&self) -> Option<&str> {
        self.session.region().or_else(|| self.group.region())
    }
}

impl std::fmt::Display for SessionTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.session.stream_group().is_some() {
            write!(f, "{}", self.session)
        } else {
            write!(f, "{}/{}", self.group, self.session)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:gameliftstreams:us-west-2:123456789012:streamsession/sg-1/abc";

    #[test]
    fn a_session_arn_alone_is_a_target() {
        let target = SessionTarget::from_session(StreamSessionId::new(ARN).unwrap()).unwrap();
        assert_eq!(target.stream_group().as_str(), "sg-1");
        assert_eq!(target.region(), Some("us-west-2"));
    }

    #[test]
    fn a_bare_session_id_needs_its_group() {
        let err = SessionTarget::from_session(StreamSessionId::new("abc").unwrap()).unwrap_err();
        assert!(err.message().contains("give its ARN"), "{err}");
    }

    #[test]
    fn a_session_arn_of_another_group_is_refused() {
        let err = SessionTarget::new(
            StreamGroupId::new("sg-2").unwrap(),
            StreamSessionId::new(ARN).unwrap(),
        )
        .unwrap_err();
        assert!(
            err.message().contains("belongs to stream group sg-1"),
            "{err}"
        );
    }

    #[test]
    fn the_window_ends_connection_timeout_after_the_last_change() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1000);
        let info = SessionInfo {
            arn: ARN.into(),
            stream_group_id: "sg-1".into(),
            status: SessionStatus::PendingClientReconnection,
            status_reason: None,
            connection_timeout: Some(Duration::from_secs(120)),
            last_updated_at: Some(start),
            created_at: None,
            location: None,
            request_id: None,
        };
        assert_eq!(info.window_end(), Some(start + Duration::from_secs(120)));
        let connected = SessionInfo {
            status: SessionStatus::Connected,
            ..info
        };
        assert_eq!(connected.window_end(), None);
    }
}
