//! `secretscli history KEY`: every version with who and when, never a value.

use super::{Global, session};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key name
    key: String,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// The alias a version holds, as shown after its number.
fn label(v: &crate::vault::HistoryEntry) -> String {
    match (v.current, v.alias) {
        (true, _) => " (current)".into(),
        (false, Some(alias)) => format!(" ({})", alias.as_str()),
        (false, None) => String::new(),
    }
}

/// Lists versions newest first, each marked with the alias it holds; needs no passphrase
/// (the aliases shown are then unchecked, like the versions: `get KEY@ALIAS` checks).
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let (from, versions) = vault.history(&env, &args.key)?;
    if args.json {
        return Ok(output::json(&versions)?);
    }
    if from != env.name {
        output::note(&format!("{} is inherited from {from}", args.key));
    }
    let rows: Vec<Vec<String>> = versions
        .iter()
        .map(|v| {
            vec![
                format!("{}{}", v.version, label(v)),
                format!("{:?}", v.kind).to_lowercase(),
                output::time(v.created_at),
                v.author.clone(),
                v.key_version.to_string(),
            ]
        })
        .collect();
    Ok(output::table(
        &["VERSION", "KIND", "WRITTEN", "BY", "KEY VERSION"],
        &rows,
    )?)
}
