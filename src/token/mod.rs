//! Service tokens on the client (issue 12, docs/tokens.md): making one on an admin's device
//! ([`create`]), and using one where there is no vault at all ([`open`]): CI jobs and
//! services that hold one string and need one environment's values.
//!
//! A token's use writes nothing to disk (no vault, config, cache or temp file) and keeps
//! plaintext in memory only. Uses `sync` (transport, untrusted-answer checks), `crypto` and
//! `wire`, and `vault` only to create; never prints, prompts or exits.

pub mod create;
pub mod oidc;
pub mod open;
pub mod secret;
pub mod watch;
pub mod write;

pub use create::{Created, Request, create};
pub use open::{Opened, OpenedEnv, open};
pub use secret::{Malformed, ServiceToken};

use crate::sync::SyncError;

/// The variable holding a service token (shared with `login`, whose tokens start `sct_`:
/// only an `scs_` value is taken as a service token).
pub const TOKEN_VAR: &str = "SECRETSCLI_TOKEN";
/// The variable naming a file that holds a service token.
pub const TOKEN_FILE_VAR: &str = "SECRETSCLI_TOKEN_FILE";

/// What can go wrong with a service token; each has a next step ([`TokenError::hint`]).
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The text is not a service token.
    #[error("{source_name}: {error}")]
    Malformed {
        /// Where it came from (`SECRETSCLI_TOKEN`, a file, stdin).
        source_name: String,
        /// What is wrong.
        error: Malformed,
    },
    /// The token file or stdin could not be read.
    #[error("cannot read the service token from {what}: {why}")]
    Unreadable {
        /// Where.
        what: String,
        /// Why.
        why: String,
    },
    /// The CI's OIDC ID token was named but could not be had.
    #[error("cannot read the OIDC ID token from {what}: {why}")]
    OidcUnavailable {
        /// Where it was looked for.
        what: String,
        /// Why (never the token).
        why: String,
    },
    /// The server refused the token (revoked, expired, address, uses): its message says.
    #[error("{0}")]
    Refused(String),
    /// The token names several environments and none was chosen.
    #[error("the service token reads several environments ({0}); choose one")]
    WhichEnv(String),
    /// The environment asked for is not one of the token's.
    #[error("the service token cannot read environment {asked:?} (it reads {have})")]
    NotInToken {
        /// The name asked for.
        asked: String,
        /// The token's environments.
        have: String,
    },
    /// Something the server sent does not open with the token's key.
    #[error("the server's answer for {env} does not open with this token's key ({what})")]
    Undecryptable {
        /// `project/env`.
        env: String,
        /// What failed (names an item or a key version, never a value).
        what: String,
    },
    /// An item is sealed under a key version the token never received: the environment's key
    /// was rotated after the token was made and the device that made the token has not
    /// given it the new version yet (it does on its next push or pull, `team::grants`).
    #[error(
        "{env}: {name} is sealed under key version {key_version}, which was started after \
         this token was made (a member removal, `rotate-key` or `token revoke --rotate`)"
    )]
    KeyVersionMissing {
        /// `project/env`.
        env: String,
        /// The item.
        name: String,
        /// Its key version.
        key_version: u32,
    },
    /// An environment to make a token for is not on the server yet.
    #[error("{0} is not on the server yet, so no token can read it")]
    NotPushed(String),
    /// The token only reads.
    #[error("service token {0:?} is read-only")]
    ReadOnly(String),
    /// Sync failed.
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// The vault failed (creation only).
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),
}

impl TokenError {
    /// The next step for the user.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            TokenError::Malformed { .. } => {
                "copy the whole token `secretscli token create` printed (it starts with scs_)".into()
            }
            TokenError::Unreadable { .. } => {
                "check SECRETSCLI_TOKEN_FILE, or pass the token in SECRETSCLI_TOKEN".into()
            }
            TokenError::OidcUnavailable { .. } => {
                "check SECRETSCLI_OIDC_TOKEN / SECRETSCLI_OIDC_TOKEN_FILE, or grant the job `permissions: id-token: write` on GitHub Actions".into()
            }
            TokenError::Refused(_) => {
                "an admin of its environments can see it with `secretscli token list` and make a new one with `secretscli token create`".into()
            }
            TokenError::WhichEnv(_) | TokenError::NotInToken { .. } => {
                "pass -e with one of the token's environments".into()
            }
            TokenError::Undecryptable { .. } => {
                "the token may have been revoked and made again, or the environment's key rotated since: ask an admin for a new token".into()
            }
            TokenError::KeyVersionMissing { .. } => {
                "the device that made the token gives it the new key version on its next \
                 `secretscli push` or `pull`; or an admin makes a new token (`secretscli \
                 token revoke NAME`, then `secretscli token create NAME -e ENV ...`)"
                    .into()
            }
            TokenError::NotPushed(_) => "push it first (`secretscli push`)".into(),
            TokenError::ReadOnly(_) => {
                "an admin makes one that writes with `secretscli token create NAME -e ENV --write`, or change values from a device".into()
            }
            TokenError::Sync(e) => return e.hint(),
            TokenError::Vault(e) => return e.hint(),
        })
    }
}
