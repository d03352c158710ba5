//! `secretscli identity show|export|import`: this device's age identity, which opens the
//! env keys a sync server holds for it. `export` writes it as an age file protected by a
//! passphrase (scrypt); `import` takes such a file into another home.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use zeroize::Zeroizing;

use super::{Global, session};
use crate::crypto::identity::{self, MAX_IMPORT_WORK_FACTOR};
use crate::error::{Exit, UserError};
use crate::output;

/// Environment variable holding the export file's passphrase (scripts, tests).
pub const PASSPHRASE_VAR: &str = "SECRETSCLI_IDENTITY_PASSPHRASE";
/// Environment variable lowering the scrypt work factor of exports (tests only).
pub const WORK_FACTOR_VAR: &str = "SECRETSCLI_IDENTITY_WORK_FACTOR";

// Identity subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print this device's public age recipient
    Show,
    /// Write this device's identity as a passphrase-protected age file
    Export {
        /// Output file [default: stdout, when it is not a terminal]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Replace this device's identity with one exported elsewhere
    Import {
        /// The file `identity export` wrote
        file: PathBuf,
    },
}

fn passphrase(confirm: bool) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    if let Some(v) = std::env::var_os(PASSPHRASE_VAR).filter(|v| !v.is_empty()) {
        return Ok(Zeroizing::new(v.into_encoded_bytes()));
    }
    if !session::can_prompt() {
        return Err(UserError::new(
            Exit::Usage,
            "no passphrase for the identity file and no terminal to ask for one",
            format!("set {PASSPHRASE_VAR}"),
        )
        .into());
    }
    session::prompt_passphrase("Identity file passphrase", confirm)
}

/// Runs an identity subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    match cmd {
        Command::Show => {
            let recipient = match vault.recipient()? {
                Some(r) => r,
                None => {
                    let unlocked = session::unlock(&mut vault, g)?;
                    vault.identity(&unlocked)?.recipient()
                }
            };
            writeln!(std::io::stdout().lock(), "{recipient}")?;
        }
        Command::Export { output: path } => {
            if path.is_none() && std::io::stdout().is_terminal() {
                return Err(UserError::new(
                    Exit::Usage,
                    "refusing to write a binary file to the terminal",
                    "pass -o FILE, or redirect stdout",
                )
                .into());
            }
            let unlocked = session::unlock(&mut vault, g)?;
            let id = vault.identity(&unlocked)?;
            let pass = passphrase(true)?;
            if pass.is_empty() {
                return Err(UserError::new(
                    Exit::InvalidInput,
                    "the passphrase is empty",
                    "choose a passphrase of a few words",
                )
                .into());
            }
            let work = std::env::var(WORK_FACTOR_VAR)
                .ok()
                .and_then(|v| v.parse::<u8>().ok())
                .map(|n| n.clamp(1, MAX_IMPORT_WORK_FACTOR));
            let file = identity::export_identity(&id, &pass, work)?;
            match &path {
                Some(p) => {
                    std::fs::write(p, &file)
                        .with_context(|| format!("cannot write {}", p.display()))?;
                    output::note(&format!(
                        "identity {} written to {} (passphrase-protected)",
                        id.recipient(),
                        p.display()
                    ));
                }
                None => std::io::stdout().lock().write_all(&file)?,
            }
            vault.record_reveal("identity-export", "", "", Vec::new(), &id.recipient())?;
        }
        Command::Import { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let pass = passphrase(false)?;
            let id = identity::import_identity(&bytes, &pass).map_err(|e| {
                UserError::new(
                    Exit::WrongPassphrase,
                    format!("cannot open {}: {e}", file.display()),
                    "check the passphrase and that the file came from `secretscli identity export`",
                )
            })?;
            let unlocked = session::unlock(&mut vault, g)?;
            let old = vault.recipient()?;
            vault.replace_identity(&unlocked, &id)?;
            output::note(&format!("this device's identity is now {}", id.recipient()));
            if old.is_some_and(|o| o != id.recipient()) && !vault.remotes()?.is_empty() {
                output::warn(
                    "servers know this device by its old identity: run `secretscli login` again",
                );
            }
        }
    }
    Ok(())
}
