//! Request and response types shared by the sync client and the server (docs/sync.md).
//!
//! These JSON shapes are a contract between binaries of different versions: fields are
//! only ever added (with defaults), never renamed; golden tests pin the encoding. Binary
//! fields are base64 (standard alphabet, padded). Nothing here is ever a plaintext value.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Base64 (standard, padded) for `Vec<u8>` fields.
pub mod b64 {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Encodes bytes as a base64 string.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    /// Decodes a base64 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD
            .decode(text.as_bytes())
            .map_err(serde::de::Error::custom)
    }
}

/// A JSON error body: a stable machine code and a human message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable code, e.g. `unauthorized`, `conflict`, `not_found`, `too_large`, `rate_limited`.
    pub code: String,
    /// What happened, for people.
    pub message: String,
    /// Present on `conflict`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Conflict>,
}

/// `POST /v1/login`: register this device (bearer: bootstrap or invite token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// Device name, e.g. `alice@laptop`.
    pub device_name: String,
    /// The device's age X25519 recipient (`age1...`).
    pub recipient: String,
    /// User name, used when the token creates a new user (bootstrap, user invite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
}

/// The device's credentials.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Server's stable id.
    pub server_id: Uuid,
    /// The user.
    pub user_id: Uuid,
    /// This device.
    pub device_id: Uuid,
    /// The device's API token (`sct_<id>_<secret>`); shown once, stored encrypted in the vault.
    pub token: String,
}

impl std::fmt::Debug for LoginResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginResponse")
            .field("user_id", &self.user_id)
            .field("device_id", &self.device_id)
            .field("token", &"***")
            .finish()
    }
}

/// `GET /v1/whoami`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhoAmI {
    /// Server's stable id.
    pub server_id: Uuid,
    /// The user.
    pub user_id: Uuid,
    /// User name.
    pub user_name: String,
    /// This device.
    pub device_id: Uuid,
    /// Whether the user administers the server.
    pub admin: bool,
}

/// `POST /v1/invites`: a one-time token for a new user or another device of a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteRequest {
    /// Existing user to add a device to; `None` creates a new user at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Uuid>,
    /// Seconds until the invite expires.
    pub expires_in_secs: u64,
}

/// The invite token (shown once).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResponse {
    /// Token id (for revocation).
    pub token_id: String,
    /// The token itself.
    pub token: String,
    /// Expiry (ms since epoch).
    pub expires_at: i64,
}

impl std::fmt::Debug for InviteResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InviteResponse")
            .field("token_id", &self.token_id)
            .field("token", &"***")
            .finish()
    }
}

/// `PUT /v1/projects/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PutProject {
    /// Project name.
    pub name: String,
}

/// A project as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteProject {
    /// Stable id (chosen by the client that created it).
    pub id: Uuid,
    /// Name.
    pub name: String,
}

/// `PUT /v1/envs/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PutEnv {
    /// Owning project.
    pub project_id: Uuid,
    /// Name.
    pub name: String,
    /// Inherited environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
}

/// An env key version wrapped to one age recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    /// Env key version.
    pub key_version: u32,
    /// The age recipient it is wrapped to.
    pub recipient: String,
    /// age ciphertext (binary format) of the 32-byte env key.
    #[serde(with = "b64")]
    pub wrapped: Vec<u8>,
}

/// An environment as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteEnv {
    /// Stable id.
    pub id: Uuid,
    /// Owning project.
    pub project_id: Uuid,
    /// Name.
    pub name: String,
    /// Inherited environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    /// Current log revision (0: empty).
    pub revision: i64,
    /// Env keys wrapped to the caller's recipient.
    #[serde(default)]
    pub keys: Vec<WrappedKey>,
}

/// `PUT /v1/envs/{id}/keys/{version}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PutEnvKey {
    /// One wrap per recipient allowed to use the key.
    pub wraps: Vec<WrappedKey>,
}

/// Secret or config, as in the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A secret.
    Secret,
    /// Non-secret configuration.
    Config,
}

/// One item version, byte for byte as stored in the vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemVersion {
    /// Item name.
    pub name: String,
    /// Version number (from 1, per item).
    pub version: u64,
    /// Kind of this version.
    pub kind: ItemKind,
    /// Never expanded by inject.
    pub literal: bool,
    /// Env key version wrapping the data key.
    pub key_version: u32,
    /// Data key, AES-256-GCM-wrapped by the env key (nonce || ciphertext || tag).
    #[serde(with = "b64")]
    pub wrapped_data_key: Vec<u8>,
    /// Value, AES-256-GCM-sealed by the data key (nonce || ciphertext || tag).
    #[serde(with = "b64")]
    pub ciphertext: Vec<u8>,
    /// When written (ms since epoch).
    pub created_at: i64,
    /// Who wrote it.
    pub author: String,
}

/// One change in an environment's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Change {
    /// A new version of an item.
    Version(ItemVersion),
    /// The item was soft-deleted.
    Delete {
        /// Item name.
        name: String,
    },
    /// The item was restored.
    Restore {
        /// Item name.
        name: String,
    },
}

impl Change {
    /// The item this change touches.
    pub fn name(&self) -> &str {
        match self {
            Change::Version(v) => &v.name,
            Change::Delete { name } | Change::Restore { name } => name,
        }
    }
}

/// `POST /v1/envs/{id}/push`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The revision the client last pulled.
    pub base_revision: i64,
    /// Makes a retried push land once.
    pub idempotency_key: Uuid,
    /// Overwrite conflicting changes made since `base_revision`.
    #[serde(default)]
    pub force: bool,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

/// An accepted push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The environment's revision after the push.
    pub revision: i64,
    /// How many changes were appended.
    pub accepted: usize,
}

/// Why a push was refused (409, `code: "conflict"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The server's current revision.
    pub revision: i64,
    /// Items changed on the server since the push's base revision.
    pub names: Vec<String>,
}

/// One log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Revision of the push that appended it.
    pub revision: i64,
    /// The change.
    pub change: Change,
}

/// `GET /v1/envs/{id}/log`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPage {
    /// The environment's current revision.
    pub revision: i64,
    /// Entries after `since`, oldest first.
    pub entries: Vec<LogEntry>,
    /// More entries follow: ask again with `since` = the last entry's revision.
    pub more: bool,
}

/// `GET /v1/envs/{id}/snapshot`: the latest version of every live item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Revision the snapshot reflects.
    pub revision: i64,
    /// Latest version per item (deleted items left out).
    pub items: Vec<ItemVersion>,
}

/// One server audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteAuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// Time (ms since epoch).
    pub at: i64,
    /// Acting user (or `anonymous`).
    pub actor: String,
    /// Acting device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Verb, e.g. `push`, `pull`, `login`.
    pub action: String,
    /// Project id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Uuid>,
    /// Environment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<Uuid>,
    /// Item names concerned.
    #[serde(default)]
    pub names: Vec<String>,
    /// Whether the request was allowed.
    pub allowed: bool,
    /// Client address.
    pub client: String,
    /// Request id.
    pub request_id: String,
    /// Hex SHA-256 of the previous entry (zeros for the first).
    pub prev_hash: String,
    /// Hex SHA-256 of this entry.
    pub hash: String,
}

/// `GET /v1/audit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Entries, oldest first.
    pub entries: Vec<RemoteAuditEntry>,
    /// More follow.
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_request_json_is_frozen() {
        let push = PushRequest {
            base_revision: 7,
            idempotency_key: Uuid::from_u128(1),
            force: false,
            changes: vec![
                Change::Version(ItemVersion {
                    name: "DB".into(),
                    version: 2,
                    kind: ItemKind::Secret,
                    literal: true,
                    key_version: 1,
                    wrapped_data_key: vec![1, 2, 3],
                    ciphertext: vec![255],
                    created_at: 1000,
                    author: "a@b".into(),
                }),
                Change::Delete { name: "OLD".into() },
            ],
        };
        let json = serde_json::to_string(&push).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"base_revision":7,"idempotency_key":"00000000-0000-0000-0000-000000000001","force":false,"changes":["#,
                r#"{"op":"version","name":"DB","version":2,"kind":"secret","literal":true,"key_version":1,"#,
                r#""wrapped_data_key":"AQID","ciphertext":"/w==","created_at":1000,"author":"a@b"},"#,
                r#"{"op":"delete","name":"OLD"}]}"#
            )
        );
        assert_eq!(serde_json::from_str::<PushRequest>(&json).unwrap(), push);
    }

    #[test]
    fn error_body_is_frozen_and_conflict_is_optional() {
        let err = ApiError {
            code: "conflict".into(),
            message: "m".into(),
            conflict: Some(Conflict {
                revision: 3,
                names: vec!["A".into()],
            }),
        };
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"code":"conflict","message":"m","conflict":{"revision":3,"names":["A"]}}"#
        );
        let plain: ApiError =
            serde_json::from_str(r#"{"code":"unauthorized","message":"no"}"#).unwrap();
        assert_eq!(plain.conflict, None);
    }

    #[test]
    fn tokens_never_show_in_debug_output() {
        let login = LoginResponse {
            server_id: Uuid::nil(),
            user_id: Uuid::nil(),
            device_id: Uuid::nil(),
            token: "sct_x_secret".into(),
        };
        assert!(!format!("{login:?}").contains("secret"));
    }
}
