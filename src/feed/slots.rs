//! Restart slots from a device (issue 13, docs/live.md "Restart groups"): before a watcher
//! restarts its command it takes one of a group's `max` slots on the server
//! (`POST /v1/envs/{id}/restart-slots/{group}`), and gives it back
//! (`DELETE .../{group}/{holder}`) when the [`SlotPermit`] drops, so that no more than
//! `max` watchers of a group restart at once. `inject --watch --restart-group` plugs
//! [`Slots::acquire`] into the supervisor's gate.
//!
//! Availability wins over staggering when the two conflict: when the server does not
//! answer for [`AWAY_LIMIT`], or refuses for good (no role, unknown environment), the
//! watcher goes ahead without a slot, saying so, rather than keep old values running
//! indefinitely. A slot is asked for with a ttl covering the whole restart (grace,
//! healthy-after and a margin), so a watcher that dies while holding one frees it after
//! the ttl without any renewal.
//!
//! Never prints (events go to the caller), never holds a value: slots are names and numbers.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rand::Rng as _;
use uuid::Uuid;

use super::{jittered, transient};
use crate::sync::SyncError;
use crate::sync::transport::{Retry, Transport};
use crate::wire::restart::{MAX_TTL_SECS, SlotAnswer, SlotRequest, valid_slot_name};

/// How long a watcher waits for a server that does not answer before it restarts
/// without a slot (unless [`AWAY_LIMIT_VAR`] says otherwise).
pub const AWAY_LIMIT: Duration = Duration::from_secs(15);

/// Environment variable: seconds to wait for an absent server before restarting without
/// a slot (default 15; 0 goes ahead at the first failure).
pub const AWAY_LIMIT_VAR: &str = "SECRETSCLI_SLOT_WAIT_SECS";

/// Added to grace + healthy-after in the ttl asked for: the time between the grant and
/// `SIGTERM`, and the release's own round trip.
pub const TTL_MARGIN: Duration = Duration::from_secs(30);

/// First wait before asking again after a refusal (doubles up to [`MAX_ASK_INTERVAL`],
/// never beyond the server's `retry_after_ms`).
const FIRST_ASK_INTERVAL: Duration = Duration::from_millis(100);

/// Longest wait between two asks: a slot given back is taken within about this long.
pub const MAX_ASK_INTERVAL: Duration = Duration::from_secs(1);

/// What taking a slot tells the caller, by group name only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotEvent {
    /// Every slot is taken: waiting for one (said once per restart).
    Waiting,
    /// A slot was granted after waiting.
    Granted,
    /// The server does not answer; still trying until [`AWAY_LIMIT`].
    Away {
        /// Why, for people.
        error: String,
    },
    /// Restarting without a slot: the server stayed away, or refused for good.
    GoingAhead {
        /// Why, for people.
        why: String,
    },
}

/// Why restart slots cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum SlotError {
    /// The group name would not travel in a URL path.
    #[error("{0:?} is not a restart group name: use 1-64 ASCII letters, digits, '.', '_' or '-'")]
    BadGroup(String),
    /// `max` must allow at least one restart.
    #[error("--max-restarting must be at least 1")]
    NoSlots,
}

/// One watcher's access to one restart group of one environment.
pub struct Slots {
    transport: Arc<Mutex<Transport>>,
    path: String,
    request: SlotRequest,
    away_limit: Duration,
}

impl std::fmt::Debug for Slots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slots")
            .field("path", &self.path)
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

impl Slots {
    /// Slots of `group` in the server's environment `env`, at most `max` taken at once,
    /// each asked for long enough to cover `restart` (grace + healthy-after). `transport`
    /// should fail fast (no retry window): this module retries by itself.
    pub fn new(
        transport: Transport,
        env: Uuid,
        group: &str,
        max: u32,
        restart: Duration,
    ) -> Result<Slots, SlotError> {
        if !valid_slot_name(group) {
            return Err(SlotError::BadGroup(group.to_string()));
        }
        if max == 0 {
            return Err(SlotError::NoSlots);
        }
        let holder = format!("{:016x}", rand::thread_rng().r#gen::<u64>());
        Ok(Slots {
            transport: Arc::new(Mutex::new(transport)),
            path: format!("v1/envs/{env}/restart-slots/{group}"),
            request: SlotRequest {
                max,
                holder,
                ttl_secs: ttl_secs(restart),
            },
            away_limit: away_limit(),
        })
    }

    /// How long an absent server is waited for.
    pub fn away_limit(&self) -> Duration {
        self.away_limit
    }

    /// This watcher's holder id (random per process).
    pub fn holder(&self) -> &str {
        &self.request.holder
    }

    /// Blocks until a slot is granted, or until going ahead without one (see the module
    /// doc); the permit gives the slot back when dropped.
    pub fn acquire(&mut self, on_event: &mut dyn FnMut(SlotEvent)) -> SlotPermit {
        let mut interval = FIRST_ASK_INTERVAL;
        let (mut waiting, mut away_since) = (false, None::<Instant>);
        loop {
            let wait = match self.ask() {
                Ok(answer) if answer.granted => {
                    if waiting {
                        on_event(SlotEvent::Granted);
                    }
                    return self.permit();
                }
                Ok(answer) => {
                    away_since = None;
                    if !std::mem::replace(&mut waiting, true) {
                        on_event(SlotEvent::Waiting);
                    }
                    let suggested = Duration::from_millis(answer.retry_after_ms.unwrap_or(0));
                    interval.min(suggested.max(FIRST_ASK_INTERVAL))
                }
                Err(e) if transient(&e) => {
                    let since = *away_since.get_or_insert_with(|| {
                        on_event(SlotEvent::Away {
                            error: e.to_string(),
                        });
                        Instant::now()
                    });
                    if since.elapsed() >= self.away_limit {
                        on_event(SlotEvent::GoingAhead {
                            why: format!(
                                "the server did not answer for {}",
                                humantime::format_duration(self.away_limit)
                            ),
                        });
                        return SlotPermit::none();
                    }
                    interval
                }
                Err(e) => {
                    on_event(SlotEvent::GoingAhead { why: e.to_string() });
                    return SlotPermit::none();
                }
            };
            std::thread::sleep(jittered(wait));
            interval = (interval * 2).min(MAX_ASK_INTERVAL);
        }
    }

    fn ask(&self) -> Result<SlotAnswer, SyncError> {
        lock(&self.transport).post(&self.path, &self.request, Retry::Safe)
    }

    fn permit(&self) -> SlotPermit {
        SlotPermit {
            held: Some((
                self.transport.clone(),
                format!("{}/{}", self.path, self.request.holder),
            )),
        }
    }
}

/// A slot held (or, after going ahead without one, nothing); dropping it gives the slot
/// back with one quick request. If that fails the slot expires by its ttl.
pub struct SlotPermit {
    held: Option<(Arc<Mutex<Transport>>, String)>,
}

impl SlotPermit {
    /// A permit that holds no slot.
    pub fn none() -> SlotPermit {
        SlotPermit { held: None }
    }

    /// Whether a slot is held.
    pub fn holds_a_slot(&self) -> bool {
        self.held.is_some()
    }
}

impl Drop for SlotPermit {
    fn drop(&mut self) {
        if let Some((transport, path)) = self.held.take() {
            let _ = lock(&transport).delete(&path);
        }
    }
}

/// [`AWAY_LIMIT_VAR`] when it holds a number of seconds, else [`AWAY_LIMIT`].
fn away_limit() -> Duration {
    std::env::var(AWAY_LIMIT_VAR)
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| (0.0..=86_400.0).contains(v))
        .map_or(AWAY_LIMIT, Duration::from_secs_f64)
}

/// The ttl asked for: the restart plus [`TTL_MARGIN`], in whole seconds, at most the
/// server's [`MAX_TTL_SECS`].
fn ttl_secs(restart: Duration) -> u32 {
    let secs = restart.saturating_add(TTL_MARGIN).as_secs_f64().ceil();
    (secs as u32).clamp(1, MAX_TTL_SECS)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ttl_covers_the_restart_and_a_margin_within_the_servers_bound() {
        assert_eq!(ttl_secs(Duration::from_millis(15_500)), 46);
        assert_eq!(ttl_secs(Duration::MAX), MAX_TTL_SECS);
    }

    #[test]
    fn group_names_that_would_not_travel_in_a_path_are_refused() {
        let t = Transport::quick("http://127.0.0.1:9", false, Duration::from_secs(1)).unwrap();
        let err = Slots::new(t, Uuid::nil(), "a/b", 2, Duration::ZERO).unwrap_err();
        assert!(matches!(err, SlotError::BadGroup(_)), "{err}");
        let t = Transport::quick("http://127.0.0.1:9", false, Duration::from_secs(1)).unwrap();
        assert!(matches!(
            Slots::new(t, Uuid::nil(), "web", 0, Duration::ZERO),
            Err(SlotError::NoSlots)
        ));
    }
}
