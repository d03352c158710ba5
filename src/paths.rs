//! Where files live, resolved in one place in one order:
//! flag > `SECRETSCLI_*` environment variable (absolute paths only) > XDG defaults via `dirs`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A path that could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    /// An environment variable held a relative path, which would depend on the cwd.
    #[error("{var} must be an absolute path, got {value:?}")]
    NotAbsolute {
        /// The variable's name.
        var: &'static str,
        /// Its value.
        value: PathBuf,
    },
    /// No home or data directory could be found.
    #[error("cannot find a {what} directory for this user (is HOME set?)")]
    NoDirectory {
        /// Which directory.
        what: &'static str,
    },
}

/// Environment variable naming the vault file.
pub const VAULT_VAR: &str = "SECRETSCLI_VAULT";
/// Environment variable naming the global config file.
pub const CONFIG_VAR: &str = "SECRETSCLI_CONFIG";
/// Environment variable naming the key agent's socket.
pub const AGENT_SOCKET_VAR: &str = "SECRETSCLI_AGENT_SOCKET";

fn from_env(var: &'static str) -> Result<Option<PathBuf>, PathError> {
    match std::env::var_os(var).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => absolute(var, value).map(Some),
    }
}

fn absolute(var: &'static str, value: OsString) -> Result<PathBuf, PathError> {
    let path = PathBuf::from(value);
    if path.is_absolute() {
        Ok(path)
    } else {
        Err(PathError::NotAbsolute { var, value: path })
    }
}

fn under(base: Option<PathBuf>, what: &'static str, rest: &[&str]) -> Result<PathBuf, PathError> {
    let mut path = base.ok_or(PathError::NoDirectory { what })?;
    path.extend(rest);
    Ok(path)
}

/// The vault file: `--vault`, then `SECRETSCLI_VAULT`, then `$XDG_DATA_HOME/secretscli/vault.db`.
pub fn vault(flag: Option<&Path>) -> Result<PathBuf, PathError> {
    if let Some(path) = flag {
        return Ok(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    }
    if let Some(path) = from_env(VAULT_VAR)? {
        return Ok(path);
    }
    under(dirs::data_dir(), "data", &["secretscli", "vault.db"])
}

/// Environment variable naming the server's data directory.
pub const SERVER_DATA_VAR: &str = "SECRETSCLI_SERVER_DATA";

/// The server's SQLite directory: `--data`, then `SECRETSCLI_SERVER_DATA`, then
/// `$XDG_DATA_HOME/secretscli/server`.
pub fn server_data(flag: Option<&Path>) -> Result<PathBuf, PathError> {
    if let Some(path) = flag {
        return Ok(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    }
    if let Some(path) = from_env(SERVER_DATA_VAR)? {
        return Ok(path);
    }
    under(dirs::data_dir(), "data", &["secretscli", "server"])
}

/// The global config file: `SECRETSCLI_CONFIG`, then `$XDG_CONFIG_HOME/secretscli/config.toml`.
pub fn config() -> Result<PathBuf, PathError> {
    if let Some(path) = from_env(CONFIG_VAR)? {
        return Ok(path);
    }
    under(dirs::config_dir(), "config", &["secretscli", "config.toml"])
}

/// The key agent's socket: `SECRETSCLI_AGENT_SOCKET`, then `$XDG_RUNTIME_DIR/secretscli/agent/agent.sock`,
/// then the cache directory (runtime dirs are missing in many containers). The socket gets a
/// directory of its own because the agent insists that directory be 0700 and ours.
pub fn agent_socket() -> Result<PathBuf, PathError> {
    if let Some(path) = from_env(AGENT_SOCKET_VAR)? {
        return Ok(path);
    }
    let base = dirs::runtime_dir().or_else(dirs::cache_dir);
    under(base, "runtime", &["secretscli", "agent", "agent.sock"])
}
