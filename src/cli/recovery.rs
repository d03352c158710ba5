//! `secretscli recovery split|restore`: the recovery kit (issue 16, docs/recovery.md).
//! Split prints the shares on stdout (for paper, once) and nowhere else; restore reads
//! them from a prompt or stdin and sets a new passphrase as `passwd` does. Neither writes
//! a share to the audit log, a file or an error message. The rules are in `src/recovery/`.

use std::io::{BufRead as _, Write as _};
use std::path::PathBuf;

use super::{Global, passwd, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::recovery::{self, RecoveryError, Share};
use crate::vault::VaultError;

// Recovery subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Cut the vault's root key into word shares, any --threshold of which rebuild it
    ///
    /// Needs the passphrase (a cached key is not enough). Each share is one line of 32
    /// words with a checksum, the vault's tag and the share's number. Print them once and
    /// keep them apart: fewer than --threshold shares reveal nothing about the key.
    Split {
        /// How many shares to print
        #[arg(long, default_value_t = 5, value_name = "N")]
        shares: u16,
        /// How many shares rebuild the key
        #[arg(long, default_value_t = 3, value_name = "K")]
        threshold: u16,
    },
    /// Rebuild the root key from shares and set a new passphrase (a forgotten passphrase)
    ///
    /// Reads shares from the terminal, or from stdin one share per line (blank lines and
    /// lines starting with `#` are skipped), until the number its shares need.
    Restore {
        /// Read the new passphrase from this file (first line) instead of prompting
        #[arg(long, value_name = "PATH")]
        new_passphrase_file: Option<PathBuf>,
    },
}

/// Runs a recovery subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Split { shares, threshold } => split(g, shares, threshold),
        Command::Restore {
            new_passphrase_file,
        } => restore(g, new_passphrase_file),
    }
}

fn split(g: &Global, n: u16, k: u16) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = passwd::unlock_with_passphrase(g, &vault)?;
    let shares = recovery::split(unlocked.root_key(), vault.id(), n, k).map_err(user_error)?;
    let tag = hex::encode(recovery::vault_tag(vault.id()));
    let mut out = std::io::stdout().lock();
    for share in &shares {
        writeln!(
            out,
            "# share {} of {n}, {k} needed, vault {tag}",
            share.index
        )?;
        writeln!(out, "{}", share.to_words().as_str())?;
    }
    out.flush()?;
    vault.record_reveal(
        "recovery-split",
        "",
        "",
        Vec::new(),
        &format!("{n} shares, {k} needed"),
    )?;
    output::note(&format!(
        "{n} shares printed: keep them apart; any {k} rebuild the key (`recovery restore`)"
    ));
    Ok(())
}

fn restore(g: &Global, new_passphrase_file: Option<PathBuf>) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let lines = read_shares()?;
    let texts: Vec<&str> = lines.iter().map(|l| l.as_str()).collect();
    let shares = recovery::parse_all(&texts, vault.id()).map_err(user_error)?;
    let root = recovery::combine(&shares).map_err(user_error)?;
    let unlocked = vault.unlock_with_key(root).map_err(|e| match e {
        VaultError::WrongKey => UserError::new(
            Exit::WrongPassphrase,
            "the shares do not rebuild this vault's root key",
            "check each share against its paper copy; shares of an older split of a vault made again do not fit",
        )
        .into(),
        other => anyhow::Error::from(other),
    })?;
    let new = passwd::new_passphrase(new_passphrase_file.as_deref())?;
    vault.change_passphrase(&unlocked, &new, passwd::kdf_for(&vault))?;
    let detail = format!("{} shares", shares.len());
    vault.record_reveal("recovery-restore", "", "", Vec::new(), &detail)?;
    output::note("root key rebuilt from the shares; the new passphrase is set");
    Ok(())
}

/// Share lines from stdin, or asked one by one on a terminal until enough are given.
fn read_shares() -> anyhow::Result<Vec<zeroize::Zeroizing<String>>> {
    let mut lines = Vec::new();
    if session::can_prompt() {
        loop {
            let need = needed(&lines);
            if lines.len() >= need {
                return Ok(lines);
            }
            let text = zeroize::Zeroizing::new(
                dialoguer::Input::<String>::new()
                    .with_prompt(format!("Share {} of {need}", lines.len() + 1))
                    .interact_text()?,
            );
            // A typo is named at once and the share asked again, before more are typed.
            match Share::parse(&text) {
                Ok(_) => lines.push(text),
                Err(e) => output::warn(&format!("that share is not readable: {e}; type it again")),
            }
        }
    }
    for line in std::io::stdin().lock().lines() {
        let line = zeroize::Zeroizing::new(line?);
        let text = line.trim();
        if !text.is_empty() && !text.starts_with('#') {
            lines.push(zeroize::Zeroizing::new(text.to_string()));
        }
    }
    Ok(lines)
}

/// The number of shares the first share asks for (2 until one is read).
fn needed(lines: &[zeroize::Zeroizing<String>]) -> usize {
    lines
        .first()
        .and_then(|l| Share::parse(l).ok())
        .map_or(2, |s| usize::from(s.threshold))
}

fn user_error(e: RecoveryError) -> anyhow::Error {
    let exit = match e {
        RecoveryError::BadSplit { .. } => Exit::Usage,
        _ => Exit::InvalidInput,
    };
    UserError::new(exit, e.to_string(), e.hint()).into()
}
