//! Session capacity of one stream group location, shared lock-free by its sessions.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// How many sessions a location can host, and how many it hosts now.
#[derive(Debug)]
pub struct LocationCapacity {
    /// The location's name (a region name such as `us-west-2`).
    pub name: String,
    /// The number of sessions it can host at once.
    pub limit: u32,
    in_use: AtomicU32,
}

impl LocationCapacity {
    /// A location with `limit` slots, all free.
    pub fn new(name: impl Into<String>, limit: u32) -> Arc<Self> {
        Arc::new(Self {
            name: name.into(),
            limit,
            in_use: AtomicU32::new(0),
        })
    }

    /// Slots taken now.
    pub fn in_use(&self) -> u32 {
        self.in_use.load(Ordering::Acquire)
    }

    /// Takes a slot if one is free.
    pub fn try_claim(self: &Arc<Self>) -> Option<Slot> {
        self.in_use
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                (used < self.limit).then_some(used + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(self)))
    }
}

/// A claimed slot; dropping it frees the slot.
#[derive(Debug)]
pub struct Slot(Arc<LocationCapacity>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.in_use.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_limited_and_freed_on_drop() {
        let location = LocationCapacity::new("us-west-2", 1);
        let slot = location.try_claim().expect("first slot");
        assert!(location.try_claim().is_none(), "claimed past the limit");
        drop(slot);
        assert!(
            location.try_claim().is_some(),
            "a dropped slot was not freed"
        );
    }
}
