//! The service's status and status-reason enums, with their wire spellings.

use serde::Serialize;

/// `StreamSessionStatus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SessionStatus {
    /// Looking for capacity and starting the application.
    Activating,
    /// Ready for a client to connect.
    Active,
    /// A client is connected.
    Connected,
    /// The client dropped; waiting for a reconnect.
    PendingClientReconnection,
    /// A reconnect was accepted; the session is getting ready for the client.
    Reconnecting,
    /// Shutting down.
    Terminating,
    /// Ended.
    Terminated,
    /// Failed.
    Error,
}

impl SessionStatus {
    /// Every status.
    pub const ALL: [SessionStatus; 8] = [
        Self::Activating,
        Self::Active,
        Self::Connected,
        Self::PendingClientReconnection,
        Self::Reconnecting,
        Self::Terminating,
        Self::Terminated,
        Self::Error,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Activating => "ACTIVATING",
            Self::Active => "ACTIVE",
            Self::Connected => "CONNECTED",
            Self::PendingClientReconnection => "PENDING_CLIENT_RECONNECTION",
            Self::Reconnecting => "RECONNECTING",
            Self::Terminating => "TERMINATING",
            Self::Terminated => "TERMINATED",
            Self::Error => "ERROR",
        }
    }

    /// The status with this wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// Whether the session is ending or over (no further client use).
    pub fn is_final(self) -> bool {
        matches!(self, Self::Terminating | Self::Terminated | Self::Error)
    }
}

/// `StreamSessionStatusReason`: the ones the emulator produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StatusReason {
    /// No capacity was found within the placement timeout.
    #[serde(rename = "placementTimeout")]
    PlacementTimeout,
    /// No client connected to an ACTIVE session within `ConnectionTimeoutSeconds`.
    #[serde(rename = "connectionTimeout")]
    ConnectionTimeout,
    /// No client reconnected within `ConnectionTimeoutSeconds`.
    #[serde(rename = "reconnectionTimeout")]
    ReconnectionTimeout,
    /// `SessionLengthSeconds` elapsed.
    #[serde(rename = "maxSessionLengthTimeout")]
    MaxSessionLengthTimeout,
    /// TerminateStreamSession (or its stream group was deleted).
    #[serde(rename = "apiTerminated")]
    ApiTerminated,
}

/// `StreamGroupStatus`: the ones the emulator produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StreamGroupStatus {
    /// Allocating capacity.
    Activating,
    /// Ready to host sessions.
    Active,
}

/// `ApplicationStatus`: the ones the emulator produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApplicationStatus {
    /// Being prepared.
    Initialized,
    /// Ready to stream.
    Ready,
}
