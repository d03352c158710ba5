//! `secretscli get KEY`: the raw value on stdout, byte for byte, for `$(secretscli get KEY)`.

use std::io::Write;

use super::{Global, session};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key name
    key: String,
    /// An earlier version instead of the current one
    #[arg(long, value_name = "N")]
    version: Option<u64>,
}

/// Decrypts one item (resolved through inheritance), records the reveal, prints it raw.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let item = vault.reveal(&mut unlocked, &env, &args.key, args.version)?;
    let detail = args
        .version
        .map(|v| format!("version {v}"))
        .unwrap_or_default();
    vault.record_reveal("reveal", &project.name, &env.name, vec![args.key], &detail)?;
    let mut out = std::io::stdout().lock();
    out.write_all(item.value.expose())?;
    out.flush()?;
    Ok(())
}
