//! # gls-emulator
//!
//! A local emulator of the Amazon GameLift Streams control plane, for developing and testing
//! reconnect handling without an AWS account — what DynamoDB Local is for DynamoDB. Real SDK
//! clients (Rust, boto3, the JS SDK, the AWS CLI) point at it with an endpoint URL and work
//! unchanged: it speaks the service's REST-JSON protocol and checks SigV4 signatures.
//!
//! ## Model
//! - The stream session lifecycle runs on a [`Clock`] that follows real time or stands still
//!   until advanced ([`ClockMode::Manual`]), so tests move sessions through activation, the
//!   reconnect window and session length without sleeping.
//! - At start (and after a reset) there is one READY application and one ACTIVE stream group with
//!   capacity, in the configured region: see [`Emulator::info`].
//! - The control API under `/_emulator/` (and the same actions as methods here) plays the WebRTC
//!   client (connect, disconnect), moves the clock, and injects faults.
//!
//! ## Example
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
//! use gls_emulator::{Emulator, EmulatorConfig};
//!
//! let emulator = Emulator::start(EmulatorConfig::ephemeral()).await?;
//! let info = emulator.info();
//! assert!(info.endpoint.starts_with("http://127.0.0.1:"));
//! assert_eq!(info.region, "us-west-2");
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! ## Threads and locks
//! The server runs on the caller's tokio runtime. Resources are locked one at a time and never
//! across an `.await`; requests about different sessions do not wait for each other.

mod auth;
pub mod clock;
pub mod config;
pub mod control;
pub mod error;
pub mod faults;
mod http;
pub mod model;
pub mod operation;
pub mod service;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use clock::{Clock, ClockMode, Timestamp};
pub use config::{EmulatorConfig, KeyPair, Timings};
pub use control::{EmulatorInfo, SessionSnapshot};
pub use error::{ApiError, ErrorKind};
pub use faults::{Fault, FaultSpec};
pub use model::session::Connection;
pub use model::status::{SessionStatus, StatusReason};
pub use operation::Operation;
pub use state::EmulatorState;

/// A running emulator. Dropping it stops the server; [`Emulator::shutdown`] also waits for it.
#[derive(Debug)]
pub struct Emulator {
    state: Arc<EmulatorState>,
    local_addr: SocketAddr,
    stop: watch::Sender<bool>,
    server: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Binds `config.listen` (port 0 picks a free port) and serves on the current tokio runtime.
    pub async fn start(config: EmulatorConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.listen).await?;
        let local_addr = listener.local_addr()?;
        let state = Arc::new(EmulatorState {
            service: service::Service::new(config),
            faults: faults::Faults::default(),
            endpoint: format!("http://{local_addr}"),
        });
        let (stop, stopped) = watch::channel(false);
        let server = tokio::spawn(http::serve(listener, Arc::clone(&state), stopped));
        Ok(Self {
            state,
            local_addr,
            stop,
            server: Some(server),
        })
    }

    /// The base URL to give SDK clients, e.g. `http://127.0.0.1:4570`.
    pub fn endpoint_url(&self) -> &str {
        &self.state.endpoint
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Endpoint, region, account, credentials and the default resources' IDs.
    pub fn info(&self) -> EmulatorInfo {
        self.state.info()
    }

    /// The shared state: the service (sessions, clock) and the fault rules.
    pub fn state(&self) -> &EmulatorState {
        &self.state
    }

    /// A client connects to the session (ID or ARN), which must be ACTIVE.
    pub fn connect(&self, session: &str) -> Result<SessionSnapshot, ApiError> {
        self.state.service.connect_client(session)
    }

    /// The session's client drops; the session must be CONNECTED.
    pub fn disconnect(&self, session: &str) -> Result<SessionSnapshot, ApiError> {
        self.state.service.disconnect_client(session)
    }

    /// The session's status now.
    pub fn session_status(&self, session: &str) -> Result<SessionSnapshot, ApiError> {
        self.state.service.session_status(session)
    }

    /// Every signal exchange the session accepted, its start first.
    pub fn connections(&self, session: &str) -> Result<Vec<Connection>, ApiError> {
        self.state.service.connections(session)
    }

    /// Moves emulated time forward.
    pub fn advance_clock(&self, by: Duration) -> Timestamp {
        self.state.service.clock().advance(by)
    }

    /// Adds a fault rule.
    pub fn inject_fault(&self, spec: FaultSpec) -> Result<Fault, ApiError> {
        self.state.faults.add(spec)
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.state.faults.clear();
    }

    /// Drops every resource and fault and recreates the default application and stream group.
    pub fn reset(&self) {
        self.state.reset();
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for the server.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
