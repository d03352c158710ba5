//! `secretscli agent --socket PATH` (hidden): the key agent that `unlock` starts where no
//! OS keyring works. It holds root keys in memory only and exits when none are left.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Unix socket to listen on
    #[arg(long, value_name = "PATH")]
    socket: PathBuf,
}

/// Serves until the last key is dropped or expires.
pub fn run(args: Args) -> anyhow::Result<()> {
    crate::crypto::keycache::run_agent(&args.socket)?;
    Ok(())
}
