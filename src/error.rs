//! The one exit-code table (also in the README and `secretscli --help`), and the mapping
//! from errors to codes and hints at the edge.

use std::process::ExitCode;

use crate::sync::SyncError;
use crate::team::TeamError;
use crate::vault::VaultError;

/// Documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// Any other failure.
    Failure = 1,
    /// Bad command line (unknown command or flag, missing argument).
    Usage = 2,
    /// The vault is locked and no passphrase could be asked for or read.
    Locked = 3,
    /// Wrong passphrase.
    WrongPassphrase = 4,
    /// Unknown project, environment, key or version.
    NotFound = 5,
    /// The vault file is not a vault, is damaged, or its audit chain is broken.
    Damaged = 6,
    /// The thing already exists, or the change conflicts with the current state.
    Conflict = 7,
    /// Invalid input: a malformed file, name or value.
    InvalidInput = 8,
    /// The sync server refused the credentials or the request.
    Refused = 9,
    /// The sync server could not be reached.
    Unreachable = 10,
    /// `inject`: the command exists but cannot be run.
    CannotExecute = 126,
    /// `inject`: the command was not found.
    CommandNotFound = 127,
}

/// The table printed in `--help` and the README.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  other failure
  2  usage error (unknown command or flag)
  3  vault locked and no passphrase available (run `secretscli unlock`)
  4  wrong passphrase
  5  unknown project, environment, key or version
  6  vault file not a vault, damaged, or audit chain broken
  7  already exists, or conflicts with the current state
  8  invalid input (malformed file, name or value)
  9  sync server refused the token or the request (wrong, expired or revoked token)
  10  sync server unreachable
  126  inject: the command cannot be run
  127  inject: the command was not found
  otherwise, inject exits with the command's own code (128+N if signal N killed it)";

/// An error raised by the CLI itself, with its exit code and next step.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    /// Exit code.
    pub exit: Exit,
    /// What went wrong.
    pub message: String,
    /// What to do next.
    pub hint: Option<String>,
}

impl UserError {
    /// An error with a hint.
    pub fn new(exit: Exit, message: impl Into<String>, hint: impl Into<String>) -> Self {
        UserError {
            exit,
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

fn vault_exit(e: &VaultError) -> Exit {
    use VaultError::*;
    match e {
        NotInitialized(_)
        | ProjectNotFound { .. }
        | EnvNotFound { .. }
        | ItemNotFound { .. }
        | ItemDeleted { .. }
        | VersionNotFound { .. }
        | NoAlias { .. } => Exit::NotFound,
        WrongPassphrase => Exit::WrongPassphrase,
        WrongKey | NeedsUnlock => Exit::Locked,
        NotAVault { .. }
        | TooNew { .. }
        | NeedsMigration { .. }
        | Corrupt { .. }
        | Damaged { .. }
        | KdfParams(_) => Exit::Damaged,
        AlreadyExists(_)
        | Exists { .. }
        | Cycle(_)
        | HasChildren { .. }
        | NotDeleted { .. }
        | Inherited { .. } => Exit::Conflict,
        InvalidName { .. } | BadValue { .. } => Exit::InvalidInput,
        Sqlite(_) | Io { .. } => Exit::Failure,
    }
}

fn sync_exit(e: &SyncError) -> Exit {
    match e {
        SyncError::Vault(v) => vault_exit(v),
        SyncError::Conflict { .. }
        | SyncError::ProposalConflict { .. }
        | SyncError::OtherServer { .. }
        | SyncError::NameTaken(_) => Exit::Conflict,
        SyncError::Server { code, .. }
            if code == "proposal_closed" || code == "already_approved" =>
        {
            Exit::Conflict
        }
        SyncError::Unauthorized { .. }
        | SyncError::Forbidden { .. }
        | SyncError::TooLarge { .. } => Exit::Refused,
        SyncError::Unreachable { .. } => Exit::Unreachable,
        SyncError::NotFound { .. }
        | SyncError::Missing(_)
        | SyncError::ProjectElsewhere { .. }
        | SyncError::ParentNotHere(_)
        | SyncError::NotLoggedIn { .. }
        | SyncError::NoKey { .. } => Exit::NotFound,
        SyncError::Untrusted { .. } => Exit::InvalidInput,
        SyncError::BadUrl { .. } | SyncError::Insecure { .. } | SyncError::WhichServer(_) => {
            Exit::Usage
        }
        SyncError::Server { .. }
        | SyncError::Protocol(_)
        | SyncError::Identity(_)
        | SyncError::AnswerTooLarge { .. } => Exit::Failure,
    }
}

fn team_exit(e: &TeamError) -> Exit {
    match e {
        TeamError::Sync(s) => sync_exit(s),
        TeamError::ProjectNotOnServer(_) | TeamError::UnknownDevice { .. } => Exit::NotFound,
        TeamError::AmbiguousDevice { .. } => Exit::Usage,
        TeamError::FingerprintMismatch { .. } | TeamError::FingerprintNeeded { .. } => {
            Exit::Refused
        }
        TeamError::Revoked(_) | TeamError::CannotRotate { .. } => Exit::Conflict,
    }
}

/// The exit code and hint for an error, looking through anyhow's context chain.
pub fn classify(err: &anyhow::Error) -> (Exit, Option<String>) {
    // A UserError given as context to another error is not among `chain()`'s items.
    if let Some(e) = err.downcast_ref::<UserError>() {
        return (e.exit, e.hint.clone());
    }
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<UserError>() {
            return (e.exit, e.hint.clone());
        }
        if let Some(e) = cause.downcast_ref::<TeamError>() {
            return (team_exit(e), e.hint());
        }
        if let Some(e) = cause.downcast_ref::<SyncError>() {
            return (sync_exit(e), e.hint());
        }
        if let Some(e) = cause.downcast_ref::<VaultError>() {
            return (vault_exit(e), e.hint());
        }
        if let Some(e) = cause.downcast_ref::<crate::paths::PathError>() {
            return (Exit::Failure, Some(e.hint()));
        }
        if let Some(e) = cause.downcast_ref::<std::io::Error>()
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            return (Exit::Ok, None);
        }
    }
    (Exit::Failure, None)
}
