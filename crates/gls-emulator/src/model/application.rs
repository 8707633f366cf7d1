//! An application: the game build a stream group runs.

use std::time::Duration;

use super::status::ApplicationStatus;
use crate::clock::Timestamp;

/// An application.
#[derive(Debug)]
pub struct Application {
    /// Creation order, for pagination.
    pub seq: u64,
    /// `a-…` ID.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// `Description`.
    pub description: String,
    /// `RuntimeEnvironment`, as given.
    pub runtime_environment: serde_json::Value,
    /// `ExecutablePath`.
    pub executable_path: String,
    /// `ApplicationSourceUri`.
    pub application_source_uri: String,
    /// ARNs of the stream groups it is associated with.
    pub associated_stream_groups: Vec<String>,
    /// Current status.
    pub status: ApplicationStatus,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change.
    pub last_updated_at: Timestamp,
    ready_delay: Duration,
}

/// The caller-chosen parts of a new application.
#[derive(Debug)]
pub struct NewApplication {
    /// Creation order.
    pub seq: u64,
    /// ID.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// `Description`.
    pub description: String,
    /// `RuntimeEnvironment`.
    pub runtime_environment: serde_json::Value,
    /// `ExecutablePath`.
    pub executable_path: String,
    /// `ApplicationSourceUri`.
    pub application_source_uri: String,
}

impl Application {
    /// A new application in INITIALIZED that is READY after `ready_delay`.
    pub fn new(new: NewApplication, now: Timestamp, ready_delay: Duration) -> Self {
        let mut app = Self {
            seq: new.seq,
            id: new.id,
            arn: new.arn,
            description: new.description,
            runtime_environment: new.runtime_environment,
            executable_path: new.executable_path,
            application_source_uri: new.application_source_uri,
            associated_stream_groups: Vec::new(),
            status: ApplicationStatus::Initialized,
            created_at: now,
            last_updated_at: now,
            ready_delay,
        };
        app.settle(now);
        app
    }

    /// Applies readiness if it fell due.
    pub fn settle(&mut self, now: Timestamp) {
        let due = self.created_at.after(self.ready_delay);
        if self.status == ApplicationStatus::Initialized && due <= now {
            self.status = ApplicationStatus::Ready;
            self.last_updated_at = due;
        }
    }
}
