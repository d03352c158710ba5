//! `secretscli get KEY`: the raw value on stdout, byte for byte, for `$(secretscli get KEY)`
//! (at a terminal, a newline after a value that does not end its line).

use super::{Global, session};
use crate::vault::Alias;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key name; `KEY@next` or `KEY@previous` reads that alias (see `stage`, `promote`)
    key: String,
    /// An earlier version instead of the current one
    #[arg(long, value_name = "N")]
    version: Option<u64>,
    /// Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)
    #[arg(long)]
    token_stdin: bool,
}

/// Decrypts one item (resolved through inheritance), records the reveal, prints it raw.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    if let Some(token) = super::token::from_env(args.token_stdin)? {
        return run_with_token(g, &args, &token);
    }
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let (name, alias) = match (Alias::split(&args.key), args.version) {
        ((name, Some(alias)), None) => (name.to_string(), Some(alias)),
        _ => (args.key.clone(), None),
    };
    let item = match alias {
        Some(alias) => vault.reveal_alias(&mut unlocked, &env, &name, alias)?,
        None => vault.reveal(&mut unlocked, &env, &name, args.version)?,
    };
    let detail = match (alias, args.version) {
        (Some(alias), _) => format!("{} (version {})", alias.as_str(), item.info.version),
        (None, Some(v)) => format!("version {v}"),
        (None, None) => String::new(),
    };
    vault.record_reveal("reveal", &project.name, &env.name, vec![name], &detail)?;
    crate::output::value(item.value.expose())?;
    Ok(())
}

/// `get` with a service token: the current value from the server, nothing on disk.
fn run_with_token(
    g: &Global,
    args: &Args,
    token: &crate::token::ServiceToken,
) -> anyhow::Result<()> {
    if args.version.is_some() {
        return Err(crate::error::UserError::new(
            crate::error::Exit::Usage,
            "--version needs a vault; a service token reads current values only",
            "drop --version",
        )
        .into());
    }
    let (_, env) = super::token::open_env(g, token)?;
    let Some(item) = env.items.into_iter().find(|i| i.info.name == args.key) else {
        return Err(crate::error::UserError::new(
            crate::error::Exit::NotFound,
            format!(
                "no item {:?} in {}/{} for this service token",
                args.key, env.project, env.env
            ),
            "check the name; a token made with --names sees only the items its globs match",
        )
        .into());
    };
    crate::output::value(item.value.expose())?;
    Ok(())
}
