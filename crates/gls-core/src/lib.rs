//! # gls-core
//!
//! Keeps an Amazon GameLift Streams stream session alive across network drops.
//!
//! When a player's WebRTC connection drops, the session goes `CONNECTED ->
//! PENDING_CLIENT_RECONNECTION`, and the client has `ConnectionTimeoutSeconds` to send a *new*
//! offer through CreateStreamSessionConnection. [`Client::reconnect`] does that correctly:
//! validated inputs, a fresh-offer check, one idempotent ClientToken for all attempts, retries of
//! transient failures inside the reconnect window, waiting out statuses that are about to
//! change, and clear, final errors when the session is gone. See [`reconnect`](mod@reconnect)
//! for the algorithm and [`error`] for the error codes.
//!
//! ## Example
//! ```no_run
//! # async fn run() -> gls_core::Result<()> {
//! use gls_core::{Client, ReconnectOptions, SessionTarget, SignalRequest, StreamSessionId};
//!
//! let client = Client::builder().region("us-west-2").build()?;
//! let session = StreamSessionId::new(
//!     "arn:aws:gameliftstreams:us-west-2:123456789012:streamsession/sg-1AB2C3De4/ABC123def",
//! )?;
//! let target = SessionTarget::from_session(session)?;
//! let offer = SignalRequest::new(r#"{"type":"offer","sdp":"v=0..."}"#)?;
//! let answer = client.reconnect(&target, offer, ReconnectOptions::default()).await?;
//! println!("reconnected after {} attempt(s)", answer.attempts);
//! # Ok(()) }
//! ```
//!
//! ## Threads and runtime
//! Every method is `async` and needs a tokio runtime (time and IO enabled). [`Client`] is
//! `Send + Sync` and cheap to clone; clones share connections and the memory of used offers.
//! Dropping a future cancels its call; [`ReconnectOptions::cancel`] cancels from elsewhere.
//!
//! ## Logging
//! `tracing` spans and events for every attempt and decision, at `info` and `debug`. Access
//! keys, session tokens and signal payloads never appear in them.

pub mod client;
pub mod config;
pub mod error;
pub mod https;
pub mod identifiers;
mod offers;
pub mod policy;
pub mod reconnect;
mod sdk_error;
pub mod session;
pub mod signal;
pub mod watch;

pub use client::{Client, SessionSummary, StartSession, StartedSession};
pub use config::{ClientBuilder, CredentialsSource};
pub use error::{Error, ErrorKind, Result};
pub use https::https_client;
pub use identifiers::{StreamGroupId, StreamSessionId};
pub use policy::ReconnectPolicy;
pub use reconnect::{ReconnectOptions, Reconnected};
pub use session::{SessionInfo, SessionStatus, SessionTarget};
pub use signal::{ClientToken, SignalRequest, SignalResponse};
pub use tokio_util::sync::CancellationToken;
pub use watch::{StatusChange, WatchOptions};
