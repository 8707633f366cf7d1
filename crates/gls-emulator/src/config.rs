//! What an emulator instance looks like: where it listens, whose account it plays, which keys
//! sign its requests, and how long each lifecycle step takes.

use std::net::SocketAddr;
use std::time::Duration;

use crate::clock::ClockMode;

/// An access key pair the emulator accepts SigV4 signatures from.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    /// The access key ID (`AKID` in the credential scope).
    pub access_key_id: String,
    /// The secret access key. Never logged.
    pub secret_access_key: String,
}

impl KeyPair {
    /// A key pair.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
        }
    }
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .finish()
    }
}

/// How long each step of the lifecycle takes, in emulated time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timings {
    /// ACTIVATING -> ACTIVE for a session that found capacity.
    pub session_activation: Duration,
    /// RECONNECTING -> ACTIVE after CreateStreamSessionConnection.
    pub reconnection: Duration,
    /// TERMINATING -> TERMINATED.
    pub termination: Duration,
    /// How long a session waits for capacity before ERROR (`placementTimeout`).
    pub placement_timeout: Duration,
    /// ACTIVATING -> ACTIVE for a new stream group.
    pub stream_group_activation: Duration,
    /// INITIALIZED -> READY for a new application.
    pub application_ready: Duration,
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            session_activation: Duration::from_secs(1),
            reconnection: Duration::from_secs(1),
            termination: Duration::from_secs(1),
            placement_timeout: Duration::from_secs(75),
            stream_group_activation: Duration::from_secs(1),
            application_ready: Duration::from_secs(1),
        }
    }
}

impl Timings {
    /// Every step immediate: sessions are ACTIVE as soon as they are read.
    pub fn instant() -> Self {
        Self {
            session_activation: Duration::ZERO,
            reconnection: Duration::ZERO,
            termination: Duration::ZERO,
            placement_timeout: Duration::from_secs(75),
            stream_group_activation: Duration::ZERO,
            application_ready: Duration::ZERO,
        }
    }
}

/// The configuration of one emulator instance. `Default` gives the documented defaults.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Region of the resources created at start.
    pub region: String,
    /// The account ID in every ARN.
    pub account: String,
    /// Key pairs whose signatures are accepted.
    pub key_pairs: Vec<KeyPair>,
    /// Real-time or manual clock.
    pub clock: ClockMode,
    /// Lifecycle step durations.
    pub timings: Timings,
    /// Session capacity of the default stream group's location.
    pub default_capacity: u32,
    /// Largest accepted difference between a request's `X-Amz-Date` and the wall clock.
    pub max_clock_skew: Duration,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 4570)),
            region: "us-west-2".to_owned(),
            account: "123456789012".to_owned(),
            key_pairs: vec![KeyPair::new("test", "test")],
            clock: ClockMode::Realtime,
            timings: Timings::default(),
            default_capacity: 10,
            max_clock_skew: Duration::from_secs(15 * 60),
        }
    }
}

impl EmulatorConfig {
    /// The defaults, listening on an ephemeral loopback port: what tests and examples use.
    pub fn ephemeral() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            ..Self::default()
        }
    }
}
