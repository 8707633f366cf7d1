//! Completion delivery: queued for the game thread's per-frame `gls_client_dispatch`
//! (`GLS_DISPATCH_MANUAL`), or run at once on a library thread (`GLS_DISPATCH_IMMEDIATE`).
//!
//! An idle dispatch is one atomic load. The queue's lock is never held while a callback runs,
//! so callbacks may call back into the library.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// How a client delivers completions.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(non_camel_case_types)] // C naming
pub enum gls_dispatch_mode {
    /// Completions wait in a queue until the application calls `gls_client_dispatch` (every
    /// frame, on its game thread); they run there. The default.
    GLS_DISPATCH_MANUAL = 0,
    /// Completions run as soon as they are ready, on the library's thread. Return quickly and
    /// never block there waiting for another request: every request shares that thread.
    GLS_DISPATCH_IMMEDIATE = 1,
}

/// A completion waiting to run.
pub(crate) type Job = Box<dyn FnOnce() + Send>;

/// The queue of one client.
#[derive(Default)]
pub(crate) struct Queue {
    len: AtomicUsize,
    jobs: Mutex<VecDeque<Job>>,
}

impl Queue {
    pub(crate) fn push(&self, job: Job) {
        let mut jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        jobs.push_back(job);
        self.len.store(jobs.len(), Ordering::Release);
    }

    /// How many completions are ready.
    pub(crate) fn len(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }

    fn pop(&self) -> Option<Job> {
        let mut jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        let job = jobs.pop_front();
        self.len.store(jobs.len(), Ordering::Release);
        job
    }

    /// Runs the jobs queued now (not those queued by the jobs themselves, so a callback that
    /// starts a request cannot make one dispatch run forever). Returns how many ran.
    pub(crate) fn run_ready(&self) -> usize {
        let ready = self.len.load(Ordering::Acquire);
        let mut ran = 0;
        while ran < ready {
            let Some(job) = self.pop() else { break };
            job();
            ran += 1;
        }
        ran
    }

    /// Runs jobs until none is left.
    pub(crate) fn run_all(&self) -> usize {
        let mut ran = 0;
        while let Some(job) = self.pop() {
            job();
            ran += 1;
        }
        ran
    }
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queue")
            .field("len", &self.len.load(Ordering::Relaxed))
            .finish()
    }
}
