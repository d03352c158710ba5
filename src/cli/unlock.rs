//! `secretscli unlock`: run Argon2id once and cache the root key for a while.

use std::io::IsTerminal;
use std::time::Duration;

use super::{Global, session};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How long to keep the key, e.g. 30m, 8h, 2d
    #[arg(long, value_name = "DURATION", default_value = "8h", value_parser = humantime::parse_duration)]
    timeout: Duration,
}

/// Derives the root key from the passphrase (file, variable, piped stdin or prompt) and
/// caches it in the keyring or the agent.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = match session::passphrase_from_env(g)? {
        Some(p) => vault.unlock_with_passphrase(&p)?,
        None if !std::io::stdin().is_terminal() => {
            vault.unlock_with_passphrase(&session::passphrase_from_stdin()?)?
        }
        None if session::can_prompt() => session::unlock_prompting(&vault, "Vault passphrase")?,
        None => return Err(session::locked_error().into()),
    };
    let backend = session::key_cache()?.store(&vault.id(), unlocked.root_key(), args.timeout)?;
    let how = backend.to_string();
    vault.record_unlock(&how)?;
    output::note(&format!(
        "unlocked for {} (key held by the {how}; `secretscli lock` forgets it)",
        humantime::format_duration(args.timeout)
    ));
    Ok(())
}
