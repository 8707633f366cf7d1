//! Where resources live, and the lock design.
//!
//! Resources are per region. Each region keeps one map per resource type behind an `RwLock`
//! (held only to look up, insert or remove), and every resource sits behind its own `Mutex`.
//! Requests about different sessions therefore never wait for each other; the only wider lock
//! is a stream group's own, which StartStreamSession holds while it counts capacity.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::application::Application;
use super::session::Session;
use super::stream_group::StreamGroup;

/// A resource shared between requests.
pub type Shared<T> = Arc<Mutex<T>>;

/// Locks a mutex. A panic in another request must not take the emulator down with it, so a
/// poisoned lock is used as it is (every mutation leaves the resource consistent).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

/// A map of resources of one type, by ID.
#[derive(Debug)]
pub struct Table<T>(RwLock<HashMap<String, Shared<T>>>);

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self(RwLock::default())
    }
}

impl<T> Table<T> {
    /// The resource with this ID.
    pub fn get(&self, id: &str) -> Option<Shared<T>> {
        read(&self.0).get(id).cloned()
    }

    /// Adds a resource; returns it shared.
    pub fn insert(&self, id: String, value: T) -> Shared<T> {
        let shared = Arc::new(Mutex::new(value));
        write(&self.0).insert(id, Arc::clone(&shared));
        shared
    }

    /// Removes a resource.
    pub fn remove(&self, id: &str) -> Option<Shared<T>> {
        write(&self.0).remove(id)
    }

    /// Every resource, in no particular order.
    pub fn all(&self) -> Vec<Shared<T>> {
        read(&self.0).values().cloned().collect()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        read(&self.0).len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What an earlier request with a ClientToken did, to replay it or refuse a mismatch.
#[derive(Clone, Debug)]
pub struct TokenUse {
    /// A fingerprint of the request (its body without the token).
    pub fingerprint: String,
    /// The resource it created.
    pub resource_id: String,
}

/// The resources of one region.
#[derive(Debug, Default)]
pub struct RegionState {
    /// Applications by ID.
    pub applications: Table<Application>,
    /// Stream groups by ID.
    pub stream_groups: Table<StreamGroup>,
    /// Stream sessions by session ID.
    pub sessions: Table<Session>,
    /// ClientTokens of creating operations, by `Operation:token`.
    pub tokens: Mutex<HashMap<String, TokenUse>>,
}

/// Every region's resources.
#[derive(Debug, Default)]
pub struct Store {
    regions: RwLock<HashMap<String, Arc<RegionState>>>,
    seq: AtomicU64,
}

impl Store {
    /// The resources of `region`, created empty on first use.
    pub fn region(&self, region: &str) -> Arc<RegionState> {
        if let Some(state) = read(&self.regions).get(region) {
            return Arc::clone(state);
        }
        Arc::clone(write(&self.regions).entry(region.to_owned()).or_default())
    }

    /// Every region with resources, with its name.
    pub fn regions(&self) -> Vec<(String, Arc<RegionState>)> {
        read(&self.regions)
            .iter()
            .map(|(name, state)| (name.clone(), Arc::clone(state)))
            .collect()
    }

    /// Drops every resource of every region.
    pub fn clear(&self) {
        write(&self.regions).clear();
    }

    /// The next creation sequence number (orders list results).
    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed)
    }
}
