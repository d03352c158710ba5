//! Which project and environment a command uses, and where each answer came from.
//!
//! Precedence: flags > `SECRETSCLI_PROJECT`/`SECRETSCLI_ENV` > the nearest
//! `.secretscli.toml` walking up from the cwd > the global config file. Resolution never
//! opens the vault; the CLI applies the last fallbacks (the only project, env `dev`).

use std::fmt;
use std::path::{Path, PathBuf};

/// Name of the per-directory context file.
pub const LOCAL_FILE: &str = ".secretscli.toml";
/// Environment variable selecting the project.
pub const PROJECT_VAR: &str = "SECRETSCLI_PROJECT";
/// Environment variable selecting the environment.
pub const ENV_VAR: &str = "SECRETSCLI_ENV";
/// Environment variable selecting the sync server.
pub const SERVER_VAR: &str = "SECRETSCLI_SERVER";

/// The context stored in a file (local `.secretscli.toml` or the global config).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextFile {
    /// Project name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Environment name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    /// Sync server URL(s), comma-separated (absent in files written before sync).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// `set` and `import` ask Have I Been Pwned about secret values (k-anonymity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_breach: Option<bool>,
    /// `inject` refreshes from the sync server before starting (`context set --pull`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull: Option<bool>,
}

/// Where a context value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `--project` / `--env`.
    Flag,
    /// An environment variable.
    EnvVar(&'static str),
    /// A `.secretscli.toml`.
    LocalFile(PathBuf),
    /// The global config file.
    GlobalConfig(PathBuf),
    /// A built-in fallback (explained in the string).
    Default(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("command-line flag"),
            Source::EnvVar(v) => write!(f, "environment variable {v}"),
            Source::LocalFile(p) => write!(f, "{}", p.display()),
            Source::GlobalConfig(p) => write!(f, "global config {}", p.display()),
            Source::Default(why) => f.write_str(why),
        }
    }
}

/// A value with its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced {
    /// The value.
    pub value: String,
    /// Where it came from.
    pub source: Source,
}

/// The resolved context; either part may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Project.
    pub project: Option<Sourced>,
    /// Environment.
    pub env: Option<Sourced>,
    /// Whether `inject` pulls before starting without being asked: the nearest
    /// `.secretscli.toml` that says, else the global config, else no (read with the rest,
    /// so `inject` reads each file once).
    pub pull: bool,
}

/// A context file that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
#[error("cannot read context file {path}: {why}")]
pub struct ContextError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub why: String,
}

/// Reads a context file; a missing file is an empty context.
pub fn read_file(path: &Path) -> Result<ContextFile, ContextError> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| ContextError {
            path: path.to_path_buf(),
            why: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ContextFile::default()),
        Err(e) => Err(ContextError {
            path: path.to_path_buf(),
            why: e.to_string(),
        }),
    }
}

/// Writes a context file (0600 by the process umask), replacing it atomically.
pub fn write_file(path: &Path, ctx: &ContextFile) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = toml::to_string(ctx).map_err(std::io::Error::other)?;
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// The nearest `.secretscli.toml` in `dir` or its ancestors.
pub fn find_local(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(LOCAL_FILE))
        .find(|p| p.is_file())
}

/// Resolves the sync server the same way: flag, `SECRETSCLI_SERVER`, the nearest
/// `.secretscli.toml`, then the global config.
pub fn resolve_server(
    flag: Option<&str>,
    cwd: &Path,
    global: &Path,
) -> Result<Option<Sourced>, ContextError> {
    if let Some(v) = flag.filter(|v| !v.is_empty()) {
        return Ok(Some(Sourced {
            value: v.to_string(),
            source: Source::Flag,
        }));
    }
    if let Some(v) = std::env::var(SERVER_VAR).ok().filter(|v| !v.is_empty()) {
        return Ok(Some(Sourced {
            value: v,
            source: Source::EnvVar(SERVER_VAR),
        }));
    }
    if let Some(local) = find_local(cwd)
        && let Some(v) = read_file(&local)?.server.filter(|v| !v.is_empty())
    {
        return Ok(Some(Sourced {
            value: v,
            source: Source::LocalFile(local),
        }));
    }
    Ok(read_file(global)?
        .server
        .filter(|v| !v.is_empty())
        .map(|value| Sourced {
            value,
            source: Source::GlobalConfig(global.to_path_buf()),
        }))
}

/// Whether `set`/`import` check values against Have I Been Pwned without being asked: the
/// nearest `.secretscli.toml` that says, else the global config, else no.
pub fn resolve_check_breach(cwd: &Path, global: &Path) -> Result<bool, ContextError> {
    if let Some(local) = find_local(cwd)
        && let Some(v) = read_file(&local)?.check_breach
    {
        return Ok(v);
    }
    Ok(read_file(global)?.check_breach.unwrap_or(false))
}

/// Resolves project and env from flags, environment, local file and global config, and
/// the `pull` setting from the same files.
pub fn resolve(
    flag_project: Option<&str>,
    flag_env: Option<&str>,
    cwd: &Path,
    global: &Path,
) -> Result<Context, ContextError> {
    let mut ctx = Context::default();
    let set = |slot: &mut Option<Sourced>, value: Option<String>, source: Source| {
        if slot.is_none()
            && let Some(value) = value.filter(|v| !v.is_empty())
        {
            *slot = Some(Sourced { value, source });
        }
    };
    set(
        &mut ctx.project,
        flag_project.map(String::from),
        Source::Flag,
    );
    set(&mut ctx.env, flag_env.map(String::from), Source::Flag);
    set(
        &mut ctx.project,
        std::env::var(PROJECT_VAR).ok(),
        Source::EnvVar(PROJECT_VAR),
    );
    set(
        &mut ctx.env,
        std::env::var(ENV_VAR).ok(),
        Source::EnvVar(ENV_VAR),
    );
    let mut pull = None;
    if let Some(local) = find_local(cwd) {
        let file = read_file(&local)?;
        pull = file.pull;
        set(
            &mut ctx.project,
            file.project,
            Source::LocalFile(local.clone()),
        );
        set(&mut ctx.env, file.env, Source::LocalFile(local));
    }
    let file = read_file(global)?;
    ctx.pull = pull.or(file.pull).unwrap_or(false);
    set(
        &mut ctx.project,
        file.project,
        Source::GlobalConfig(global.to_path_buf()),
    );
    set(
        &mut ctx.env,
        file.env,
        Source::GlobalConfig(global.to_path_buf()),
    );
    Ok(ctx)
}
