//! The config API's answers (`GET /v1/config/{project}/{env}/{key}`), as served by the
//! local sidecar `secretscli serve` (docs/serve.md) and, later, by the server for config
//! items of served environments (issue 14).
//!
//! The one place in `wire` that carries a value in clear: the sidecar answers programs on
//! its own host. [`ConfigValue`] zeroizes its value on drop and never prints it in `Debug`.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize as _;

/// Header on every config answer: the revision of the environment as the answering side
/// sees it; `?since=` takes it back for a long-poll.
pub const REVISION_HEADER: &str = "secretscli-revision";

/// Longest `?wait=` a config long-poll may ask for, in seconds.
pub const MAX_WAIT_SECS: u64 = 30;

/// One key's value: `200` for `GET .../{key}`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigValue {
    /// The full dotted name.
    pub key: String,
    /// The value, as text.
    pub value: String,
    /// Its version (from 1).
    pub version: u64,
    /// When this version was written (ms since epoch).
    pub updated_at: i64,
    /// Who wrote it, when known (else empty).
    pub updated_by: String,
}

impl std::fmt::Debug for ConfigValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfigValue")
            .field("key", &self.key)
            .field("value", &"***")
            .field("version", &self.version)
            .field("updated_at", &self.updated_at)
            .field("updated_by", &self.updated_by)
            .finish()
    }
}

impl Drop for ConfigValue {
    fn drop(&mut self) {
        self.value.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_value_json_is_frozen() {
        let v = ConfigValue {
            key: "database.host".into(),
            value: "db.internal".into(),
            version: 3,
            updated_at: 1_700_000_000_000,
            updated_by: "alice@laptop".into(),
        };
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(
            json,
            r#"{"key":"database.host","value":"db.internal","version":3,"updated_at":1700000000000,"updated_by":"alice@laptop"}"#
        );
        assert_eq!(serde_json::from_str::<ConfigValue>(&json).unwrap(), v);
    }

    #[test]
    fn debug_never_shows_the_value() {
        let v = ConfigValue {
            key: "k".into(),
            value: "hunter2".into(),
            version: 1,
            updated_at: 0,
            updated_by: String::new(),
        };
        assert!(!format!("{v:?}").contains("hunter2"));
    }
}
