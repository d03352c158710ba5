//! Teams on the client (issue 11, docs/teams.md): members and roles, devices and their
//! approval, completing grants by wrapping env keys to new recipients, and removal that
//! says what was exposed and rotates.
//!
//! The server decides who may ask; the keys decide who can read. So this layer never
//! wraps a key to a recipient only because the server listed it: recipients are pinned per
//! user ([`trust`]), a user's first recipients on first use, later ones only after a
//! person compared fingerprints (`device approve`). Uses `sync` (connection, env keys),
//! `vault` (pins, names, rotation) and `wire`; never prints, prompts or exits.

pub mod api;
pub mod changes;
pub mod grants;
pub mod login;
pub mod removal;
pub mod trust;

pub use grants::{Given, GrantReport, complete_grants};
pub use removal::{Exposed, RotationOutcome, exposed, rotate_after_removal, rotate_if_pending};
pub use trust::{Seen, Trust, classify};

use crate::sync::SyncError;

/// What can go wrong in a team command; each has a next step ([`TeamError::hint`]).
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The server does not know this project (nobody pushed it yet).
    #[error("project {0} is not on the server")]
    ProjectNotOnServer(String),
    /// No device of that name.
    #[error("no device named {name:?}{}", if known.is_empty() { String::new() } else { format!(" (devices: {})", known.join(", ")) })]
    UnknownDevice {
        /// The name asked for.
        name: String,
        /// The names there are.
        known: Vec<String>,
    },
    /// Several devices of that name.
    #[error("{count} devices are named {name:?}")]
    AmbiguousDevice {
        /// The name.
        name: String,
        /// How many.
        count: usize,
    },
    /// The fingerprint given is not the device's.
    #[error(
        "device {device} has fingerprint {actual}, not {given}: its key is not the one you were shown"
    )]
    FingerprintMismatch {
        /// The device.
        device: String,
        /// Its fingerprint.
        actual: String,
        /// The one given.
        given: String,
    },
    /// Approving needs a person to compare fingerprints, and nobody can be asked.
    #[error(
        "approving {device} needs its fingerprint confirmed ({fingerprint}), and there is no terminal to ask"
    )]
    FingerprintNeeded {
        /// The device.
        device: String,
        /// Its fingerprint.
        fingerprint: String,
    },
    /// The device is revoked.
    #[error("device {0} is revoked; a revoked device cannot be approved again")]
    Revoked(String),
    /// The env key on the server is newer than any here, so this device cannot rotate.
    #[error("{env} needs key version {needed} or later, and this device holds only up to {have}")]
    CannotRotate {
        /// `project/env`.
        env: String,
        /// The server's floor.
        needed: u32,
        /// The newest version here.
        have: u32,
    },
    /// The sync layer failed.
    #[error(transparent)]
    Sync(#[from] SyncError),
}

impl From<crate::vault::VaultError> for TeamError {
    fn from(e: crate::vault::VaultError) -> Self {
        TeamError::Sync(SyncError::Vault(e))
    }
}

impl TeamError {
    /// The next step for the user.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            TeamError::ProjectNotOnServer(_) => {
                "push it first (`secretscli push`), then manage its members".into()
            }
            TeamError::UnknownDevice { .. } => {
                "see `secretscli device list` (an admin: `device list --user NAME`)".into()
            }
            TeamError::AmbiguousDevice { .. } => {
                "name it by id instead (the first column of `secretscli device list`)".into()
            }
            TeamError::FingerprintMismatch { .. } => {
                "do not approve it: compare the fingerprint the new device printed at login; if they differ, revoke it with `secretscli device revoke NAME`".into()
            }
            TeamError::FingerprintNeeded { fingerprint, .. } => format!(
                "check that the new device showed {fingerprint} at login, then pass --fingerprint {fingerprint}"
            ),
            TeamError::Revoked(_) => "log in again from that device with a new `invite --self` token".into(),
            TeamError::CannotRotate { .. } => {
                "pull first so this device gets the newest key (`secretscli pull`), or let a device that holds it rotate".into()
            }
            TeamError::Sync(e) => return e.hint(),
        })
    }
}

/// Result type of the team layer.
pub type Result<T, E = TeamError> = std::result::Result<T, E>;
