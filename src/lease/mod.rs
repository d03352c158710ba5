//! Dynamic PostgreSQL credentials (issue 16): `lease postgres` creates a login that lives
//! only as long as a command (and never past its `VALID UNTIL`), and drops it afterwards.
//! Run on an admin's device, so the sync server still never holds a secret.
//!
//! Invariants:
//! - The lease is recorded in the vault ([`crate::vault::Lease`]) before its login exists,
//!   so a crash or kill -9 at any point leaves a record that `lease reap` (or the next
//!   lease command) turns into a dropped login.
//! - The login's password exists only in the child's environment; the database gets its
//!   SCRAM verifier, the vault nothing. Never in SQL text, an error, a log or `Debug`.
//! - A revoke drops only logins named `secretscli_lease_<the record's id>`: a record edited
//!   outside secretscli cannot aim `DROP ROLE` at any other role.
//! - Revokes are batched and rate-limited ([`REVOKE_BATCH`], [`REVOKES_PER_SECOND`]) on one
//!   connection per admin, so a mass expiry cannot overload the database.
//!
//! This module never prints; it reports through return values and errors with hints.

mod holder;
#[cfg(feature = "server")]
mod pg;
mod run;
mod watchdog;

pub use run::{
    Request, Started, audit_expired, expired_or_orphaned, finish, reap, renew, revoke, start,
};
pub use watchdog::Watchdog;

use std::time::Duration;

use crate::vault::VaultError;

/// The prefix of every lease login; the rest is the lease's id.
pub const LOGIN_PREFIX: &str = "secretscli_lease_";

/// How many logins one revoke batch ends and drops (one statement batch each step).
pub const REVOKE_BATCH: usize = 50;

/// At most this many logins are revoked per second, whatever the backlog.
pub const REVOKES_PER_SECOND: usize = 100;

/// Why a grant of a role that does not exist is refused.
pub(crate) const NO_SUCH_ROLE: &str = "no such role";

/// The default length of a lease (`--ttl`).
pub const DEFAULT_TTL: Duration = Duration::from_secs(3600);

/// The default bound on renewals, from the lease's creation (`--max-ttl`).
pub const DEFAULT_MAX_TTL: Duration = Duration::from_secs(24 * 3600);

/// What can go wrong with a lease; each says what, to what, and what next.
#[derive(Debug, thiserror::Error)]
pub enum LeaseError {
    /// The vault refused.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// The admin item is not a PostgreSQL URL.
    #[error("item {item} does not hold a PostgreSQL URL: {why}")]
    BadAdmin {
        /// The item.
        item: String,
        /// What is wrong (never the value).
        why: String,
    },
    /// The database refused or could not be reached.
    #[error("PostgreSQL: {what} failed: {why}")]
    Database {
        /// The step.
        what: String,
        /// The server's message (never a password).
        why: String,
    },
    /// The admin may not hand out the role.
    #[error("the admin {admin} may not grant role {role:?}: {why}")]
    GrantRefused {
        /// The admin's login.
        admin: String,
        /// The role asked for.
        role: String,
        /// Why.
        why: String,
    },
    /// `--ttl` longer than `--max-ttl`, or zero.
    #[error("a lease of {ttl} is not allowed: {why}")]
    BadTtl {
        /// The asked length.
        ttl: String,
        /// Why.
        why: String,
    },
    /// A renewal past the lease's maximum.
    #[error(
        "lease {id} cannot be renewed to {asked}: its maximum end is {max} (--max-ttl from its creation)"
    )]
    BeyondMax {
        /// The lease.
        id: String,
        /// The end asked for (UTC).
        asked: String,
        /// Its maximum end (UTC).
        max: String,
    },
    /// No such lease.
    #[error("no lease {id} in this vault")]
    NotFound {
        /// The id asked for.
        id: String,
    },
}

impl LeaseError {
    /// The next step for the user.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            LeaseError::Vault(e) => return e.hint(),
            LeaseError::BadAdmin { item, .. } => format!(
                "store the admin URL as postgres://USER:PASSWORD@HOST:PORT/DB with `secretscli set {item}`"
            ),
            LeaseError::Database { .. } => {
                "the lease is recorded in the vault: fix the cause and run `secretscli lease reap` to drop what was created".into()
            }
            LeaseError::GrantRefused { why, .. } if why == NO_SUCH_ROLE => {
                "check the name (`\\du` in psql lists the roles), or create the group role first".into()
            }
            LeaseError::GrantRefused { admin, role, .. } => format!(
                "a lease can only grant a role its admin is a member of: `GRANT {role} TO {admin}` as a superuser, or use another --admin item"
            ),
            LeaseError::BadTtl { .. } => "give --ttl at most --max-ttl (e.g. --ttl 1h --max-ttl 24h)".into(),
            LeaseError::BeyondMax { .. } => {
                "renew with a shorter --ttl, or start a new lease (`secretscli lease postgres`)".into()
            }
            LeaseError::NotFound { .. } => {
                "`secretscli lease list` shows the leases; an expired one was already revoked".into()
            }
        })
    }
}

/// Result type of this module.
pub type Result<T, E = LeaseError> = std::result::Result<T, E>;
