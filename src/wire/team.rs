//! Team types (docs/teams.md): roles per project and environment, members, devices and
//! the recipients an environment's keys must be wrapped to.
//!
//! What a role allows is decided by the server for requests, and by the keys for values:
//! an env key is wrapped only to approved devices of users whose role there is `reader` or
//! above, so no server answer can make a viewer read a value.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a member may do in a project or an environment. Ordered: each role has every
/// right of the roles before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Names, kinds, versions, history, who and when; never a key.
    Viewer,
    /// Viewer, and the env keys: get, inject, export, pull.
    Reader,
    /// Reader, and push.
    Writer,
    /// Writer, and members, devices of others, protection, tokens, key rotation.
    Admin,
}

impl Role {
    /// Every role, weakest first.
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Reader, Role::Writer, Role::Admin];

    /// The name used on the wire, in the database and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Reader => "reader",
            Role::Writer => "writer",
            Role::Admin => "admin",
        }
    }

    /// From its name.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Whether this role's devices hold the env keys.
    pub fn holds_keys(self) -> bool {
        self >= Role::Reader
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The short fingerprint both sides show before a device is approved or a recipient
/// pinned: the first 80 bits of SHA-256 over a label and the recipient, as 16 lower-case
/// base32 letters and digits (RFC 4648 alphabet) in four groups, e.g. `k3vq-7mze-2xwa-fh4d`.
/// 80 bits: a server that wants its own key accepted would need about 2^80 tries to match.
pub fn fingerprint(recipient: &str) -> String {
    use sha2::{Digest, Sha256};
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let digest = Sha256::new()
        .chain_update(b"secretscli/recipient-fingerprint/v1\0")
        .chain_update(recipient.as_bytes())
        .finalize();
    let bits = u128::from_be_bytes(digest[..16].try_into().expect("16 bytes")) >> 48;
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let shift = 75 - 5 * i;
        out.push(char::from(ALPHABET[((bits >> shift) & 31) as usize]));
    }
    out
}

/// A role granted on one environment, overriding the project role there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EnvRole {
    /// The environment.
    pub env_id: Uuid,
    /// The role there.
    pub role: Role,
}

/// Where a device stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DeviceStatus {
    /// Logged in, waiting for one of its user's devices (or an admin) to approve it; it
    /// receives no key and may only ask about itself.
    Pending,
    /// Approved: receives the keys its user's roles allow.
    Approved,
    /// Revoked: every request refused, its wraps deleted.
    Revoked,
}

/// A device as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Device {
    /// Device id.
    pub id: Uuid,
    /// Its user.
    pub user_id: Uuid,
    /// Its user's name.
    pub user_name: String,
    /// Device name.
    pub name: String,
    /// The device's age recipient (`age1...`).
    pub recipient: String,
    /// Pending, approved or revoked.
    pub status: DeviceStatus,
    /// When it logged in (ms since epoch).
    pub created_at: i64,
}

/// One member of a project: `GET /v1/projects/{project_id}/members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Member {
    /// User id.
    pub user_id: Uuid,
    /// User name.
    pub user_name: String,
    /// Role on the whole project (the default for its environments), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Per-environment roles, overriding `role` there.
    #[serde(default)]
    pub envs: Vec<EnvRole>,
    /// The user's devices (pending and approved; revoked ones are left out).
    #[serde(default)]
    pub devices: Vec<Device>,
    /// Environments this member may read where an approved device of theirs holds no wrap
    /// of the newest key version yet: "waiting for keys" until a device holding the keys
    /// syncs.
    #[serde(default)]
    pub waiting_for_keys: Vec<Uuid>,
}

/// `PUT /v1/projects/{project_id}/members/{user_name}`: grant or change a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PutMember {
    /// The role.
    pub role: Role,
    /// Only this environment (an override); `None`: the whole project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_id: Option<Uuid>,
}

/// What a removal (member removed, role dropped below reader, device revoked) left to do:
/// the answer of `DELETE .../members/{user_name}`, `PUT .../members/{user_name}` and
/// `DELETE /v1/devices/{device_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AccessChange {
    /// Environments whose keys the removed party held: each needs a new key version
    /// (`rotation_pending` until one at or above `min_key_version` is uploaded).
    #[serde(default)]
    pub rotate: Vec<PendingRotation>,
}

/// An environment whose key must be rotated before the next push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PendingRotation {
    /// The environment.
    pub env_id: Uuid,
    /// The server refuses item versions sealed under a key version below this.
    pub min_key_version: u32,
}

/// `GET /v1/envs/{env_id}/recipients`: who must hold this environment's keys, i.e. every
/// approved device of every user whose role there is reader or above.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Recipient {
    /// User id.
    pub user_id: Uuid,
    /// User name.
    pub user_name: String,
    /// Device id.
    pub device_id: Uuid,
    /// Device name.
    pub device_name: String,
    /// The device's age recipient; clients pin it per user before wrapping to it.
    pub recipient: String,
    /// Key versions of this environment already wrapped to this recipient.
    #[serde(default)]
    pub key_versions: Vec<u32>,
}

/// A grant an invite carries: the new user becomes a member when they log in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct InviteGrant {
    /// The project.
    pub project_id: Uuid,
    /// The role.
    pub role: Role,
    /// Only this environment; `None`: the whole project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_id: Option<Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_named_on_the_wire() {
        assert!(Role::Viewer < Role::Reader && Role::Reader < Role::Writer);
        assert!(Role::Writer < Role::Admin);
        assert!(!Role::Viewer.holds_keys() && Role::Reader.holds_keys());
        for role in Role::ALL {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn fingerprints_are_frozen_and_tell_recipients_apart() {
        let a = fingerprint("age1qqqq");
        assert_eq!(a.len(), 19);
        assert_eq!(a, fingerprint("age1qqqq"));
        assert_ne!(a, fingerprint("age1qqqr"));
        // Computed independently: Python hashlib over the same label and recipient.
        assert_eq!(a, "mihi-4xaa-3yfy-imud");
    }

    #[test]
    fn member_json_is_frozen() {
        let member = Member {
            user_id: Uuid::from_u128(1),
            user_name: "bob".into(),
            role: Some(Role::Viewer),
            envs: vec![EnvRole {
                env_id: Uuid::from_u128(2),
                role: Role::Writer,
            }],
            devices: vec![Device {
                id: Uuid::from_u128(3),
                user_id: Uuid::from_u128(1),
                user_name: "bob".into(),
                name: "bob@laptop".into(),
                recipient: "age1xyz".into(),
                status: DeviceStatus::Pending,
                created_at: 5,
            }],
            waiting_for_keys: vec![Uuid::from_u128(2)],
        };
        let json = serde_json::to_string(&member).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"user_id":"00000000-0000-0000-0000-000000000001","user_name":"bob","role":"viewer","#,
                r#""envs":[{"env_id":"00000000-0000-0000-0000-000000000002","role":"writer"}],"#,
                r#""devices":[{"id":"00000000-0000-0000-0000-000000000003","#,
                r#""user_id":"00000000-0000-0000-0000-000000000001","user_name":"bob","#,
                r#""name":"bob@laptop","recipient":"age1xyz","status":"pending","created_at":5}],"#,
                r#""waiting_for_keys":["00000000-0000-0000-0000-000000000002"]}"#
            )
        );
        assert_eq!(serde_json::from_str::<Member>(&json).unwrap(), member);
    }

    #[test]
    fn grant_and_access_change_json_is_frozen() {
        let put = PutMember {
            role: Role::Reader,
            env_id: None,
        };
        assert_eq!(serde_json::to_string(&put).unwrap(), r#"{"role":"reader"}"#);
        let grant = InviteGrant {
            project_id: Uuid::from_u128(1),
            role: Role::Admin,
            env_id: Some(Uuid::from_u128(2)),
        };
        assert_eq!(
            serde_json::to_string(&grant).unwrap(),
            concat!(
                r#"{"project_id":"00000000-0000-0000-0000-000000000001","role":"admin","#,
                r#""env_id":"00000000-0000-0000-0000-000000000002"}"#
            )
        );
        let change = AccessChange {
            rotate: vec![PendingRotation {
                env_id: Uuid::from_u128(2),
                min_key_version: 3,
            }],
        };
        assert_eq!(
            serde_json::to_string(&change).unwrap(),
            r#"{"rotate":[{"env_id":"00000000-0000-0000-0000-000000000002","min_key_version":3}]}"#
        );
        let recipient = Recipient {
            user_id: Uuid::from_u128(1),
            user_name: "bob".into(),
            device_id: Uuid::from_u128(3),
            device_name: "bob@laptop".into(),
            recipient: "age1xyz".into(),
            key_versions: vec![1, 2],
        };
        assert_eq!(
            serde_json::to_string(&recipient).unwrap(),
            concat!(
                r#"{"user_id":"00000000-0000-0000-0000-000000000001","user_name":"bob","#,
                r#""device_id":"00000000-0000-0000-0000-000000000003","device_name":"bob@laptop","#,
                r#""recipient":"age1xyz","key_versions":[1,2]}"#
            )
        );
    }
}
