//! The vault's typed errors. Each says what went wrong to what; [`VaultError::hint`]
//! gives the next step, which the CLI prints under the message.

use std::path::PathBuf;

use crate::crypto::kdf::ParamsOutOfBounds;

/// Everything that can go wrong inside the vault layer.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// No vault file at the path.
    #[error("no vault at {0}")]
    NotInitialized(PathBuf),
    /// `init` on a path that already holds a vault.
    #[error("a vault already exists at {0}")]
    AlreadyExists(PathBuf),
    /// The file is not a secretscli vault.
    #[error("{path} is not a secretscli vault ({why})")]
    NotAVault {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        why: String,
    },
    /// The file was written by a newer secretscli.
    #[error(
        "{path} was written by a newer secretscli (schema {found}, this binary knows {supported})"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// Ours.
        supported: u32,
    },
    /// A read-only open found a file that a normal open would first migrate.
    #[error(
        "{path} uses schema {found}; this binary upgrades it to {supported} on the next command"
    )]
    NeedsMigration {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// Ours.
        supported: u32,
    },
    /// The passphrase does not open the vault.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// The cached or supplied root key does not open this vault.
    #[error("the cached key does not open this vault")]
    WrongKey,
    /// The vault's KDF parameters are outside what we accept.
    #[error("the vault's {0}")]
    KdfParams(#[from] ParamsOutOfBounds),
    /// A ciphertext failed authentication.
    #[error("{what} failed to decrypt: the vault file was modified or damaged")]
    Corrupt {
        /// What failed, e.g. "item DB version 3 in myapp/dev".
        what: String,
    },
    /// An unknown project.
    #[error("no project named {name:?}")]
    ProjectNotFound {
        /// The name asked for.
        name: String,
        /// The closest existing name.
        suggestion: Option<String>,
    },
    /// An unknown environment.
    #[error("no environment named {name:?} in project {project:?}")]
    EnvNotFound {
        /// Project searched.
        project: String,
        /// The name asked for.
        name: String,
        /// The closest existing name.
        suggestion: Option<String>,
    },
    /// An unknown (or deleted) item.
    #[error("no item named {name:?} in {env}")]
    ItemNotFound {
        /// `project/env` searched.
        env: String,
        /// The name asked for.
        name: String,
        /// The closest existing name.
        suggestion: Option<String>,
    },
    /// The item exists but is soft-deleted.
    #[error("{name:?} in {env} is deleted")]
    ItemDeleted {
        /// `project/env`.
        env: String,
        /// The item.
        name: String,
    },
    /// A change aimed at an item that `env` only inherits.
    #[error("{name:?} in {env} is inherited from {from:?}")]
    Inherited {
        /// The item.
        name: String,
        /// `project/env` asked for.
        env: String,
        /// Environment that holds it.
        from: String,
    },
    /// `restore` of an item that is not deleted.
    #[error("{name:?} in {env} is not deleted")]
    NotDeleted {
        /// `project/env`.
        env: String,
        /// The item.
        name: String,
    },
    /// An item has no such version.
    #[error("{name:?} has no version {version} (latest is {latest})")]
    VersionNotFound {
        /// The item.
        name: String,
        /// Asked for.
        version: u64,
        /// Newest version.
        latest: u64,
    },
    /// `KEY@next` or `KEY@previous` (or `promote`) on an item without that alias.
    #[error("{name:?} in {env} has no {alias} version")]
    NoAlias {
        /// `project/env`.
        env: String,
        /// The item.
        name: String,
        /// `next` or `previous`.
        alias: &'static str,
    },
    /// A project or environment name is taken.
    #[error("{what} {name:?} already exists")]
    Exists {
        /// "project" or "environment".
        what: &'static str,
        /// The name.
        name: String,
    },
    /// A name is not acceptable.
    #[error("invalid {what} name {name}: {why}")]
    InvalidName {
        /// "project", "environment" or "key".
        what: &'static str,
        /// The name, quoted and cut short ([`super::items::quoted_prefix`]).
        name: String,
        /// Why.
        why: &'static str,
    },
    /// Inheritance would loop.
    #[error("environment inheritance would form a cycle: {0}")]
    Cycle(String),
    /// An environment is still inherited by others.
    #[error("environment {name:?} is inherited by {children}")]
    HasChildren {
        /// The env.
        name: String,
        /// Comma-separated children.
        children: String,
    },
    /// A value was refused.
    #[error("value for {name:?} refused: {why}")]
    BadValue {
        /// The item.
        name: String,
        /// Why.
        why: String,
    },
    /// Part of the file does not decode: a wrong type, an out-of-range number, a missing
    /// row another row points at, or pages SQLite itself finds corrupt.
    #[error("{what} is damaged: {why}")]
    Damaged {
        /// What, as precisely as known, e.g. "item DB version 3 in myapp/dev".
        what: String,
        /// What was found (never a value).
        why: String,
    },
    /// A write needs the key of the audit chain, and the vault was not unlocked.
    #[error("this change needs the vault unlocked (its audit log is keyed by the root key)")]
    NeedsUnlock,
    /// SQLite failed.
    #[error("vault database error: {0}")]
    Sqlite(rusqlite::Error),
    /// File system failure.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl VaultError {
    /// The next step for the user, if there is a useful one.
    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            VaultError::NotInitialized(_) => "create one with `secretscli init`".into(),
            VaultError::AlreadyExists(_) => {
                "use the existing vault, or pass --vault PATH to create another".into()
            }
            VaultError::NotAVault { .. } => {
                "check --vault / SECRETSCLI_VAULT; the file was left untouched".into()
            }
            VaultError::TooNew { .. } => "upgrade secretscli to open this vault".into(),
            VaultError::NeedsMigration { .. } => {
                "run any command that opens the vault, e.g. `secretscli list`".into()
            }
            // A flipped bit in the wrapped root key looks exactly like a wrong passphrase.
            VaultError::WrongPassphrase => "nothing was changed; try again (if you are sure of the passphrase, the vault header may be damaged: `secretscli doctor`)".into(),
            VaultError::WrongKey => "run `secretscli lock`, then `secretscli unlock`".into(),
            VaultError::Damaged { what, .. } if what.starts_with("item ") => {
                "other items are still readable; overwrite this one with `secretscli set` (same -p/-e), or restore the vault file from a backup".into()
            }
            VaultError::Damaged { .. } => {
                "restore the vault file from a backup; `secretscli doctor` shows what else is affected".into()
            }
            VaultError::NeedsUnlock => "run `secretscli unlock` first, or set SECRETSCLI_PASSPHRASE_FILE".into(),
            VaultError::Corrupt { .. } => {
                "other items are still readable; restore this one from a backup or `rollback` it to an earlier version".into()
            }
            VaultError::ProjectNotFound { suggestion, .. } => suggest(suggestion, "secretscli project list"),
            VaultError::EnvNotFound { suggestion, .. } => suggest(suggestion, "secretscli env list"),
            VaultError::ItemNotFound { suggestion, .. } => suggest(suggestion, "secretscli list"),
            VaultError::ItemDeleted { name, .. } => format!("bring it back with `secretscli restore {name}`"),
            VaultError::Inherited { from, .. } => {
                format!("change it where it lives with `-e {from}`, or `set` it here to override")
            }
            VaultError::VersionNotFound { name, .. } => format!("see `secretscli history {name}`"),
            VaultError::NoAlias { name, alias: "next", .. } => {
                format!("stage one first with `secretscli stage {name}` (same -p/-e)")
            }
            VaultError::NoAlias { name, .. } => {
                format!("an item has a previous version once `secretscli promote {name}` ran; see `secretscli history {name}`")
            }
            VaultError::HasChildren { .. } => "remove or re-parent those environments first".into(),
            VaultError::Exists { what: "environment", .. } => {
                "use it as it is, or pick another name (`secretscli env list` shows them)".into()
            }
            VaultError::Exists { .. } => {
                "use it as it is, or pick another name (`secretscli project list` shows them)".into()
            }
            VaultError::Cycle(_) => {
                "pick a base that does not already inherit from this environment (`secretscli env list` shows each one's base)".into()
            }
            VaultError::InvalidName { what: "key", .. } => {
                "rename it to a name like DATABASE_URL or database.host (letters, digits, '.', '_' and '-' are always accepted)".into()
            }
            VaultError::InvalidName { what, .. } => format!("choose another {what} name, e.g. staging or my-app"),
            VaultError::Sqlite(e) if is_busy(e) => {
                "another secretscli process held the vault too long; try again".into()
            }
            _ => return None,
        };
        Some(hint)
    }
}

impl From<rusqlite::Error> for VaultError {
    /// Decoding failures are damage to the file (exit 6), not database failures (exit 1):
    /// a crafted or edited row must never surface as "Invalid column type".
    fn from(e: rusqlite::Error) -> Self {
        match damage(&e) {
            Some(why) => VaultError::Damaged {
                what: "the vault file".into(),
                why,
            },
            None => VaultError::Sqlite(e),
        }
    }
}

impl VaultError {
    /// Names what a damaged-file error concerns, when the caller knows better than "the
    /// vault file"; other errors pass through.
    pub(super) fn concerning(self, what: impl FnOnce() -> String) -> Self {
        match self {
            VaultError::Damaged { why, .. } => VaultError::Damaged { what: what(), why },
            VaultError::Corrupt { .. } => VaultError::Corrupt { what: what() },
            other => other,
        }
    }
}

/// Why `e` means the file's content is damaged, or `None` for other failures. The text
/// names types and column names only, never a stored value.
pub(super) fn damage(e: &rusqlite::Error) -> Option<String> {
    use rusqlite::Error as E;
    Some(match e {
        E::InvalidColumnType(_, column, ty) => format!("column {column} holds {ty}"),
        E::FromSqlConversionFailure(_, ty, _) => format!("a column holds an unexpected {ty}"),
        E::IntegralValueOutOfRange(_, n) => format!("a number is out of range ({n})"),
        E::Utf8Error(..) => "a name is not valid UTF-8".into(),
        E::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            "SQLite finds the file corrupt or truncated".into()
        }
        _ => return None,
    })
}

fn suggest(suggestion: &Option<String>, list_cmd: &str) -> String {
    match suggestion {
        Some(s) => format!("did you mean {s:?}? (`{list_cmd}` shows them all)"),
        None => format!("`{list_cmd}` shows what exists"),
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy)
    )
}

/// The closest name to `wanted` among `candidates`, if any is close enough to be a typo.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_but_not_strangers() {
        let names = ["DATABASE_URL", "API_KEY", "staging"];
        assert_eq!(nearest("DATABSE_URL", names), Some("DATABASE_URL".into()));
        assert_eq!(nearest("stagin", names), Some("staging".into()));
        assert_eq!(nearest("zzz", names), None);
    }
}
