//! Restart slots (docs/live.md "Restart groups"), decided once for both backends: they
//! read a group's unexpired holders inside one serialized transaction, this module says
//! whether the asker gets a slot, and they write what it says.
//!
//! A holder that asks again while it holds a slot renews it (a retried request must not
//! count twice). The count is of unexpired holders only, so a watcher that died while
//! holding a slot stops counting once its ttl has passed.

use crate::wire::restart::{MAX_RETRY_AFTER_MS, SlotAnswer, SlotRequest};

/// What to do for one request, given the group's unexpired holders `(holder, expires_at)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Write (insert or renew) the asker's row with this expiry.
    Grant { expires_at: i64 },
    /// Write nothing; ask again after this many ms.
    Refuse { retry_after_ms: u64 },
}

impl Decision {
    /// The answer on the wire.
    pub(crate) fn answer(&self) -> SlotAnswer {
        match *self {
            Decision::Grant { expires_at } => SlotAnswer {
                granted: true,
                expires_at: Some(expires_at),
                retry_after_ms: None,
            },
            Decision::Refuse { retry_after_ms } => SlotAnswer {
                granted: false,
                expires_at: None,
                retry_after_ms: Some(retry_after_ms),
            },
        }
    }
}

/// Decides `req` at `now` (ms) among `holders`, which must all expire after `now`.
pub(crate) fn decide(req: &SlotRequest, now: i64, holders: &[(String, i64)]) -> Decision {
    let holds = holders.iter().any(|(h, _)| *h == req.holder);
    if holds || holders.len() < req.max as usize {
        return Decision::Grant {
            expires_at: now + i64::from(req.ttl_secs) * 1000,
        };
    }
    let first_expiry = holders.iter().map(|(_, at)| *at).min().unwrap_or(now);
    let until = u64::try_from(first_expiry - now).unwrap_or(0);
    Decision::Refuse {
        retry_after_ms: until.clamp(1, MAX_RETRY_AFTER_MS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(holder: &str, max: u32) -> SlotRequest {
        SlotRequest {
            max,
            holder: holder.into(),
            ttl_secs: 10,
        }
    }

    #[test]
    fn a_free_slot_is_granted_until_now_plus_ttl() {
        let holders = [("a".to_string(), 5_000)];
        assert_eq!(
            decide(&req("b", 2), 1_000, &holders),
            Decision::Grant { expires_at: 11_000 }
        );
    }

    #[test]
    fn a_full_group_refuses_until_its_first_slot_expires_and_renews_its_own_holders() {
        let holders = [("a".to_string(), 9_000), ("b".to_string(), 3_000)];
        assert_eq!(
            decide(&req("c", 2), 1_000, &holders),
            Decision::Refuse {
                retry_after_ms: 2_000
            }
        );
        assert_eq!(
            decide(&req("a", 2), 1_000, &holders),
            Decision::Grant { expires_at: 11_000 }
        );
        let far = [("a".to_string(), 3_600_000)];
        assert_eq!(
            decide(&req("c", 1), 0, &far),
            Decision::Refuse {
                retry_after_ms: MAX_RETRY_AFTER_MS
            }
        );
    }
}
