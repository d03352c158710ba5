//! The config API's answers (`GET /v1/config/{project}/{env}/{key}`), as served by the
//! local sidecar `secretscli serve` (docs/serve.md) and by the server for config items of
//! served environments (docs/config-api.md), and what a device sends the server so it can:
//! [`ServedValue`]s with a push, [`ServeConfig`] to turn serving on or off.
//!
//! The one place in `wire` that carries a value in clear, and only a config item's (never
//! a secret's: the server refuses a served value whose item is a secret). [`ConfigValue`]
//! zeroizes its value on drop and never prints it in `Debug`.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize as _;

/// Header on every config answer: the revision of the environment as the answering side
/// sees it; `?since=` takes it back for a long-poll.
pub const REVISION_HEADER: &str = "secretscli-revision";

/// Longest `?wait=` a config long-poll may ask for, in seconds.
pub const MAX_WAIT_SECS: u64 = 30;

/// Longest config value the server keeps in clear (characters, without control
/// characters); a client leaves out a value it may not send, so the key is not served.
pub const MAX_SERVED_VALUE: usize = 16 * 1024;

/// Whether the server takes `value` in clear: at most [`MAX_SERVED_VALUE`] characters, no
/// control characters (the rule of `PushRequest::served` at the server's edge).
pub fn servable(value: &str) -> bool {
    value.len() <= MAX_SERVED_VALUE * 4
        && value.chars().count() <= MAX_SERVED_VALUE
        && !value.chars().any(char::is_control)
}

/// One key's value: `200` for `GET .../{key}`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "server", schema(example = json!({"key": "database.host", "value": "db.internal", "version": 3, "updated_at": 1_700_000_000_000_i64, "updated_by": "alice"})))]
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

/// A config item's value in clear, sent with a push to a served environment for the item
/// version of the same name and number in that push (`PushRequest::served`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ServedValue {
    /// Item name (a config item of the push).
    pub name: String,
    /// The item version this is the value of.
    pub version: u64,
    /// The value, as text.
    pub value: String,
}

/// `PUT /v1/envs/{id}/serve-config`: serve the environment's config items over the config
/// API (with their current values) or stop (the server forgets every value it kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ServeConfig {
    /// Serve (`true`) or stop (`false`).
    pub serve: bool,
    /// With `serve`: the current value of each config item, at its latest version.
    #[serde(default)]
    pub values: Vec<ServedValue>,
}

/// The answer to [`ServeConfig`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ServeConfigDone {
    /// The environment.
    pub env_id: uuid::Uuid,
    /// Whether it is served now.
    pub serve: bool,
    /// Values stored by this request (0 when stopping).
    pub values: usize,
}

/// One version in a served key's history (`GET .../history/{key}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ConfigVersion {
    /// Version (from 1, per key and environment).
    pub version: u64,
    /// The value; absent when this version deleted the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// This version deleted the key.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// When (ms since epoch).
    pub updated_at: i64,
    /// Who.
    pub updated_by: String,
}

/// `GET /v1/config/{project}/{env}/history/{key}`: the key's versions, newest first, in
/// the environment that provides it (the requested one, or the ancestor it inherits from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ConfigHistory {
    /// The full dotted name.
    pub key: String,
    /// The environment the versions belong to.
    pub env_id: uuid::Uuid,
    /// Newest first.
    pub versions: Vec<ConfigVersion>,
}

/// One event on the sidecar's WebSocket (`GET /v1/watch/{project}/{env}?key=K...`,
/// docs/serve.md), a JSON text frame each: the first describes every watched key, each
/// later one only the watched keys whose value changed since the previous event.
///
/// Values are keyed by their full dotted name, in the shape a `GET` of that key answers,
/// so an app handles an event as it handles the long-poll's answers. Carries values in
/// clear (it is the sidecar's, on its private socket or behind its bearer); `Debug` shows
/// none of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigEvent {
    /// The sidecar's revision these values are at (its `secretscli-revision`).
    pub revision: u64,
    /// The connection's first event: `values` holds every watched key served now, and a
    /// watched name absent from it is not served. Later events carry changes only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub full: bool,
    /// Watched keys and their values: the new one, or `null` when the key is no longer
    /// served (removed, or a service token's refusal emptied the sidecar).
    pub values: std::collections::BTreeMap<String, Option<ConfigValue>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidecar_watch_event_json_is_frozen() {
        let value = |key: &str, value: &str, version| ConfigValue {
            key: key.into(),
            value: value.into(),
            version,
            updated_at: 1_700_000_000_000,
            updated_by: "alice@laptop".into(),
        };
        let first = ConfigEvent {
            revision: 1,
            full: true,
            values: [(
                "database.host".to_string(),
                Some(value("database.host", "db1", 1)),
            )]
            .into_iter()
            .collect(),
        };
        let json = serde_json::to_string(&first).unwrap();
        assert_eq!(
            json,
            r#"{"revision":1,"full":true,"values":{"database.host":{"key":"database.host","value":"db1","version":1,"updated_at":1700000000000,"updated_by":"alice@laptop"}}}"#
        );
        assert_eq!(serde_json::from_str::<ConfigEvent>(&json).unwrap(), first);
        let change = ConfigEvent {
            revision: 4,
            full: false,
            values: [
                (
                    "database.host".to_string(),
                    Some(value("database.host", "db2", 2)),
                ),
                ("database.port".to_string(), None),
            ]
            .into_iter()
            .collect(),
        };
        let json = serde_json::to_string(&change).unwrap();
        assert_eq!(
            json,
            r#"{"revision":4,"values":{"database.host":{"key":"database.host","value":"db2","version":2,"updated_at":1700000000000,"updated_by":"alice@laptop"},"database.port":null}}"#
        );
        assert_eq!(serde_json::from_str::<ConfigEvent>(&json).unwrap(), change);
        assert!(!format!("{change:?}").contains("db2"));
    }

    #[test]
    fn served_value_and_history_json_are_frozen() {
        let s = ServeConfig {
            serve: true,
            values: vec![ServedValue {
                name: "database.port".into(),
                version: 2,
                value: "5432".into(),
            }],
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"serve":true,"values":[{"name":"database.port","version":2,"value":"5432"}]}"#
        );
        assert_eq!(serde_json::from_str::<ServeConfig>(&json).unwrap(), s);
        let h = ConfigHistory {
            key: "database.port".into(),
            env_id: uuid::Uuid::from_u128(1),
            versions: vec![
                ConfigVersion {
                    version: 2,
                    value: None,
                    deleted: true,
                    updated_at: 2,
                    updated_by: "bob".into(),
                },
                ConfigVersion {
                    version: 1,
                    value: Some("5432".into()),
                    deleted: false,
                    updated_at: 1,
                    updated_by: "alice".into(),
                },
            ],
        };
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(
            json,
            r#"{"key":"database.port","env_id":"00000000-0000-0000-0000-000000000001","versions":[{"version":2,"deleted":true,"updated_at":2,"updated_by":"bob"},{"version":1,"value":"5432","updated_at":1,"updated_by":"alice"}]}"#
        );
        assert_eq!(serde_json::from_str::<ConfigHistory>(&json).unwrap(), h);
    }

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
