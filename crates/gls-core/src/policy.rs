//! When to try again: the reconnect policy and its capped, jittered exponential backoff.

use std::time::Duration;

use rand::Rng;

/// How a reconnect retries and waits. `Default` suits interactive games.
#[derive(Clone, Debug, PartialEq)]
pub struct ReconnectPolicy {
    /// First pause after a retryable failure.
    pub initial_backoff: Duration,
    /// Longest pause between attempts.
    pub max_backoff: Duration,
    /// First pause while waiting for the session to become reconnectable.
    pub initial_poll: Duration,
    /// Longest pause between status polls.
    pub max_poll: Duration,
    /// The deadline when the session's reconnect window is not known yet (the service's
    /// default `ConnectionTimeoutSeconds`).
    pub default_window: Duration,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        Self {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            initial_poll: Duration::from_millis(250),
            max_poll: Duration::from_secs(2),
            default_window: Duration::from_secs(120),
        }
    }
}

/// Capped exponential backoff with "equal jitter": each pause is half the current step plus a
/// random part of the other half, so clients that failed together do not retry together.
#[derive(Clone, Debug)]
pub(crate) struct Backoff {
    step: Duration,
    initial: Duration,
    max: Duration,
}

impl Backoff {
    pub(crate) fn new(initial: Duration, max: Duration) -> Self {
        Self {
            step: initial,
            initial,
            max: max.max(initial),
        }
    }

    /// The next pause; the step doubles up to the cap.
    pub(crate) fn next_delay(&mut self) -> Duration {
        let half = self.step / 2;
        let jitter = rand::rng().random_range(Duration::ZERO..=half);
        self.step = (self.step * 2).min(self.max);
        half + jitter
    }

    /// Back to the first step (after progress).
    pub(crate) fn reset(&mut self) {
        self.step = self.initial;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_but_stay_capped_and_jittered() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_millis(800));
        let pauses: Vec<_> = (0..8).map(|_| backoff.next_delay()).collect();
        assert!(pauses[0] >= Duration::from_millis(50) && pauses[0] <= Duration::from_millis(100));
        for pause in &pauses {
            assert!(
                *pause <= Duration::from_millis(800),
                "{pause:?} broke the cap"
            );
        }
        assert!(
            pauses[7] >= Duration::from_millis(400),
            "the step did not grow"
        );
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_millis(100));
    }
}
