//! `secretscli lock`: drop the cached root key from every store.

use super::{Global, session};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {}

/// Forgets the key in the keyring and the agent.
pub fn run(g: &Global, _args: Args) -> anyhow::Result<()> {
    let vault = session::open(g)?;
    let cleared = session::key_cache()?.clear(&vault.id())?;
    if cleared.is_empty() {
        output::note("the vault was already locked");
    } else {
        output::note("locked");
    }
    Ok(())
}
