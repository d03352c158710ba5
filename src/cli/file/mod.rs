//! `secretscli file ...`: encrypted env files that live in git (issue 15, docs/envfile.md).
//! The format and every check are in src/envfile; this family reads and writes the files,
//! finds the environment's keys in the vault (the file names its environment by id, so a
//! teammate who pulled that environment opens it), and says what went wrong and what to do.
//!
//! Must never: print a value (decrypt prints the plaintext only to where the user asked),
//! leave a plaintext temp file behind, or write a file it did not verify first.

mod check;
mod decrypt;
mod edit;
mod encrypt;
mod merge_driver;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::flags::Flags;
use super::{Global, session};
use crate::envfile::{self, EncFile, EnvFileError, EnvKeys, Opened};
use crate::error::{Exit, UserError};
use crate::vault::{Env, Unlocked, Vault};

/// Largest file read: far above any real env file, a bound on what a hostile one costs.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

// The `file` subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Encrypt a .env file for git: names, comments and order stay readable
    Encrypt(encrypt::Args),
    /// Check and decrypt an encrypted env file to stdout or a 0600 file
    Decrypt(decrypt::Args),
    /// Edit an encrypted env file in $VISUAL/$EDITOR (plaintext only on tmpfs)
    Edit(edit::Args),
    /// For CI: fail when a file that should be encrypted holds a plaintext value
    Check(check::Args),
    /// Git merge driver (%O %A %B [%P]): merges by name, conflicts shown by name
    MergeDriver(merge_driver::Args),
}

/// Runs one `file` subcommand; `check` and `merge-driver` exit 1 on findings/conflicts.
pub fn run(g: &Global, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Encrypt(a) => encrypt::run(g, a).map(|()| Exit::Ok.into()),
        Command::Decrypt(a) => decrypt::run(g, a).map(|()| Exit::Ok.into()),
        Command::Edit(a) => edit::run(g, a).map(|()| Exit::Ok.into()),
        Command::Check(a) => check::run(g, a),
        Command::MergeDriver(a) => merge_driver::run(g, a),
    }
}

/// Reads a whole text file, bounded; errors name the path.
fn read_text(path: &Path) -> anyhow::Result<String> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(UserError::new(
            Exit::InvalidInput,
            format!("{} is larger than 16 MiB", path.display()),
            "an env file is far smaller; is this the right file?",
        )
        .into());
    }
    String::from_utf8(bytes).map_err(|_| {
        UserError::new(
            Exit::InvalidInput,
            format!("{} is not UTF-8 text", path.display()),
            "save it as UTF-8 (a UTF-16 file from Windows tools is the usual cause)",
        )
        .into()
    })
}

/// Replaces `path` with `text` atomically (a new file with a random name in the same
/// directory, then rename), keeping the old file's permissions.
fn write_atomic(path: &Path, text: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", random_suffix()));
    let result = (|| -> anyhow::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        f.write_all(text)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// 16 random hex characters, for names nobody can guess or collide with.
fn random_suffix() -> String {
    let mut bytes = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    hex::encode(bytes)
}

/// An [`EnvFileError`] as the user sees it: exit code and next step, with the file named.
fn file_error(path: &Path, e: EnvFileError) -> anyhow::Error {
    let shown = path.display();
    let (exit, hint) = match &e {
        EnvFileError::Malformed { .. } | EnvFileError::Plain(_) | EnvFileError::Unwritable(_) => (
            Exit::InvalidInput,
            "fix that line; encrypted files are written by `secretscli file encrypt` and `file edit`".to_string(),
        ),
        EnvFileError::Conflict { .. } => (
            Exit::Conflict,
            format!(
                "keep one side with `git checkout --ours {shown}` (or --theirs), then re-apply the other side's value with `secretscli file edit {shown}`"
            ),
        ),
        EnvFileError::OtherEnv { .. } => (
            Exit::InvalidInput,
            "pass the file of this environment, or leave out -e: the file names its own".to_string(),
        ),
        EnvFileError::MissingKey(_) => (
            Exit::NotFound,
            "pull the environment (`secretscli pull`) to get its newer key".to_string(),
        ),
        _ => (
            Exit::Damaged,
            format!(
                "the file was changed outside secretscli; compare with `git log -p {shown}` and restore a good version"
            ),
        ),
    };
    UserError::new(exit, format!("{shown}: {e}"), hint).into()
}

/// The vault, unlocked, and the environment an encrypted file names.
struct Target {
    vault: Vault,
    unlocked: Unlocked,
    env: Env,
}

fn target_of(g: &Global, file: &EncFile, path: &Path) -> anyhow::Result<Target> {
    let mut vault = session::open(g)?;
    let env = vault.env_by_id(file.env_id).map_err(|_| {
        UserError::new(
            Exit::NotFound,
            format!(
                "{}: its environment ({}) is not in this vault",
                path.display(),
                file.env_id
            ),
            format!(
                "pull it from your team's server (`{}`); you need read access to it",
                Flags::from_global(g).command("pull")
            ),
        )
    })?;
    let unlocked = session::unlock(&mut vault, g)?;
    Ok(Target {
        vault,
        unlocked,
        env,
    })
}

/// The env keys `versions` need, and the current one for new values.
fn keys_for(t: &mut Target, mut versions: Vec<u32>) -> anyhow::Result<EnvKeys> {
    versions.push(t.env.key_version);
    versions.sort_unstable();
    versions.dedup();
    let keys = t
        .vault
        .env_keys_for_file(&mut t.unlocked, &t.env, &versions)?;
    Ok(EnvKeys::new(
        t.env.project_id,
        t.env.id,
        t.env.key_version,
        keys,
    ))
}

/// Reads, parses and verifies an encrypted file with the vault's keys.
fn open_path(g: &Global, path: &Path) -> anyhow::Result<(Target, EnvKeys, Opened)> {
    let text = read_text(path)?;
    let file = envfile::parse_enc(&text).map_err(|e| file_error(path, e))?;
    let mut target = target_of(g, &file, path)?;
    let keys = keys_for(&mut target, file.key_versions())?;
    let opened = envfile::open_file(&file, &keys).map_err(|e| file_error(path, e))?;
    Ok((target, keys, opened))
}

/// What `inject --file` injects: the file's values, checked, as inject sources; and the
/// project and env names for the audit entry.
pub fn inject_sources(
    g: &Global,
    path: &Path,
) -> anyhow::Result<(Vault, Env, Vec<crate::inject::Source>)> {
    let (target, _, opened) = open_path(g, path)?;
    Ok((target.vault, target.env, sources_of(opened)))
}

/// What `SECRETSCLI_TOKEN=... inject --file` injects: the file opened with the env keys the
/// service token received (no vault). The file must belong to the token's environment.
pub fn token_sources(
    path: &Path,
    env: crate::token::OpenedEnv,
) -> anyhow::Result<Vec<crate::inject::Source>> {
    let text = read_text(path)?;
    let file = envfile::parse_enc(&text).map_err(|e| file_error(path, e))?;
    if (file.project_id, file.env_id) != env.ids {
        return Err(UserError::new(
            Exit::NotFound,
            format!(
                "{} was sealed for another environment than {}/{}, the one this service \
                 token reads",
                path.display(),
                env.project,
                env.env
            ),
            "use a token for the file's environment (its header names it), or -e to pick \
             one of the token's environments",
        )
        .into());
    }
    let current = env.keys.iter().map(|(v, _)| *v).max().unwrap_or(0);
    let keys = EnvKeys::new(env.ids.0, env.ids.1, current, env.keys);
    let opened = envfile::open_file(&file, &keys).map_err(|e| file_error(path, e))?;
    Ok(sources_of(opened))
}

/// The entries of an opened file as inject sources (a file's values are secrets).
fn sources_of(opened: envfile::Opened) -> Vec<crate::inject::Source> {
    opened
        .doc
        .lines
        .into_iter()
        .filter_map(|l| match l {
            envfile::PlainLine::Entry { name, value, .. } => Some(crate::inject::Source {
                name,
                value: crate::crypto::SecretBytes::from(value.text),
                literal: value.literal,
                is_config: false,
            }),
            envfile::PlainLine::Layout(_) => None,
        })
        .collect()
}

/// Names whose value differs between two plaintext docs: (changed, added, removed).
fn changes(
    before: &envfile::PlainDoc,
    after: &envfile::PlainDoc,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    fn map(d: &envfile::PlainDoc) -> std::collections::BTreeMap<&str, &envfile::Value> {
        d.lines
            .iter()
            .filter_map(|l| match l {
                envfile::PlainLine::Entry { name, value, .. } => Some((name.as_str(), value)),
                envfile::PlainLine::Layout(_) => None,
            })
            .collect()
    }
    let (b, a) = (map(before), map(after));
    let changed = a
        .iter()
        .filter(|(k, v)| b.get(*k).is_some_and(|o| !o.same_as(v)))
        .map(|(k, _)| k.to_string())
        .collect();
    let added = a
        .keys()
        .filter(|k| !b.contains_key(*k))
        .map(|k| k.to_string())
        .collect();
    let removed = b
        .keys()
        .filter(|k| !a.contains_key(*k))
        .map(|k| k.to_string())
        .collect();
    (changed, added, removed)
}

/// "changed A, B; added C; removed D" or "no change", names only.
fn describe(changes: &(Vec<String>, Vec<String>, Vec<String>)) -> String {
    let (changed, added, removed) = changes;
    let parts: Vec<String> = [("changed", changed), ("added", added), ("removed", removed)]
        .iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(what, names)| format!("{what} {}", crate::output::escape(&names.join(", "))))
        .collect();
    if parts.is_empty() {
        "no value changed".to_string()
    } else {
        parts.join("; ")
    }
}
