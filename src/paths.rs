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

impl PathError {
    /// The next step for the user.
    pub fn hint(&self) -> String {
        match self {
            PathError::NotAbsolute { var, value } => format!(
                "set {var} to an absolute path, e.g. export {var}=\"$PWD/{}\"",
                value.display()
            ),
            PathError::NoDirectory { .. } => {
                "set HOME (or the XDG_* variables), or pass --vault PATH".into()
            }
        }
    }
}

/// Where a path came from, for errors about it: a reader who exported
/// `SECRETSCLI_VAULT` in an earlier shell session should be told so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSource {
    /// A command-line flag.
    Flag(&'static str),
    /// An environment variable.
    Var(&'static str),
    /// The built-in default (XDG directories).
    Default,
}

impl std::fmt::Display for PathSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathSource::Flag(flag) => write!(f, "from {flag}"),
            PathSource::Var(var) => write!(f, "from ${var}"),
            PathSource::Default => f.write_str("the default"),
        }
    }
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
    vault_sourced(flag).map(|(path, _)| path)
}

/// The vault file and where its path came from.
pub fn vault_sourced(flag: Option<&Path>) -> Result<(PathBuf, PathSource), PathError> {
    if let Some(path) = flag {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        return Ok((path, PathSource::Flag("--vault")));
    }
    if let Some(path) = from_env(VAULT_VAR)? {
        return Ok((path, PathSource::Var(VAULT_VAR)));
    }
    let path = under(dirs::data_dir(), "data", &["secretscli", "vault.db"])?;
    Ok((path, PathSource::Default))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_says_where_it_came_from() {
        let (path, source) = vault_sourced(Some(Path::new("/tmp/v.db"))).unwrap();
        assert_eq!(path, Path::new("/tmp/v.db"));
        assert_eq!(source.to_string(), "from --vault");
        assert_eq!(
            PathSource::Var(VAULT_VAR).to_string(),
            "from $SECRETSCLI_VAULT"
        );
        let err = absolute(VAULT_VAR, "rel/v.db".into()).unwrap_err();
        assert!(err.hint().contains("$PWD/rel/v.db"), "{}", err.hint());
    }
}
