//! Request and response types shared by the sync client and the server (docs/sync.md).
//!
//! These JSON shapes are a contract between binaries of different versions: fields are
//! only ever added (with defaults), never renamed; golden tests pin the encoding. Binary
//! fields are base64 (standard alphabet, padded). Nothing here is ever a plaintext value,
//! except in [`config`]: the config API's answers to programs on the sidecar's own host.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod config;
pub mod feed;
pub mod proposals;
pub mod restart;
pub mod share;
pub mod team;
pub mod token;
pub mod tree;
pub use team::{
    AccessChange, Device, DeviceStatus, EnvRole, InviteGrant, Member, PendingRotation, PutMember,
    Recipient, Role,
};

/// Base64 (standard, padded) for `Vec<u8>` fields.
pub mod b64 {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Encodes bytes as a base64 string, straight into the output (no string in between:
    /// a snapshot has two such fields per item).
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&base64::display::Base64Display::new(bytes, &STANDARD))
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
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
    /// Whether this device is approved (`None` from servers before teams: approved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_status: Option<DeviceStatus>,
}

/// `POST /v1/invites`: a one-time token for a new user or another device of a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct InviteRequest {
    /// Existing user to add a device to; `None` creates a new user at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Uuid>,
    /// Seconds until the invite expires.
    pub expires_in_secs: u64,
    /// For a new user: the role they get at login (`invite --user NAME --role R`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<InviteGrant>,
}

/// The invite token (shown once).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PutProject {
    /// Project name.
    pub name: String,
}

/// A project as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RemoteProject {
    /// Stable id (chosen by the client that created it).
    pub id: Uuid,
    /// Name.
    pub name: String,
}

/// `PUT /v1/envs/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct WrappedKey {
    /// Env key version.
    pub key_version: u32,
    /// The age recipient it is wrapped to.
    pub recipient: String,
    /// age ciphertext (binary format) of the 32-byte env key.
    #[serde(with = "b64")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub wrapped: Vec<u8>,
}

/// An environment as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
    /// The caller's role here (`None` from servers before teams: full access).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The server refuses item versions sealed under a key version below this (set when
    /// someone who held the keys lost access; 0: no floor).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_key_version: u32,
    /// Its config items are served over the config API (`env serve-config`): a push sends
    /// their values in clear too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub serve_config: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// `PUT /v1/envs/{id}/keys/{version}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PutEnvKey {
    /// One wrap per recipient allowed to use the key.
    pub wraps: Vec<WrappedKey>,
}

/// Secret or config, as in the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A secret.
    Secret,
    /// Non-secret configuration.
    Config,
}

/// One item version, byte for byte as stored in the vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub wrapped_data_key: Vec<u8>,
    /// Value, AES-256-GCM-sealed by the data key (nonce || ciphertext || tag).
    #[serde(with = "b64")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub ciphertext: Vec<u8>,
    /// When written (ms since epoch).
    pub created_at: i64,
    /// Who wrote it.
    pub author: String,
    /// The item's `previous` alias once this version is current: an older version of the
    /// same item (docs/rotation.md, "Sync"). Left out when the item has none; peers from
    /// before aliases synced neither send nor read it, and a missing one changes nothing.
    /// Never a staged `next`: those are not pushed until promoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<u64>,
}

/// One change in an environment's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
    /// For an environment whose config is served (docs/config-api.md): the clear value of
    /// each config item version in `changes`. Never a secret's; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub served: Vec<config::ServedValue>,
}

/// An accepted push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// The environment's revision after the push.
    pub revision: i64,
    /// How many changes were appended.
    pub accepted: usize,
    /// The environment is protected: nothing was appended, the push became this proposal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<proposals::ProposalMade>,
}

/// Why a push was refused (409, `code: "conflict"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Conflict {
    /// The server's current revision.
    pub revision: i64,
    /// Items changed on the server since the push's base revision.
    pub names: Vec<String>,
}

/// One log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LogEntry {
    /// Revision of the push that appended it.
    pub revision: i64,
    /// The change.
    pub change: Change,
}

/// `GET /v1/envs/{id}/log`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Snapshot {
    /// Revision the snapshot reflects.
    pub revision: i64,
    /// Latest version per item (deleted items left out).
    pub items: Vec<ItemVersion>,
}

/// One server audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
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
    /// Whom the action concerned (a member's name, `user@device`), when not the actor.
    /// Hashed only when present, so entries from before it keep their hashes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Hex SHA-256 of the previous entry (zeros for the first).
    pub prev_hash: String,
    /// Hex SHA-256 of this entry.
    pub hash: String,
}

/// `GET /v1/audit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// Entries, oldest first.
    pub entries: Vec<RemoteAuditEntry>,
    /// More follow.
    pub more: bool,
}

/// Where every server audit hash starts, so no other SHA-256 in the project can collide with it.
pub const AUDIT_HASH_LABEL: &[u8] = b"secretscli/server-audit/v1\0";

impl RemoteAuditEntry {
    /// The SHA-256 this entry must carry when it follows an entry whose hash is `prev`:
    /// the label, `prev`, then every field but the two hashes in declaration order; integers
    /// big-endian, strings and lists length-prefixed (u64), optional fields behind a 0/1 byte,
    /// so no two different entries encode alike. Shared by the server (which writes the chain)
    /// and the client (which verifies it).
    pub fn chain_hash(&self, prev: &[u8]) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        fn text(h: &mut Sha256, s: &str) {
            h.update((s.len() as u64).to_be_bytes());
            h.update(s.as_bytes());
        }
        let mut h = Sha256::new();
        h.update(AUDIT_HASH_LABEL);
        h.update((prev.len() as u64).to_be_bytes());
        h.update(prev);
        h.update(self.seq.to_be_bytes());
        h.update(self.at.to_be_bytes());
        text(&mut h, &self.actor);
        match &self.device {
            None => h.update([0]),
            Some(d) => {
                h.update([1]);
                text(&mut h, d);
            }
        }
        text(&mut h, &self.action);
        for id in [self.project, self.env] {
            match id {
                None => h.update([0]),
                Some(id) => {
                    h.update([1]);
                    h.update(id.as_bytes());
                }
            }
        }
        h.update((self.names.len() as u64).to_be_bytes());
        for name in &self.names {
            text(&mut h, name);
        }
        h.update([u8::from(self.allowed)]);
        text(&mut h, &self.client);
        text(&mut h, &self.request_id);
        // Appended behind a marker only when present: every entry without a target hashes
        // as it did before targets existed, so stored chains and goldens stay valid.
        if let Some(target) = &self.target {
            h.update([AUDIT_TARGET_MARKER]);
            text(&mut h, target);
        }
        h.finalize().into()
    }
}

/// The byte before an audit entry's target in its hash.
pub const AUDIT_TARGET_MARKER: u8 = 0x74;

/// The hash before the first audit entry.
pub const AUDIT_GENESIS: [u8; 32] = [0; 32];

/// Checks that `entries` (consecutive, oldest first) link up and that each hash matches its
/// content. `prev_hash` is the hex hash of the entry before the first one (for a chain read
/// from `since=0`, [`AUDIT_GENESIS`]). Returns the first bad entry's seq and what is wrong.
pub fn verify_audit_chain(
    entries: &[RemoteAuditEntry],
    prev_hash: &str,
) -> Result<(), (i64, String)> {
    let mut prev = prev_hash.to_string();
    let mut expected_seq = None;
    for e in entries {
        if let Some(seq) = expected_seq
            && e.seq != seq
        {
            return Err((seq, format!("entry {seq} is missing (next is {})", e.seq)));
        }
        if e.prev_hash != prev {
            return Err((e.seq, "does not link to the entry before it".into()));
        }
        let Ok(prev_bytes) = hex::decode(&prev) else {
            return Err((e.seq, "previous hash is not hex".into()));
        };
        if hex::encode(e.chain_hash(&prev_bytes)) != e.hash {
            return Err((
                e.seq,
                "was modified (its hash does not match its content)".into(),
            ));
        }
        prev.clone_from(&e.hash);
        expected_seq = Some(e.seq + 1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_request_json_is_frozen() {
        let push = PushRequest {
            served: Vec::new(),
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
                    previous: None,
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

    /// The `previous` alias rides on the version it is the previous of; a log entry from
    /// before aliases synced (no field) reads as "no change to the alias".
    #[test]
    fn a_version_carrying_its_previous_alias_is_frozen_and_the_field_is_optional() {
        let entry = LogEntry {
            revision: 4,
            change: Change::Version(ItemVersion {
                name: "DB".into(),
                version: 3,
                kind: ItemKind::Secret,
                literal: false,
                key_version: 1,
                wrapped_data_key: vec![1],
                ciphertext: vec![2],
                created_at: 5,
                author: "a@b".into(),
                previous: Some(2),
            }),
        };
        let json = serde_json::to_string(&entry).unwrap();
        let old = concat!(
            r#"{"revision":4,"change":{"op":"version","name":"DB","version":3,"kind":"secret","#,
            r#""literal":false,"key_version":1,"wrapped_data_key":"AQ==","ciphertext":"Ag==","#,
            r#""created_at":5,"author":"a@b""#,
        );
        assert_eq!(json, format!(r#"{old},"previous":2}}}}"#));
        assert_eq!(serde_json::from_str::<LogEntry>(&json).unwrap(), entry);
        let before: LogEntry = serde_json::from_str(&format!("{old}}}}}")).unwrap();
        let Change::Version(v) = before.change else {
            panic!("a version")
        };
        assert_eq!(v.previous, None);
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

    const FIRST_AUDIT_HASH: &str =
        "88da057cdb228e497b6d554bd5176e646b9f247745b85dfc6ea5c61eaa15d1fe";

    const TARGET_AUDIT_HASH: &str =
        "a022e1d7b012381290497270e2b494780b5c4995ecf35dae607a54ab531e95e0";

    fn audit_entry(seq: i64, prev: &str) -> RemoteAuditEntry {
        let mut e = RemoteAuditEntry {
            seq,
            at: 1000 + seq,
            actor: "alice".into(),
            device: Some("laptop".into()),
            action: "push".into(),
            project: Some(Uuid::from_u128(2)),
            env: Some(Uuid::from_u128(3)),
            names: vec!["DB".into()],
            allowed: true,
            client: "127.0.0.1".into(),
            request_id: format!("r{seq}"),
            target: None,
            prev_hash: prev.into(),
            hash: String::new(),
        };
        e.hash = hex::encode(e.chain_hash(&hex::decode(prev).unwrap()));
        e
    }

    #[test]
    fn audit_hash_is_frozen_and_chains() {
        let genesis = hex::encode(AUDIT_GENESIS);
        let first = audit_entry(1, &genesis);
        // A change here breaks every chain already written: never edit, add a v2 label.
        assert_eq!(first.hash, FIRST_AUDIT_HASH);
        let second = audit_entry(2, &first.hash);
        let chain = vec![first.clone(), second.clone()];
        assert_eq!(verify_audit_chain(&chain, &genesis), Ok(()));
        let mut edited = chain.clone();
        edited[1].names = vec!["OTHER".into()];
        assert_eq!(verify_audit_chain(&edited, &genesis).unwrap_err().0, 2);
        let mut unlinked = chain;
        unlinked[0].device = None;
        assert_eq!(verify_audit_chain(&unlinked, &genesis).unwrap_err().0, 1);
    }

    #[test]
    fn an_audit_target_is_hashed_and_frozen_and_absent_ones_hash_as_before() {
        let genesis = hex::encode(AUDIT_GENESIS);
        let mut entry = audit_entry(1, &genesis);
        entry.action = "member_rm".into();
        entry.target = Some("bob".into());
        entry.hash = hex::encode(entry.chain_hash(&AUDIT_GENESIS));
        // Computed independently: Python hashlib over the v1 encoding plus 0x74, len, "bob".
        assert_eq!(entry.hash, TARGET_AUDIT_HASH);
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["target"], "bob");
        assert_eq!(verify_audit_chain(&[entry.clone()], &genesis), Ok(()));
        let mut other = entry.clone();
        other.target = Some("eve".into());
        assert_eq!(verify_audit_chain(&[other], &genesis).unwrap_err().0, 1);
        let mut none = entry;
        none.target = None;
        none.action = "push".into();
        assert_eq!(
            hex::encode(none.chain_hash(&AUDIT_GENESIS)),
            FIRST_AUDIT_HASH
        );
        let old: RemoteAuditEntry = serde_json::from_value({
            let mut j = serde_json::to_value(&none).unwrap();
            j.as_object_mut().unwrap().remove("target");
            j
        })
        .unwrap();
        assert_eq!(old.target, None);
    }
}
