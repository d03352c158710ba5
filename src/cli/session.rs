//! What most commands share: opening the vault, choosing project and environment, and
//! getting the root key (cache, then passphrase file/variable, then a prompt on a TTY).

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use zeroize::Zeroizing;

use super::Global;
use crate::context::{self, Context, Source, Sourced};
use crate::crypto::keycache::{CacheMode, KeyCache};
use crate::error::{Exit, UserError};
use crate::output;
use crate::paths;
use crate::vault::{Env, Project, Unlocked, Vault, VaultError};

/// Environment variable holding the passphrase itself (like restic's RESTIC_PASSWORD).
pub const PASSPHRASE_VAR: &str = "SECRETSCLI_PASSPHRASE";
/// Environment variable choosing where `unlock` caches the key.
pub const KEY_CACHE_VAR: &str = "SECRETSCLI_KEY_CACHE";
/// How long `unlock` keeps the key by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(8 * 3600);

/// Opens the vault the flags and environment point at.
pub fn open(g: &Global) -> anyhow::Result<Vault> {
    let (path, source) = paths::vault_sourced(g.vault.as_deref())?;
    match Vault::open(&path) {
        Err(VaultError::NotInitialized(_)) => Err(UserError::new(
            Exit::NotFound,
            format!("no vault at {} (the path is {source})", path.display()),
            match source {
                paths::PathSource::Var(var) => format!(
                    "create one with `secretscli init`, or `unset {var}` to use the default vault"
                ),
                _ => "create one with `secretscli init`".into(),
            },
        )
        .into()),
        other => Ok(other?),
    }
}

/// The root-key cache as configured by `SECRETSCLI_KEY_CACHE` (default: auto).
pub fn key_cache() -> anyhow::Result<KeyCache> {
    let mode: CacheMode = match std::env::var(KEY_CACHE_VAR) {
        Ok(v) if !v.is_empty() => v
            .parse()
            .map_err(|e| anyhow::anyhow!("{KEY_CACHE_VAR}: {e}"))?,
        _ => CacheMode::Auto,
    };
    Ok(KeyCache::new(mode, paths::agent_socket()?, None))
}

/// Whether a person can be asked for input.
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// A passphrase from `--passphrase-file`/`SECRETSCLI_PASSPHRASE_FILE` or `SECRETSCLI_PASSPHRASE`.
pub fn passphrase_from_env(g: &Global) -> anyhow::Result<Option<Zeroizing<Vec<u8>>>> {
    if let Some(path) = &g.passphrase_file {
        return read_passphrase_file(path).map(Some);
    }
    match std::env::var_os(PASSPHRASE_VAR) {
        Some(v) if !v.is_empty() => Ok(Some(Zeroizing::new(v.into_encoded_bytes()))),
        _ => Ok(None),
    }
}

fn read_passphrase_file(path: &Path) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
        let message = format!("cannot read passphrase file {}", path.display());
        let hint = if path.is_relative() {
            let cwd = std::env::current_dir().unwrap_or_default();
            format!(
                "the path is relative to the current directory ({}); pass an absolute path in --passphrase-file or SECRETSCLI_PASSPHRASE_FILE",
                cwd.display()
            )
        } else {
            "check the path in --passphrase-file or SECRETSCLI_PASSPHRASE_FILE".into()
        };
        // The I/O error stays the cause: `--verbose` lists it on a line of its own.
        anyhow::Error::new(e).context(UserError::new(Exit::Failure, message, hint))
    })?);
    Ok(first_line(&bytes))
}

/// The first line of `bytes`, without its line ending.
pub fn first_line(bytes: &[u8]) -> Zeroizing<Vec<u8>> {
    let end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let line = &bytes[..end];
    Zeroizing::new(line.strip_suffix(b"\r").unwrap_or(line).to_vec())
}

/// Reads a passphrase from piped stdin (first line).
pub fn passphrase_from_stdin() -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    std::io::stdin()
        .read_to_end(&mut buf)
        .context("cannot read the passphrase from stdin")?;
    Ok(first_line(&buf))
}

/// Asks for a passphrase on the terminal, twice when `confirm` is set.
pub fn prompt_passphrase(prompt: &str, confirm: bool) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let mut input = dialoguer::Password::new().with_prompt(prompt);
    if confirm {
        input = input.with_confirmation("Repeat passphrase", "the passphrases do not match");
    }
    let pass = input
        .interact()
        .context("cannot read the passphrase from the terminal")?;
    Ok(Zeroizing::new(pass.into_bytes()))
}

/// How many times a person at a terminal may type the passphrase (like sudo).
const TRIES: u32 = 3;

/// Asks for the passphrase on the terminal until it opens the vault, [`TRIES`] times at
/// most: one typo should not cost a whole command (and, for `inject`, its start).
pub fn unlock_prompting(vault: &Vault, prompt: &str) -> anyhow::Result<Unlocked> {
    let mut tries = 0;
    loop {
        tries += 1;
        let pass = prompt_passphrase(prompt, false)?;
        match vault.unlock_with_passphrase(&pass) {
            Err(VaultError::WrongPassphrase) if tries < TRIES => {
                output::warn(&format!("wrong passphrase; try again ({tries} of {TRIES})"));
            }
            other => return Ok(other?),
        }
    }
}

/// The error for a locked vault when nobody can be asked.
pub fn locked_error() -> UserError {
    UserError::new(
        Exit::Locked,
        "the vault is locked and there is no terminal to ask for the passphrase",
        "run `secretscli unlock` first, or set SECRETSCLI_PASSPHRASE_FILE (or --passphrase-file) for scripts and CI",
    )
}

/// The root key when a cache holds it, without asking or reading a passphrase: for
/// commands that work locked but check more when they can (`list` checks the env's item
/// set then). `None` when nothing is cached or the cached key is another vault's.
pub fn unlock_if_cached(vault: &Vault) -> anyhow::Result<Option<Unlocked>> {
    let Some((key, _, _)) = key_cache()?.load(&vault.id()) else {
        return Ok(None);
    };
    match vault.unlock_with_key(key) {
        Ok(unlocked) => Ok(Some(unlocked)),
        Err(VaultError::WrongKey) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The root key: cached by `unlock`, else from a passphrase source, else asked on a TTY
/// (and then cached for the default timeout, so the next command does not ask again).
pub fn unlock(vault: &mut Vault, g: &Global) -> anyhow::Result<Unlocked> {
    if let Some(unlocked) = unlock_without_asking(vault, g)? {
        return Ok(unlocked);
    }
    if !can_prompt() {
        return Err(locked_error().into());
    }
    let unlocked = unlock_prompting(vault, "Vault passphrase")?;
    vault.record_unlock("prompt")?;
    if key_cache()?
        .store(&vault.id(), unlocked.root_key(), DEFAULT_TIMEOUT)
        .is_ok()
    {
        output::note("unlocked for 8h (`secretscli lock` forgets the key)");
    }
    Ok(unlocked)
}

/// The root key from the cache or a passphrase source, without asking anyone: `None` when
/// neither has it.
pub fn unlock_without_asking(vault: &Vault, g: &Global) -> anyhow::Result<Option<Unlocked>> {
    let cache = key_cache()?;
    if let Some((key, _, _)) = cache.load(&vault.id()) {
        match vault.unlock_with_key(key) {
            Ok(unlocked) => return Ok(Some(unlocked)),
            Err(VaultError::WrongKey) => {
                let _ = cache.clear(&vault.id());
            }
            Err(e) => return Err(e.into()),
        }
    }
    match passphrase_from_env(g)? {
        Some(pass) => Ok(Some(vault.unlock_with_passphrase(&pass)?)),
        None => Ok(None),
    }
}

/// The resolved context (without vault fallbacks).
pub fn context(g: &Global) -> anyhow::Result<Context> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    Ok(context::resolve(
        g.project.as_deref(),
        g.env.as_deref(),
        &cwd,
        &paths::config()?,
    )?)
}

/// Fills what the context left open: the vault's only project, and env `dev`.
pub fn complete_context(vault: &Vault, mut ctx: Context) -> anyhow::Result<(Sourced, Sourced)> {
    if ctx.project.is_none() {
        let projects = vault.projects()?;
        if let [only] = projects.as_slice() {
            ctx.project = Some(Sourced {
                value: only.name.clone(),
                source: Source::Default("the vault's only project"),
            });
        }
    }
    let project = ctx.project.ok_or_else(|| {
        UserError::new(
            Exit::NotFound,
            "no project selected",
            "pass -p NAME, or set a default with `secretscli context set --project NAME`",
        )
    })?;
    let env = ctx.env.unwrap_or(Sourced {
        value: "dev".into(),
        source: Source::Default("default"),
    });
    Ok((project, env))
}

/// The project and environment this command works on.
pub fn target(vault: &Vault, g: &Global) -> anyhow::Result<(Project, Env)> {
    target_in(vault, context(g)?)
}

/// [`target`] for a context the caller already resolved.
pub fn target_in(vault: &Vault, ctx: Context) -> anyhow::Result<(Project, Env)> {
    let (project, env) = complete_context(vault, ctx)?;
    let project = vault.project(&project.value)?;
    let env = vault.env(&project, &env.value)?;
    Ok((project, env))
}

/// Where this command looks, for `--verbose` errors: the vault file and the project and
/// environment with where each came from. Never fails: what cannot be worked out says so.
pub fn describe_target(g: &Global) -> Vec<String> {
    let mut lines = Vec::new();
    match paths::vault(g.vault.as_deref()) {
        Ok(p) => lines.push(format!("vault {}", p.display())),
        Err(e) => lines.push(format!("no vault path: {e}")),
    }
    match context(g) {
        Ok(ctx) => {
            for (what, value) in [("project", &ctx.project), ("env", &ctx.env)] {
                lines.push(match value {
                    Some(v) => format!("{what} {} (from {})", v.value, v.source),
                    None => format!("{what} not set (the defaults apply)"),
                });
            }
        }
        Err(e) => lines.push(format!("no context: {e:#}")),
    }
    lines
}

/// The sync server from the flag, `SECRETSCLI_SERVER` or the context files; `None` lets
/// the sync layer use the vault's only login.
pub fn server(g: &Global) -> anyhow::Result<Option<String>> {
    Ok(server_sourced(g)?.map(|s| s.value))
}

/// The sync server with where it came from.
pub fn server_sourced(g: &Global) -> anyhow::Result<Option<Sourced>> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    Ok(context::resolve_server(
        g.server.as_deref(),
        &cwd,
        &paths::config()?,
    )?)
}
