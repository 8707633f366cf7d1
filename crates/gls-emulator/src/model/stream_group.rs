//! A stream group: its locations with their capacity, and its applications.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use super::capacity::LocationCapacity;
use super::status::StreamGroupStatus;
use crate::clock::Timestamp;

/// A stream group.
#[derive(Debug)]
pub struct StreamGroup {
    /// Creation order, for pagination.
    pub seq: u64,
    /// `sg-…` ID.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// `Description`.
    pub description: String,
    /// `StreamClass`.
    pub stream_class: String,
    /// `DefaultApplication` ID and ARN.
    pub default_application: Option<(String, String)>,
    /// Locations, the first being the primary one.
    pub locations: Vec<Location>,
    /// ARNs of associated applications.
    pub associated_applications: Vec<String>,
    /// Current status.
    pub status: StreamGroupStatus,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last change.
    pub last_updated_at: Timestamp,
    activation_delay: Duration,
}

/// The parts of a new stream group.
#[derive(Debug)]
pub struct NewStreamGroup {
    /// Creation order.
    pub seq: u64,
    /// ID.
    pub id: String,
    /// ARN.
    pub arn: String,
    /// `Description`.
    pub description: String,
    /// `StreamClass`.
    pub stream_class: String,
    /// Default application ID and ARN.
    pub default_application: Option<(String, String)>,
    /// Locations, primary first.
    pub locations: Vec<Location>,
    /// Creation time.
    pub now: Timestamp,
    /// ACTIVATING -> ACTIVE delay.
    pub activation_delay: Duration,
}

/// One location of a stream group.
#[derive(Debug, Clone)]
pub struct Location {
    /// Its session capacity.
    pub capacity: Arc<LocationCapacity>,
    /// `AlwaysOnCapacity` as configured.
    pub always_on: u32,
    /// `OnDemandCapacity` as configured.
    pub on_demand: u32,
}

impl StreamGroup {
    /// A new group in ACTIVATING that becomes ACTIVE after its activation delay.
    pub fn new(new: NewStreamGroup) -> Self {
        let associated_applications = new
            .default_application
            .iter()
            .map(|(_, arn)| arn.clone())
            .collect();
        let mut group = Self {
            seq: new.seq,
            id: new.id,
            arn: new.arn,
            description: new.description,
            stream_class: new.stream_class,
            default_application: new.default_application,
            locations: new.locations,
            associated_applications,
            status: StreamGroupStatus::Activating,
            created_at: new.now,
            last_updated_at: new.now,
            activation_delay: new.activation_delay,
        };
        group.settle(new.now);
        group
    }

    /// Applies the activation if it fell due.
    pub fn settle(&mut self, now: Timestamp) {
        let due = self.created_at.after(self.activation_delay);
        if self.status == StreamGroupStatus::Activating && due <= now {
            self.status = StreamGroupStatus::Active;
            self.last_updated_at = due;
        }
    }

    /// The location named `name`.
    pub fn location(&self, name: &str) -> Option<&Location> {
        self.locations.iter().find(|l| l.capacity.name == name)
    }

    /// `LocationStates` as the service reports them.
    pub fn location_states(&self) -> Vec<LocationState> {
        let status = match self.status {
            StreamGroupStatus::Activating => "ACTIVATING",
            StreamGroupStatus::Active => "ACTIVE",
        };
        self.locations
            .iter()
            .map(|l| {
                let allocated = l.capacity.limit;
                let used = l.capacity.in_use();
                LocationState {
                    location_name: l.capacity.name.clone(),
                    status,
                    always_on_capacity: l.always_on,
                    on_demand_capacity: l.on_demand,
                    maximum_capacity: l.always_on + l.on_demand,
                    target_idle_capacity: 0,
                    requested_capacity: allocated,
                    allocated_capacity: allocated,
                    idle_capacity: allocated.saturating_sub(used),
                }
            })
            .collect()
    }
}

/// `LocationState`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LocationState {
    location_name: String,
    status: &'static str,
    always_on_capacity: u32,
    on_demand_capacity: u32,
    maximum_capacity: u32,
    target_idle_capacity: u32,
    requested_capacity: u32,
    allocated_capacity: u32,
    idle_capacity: u32,
}
