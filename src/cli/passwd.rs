//! `secretscli passwd`: change the passphrase by rewrapping the root key. Its steps are
//! shared with `recovery restore`, which sets a new passphrase the same way.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use zeroize::Zeroizing;

use super::{Global, session};
use crate::crypto::KdfParams;
use crate::error::{Exit, UserError};
use crate::output;
use crate::vault::{Unlocked, Vault};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Read the new passphrase from this file (first line) instead of prompting
    #[arg(long, value_name = "PATH")]
    new_passphrase_file: Option<PathBuf>,
}

/// Asks for the current passphrase (a cached key is not enough to change it), then the new one.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = unlock_with_passphrase(g, &vault)?;
    let new = new_passphrase(args.new_passphrase_file.as_deref())?;
    vault.change_passphrase(&unlocked, &new, kdf_for(&vault))?;
    output::note("passphrase changed (cached keys stay valid: the root key is the same)");
    Ok(())
}

/// Unlocks with the passphrase itself (file, variable or prompt), never a cached key.
pub fn unlock_with_passphrase(g: &Global, vault: &Vault) -> anyhow::Result<Unlocked> {
    match session::passphrase_from_env(g)? {
        Some(old) => Ok(vault.unlock_with_passphrase(&old)?),
        None if session::can_prompt() => session::unlock_prompting(vault, "Current passphrase"),
        None => Err(session::locked_error().into()),
    }
}

/// The new passphrase from `file` or a confirmed prompt, refused when empty or weak.
pub fn new_passphrase(file: Option<&Path>) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let new = match file {
        Some(path) => session::first_line(
            &std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
        ),
        None if session::can_prompt() => session::prompt_passphrase("New passphrase", true)?,
        None => {
            return Err(UserError::new(
                Exit::Usage,
                "no new passphrase: there is no terminal to ask",
                "pass --new-passphrase-file PATH",
            )
            .into());
        }
    };
    if new.is_empty() {
        return Err(UserError::new(
            Exit::InvalidInput,
            "the new passphrase is empty",
            "choose a passphrase of a few words",
        )
        .into());
    }
    super::init::check_strength(&new, false)?;
    Ok(new)
}

/// Today's default cost, or the vault's own if that is stronger.
pub fn kdf_for(vault: &Vault) -> KdfParams {
    let current = vault.kdf_params();
    let default = KdfParams::default();
    if current.memory_kib >= default.memory_kib {
        current
    } else {
        default
    }
}
