//! The node's side of the change feed (docs/live.md): a hub of waiters per environment,
//! woken in-process when a push lands through this node, and by the PostgreSQL listener
//! (`store::postgres::feed::listen`) when it lands through another.
//!
//! The hub only says "look again": a woken waiter reads the store, which is the one source
//! of truth, so a lost or duplicated wake-up costs a read and never a revision. It holds
//! no names and no revisions a caller could see without the store's access check. It never
//! polls the database per waiter: a waiter that nobody wakes sleeps until its deadline.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;
use uuid::Uuid;

/// Default bound on the feed requests and connections one node holds at once; one more is
/// answered 503 (`server --max-watchers`).
pub const DEFAULT_MAX_WATCHERS: usize = 20_000;

/// Waiters by environment. One `watch` channel per environment with waiters, carrying a
/// wake-up counter; dropped with its last waiter.
#[derive(Debug)]
pub struct Hub {
    envs: Mutex<HashMap<Uuid, watch::Sender<u64>>>,
    waiters: AtomicUsize,
    max: usize,
    /// The node is stopping: held requests answer now instead of holding up the shutdown.
    closed: std::sync::atomic::AtomicBool,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new(DEFAULT_MAX_WATCHERS)
    }
}

impl Hub {
    /// A hub holding at most `max` waiters.
    pub fn new(max: usize) -> Self {
        Hub {
            envs: Mutex::new(HashMap::new()),
            waiters: AtomicUsize::new(0),
            max,
            closed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// A waiter on `env`, or `None` when the node holds its maximum already.
    pub fn subscribe(self: &Arc<Self>, env: Uuid) -> Option<Waiter> {
        if self.waiters.fetch_add(1, Ordering::AcqRel) >= self.max {
            self.waiters.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        let rx = {
            let mut envs = self.envs.lock().unwrap_or_else(|e| e.into_inner());
            envs.entry(env)
                .or_insert_with(|| watch::channel(0).0)
                .subscribe()
        };
        Some(Waiter {
            hub: self.clone(),
            env,
            rx: Some(rx),
        })
    }

    /// `env` has a new revision: wakes its waiters.
    pub fn announce(&self, env: Uuid, _revision: i64) {
        let envs = self.envs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = envs.get(&env) {
            tx.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    /// Wakes every waiter (the cross-node listener reconnected and may have missed some).
    pub fn wake_all(&self) {
        let envs = self.envs.lock().unwrap_or_else(|e| e.into_inner());
        for tx in envs.values() {
            tx.send_modify(|n| *n = n.wrapping_add(1));
        }
    }

    /// The node is stopping: wakes every waiter, and [`Hub::closed`] tells them to answer.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.wake_all();
    }

    /// Whether [`Hub::close`] was called.
    pub fn closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Waiters held now.
    pub fn waiters(&self) -> usize {
        self.waiters.load(Ordering::Acquire)
    }
}

/// One feed request or connection waiting for a change of one environment.
#[derive(Debug)]
pub struct Waiter {
    hub: Arc<Hub>,
    env: Uuid,
    rx: Option<watch::Receiver<u64>>,
}

impl Waiter {
    /// Resolves at the next wake-up after the last one seen (at once if one came since).
    pub async fn woken(&mut self) {
        if let Some(rx) = self.rx.as_mut()
            && rx.changed().await.is_err()
        {
            // The sender lives in the hub as long as we do; never here. Sleep, don't spin.
            std::future::pending::<()>().await;
        }
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        drop(self.rx.take());
        let mut envs = self.hub.envs.lock().unwrap_or_else(|e| e.into_inner());
        if envs
            .get(&self.env)
            .is_some_and(|tx| tx.receiver_count() == 0)
        {
            envs.remove(&self.env);
        }
        drop(envs);
        self.hub.waiters.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_announce_wakes_a_waiter_of_that_env_only() {
        let hub = Arc::new(Hub::new(10));
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let mut wa = hub.subscribe(a).unwrap();
        let mut wb = hub.subscribe(b).unwrap();
        hub.announce(a, 1);
        tokio::time::timeout(std::time::Duration::from_secs(5), wa.woken())
            .await
            .expect("woken");
        let idle = tokio::time::timeout(std::time::Duration::from_millis(50), wb.woken()).await;
        assert!(idle.is_err(), "b was not announced");
    }

    #[test]
    fn the_hub_refuses_waiters_beyond_its_bound_and_frees_slots_on_drop() {
        let hub = Arc::new(Hub::new(2));
        let env = Uuid::from_u128(1);
        let w1 = hub.subscribe(env).unwrap();
        let _w2 = hub.subscribe(env).unwrap();
        assert!(hub.subscribe(env).is_none());
        drop(w1);
        let w3 = hub.subscribe(env);
        assert!(w3.is_some());
        assert_eq!(hub.waiters(), 2);
    }

    #[tokio::test]
    async fn closing_the_hub_wakes_every_waiter_and_says_so() {
        let hub = Arc::new(Hub::new(10));
        let mut w = hub.subscribe(Uuid::from_u128(1)).unwrap();
        assert!(!hub.closed());
        hub.close();
        tokio::time::timeout(std::time::Duration::from_secs(5), w.woken())
            .await
            .expect("woken");
        assert!(hub.closed());
    }

    #[test]
    fn the_last_waiter_of_an_env_removes_its_channel() {
        let hub = Arc::new(Hub::new(2));
        drop(hub.subscribe(Uuid::from_u128(1)).unwrap());
        assert!(hub.envs.lock().unwrap().is_empty());
    }
}
