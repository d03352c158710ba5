//! `secretscli rotate-key`: start a new environment key version (`--now` rewraps every
//! data key to it, with a progress bar when there are many on a terminal).

use super::{Global, session};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rewrap every data key to the new version now (values are not re-encrypted)
    #[arg(long)]
    now: bool,
}

/// New writes use the new key at once; old data keys move lazily or with `--now`.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let mut bar = super::progress::Bar::default();
    let rotated =
        vault.rotate_key_with_progress(&mut unlocked, &env, args.now, &mut |p| bar.vault(p));
    drop(bar);
    let (version, rewrapped) = rotated?;
    output::note(&format!(
        "{} now uses key version {version}; rewrapped {}",
        env.label(),
        super::words::count(rewrapped as u64, "data key")
    ));
    Ok(())
}
