//! Share links (issue 14, docs/share.md): one item's value, sealed on this device, opened
//! by whoever holds the link (and the password), a limited number of times, until it
//! expires. The server keeps the ciphertext and counts reveals; the key is only in the
//! link's fragment.
//!
//! - [`link`]: the link's format (`https://SERVER/s/ID#K`).
//! - [`envelope`]: the sealed value's format and its key derivation.
//! - this module: the calls to the server (create, list, revoke as a device; reveal as
//!   anyone, or, for a link sealed to a user with `--to`, as a device of that user whose
//!   identity opens the link key the server holds wrapped to it).
//!
//! Uses sync (the device's connection), crypto and wire; never prints or prompts: a
//! password comes in through a callback the CLI provides.

pub mod envelope;
pub mod link;

use std::time::Duration;

use uuid::Uuid;

use crate::crypto::keys::{SecretBytes, SecretKey};
use crate::sync::{Connection, SyncError};
use crate::wire::share::{CreateShare, RevealedShare, ShareInfo, ShareWrap};
use link::{Link, LinkKey, ShareId};

/// Why a share operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    /// The text is not a share link.
    #[error("this is not a share link: {0}")]
    BadLink(&'static str),
    /// The envelope is not one this version reads, or was cut or altered.
    #[error("the shared value is damaged: {0}")]
    Damaged(&'static str),
    /// The value is too large to share.
    #[error("the value is larger than {0} bytes, the most a share carries")]
    TooLarge(usize),
    /// The envelope needs a password and none was given.
    #[error("this link needs its password")]
    PasswordNeeded,
    /// The password does not open the envelope.
    #[error("the password does not open this link")]
    WrongPassword,
    /// The link key does not open the envelope.
    #[error("the link's key does not open its value (the link was altered or cut)")]
    WrongKey,
    /// The link is expired, used up or revoked (410).
    #[error("this link no longer works: {0}")]
    Gone(String),
    /// A recipient-bound link opens only signed in, as its user ([`open_bound`]).
    #[error("this link is sealed to a user's devices")]
    Bound,
    /// The server does not know the link (404).
    #[error("the server does not know this link")]
    Unknown,
    /// Talking to the server failed.
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// The link's server could not be reached or answered nonsense.
    #[error("cannot reach {server}: {detail}")]
    Http {
        /// The link's server.
        server: String,
        /// What went wrong.
        detail: String,
    },
}

/// What `share create` asks for.
pub struct NewShare<'a> {
    /// The item's environment on the server.
    pub env_id: Uuid,
    /// The item's name.
    pub name: &'a str,
    /// The value.
    pub value: &'a SecretBytes,
    /// Lifetime.
    pub expires_in: Duration,
    /// Reveals allowed.
    pub max_views: u32,
    /// The password and PBKDF2 iterations, when the link needs one.
    pub password: Option<(&'a [u8], u32)>,
    /// A recipient-bound share: the user, and the recipients of their devices to wrap the
    /// link key to (checked against this vault's pins by the caller).
    pub to: Option<(Uuid, &'a [String])>,
}

/// Seals the value here and registers the share on `conn`'s server: the link (with its key)
/// and what the server recorded.
pub fn create(conn: &mut Connection, new: &NewShare<'_>) -> Result<(Link, ShareInfo), ShareError> {
    let id = ShareId::random();
    let key = LinkKey::random();
    let envelope = envelope::seal(&id, &key, new.password, new.value.expose())?;
    let wraps = match new.to {
        Some((_, recipients)) => wrap_link_key(&key, recipients)?,
        None => Vec::new(),
    };
    let req = CreateShare {
        id: id.to_string(),
        env_id: new.env_id,
        name: new.name.to_string(),
        envelope,
        expires_in_secs: new.expires_in.as_secs(),
        max_views: new.max_views,
        password: new.password.is_some(),
        to_user_id: new.to.map(|(user, _)| user),
        wraps,
    };
    let info: ShareInfo = conn
        .transport
        .post("v1/shares", &req, crate::sync::Retry::Never)?;
    let server = conn
        .transport
        .url()
        .as_str()
        .trim_end_matches('/')
        .to_string();
    let key = new.to.is_none().then_some(key);
    Ok((Link { server, id, key }, info))
}

/// The link key wrapped to each recipient (age X25519, like env keys).
fn wrap_link_key(key: &LinkKey, recipients: &[String]) -> Result<Vec<ShareWrap>, ShareError> {
    let secret = SecretKey::from_slice(key.expose()).expect("32 bytes");
    recipients
        .iter()
        .map(|r| {
            let wrapped = crate::crypto::identity::wrap_key_to(r, &secret)
                .map_err(|_| ShareError::Damaged("a recipient of the user is not an age key"))?;
            Ok(ShareWrap {
                recipient: r.clone(),
                wrapped,
            })
        })
        .collect()
}

/// Reveals a recipient-bound link as this device (one view): the server answers only the
/// user it is sealed to, with the link key wrapped to this device, which opens here.
pub fn open_bound(conn: &mut Connection, link: &Link) -> Result<SecretBytes, ShareError> {
    let revealed: RevealedShare = conn
        .transport
        .post(
            &format!("v1/shares/{}/reveal", link.id),
            &serde_json::json!({}),
            crate::sync::Retry::Never,
        )
        .map_err(|e| match e {
            SyncError::Server {
                status: 410, code, ..
            } => ShareError::Gone(gone_reason(&code).to_string()),
            SyncError::NotFound { .. } => ShareError::Unknown,
            other => ShareError::Sync(other),
        })?;
    let key = conn
        .identity
        .unwrap_key(&revealed.wrapped_key)
        .map_err(|_| ShareError::WrongKey)?;
    let key = LinkKey::from_bytes(*key.expose());
    envelope::open(&link.id, &key, None, &revealed.envelope)
}

/// The shares this user created on `conn`'s server.
pub fn list(conn: &mut Connection) -> Result<Vec<ShareInfo>, ShareError> {
    Ok(conn.transport.get("v1/shares")?)
}

/// Revokes one of this user's shares: the server forgets its envelope.
pub fn revoke(conn: &mut Connection, id: &ShareId) -> Result<ShareInfo, ShareError> {
    Ok(conn.transport.delete_json(&format!("v1/shares/{id}"))?)
}

/// Reveals a link (one view) and opens it. `password` is asked (up to three times) only
/// when the envelope needs one; it returns `None` to give up.
pub fn open(
    link: &Link,
    mut password: impl FnMut(u32) -> Option<zeroize::Zeroizing<Vec<u8>>>,
) -> Result<SecretBytes, ShareError> {
    let Some(key) = &link.key else {
        return Err(ShareError::Bound);
    };
    let revealed = reveal(link)?;
    match envelope::protection(&revealed.envelope)? {
        envelope::Protection::LinkOnly => envelope::open(&link.id, key, None, &revealed.envelope),
        envelope::Protection::Password { .. } => {
            let mut last = ShareError::PasswordNeeded;
            for attempt in 1..=3 {
                let Some(p) = password(attempt) else { break };
                match envelope::open(&link.id, key, Some(&p), &revealed.envelope) {
                    Err(ShareError::WrongPassword) => last = ShareError::WrongPassword,
                    other => return other,
                }
            }
            Err(last)
        }
    }
}

/// `POST {server}/v1/shares/{id}/reveal`, without credentials: the link is the credential.
fn reveal(link: &Link) -> Result<RevealedShare, ShareError> {
    let http = |detail: String| ShareError::Http {
        server: link.server.clone(),
        detail,
    };
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| http(e.to_string()))?;
    let url = format!("{}/v1/shares/{}/reveal", link.server, link.id);
    let res = client.post(url).send().map_err(|e| http(e.to_string()))?;
    let status = res.status().as_u16();
    let body = res.bytes().map_err(|e| http(e.to_string()))?;
    if body.len() > 2 * crate::wire::share::MAX_ENVELOPE {
        return Err(http("the answer is too large".into()));
    }
    match status {
        200 => serde_json::from_slice(&body).map_err(|_| http("the answer is not a share".into())),
        404 => Err(ShareError::Unknown),
        410 => {
            let e: crate::wire::ApiError = serde_json::from_slice(&body)
                .map_err(|_| http("the answer is not an error".into()))?;
            Err(ShareError::Gone(gone_reason(&e.code).to_string()))
        }
        s => Err(http(format!("it answered HTTP {s}"))),
    }
}

/// Why a link is gone, from the server's stable code (its message is not shown: it is
/// untrusted text).
fn gone_reason(code: &str) -> &'static str {
    match code {
        "share_used" => "every view it allowed was used",
        "share_expired" => "it expired",
        "share_revoked" => "its creator revoked it",
        _ => "the server says it is gone",
    }
}
