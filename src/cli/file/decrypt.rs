//! `file decrypt FILE [-o OUT]`: verifies an encrypted env file (every value opens where it
//! stands, the seal matches the set of lines) and writes the plaintext dotenv, comments and
//! order kept, to stdout or to a new 0600 file.
//!
//! Must never: print anything before the whole file verified (a half-trusted file is not
//! decrypted at all), or overwrite an existing plaintext file.

use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::PathBuf;

use anyhow::Context as _;

use super::{file_error, open_path};
use crate::cli::Global;
use crate::envfile;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The encrypted env file
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Write to this new file (mode 0600) instead of stdout
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// Verifies, then writes the plaintext.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let (mut target, _, opened) = open_path(g, &args.file)?;
    let text = envfile::render_plain(&opened.doc).map_err(|e| file_error(&args.file, e))?;
    let names: Vec<String> = opened.sealed.keys().cloned().collect();
    target.vault.record_reveal(
        "file-decrypt",
        &target.env.project,
        &target.env.name,
        names,
        &args.file.display().to_string(),
    )?;
    match &args.output {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
        Some(out) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(out)
                .with_context(|| {
                    format!("cannot create {} (it must not exist yet)", out.display())
                })?;
            f.write_all(text.as_bytes())?;
            output::warn(&format!(
                "wrote plaintext to {}: delete it when done, and never commit it",
                out.display()
            ));
        }
    }
    Ok(())
}
