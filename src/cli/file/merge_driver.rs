//! `file merge-driver %O %A %B [%P]`: the git merge driver for encrypted env files, merging
//! by name (src/envfile/merge.rs). Install it once per clone:
//!
//! ```text
//! git config merge.secretscli.name "secretscli encrypted env files"
//! git config merge.secretscli.driver "secretscli file merge-driver %O %A %B %P"
//! echo '.env.*.enc merge=secretscli' >> .gitattributes
//! ```
//!
//! Writes the result into %A and exits 0 when clean, 1 on a conflict (git then marks the
//! file conflicted). Must never: seal a result built from a side that did not verify; on
//! any such failure %A is left as it was and git reports a conflict.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{file_error, keys_for, read_text, target_of, write_atomic};
use crate::cli::Global;
use crate::envfile::{self, MergeOutcome};
use crate::error::{Exit, UserError};
use crate::output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Install:\n  git config merge.secretscli.driver \"secretscli file merge-driver %O %A %B %P\"\n  echo '.env.*.enc merge=secretscli' >> .gitattributes"
)]
pub struct Args {
    /// The common ancestor's version (%O)
    #[arg(value_name = "BASE")]
    base: PathBuf,
    /// Our version (%A); the result is written here
    #[arg(value_name = "OURS")]
    ours: PathBuf,
    /// Their version (%B)
    #[arg(value_name = "THEIRS")]
    theirs: PathBuf,
    /// The file's path in the repository (%P), for messages
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
}

/// Merges, writes %A, exits 0 (clean) or 1 (conflict).
pub fn run(g: &Global, args: Args) -> anyhow::Result<ExitCode> {
    let shown = args.path.clone().unwrap_or_else(|| args.ours.clone());
    let side = |label: &str| format!("{} {label}", shown.display());
    let parse = |path: &PathBuf, label: &str| -> anyhow::Result<envfile::EncFile> {
        envfile::parse_enc(&read_text(path)?)
            .map_err(|e| file_error(std::path::Path::new(&side(label)), e))
    };
    let ours = parse(&args.ours, "(ours)")?;
    let theirs = parse(&args.theirs, "(theirs)")?;
    // Git gives an empty base when both branches added the file.
    let base_text = read_text(&args.base)?;
    let base = if base_text.is_empty() {
        None
    } else {
        Some(parse(&args.base, "(base)")?)
    };
    for other in [Some(&theirs), base.as_ref()].into_iter().flatten() {
        if other.env_id != ours.env_id {
            return Err(UserError::new(
                Exit::Conflict,
                format!("{}: the two branches encrypted it for different environments", shown.display()),
                "keep one side (`git checkout --ours` or `--theirs`) and re-encrypt the other's values",
            )
            .into());
        }
    }
    let mut target = target_of(g, &ours, &shown)?;
    let mut versions = ours.key_versions();
    versions.extend(theirs.key_versions());
    if let Some(b) = &base {
        versions.extend(b.key_versions());
    }
    let keys = keys_for(&mut target, versions)?;
    let open = |f: &envfile::EncFile, label: &str| {
        envfile::open_file(f, &keys).map_err(|e| file_error(std::path::Path::new(&side(label)), e))
    };
    let opened_ours = open(&ours, "(ours)")?;
    let opened_theirs = open(&theirs, "(theirs)")?;
    let opened_base = base.as_ref().map(|b| open(b, "(base)")).transpose()?;
    let outcome = envfile::merge(opened_base.as_ref(), &opened_ours, &opened_theirs, &keys)
        .map_err(|e| file_error(&shown, e))?;
    match outcome {
        MergeOutcome::Clean(file) => {
            write_atomic(&args.ours, file.render().as_bytes())?;
            output::note(&format!("secretscli: merged {} by name", shown.display()));
            Ok(Exit::Ok.into())
        }
        MergeOutcome::Conflict { text, names } => {
            write_atomic(&args.ours, text.as_bytes())?;
            output::warn(&format!(
                "{}: changed on both branches: {}; keep one side with `git checkout --ours`/`--theirs` and re-apply the other with `secretscli file edit`",
                shown.display(),
                names.join(", ")
            ));
            Ok(Exit::Failure.into())
        }
    }
}
