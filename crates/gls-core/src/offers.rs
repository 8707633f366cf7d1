//! Memory of the offers already sent per session, as SHA-256 digests, in bounded space: the
//! service refuses an offer used before, so gls-core refuses it first, without a network call.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Digests kept per session (a session rarely reconnects more than a few times).
const PER_SESSION: usize = 64;
/// Sessions remembered; the least recently used is forgotten first.
const SESSIONS: usize = 256;

/// Offer digests by session ID.
#[derive(Debug, Default)]
pub(crate) struct UsedOffers {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    by_session: HashMap<String, VecDeque<[u8; 32]>>,
    recency: VecDeque<String>,
}

impl UsedOffers {
    /// Records `digest` for `session`; returns false if it was there already.
    pub(crate) fn insert(&self, session: &str, digest: [u8; 32]) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let Inner {
            by_session,
            recency,
        } = &mut *inner;
        if let Some(position) = recency.iter().position(|s| s == session) {
            recency.remove(position);
        }
        recency.push_back(session.to_owned());
        if recency.len() > SESSIONS
            && let Some(oldest) = recency.pop_front()
        {
            by_session.remove(&oldest);
        }
        let digests = by_session.entry(session.to_owned()).or_default();
        if digests.contains(&digest) {
            return false;
        }
        if digests.len() == PER_SESSION {
            digests.pop_front();
        }
        digests.push_back(digest);
        true
    }

    /// Whether `digest` was recorded for `session`.
    #[cfg(test)]
    pub(crate) fn contains(&self, session: &str, digest: &[u8; 32]) -> bool {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner
            .by_session
            .get(session)
            .is_some_and(|digests| digests.contains(digest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offer_is_known_only_for_its_session() {
        let offers = UsedOffers::default();
        assert!(offers.insert("a", [1; 32]));
        assert!(!offers.insert("a", [1; 32]));
        assert!(offers.contains("a", &[1; 32]));
        assert!(!offers.contains("b", &[1; 32]));
    }

    #[test]
    fn memory_stays_bounded() {
        let offers = UsedOffers::default();
        for n in 0..(SESSIONS + 10) {
            offers.insert(&n.to_string(), [0; 32]);
        }
        assert!(
            !offers.contains("0", &[0; 32]),
            "the oldest session was kept"
        );
        assert!(offers.contains(&(SESSIONS + 9).to_string(), &[0; 32]));
        for n in 0..(PER_SESSION as u8 + 1) {
            offers.insert("s", [n; 32]);
        }
        assert!(
            !offers.contains("s", &[0; 32]),
            "the oldest digest was kept"
        );
    }
}
