//! `secretscli restore KEY`: undo a soft delete.

use super::{Global, session};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key names
    #[arg(required = true)]
    keys: Vec<String>,
}

/// Clears the deletion mark; the item comes back at its last version.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    // The audit chain and item states are keyed by the root key: writing needs it.
    session::unlock(&mut vault, g)?;
    let (_, env) = session::target(&vault, g)?;
    for key in &args.keys {
        vault.restore(&env, key)?;
        output::note(&format!("restored {key} in {}", env.label()));
    }
    Ok(())
}
