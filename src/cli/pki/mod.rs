//! `ca` and `cert`: the certificate commands (issue 16, docs/pki.md). What they share:
//! opening the project's PKI items unlocked, and turning [`PkiError`] into an exit code
//! and a next step. The rules live in `src/pki/`; these files only print and write files.

pub mod ca;
pub mod cert;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::pki::{Pki, PkiError};
use crate::vault::{Project, Unlocked, Vault};

/// The vault, unlocked, and the project whose `pki` environment the command uses.
pub fn open(g: &Global) -> anyhow::Result<(Vault, Unlocked, Project)> {
    let mut vault = session::open(g)?;
    let (project, _) = session::complete_context(&vault, session::context(g)?)?;
    let project = vault.project(&project.value)?;
    let unlocked = session::unlock(&mut vault, g)?;
    Ok((vault, unlocked, project))
}

/// Runs `f` on the project's PKI items, mapping its errors to exit codes and hints.
pub fn with_pki<T>(
    g: &Global,
    create: bool,
    f: impl FnOnce(&mut Pki<'_>) -> crate::pki::Result<T>,
) -> anyhow::Result<T> {
    try_pki(g, create, f)?.map_err(user_error)
}

/// [`with_pki`] leaving the PKI error to the caller (the outer error is the session's).
pub fn try_pki<T>(
    g: &Global,
    create: bool,
    f: impl FnOnce(&mut Pki<'_>) -> crate::pki::Result<T>,
) -> anyhow::Result<crate::pki::Result<T>> {
    let (mut vault, mut unlocked, project) = open(g)?;
    Ok(Pki::open(&mut vault, &mut unlocked, &project, create).and_then(|mut p| f(&mut p)))
}

/// The exit code and hint of a PKI error; vault errors keep their own.
pub fn user_error(e: PkiError) -> anyhow::Error {
    let exit = match &e {
        PkiError::Vault(_) => {
            let PkiError::Vault(v) = e else {
                unreachable!()
            };
            return v.into();
        }
        PkiError::NoCa(_) | PkiError::NoPki(_) | PkiError::NoCert(_) => Exit::NotFound,
        PkiError::CaExists(_) | PkiError::AlreadyRevoked { .. } => Exit::Conflict,
        PkiError::WhichCa(_) => Exit::Usage,
        PkiError::BadSan(_)
        | PkiError::BadName(_)
        | PkiError::OutlivesCa { .. }
        | PkiError::BadBackdate(_) => Exit::InvalidInput,
        PkiError::Damaged { .. } => Exit::Damaged,
        PkiError::Rcgen(_) => Exit::Failure,
    };
    let hint = e.hint();
    UserError {
        exit,
        message: e.to_string(),
        hint,
    }
    .into()
}
