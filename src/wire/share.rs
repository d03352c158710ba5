//! Share links (issue 14, docs/share.md): what `POST /v1/shares`, `GET /v1/shares`,
//! `DELETE /v1/shares/{id}` and the public `POST /v1/shares/{id}/reveal` carry.
//!
//! The envelope is ciphertext sealed on the creator's device (`share::envelope`); its key is
//! only in the link's fragment. Nothing here is a value or a key.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::b64;

/// Creates a share of one item of an environment the caller may read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CreateShare {
    /// The share's id, chosen by the creator (it is bound into the envelope): 16 random
    /// bytes, unpadded base64url.
    pub id: String,
    /// The environment of the item.
    pub env_id: Uuid,
    /// The item's name (for the creator's list and the audit; the server cannot check it).
    pub name: String,
    /// The sealed value (`share::envelope` v1).
    #[serde(with = "b64")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub envelope: Vec<u8>,
    /// Seconds until the link stops working.
    pub expires_in_secs: u64,
    /// Reveals allowed.
    pub max_views: u32,
    /// Whether the envelope also needs a password (the page asks for one).
    #[serde(default)]
    pub password: bool,
    /// A recipient-bound share: only this user may reveal it, and the link key travels
    /// in `wraps` (not in the link's fragment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_user_id: Option<Uuid>,
    /// With `to_user_id`: the link key wrapped to each approved device of that user.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wraps: Vec<ShareWrap>,
}

/// The link key of a recipient-bound share, wrapped to one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ShareWrap {
    /// The device's age recipient.
    pub recipient: String,
    /// age ciphertext (binary format) of the 32-byte link key.
    #[serde(with = "b64")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub wrapped: Vec<u8>,
}

/// Where a share stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShareState {
    /// Reveals left and not expired.
    Active,
    /// Every allowed reveal happened.
    Used,
    /// Past its expiry.
    Expired,
    /// Revoked by its creator.
    Revoked,
}

impl ShareState {
    /// The state's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ShareState::Active => "active",
            ShareState::Used => "used",
            ShareState::Expired => "expired",
            ShareState::Revoked => "revoked",
        }
    }

    /// The state of a share at `now` (revocation first, then use, then time).
    pub fn at(now: i64, expires_at: i64, views: u32, max_views: u32, revoked: bool) -> Self {
        if revoked {
            ShareState::Revoked
        } else if views >= max_views {
            ShareState::Used
        } else if expires_at <= now {
            ShareState::Expired
        } else {
            ShareState::Active
        }
    }
}

/// A share as its creator sees it (never the envelope).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ShareInfo {
    /// The share's id (the link's `/s/ID`).
    pub id: String,
    /// The item's project.
    pub project_id: Uuid,
    /// The item's environment.
    pub env_id: Uuid,
    /// The item's name.
    pub name: String,
    /// Created (ms since epoch).
    pub created_at: i64,
    /// Stops working (ms since epoch).
    pub expires_at: i64,
    /// Reveals so far.
    pub views: u32,
    /// Reveals allowed.
    pub max_views: u32,
    /// Needs a password.
    pub password: bool,
    /// A recipient-bound share: the only user who may reveal it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_user_id: Option<Uuid>,
    /// Where it stands now.
    pub state: ShareState,
}

/// The answer to a reveal: the envelope, counted as one view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RevealedShare {
    /// The sealed value; open it with the link's key (and password).
    #[serde(with = "b64")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub envelope: Vec<u8>,
    /// Reveals left after this one.
    pub views_left: u32,
    /// A recipient-bound share: the link key wrapped to the calling device.
    #[serde(default, with = "b64", skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub wrapped_key: Vec<u8>,
}

/// Longest a share may live: thirty days.
pub const MAX_EXPIRES_IN_SECS: u64 = 30 * 24 * 3600;
/// Most reveals a share may allow.
pub const MAX_VIEWS: u32 = 100;
/// Most devices a recipient-bound share is wrapped to.
pub const MAX_WRAPS: usize = 100;
/// Largest wrapped link key (an age file with one X25519 stanza is about 200 bytes).
pub const MAX_WRAPPED: usize = 1024;

/// Largest envelope (a 64 KiB value, its 37-byte header and 16-byte tag).
pub const MAX_ENVELOPE: usize = 37 + 64 * 1024 + 16;
/// Characters of a share id.
pub const ID_LEN: usize = 22;

/// Whether `s` is a share id: [`ID_LEN`] characters of `A-Z a-z 0-9 - _` that decode to 16
/// bytes, spelled canonically (the last character carries 2 bits, so not every spelling is).
pub fn valid_id(s: &str) -> bool {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    s.len() == ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && URL_SAFE_NO_PAD
            .decode(s)
            .is_ok_and(|b| b.len() == 16 && URL_SAFE_NO_PAD.encode(&b) == s)
}

/// The share id pattern, for the OpenAPI document.
pub const ID_PATTERN: &str = "^[A-Za-z0-9_-]{21}[AQgw]$";
