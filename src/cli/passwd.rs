//! `secretscli passwd`: change the passphrase by rewrapping the root key.

use std::path::PathBuf;

use anyhow::Context as _;

use super::{Global, session};
use crate::crypto::KdfParams;
use crate::error::{Exit, UserError};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Read the new passphrase from this file (first line) instead of prompting
    #[arg(long, value_name = "PATH")]
    new_passphrase_file: Option<PathBuf>,
}

/// Asks for the current passphrase (a cached key is not enough to change it), then the new one.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = match session::passphrase_from_env(g)? {
        Some(old) => vault.unlock_with_passphrase(&old)?,
        None if session::can_prompt() => session::unlock_prompting(&vault, "Current passphrase")?,
        None => return Err(session::locked_error().into()),
    };
    let new = match &args.new_passphrase_file {
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
    // Keep the vault's own cost if it is stronger than today's default.
    let current = vault.kdf_params();
    let default = KdfParams::default();
    let kdf = if current.memory_kib >= default.memory_kib {
        current
    } else {
        default
    };
    vault.change_passphrase(&unlocked, &new, kdf)?;
    output::note("passphrase changed (cached keys stay valid: the root key is the same)");
    Ok(())
}
