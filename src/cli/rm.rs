//! `secretscli rm KEY`: soft delete; `restore` undoes it, `purge` makes it final.

use super::{Global, session};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key names
    #[arg(required = true)]
    keys: Vec<String>,
}

/// Marks items deleted; their versions stay until purged.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    // The audit chain and item states are keyed by the root key: writing needs it.
    session::unlock(&mut vault, g)?;
    let (_, env) = session::target(&vault, g)?;
    for key in &args.keys {
        vault.remove(&env, key)?;
        output::note(&format!(
            "deleted {key} from {} (`{}` brings it back)",
            env.label(),
            super::flags::Flags::from_global(g).command(&format!("restore {key}"))
        ));
    }
    Ok(())
}
