//! Restart slots (issue 13, docs/live.md "Restart groups"): what
//! `POST /v1/envs/{id}/restart-slots/{group}` takes and answers. A watcher asks for one of
//! `max` slots of a group before it restarts its command, and gives it back
//! (`DELETE .../{group}/{holder}`) once the new command has run long enough to be called
//! healthy; a slot whose holder vanished expires after `ttl_secs`.
//!
//! Nothing here is secret: a group name, a random holder id, numbers.

use serde::{Deserialize, Serialize};

/// Asks for one of `max` restart slots of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SlotRequest {
    /// How many holders the group may have at once (the asker's `--max-restarting`).
    pub max: u32,
    /// Who asks: a random id per watcher process. Asking again while holding renews.
    pub holder: String,
    /// Seconds the slot stays taken if its holder never gives it back.
    pub ttl_secs: u32,
}

/// The answer: granted until `expires_at`, or not, with when to ask again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SlotAnswer {
    /// Whether the asker holds a slot now.
    pub granted: bool,
    /// When granted: when the slot expires unless given back or renewed (ms since epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// When refused: a suggested wait before asking again (until the first slot expires,
    /// bounded by [`MAX_RETRY_AFTER_MS`]); holders usually give slots back sooner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

/// Most holders a group may allow.
pub const MAX_SLOTS: u32 = 10_000;

/// Longest a slot may be asked for without renewal: one hour.
pub const MAX_TTL_SECS: u32 = 3600;

/// The longest `retry_after_ms` the server suggests.
pub const MAX_RETRY_AFTER_MS: u64 = 5_000;

/// Group names and holder ids: 1 to this many characters.
pub const MAX_GROUP_LEN: usize = 64;

/// Whether `s` may name a restart group or a holder: 1..=[`MAX_GROUP_LEN`] ASCII letters,
/// digits, `.`, `_` and `-` (they travel in URL paths, unescaped).
pub fn valid_slot_name(s: &str) -> bool {
    (1..=MAX_GROUP_LEN).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && s != "."
        && s != ".."
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_request_json_is_frozen() {
        let req = SlotRequest {
            max: 2,
            holder: "h-3f9a".into(),
            ttl_secs: 45,
        };
        let json = serde_json::to_string(&req).unwrap();
        assert_eq!(json, r#"{"max":2,"holder":"h-3f9a","ttl_secs":45}"#);
        assert_eq!(serde_json::from_str::<SlotRequest>(&json).unwrap(), req);
    }

    #[test]
    fn slot_answer_json_is_frozen_for_granted_and_refused() {
        let granted = SlotAnswer {
            granted: true,
            expires_at: Some(1_700_000_045_000),
            retry_after_ms: None,
        };
        let json = serde_json::to_string(&granted).unwrap();
        assert_eq!(json, r#"{"granted":true,"expires_at":1700000045000}"#);
        assert_eq!(serde_json::from_str::<SlotAnswer>(&json).unwrap(), granted);
        let refused = SlotAnswer {
            granted: false,
            expires_at: None,
            retry_after_ms: Some(250),
        };
        let json = serde_json::to_string(&refused).unwrap();
        assert_eq!(json, r#"{"granted":false,"retry_after_ms":250}"#);
        assert_eq!(serde_json::from_str::<SlotAnswer>(&json).unwrap(), refused);
    }

    #[test]
    fn slot_names_are_short_url_safe_ascii() {
        for good in ["web", "api-eu.1", "A_b", &"x".repeat(MAX_GROUP_LEN)] {
            assert!(valid_slot_name(good), "{good}");
        }
        for bad in ["", ".", "..", "a/b", "a b", "ünï", "a%2F", &"x".repeat(65)] {
            assert!(!valid_slot_name(bad), "{bad}");
        }
    }
}
