//! A session watcher: status changes of one session as a stream.
//!
//! It polls GetStreamSession, backing off while nothing changes and tightening after a change,
//! and ends after a final status (TERMINATING's successor, TERMINATED or ERROR), on a
//! non-retryable error, or when cancelled. Transient read failures are yielded and polling goes on.

use std::time::{Duration, SystemTime};

use futures_util::Stream;
use tokio_util::sync::CancellationToken;

use crate::client::Client;
use crate::error::Result;
use crate::policy::Backoff;
use crate::session::{SessionStatus, SessionTarget};

/// How a watcher polls.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    /// Pause right after a change.
    pub min_interval: Duration,
    /// Longest pause while nothing changes.
    pub max_interval: Duration,
    /// Ends the stream when triggered.
    pub cancel: Option<CancellationToken>,
}

impl Default for WatchOptions {
    fn default() -> Self {
        Self {
            min_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(5),
            cancel: None,
        }
    }
}

/// A status change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusChange {
    /// The status before (`None` for the first observation).
    pub previous: Option<SessionStatus>,
    /// The status now.
    pub status: SessionStatus,
    /// Its reason, if any.
    pub status_reason: Option<String>,
    /// When the watcher saw it.
    pub observed_at: SystemTime,
}

struct Watcher {
    client: Client,
    target: SessionTarget,
    cancel: CancellationToken,
    last: Option<SessionStatus>,
    interval: Backoff,
    first: bool,
    done: bool,
}

impl Client {
    /// Watches `target`: yields its first status, then each change, and ends after a status
    /// that cannot change any more (TERMINATED, ERROR), on a non-retryable error, or on cancel.
    pub fn watch(
        &self,
        target: SessionTarget,
        options: WatchOptions,
    ) -> impl Stream<Item = Result<StatusChange>> + Send + 'static {
        let watcher = Watcher {
            client: self.clone(),
            target,
            cancel: options.cancel.unwrap_or_default(),
            last: None,
            interval: Backoff::new(options.min_interval, options.max_interval),
            first: true,
            done: false,
        };
        futures_util::stream::unfold(watcher, |mut w| async move {
            loop {
                if w.done {
                    return None;
                }
                if !w.first {
                    tokio::select! {
                        () = w.cancel.cancelled() => return None,
                        () = tokio::time::sleep(w.interval.next_delay()) => {}
                    }
                }
                w.first = false;
                let read = tokio::select! {
                    () = w.cancel.cancelled() => return None,
                    read = w.client.read_session(&w.target) => read,
                };
                match read {
                    Err(error) => {
                        w.done = !error.is_retryable();
                        return Some((Err(error), w));
                    }
                    Ok(info) if Some(&info.status) != w.last.as_ref() => {
                        w.done = matches!(
                            info.status,
                            SessionStatus::Terminated | SessionStatus::Error
                        );
                        w.interval.reset();
                        let change = StatusChange {
                            previous: w.last.replace(info.status.clone()),
                            status: info.status,
                            status_reason: info.status_reason,
                            observed_at: SystemTime::now(),
                        };
                        tracing::debug!(session = %w.target, status = %change.status, "status changed");
                        return Some((Ok(change), w));
                    }
                    Ok(_) => {}
                }
            }
        })
    }
}
