//! The emulator's clock: wall time that runs by itself, or stands still until advanced.
//!
//! Every lifecycle rule reads time from here, so tests can move a session through its whole life
//! (activation, reconnect window, session length) without sleeping. Signature expiry is checked
//! against the real wall clock instead, since SDK clients sign with real time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer};

/// A point in emulated time, as a duration since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(Duration);

impl Timestamp {
    /// The timestamp `secs` seconds after the Unix epoch.
    pub fn from_epoch_seconds(secs: f64) -> Self {
        Self(Duration::from_secs_f64(secs.max(0.0)))
    }

    /// Seconds since the Unix epoch, with millisecond precision (the wire format of the service).
    pub fn epoch_seconds(self) -> f64 {
        (self.0.as_millis() as f64) / 1000.0
    }

    /// This timestamp moved forward by `by`.
    pub fn after(self, by: Duration) -> Self {
        Self(self.0 + by)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.epoch_seconds())
    }
}

/// Whether emulated time follows the wall clock or only moves when advanced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClockMode {
    /// Time runs in real time (plus whatever was advanced by hand).
    #[default]
    Realtime,
    /// Time stands still until advanced through [`Clock::advance`] or the control API.
    Manual,
}

/// The emulator's source of time. Lock-free: reading it costs two atomic loads.
#[derive(Debug)]
pub struct Clock {
    mode: ClockMode,
    origin_wall: Duration,
    origin: Instant,
    advanced_nanos: AtomicU64,
}

impl Clock {
    /// A clock starting at the current wall time.
    pub fn new(mode: ClockMode) -> Self {
        Self {
            mode,
            origin_wall: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default(),
            origin: Instant::now(),
            advanced_nanos: AtomicU64::new(0),
        }
    }

    /// The clock's mode.
    pub fn mode(&self) -> ClockMode {
        self.mode
    }

    /// The current emulated time.
    pub fn now(&self) -> Timestamp {
        let running = match self.mode {
            ClockMode::Realtime => self.origin.elapsed(),
            ClockMode::Manual => Duration::ZERO,
        };
        let advanced = Duration::from_nanos(self.advanced_nanos.load(Ordering::Acquire));
        Timestamp(self.origin_wall + running + advanced)
    }

    /// Moves emulated time forward by `by` (in either mode). Returns the new time.
    pub fn advance(&self, by: Duration) -> Timestamp {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.advanced_nanos.fetch_add(nanos, Ordering::AcqRel);
        self.now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_stands_still_until_advanced() {
        let clock = Clock::new(ClockMode::Manual);
        let start = clock.now();
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(clock.now(), start, "a manual clock moved by itself");
        let later = clock.advance(Duration::from_secs(90));
        assert_eq!(later, start.after(Duration::from_secs(90)));
    }

    #[test]
    fn timestamps_serialize_as_epoch_seconds() {
        let json = serde_json::to_string(&Timestamp::from_epoch_seconds(1.5)).unwrap();
        assert_eq!(json, "1.5");
    }
}
