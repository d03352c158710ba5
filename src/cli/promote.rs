//! `secretscli promote KEY`: the staged `next` version becomes current and the current
//! one becomes `previous`, so apps still using it can be found during the overlap.

use super::{Global, session};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key name
    key: String,
}

/// Promotes and says which versions are now current and previous.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    super::token::refuse_write("promote")?;
    let mut vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let p = vault.promote(&mut unlocked, &env, &args.key, false)?;
    output::note(&format!(
        "{} in {}: version {} is current, version {} is previous (`get {}@previous`)",
        args.key,
        env.label(),
        p.current,
        p.previous,
        args.key
    ));
    Ok(())
}
