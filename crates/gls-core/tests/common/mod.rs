//! Harness: an in-process emulator on a manual clock and a gls-core client pointed at it.
#![allow(dead_code, unreachable_pub)] // each test binary uses part of the harness

use std::time::Duration;

use gls_core::{
    Client, ReconnectPolicy, SessionTarget, SignalRequest, StartSession, StreamGroupId,
};
use gls_emulator::{ClockMode, Emulator, EmulatorConfig, EmulatorInfo, Timings};

/// Every lifecycle step takes one emulated second; the clock moves only when told.
pub fn timings() -> Timings {
    Timings {
        session_activation: Duration::from_secs(1),
        reconnection: Duration::from_secs(1),
        termination: Duration::from_secs(1),
        placement_timeout: Duration::from_secs(75),
        stream_group_activation: Duration::from_secs(1),
        application_ready: Duration::from_secs(1),
    }
}

/// A policy with millisecond pauses so tests run fast.
pub fn fast_policy() -> ReconnectPolicy {
    ReconnectPolicy {
        initial_backoff: Duration::from_millis(2),
        max_backoff: Duration::from_millis(20),
        initial_poll: Duration::from_millis(2),
        max_poll: Duration::from_millis(20),
        default_window: Duration::from_secs(30),
    }
}

pub struct Harness {
    pub emulator: Emulator,
    pub client: Client,
    pub info: EmulatorInfo,
}

impl Harness {
    pub async fn start() -> Self {
        Self::with_config(EmulatorConfig {
            clock: ClockMode::Manual,
            timings: timings(),
            ..EmulatorConfig::ephemeral()
        })
        .await
    }

    pub async fn with_config(config: EmulatorConfig) -> Self {
        let emulator = Emulator::start(config).await.expect("emulator starts");
        let info = emulator.info();
        let client = client_for(&info.endpoint, "test");
        Self {
            emulator,
            client,
            info,
        }
    }

    pub fn group(&self) -> StreamGroupId {
        StreamGroupId::new(self.info.defaults.stream_group_id.clone()).expect("valid group")
    }

    pub fn advance(&self, secs: u64) {
        self.emulator.advance_clock(Duration::from_secs(secs));
    }

    /// Starts a session (ACTIVATING) with a `timeout`-second window; returns its target.
    pub async fn start_session(&self, timeout: u64) -> SessionTarget {
        let mut start = StartSession::new(
            self.group(),
            self.info.defaults.application_id.clone(),
            offer("start"),
        );
        start.connection_timeout = Some(Duration::from_secs(timeout));
        let started = self
            .client
            .start_session(start)
            .await
            .expect("session starts");
        started.info.target().expect("a session ARN")
    }

    /// A session whose client connected and dropped: PENDING_CLIENT_RECONNECTION.
    pub async fn dropped_session(&self, timeout: u64) -> SessionTarget {
        let target = self.start_session(timeout).await;
        self.advance(1);
        self.emulator
            .connect(target.session().as_str())
            .expect("connect");
        self.emulator
            .disconnect(target.session().as_str())
            .expect("disconnect");
        target
    }

    pub fn connections(&self, target: &SessionTarget) -> usize {
        self.emulator
            .connections(target.session().as_str())
            .expect("session exists")
            .len()
    }
}

/// A gls-core client for the emulator with the given secret (the access key is `test`).
pub fn client_for(endpoint: &str, secret: &str) -> Client {
    Client::builder()
        .region("us-west-2")
        .endpoint_url(endpoint)
        .static_credentials("test", secret)
        .reconnect_policy(fast_policy())
        .build()
        .expect("client builds")
}

/// A new offer in the web SDK's JSON form, distinct per `tag`.
pub fn offer(tag: &str) -> SignalRequest {
    SignalRequest::new(format!(
        r#"{{"type":"offer","sdp":"v=0\r\no=- {tag} 2 IN IP4 127.0.0.1\r\n","webSdkVersion":"1.2.0"}}"#
    ))
    .expect("valid offer")
}

/// Lets a reconnect running on another task reach its polling loop before the test changes
/// the session (the emulator has no hook to observe that).
pub async fn let_it_poll() {
    tokio::time::sleep(Duration::from_millis(60)).await;
}
