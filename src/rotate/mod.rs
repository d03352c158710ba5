//! Rotation of credentials kept as items, run on an admin's device so the server never
//! holds a secret: `rotate postgres` changes a PostgreSQL login's password in four steps
//! (create, set, test, finish) with a write-ahead record in the vault
//! ([`crate::vault::Rotation`]), so a crash at any step resumes with `rotate --resume`.
//!
//! The invariant: the new password is sealed in the vault (as the item's staged `next`
//! version) before the database is asked to take it, and every step can run again after
//! a crash without harm. This module never prints, never puts a password in SQL text (it
//! sends PostgreSQL's SCRAM verifier), in an error, or in a log, and starts its tokio
//! runtime only here (current-thread), never for `get` or `inject`.

mod credential;
mod login;
#[cfg(feature = "server")]
mod pg;
mod run;

pub use credential::Credential;
pub use login::{Login, alternate_login};
pub use run::{Finished, Progress, Strategy, finish_overlap, new_password, resume, start};

use crate::vault::VaultError;

/// What can go wrong in a rotation; each says what, to what, and what next.
#[derive(Debug, thiserror::Error)]
pub enum RotateError {
    /// The vault refused.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// An item's value is not a credential this rotation understands.
    #[error("item {item} does not hold a PostgreSQL login: {why}")]
    BadCredential {
        /// The item.
        item: String,
        /// What is wrong (never the value).
        why: String,
    },
    /// The database refused or could not be reached.
    #[error("PostgreSQL: {what} failed: {why}")]
    Database {
        /// The step, e.g. "ALTER ROLE app_alt".
        what: String,
        /// The server's message (never a password: verifiers only are sent).
        why: String,
    },
    /// A rotation of the item is already under way.
    #[error("a rotation of {item} is in progress (next step: {step})")]
    InProgress {
        /// The item.
        item: String,
        /// Its next step.
        step: &'static str,
    },
    /// The test step found the database holding something else.
    #[error("the test of login {login} failed: {why}")]
    TestFailed {
        /// The login.
        login: String,
        /// What did not match.
        why: String,
    },
    /// `--finish` with nothing to lock.
    #[error("{item} has no previous login to lock: {why}")]
    NothingToFinish {
        /// The item.
        item: String,
        /// Why.
        why: String,
    },
    /// This build has no PostgreSQL client.
    #[error(
        "this secretscli was built without the `server` feature, which brings the PostgreSQL client"
    )]
    NotBuilt,
}

impl RotateError {
    /// The next step for the user.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            RotateError::Vault(e) => return e.hint(),
            RotateError::BadCredential { item, .. } => format!(
                "store it as postgres://USER:PASSWORD@HOST:PORT/DB, or as JSON {{\"username\": ..., \"password\": ...}}, with `secretscli set {item}`"
            ),
            RotateError::Database { .. } => {
                "nothing was lost: the new password is staged in the vault; fix the cause and run `secretscli rotate --resume`".into()
            }
            RotateError::InProgress { .. } => {
                "finish it with `secretscli rotate --resume` (same -p/-e not needed)".into()
            }
            RotateError::TestFailed { .. } => {
                "the current credential still works; check the database and run `secretscli rotate --resume`".into()
            }
            RotateError::NothingToFinish { .. } => "nothing to do".into(),
            RotateError::NotBuilt => "install a build with default features".into(),
        })
    }
}

/// Result type of this module.
pub type Result<T, E = RotateError> = std::result::Result<T, E>;
