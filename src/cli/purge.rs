//! `secretscli purge KEY`: delete an item and every version, irreversibly.

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key name
    key: String,
    /// Do not ask for confirmation
    #[arg(long)]
    yes: bool,
}

/// Asks first unless `--yes`; without a terminal, `--yes` is required.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    // The audit chain and item states are keyed by the root key: writing needs it.
    session::unlock(&mut vault, g)?;
    let (_, env) = session::target(&vault, g)?;
    confirm(
        args.yes,
        &format!(
            "purge {} and all its versions from {} for good?",
            args.key,
            env.label()
        ),
    )?;
    let versions = vault.purge(&env, &args.key)?;
    output::note(&format!(
        "purged {} ({}) from {}",
        args.key,
        super::words::count(versions, "version"),
        env.label()
    ));
    Ok(())
}

/// Asks a yes/no question on the terminal; refuses to guess without one.
pub fn confirm(yes: bool, question: &str) -> anyhow::Result<()> {
    if yes {
        return Ok(());
    }
    if !session::can_prompt() {
        return Err(UserError::new(
            Exit::Usage,
            "this cannot be undone and there is no terminal to confirm it",
            "pass --yes",
        )
        .into());
    }
    let ok = dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()?;
    if ok {
        Ok(())
    } else {
        Err(UserError::new(
            Exit::Failure,
            "cancelled; nothing was changed",
            "pass --yes to skip the question",
        )
        .into())
    }
}
