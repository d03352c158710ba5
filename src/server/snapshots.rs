//! Encoded environment snapshots, kept per environment and revision.
//!
//! A snapshot changes only when a push moves its environment's revision, so a read that
//! finds the revision it saw in the store already encoded here skips the item query and
//! the JSON encoding. Every read still asks the store for the access check and the current
//! revision, so nothing stale is served and nodes sharing a database stay interchangeable:
//! this is a cache of work, not of state. Bounded by bytes; what does not fit is dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use uuid::Uuid;

/// Bytes of encoded snapshots kept at most, all environments together.
pub const DEFAULT_BUDGET: usize = 64 * 1024 * 1024;

/// One environment's snapshot at one revision, ready to send.
#[derive(Debug)]
pub struct Encoded {
    /// The environment revision the snapshot shows.
    pub revision: i64,
    /// The JSON body.
    pub body: Bytes,
    /// Item names, for the audit entry of each read.
    pub names: Vec<String>,
}

/// Snapshots by environment, at most `budget` bytes of bodies in all.
#[derive(Debug)]
pub struct SnapshotCache {
    budget: usize,
    inner: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    by_env: HashMap<Uuid, Arc<Encoded>>,
    bytes: usize,
}

impl Default for SnapshotCache {
    fn default() -> Self {
        SnapshotCache::new(DEFAULT_BUDGET)
    }
}

impl SnapshotCache {
    /// An empty cache holding at most `budget` bytes of bodies.
    pub fn new(budget: usize) -> Self {
        SnapshotCache {
            budget,
            inner: Mutex::new(Entries::default()),
        }
    }

    /// The snapshot of `env` if the one kept is at `revision`.
    pub fn get(&self, env: Uuid, revision: i64) -> Option<Arc<Encoded>> {
        let entries = self.lock();
        let hit = entries.by_env.get(&env)?;
        (hit.revision == revision).then(|| hit.clone())
    }

    /// Keeps `snapshot` for `env`, replacing an older one; makes room by dropping others.
    pub fn put(&self, env: Uuid, snapshot: Encoded) -> Arc<Encoded> {
        let snapshot = Arc::new(snapshot);
        let size = snapshot.body.len();
        if size > self.budget {
            return snapshot;
        }
        let mut entries = self.lock();
        if let Some(old) = entries.by_env.remove(&env) {
            if old.revision > snapshot.revision {
                // A slower reader finished after a newer snapshot was kept: keep the newer.
                entries.by_env.insert(env, old);
                return snapshot;
            }
            entries.bytes -= old.body.len();
        }
        while entries.bytes + size > self.budget {
            let Some(victim) = entries.by_env.keys().next().copied() else {
                break;
            };
            if let Some(dropped) = entries.by_env.remove(&victim) {
                entries.bytes -= dropped.body.len();
            }
        }
        entries.bytes += size;
        entries.by_env.insert(env, snapshot.clone());
        snapshot
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // The map is consistent after every statement, so a panic elsewhere cannot leave it
        // half-updated: a poisoned lock is still safe to use.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(revision: i64, size: usize) -> Encoded {
        Encoded {
            revision,
            body: Bytes::from(vec![b'x'; size]),
            names: vec!["A".into()],
        }
    }

    #[test]
    fn a_snapshot_is_served_only_at_its_own_revision() {
        let cache = SnapshotCache::new(1000);
        let env = Uuid::new_v4();
        cache.put(env, encoded(3, 10));
        assert_eq!(cache.get(env, 3).map(|e| e.revision), Some(3));
        assert!(
            cache.get(env, 4).is_none(),
            "a newer revision must be read from the store"
        );
        assert!(cache.get(Uuid::new_v4(), 3).is_none());
    }

    #[test]
    fn a_late_older_snapshot_does_not_replace_a_newer_one() {
        let cache = SnapshotCache::new(1000);
        let env = Uuid::new_v4();
        cache.put(env, encoded(5, 10));
        cache.put(env, encoded(4, 10));
        assert!(cache.get(env, 5).is_some());
        assert!(cache.get(env, 4).is_none());
    }

    #[test]
    fn the_byte_budget_holds() {
        let cache = SnapshotCache::new(100);
        let envs: Vec<Uuid> = (0..5).map(|_| Uuid::new_v4()).collect();
        for env in &envs {
            cache.put(*env, encoded(1, 40));
        }
        let kept = envs.iter().filter(|e| cache.get(**e, 1).is_some()).count();
        assert_eq!(kept, 2, "two 40-byte bodies fit in 100 bytes, three do not");
        assert!(cache.lock().bytes <= 100);
        let huge = Uuid::new_v4();
        cache.put(huge, encoded(1, 101));
        assert!(
            cache.get(huge, 1).is_none(),
            "a body over the budget is not kept"
        );
    }
}
