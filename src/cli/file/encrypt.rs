//! `file encrypt .env -e ENV [-o .env.ENV.enc]`: seals a plaintext dotenv file for git under
//! the environment's key. When the output exists already (and verifies), every value whose
//! plaintext did not change keeps its exact text, so `git diff` shows only what changed.
//!
//! Must never: overwrite an output that does not verify, or write the plaintext anywhere.

use std::path::{Path, PathBuf};

use super::{Target, changes, describe, file_error, keys_for, read_text, write_atomic};
use crate::cli::{Global, session};
use crate::envfile::{self, Opened};
use crate::error::{Exit, UserError};
use crate::output;

#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  secretscli file encrypt .env -e prod   # writes .env.prod.enc")]
pub struct Args {
    /// The plaintext dotenv file
    #[arg(value_name = "FILE")]
    input: PathBuf,
    /// Where to write [default: .env.ENV.enc next to FILE]
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// Encrypts, keeping unchanged values of an existing output as they are.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let plain_text = zeroize::Zeroizing::new(read_text(&args.input)?);
    let doc = envfile::parse_plain(&plain_text).map_err(|e| file_error(&args.input, e))?;
    let mut vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.input, &env.name));
    if out == args.input {
        return Err(UserError::new(
            Exit::Usage,
            "the output is the input file",
            "write the encrypted file elsewhere with -o",
        )
        .into());
    }
    let unlocked = session::unlock(&mut vault, g)?;
    let mut target = Target {
        vault,
        unlocked,
        env,
    };
    let previous = previous(&out, &mut target)?;
    let keys = keys_for(&mut target, Vec::new())?;
    let keys = match &previous {
        Some((versions, _)) => keys_for(&mut target, versions.clone())?,
        None => keys,
    };
    let file = envfile::seal_document(&doc, previous.as_ref().map(|(_, o)| o), &keys)
        .map_err(|e| file_error(&args.input, e))?;
    write_atomic(&out, file.render().as_bytes())?;
    let what = match &previous {
        Some((_, old)) => describe(&changes(&old.doc, &doc)),
        None => format!("{} values", file.entries().count()),
    };
    output::note(&format!(
        "encrypted {} for {} into {}: {what}",
        args.input.display(),
        target.env.label(),
        out.display()
    ));
    Ok(())
}

/// `.env.ENV.enc` in FILE's directory.
fn default_output(input: &Path, env: &str) -> PathBuf {
    input
        .parent()
        .unwrap_or(Path::new(""))
        .join(format!(".env.{env}.enc"))
}

/// The existing output, verified, with the key versions it uses; `None` when there is none.
fn previous(out: &Path, t: &mut Target) -> anyhow::Result<Option<(Vec<u32>, Opened)>> {
    if !out.exists() {
        return Ok(None);
    }
    let text = read_text(out)?;
    let file = envfile::parse_enc(&text).map_err(|e| file_error(out, e))?;
    if file.env_id != t.env.id {
        return Err(UserError::new(
            Exit::Conflict,
            format!(
                "{} holds another environment's values, not {}'s",
                out.display(),
                t.env.label()
            ),
            "choose another output with -o, or the matching environment with -e",
        )
        .into());
    }
    let keys = keys_for(t, file.key_versions())?;
    let opened = envfile::open_file(&file, &keys).map_err(|e| file_error(out, e))?;
    Ok(Some((file.key_versions(), opened)))
}
