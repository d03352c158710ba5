//! `secretscli stage KEY`: seal a new value as the item's `next` version, beside the
//! current one, for a rotation with an overlap. Values come from a hidden prompt or
//! stdin, never argv. Nothing reads `next` unless asked (`get KEY@next`, `inject --alias
//! next`) until `promote` makes it current.

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key name (an existing item; the new value comes from a hidden prompt or stdin)
    key: String,
    /// Keep a trailing newline read from stdin (by default one is removed)
    #[arg(long)]
    keep_newline: bool,
}

/// Reads the value, stages it, says which version `next` now is.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    super::token::refuse_write("stage")?;
    let value = super::set::read_value(&args.key, args.keep_newline)?;
    if value.is_empty() {
        return Err(UserError::new(
            Exit::InvalidInput,
            format!("the value for {} is empty; nothing was staged", args.key),
            format!(
                "give a value (`secretscli stage {}` reads a prompt or stdin)",
                args.key
            ),
        )
        .into());
    }
    let mut vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let version = vault.stage(&mut unlocked, &env, &args.key, value)?;
    output::note(&format!(
        "staged {} in {} as next (version {version}); `secretscli promote {}` makes it current",
        args.key,
        env.label(),
        args.key
    ));
    Ok(())
}
