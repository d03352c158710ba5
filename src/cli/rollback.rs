//! `secretscli rollback KEY --version N`: a new version carrying an old value.

use super::{Global, session};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key name
    key: String,
    /// Version whose value to bring back
    #[arg(long, value_name = "N")]
    version: u64,
}

/// History stays append-only: the old value is written again as the newest version.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let change = vault.rollback(&mut unlocked, &env, &args.key, args.version)?;
    output::note(&format!(
        "{} in {} now has the value of version {} (as version {})",
        args.key,
        env.label(),
        args.version,
        change.version
    ));
    Ok(())
}
