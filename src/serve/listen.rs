//! Where the sidecar listens, and the rules for it: a unix socket made private to its
//! user (0600 under the process's umask 077, then checked), replacing a stale socket file
//! only when nobody listens on it; TCP on loopback only, unless TLS and `--allow-remote`
//! are both given.

use std::future::Future;
use std::net::SocketAddr;
use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use axum::Router;

/// Why the sidecar cannot listen where it was asked to.
#[derive(Debug, thiserror::Error)]
pub enum ListenError {
    /// A non-loopback address without both TLS and `--allow-remote`.
    #[error("refusing to serve values on {addr}, which is not a loopback address")]
    Remote {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// Another process serves on the socket.
    #[error("{} is a socket another process listens on", .path.display())]
    InUse {
        /// The socket's path.
        path: PathBuf,
    },
    /// The path exists and is not a socket.
    #[error("{} exists and is not a socket", .path.display())]
    NotASocket {
        /// The path.
        path: PathBuf,
    },
    /// Binding or preparing the listener failed.
    #[error("cannot listen on {what}: {why}")]
    Bind {
        /// The socket path or address.
        what: String,
        /// The OS's reason.
        why: String,
    },
}

impl ListenError {
    /// What to do next.
    pub fn hint(&self) -> String {
        match self {
            ListenError::Remote { .. } => "listen on 127.0.0.1 or ::1, or serve other hosts with --tls-cert FILE --tls-key FILE --allow-remote".into(),
            ListenError::InUse { .. } => "stop the other sidecar, or give another --socket path".into(),
            ListenError::NotASocket { .. } => "give a --socket path that does not exist yet (it is never overwritten)".into(),
            ListenError::Bind { .. } => "check the path's directory or the port, and that no other process holds it".into(),
        }
    }
}

/// Refuses a non-loopback `addr` unless it is served with TLS and `allow_remote`.
pub fn check_addr(addr: SocketAddr, tls: bool, allow_remote: bool) -> Result<(), ListenError> {
    match addr.ip().is_loopback() || (tls && allow_remote) {
        true => Ok(()),
        false => Err(ListenError::Remote { addr }),
    }
}

/// Binds a private unix socket at `path`.
pub fn bind_unix(path: &Path) -> Result<std::os::unix::net::UnixListener, ListenError> {
    clear_stale(path)?;
    let bind_err = |e: std::io::Error| ListenError::Bind {
        what: path.display().to_string(),
        why: e.to_string(),
    };
    let listener = std::os::unix::net::UnixListener::bind(path).map_err(bind_err)?;
    // The umask (077) made it 0600 already; this also holds if a caller's umask did not.
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(bind_err)?;
    listener.set_nonblocking(true).map_err(bind_err)?;
    Ok(listener)
}

/// Removes `path` if it is a socket nobody listens on (a sidecar that was killed).
fn clear_stale(path: &Path) -> Result<(), ListenError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.file_type().is_socket() {
        return Err(ListenError::NotASocket {
            path: path.to_path_buf(),
        });
    }
    match std::os::unix::net::UnixStream::connect(path) {
        Ok(_) => Err(ListenError::InUse {
            path: path.to_path_buf(),
        }),
        Err(_) => std::fs::remove_file(path).map_err(|e| ListenError::Bind {
            what: path.display().to_string(),
            why: e.to_string(),
        }),
    }
}

/// Serves `app` on a unix socket until `shutdown`, then removes the socket file.
pub async fn serve_unix(
    listener: std::os::unix::net::UnixListener,
    path: &Path,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::UnixListener::from_std(listener)?;
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    let _ = std::fs::remove_file(path);
    served
}

/// Serves `app` on TCP (TLS with `tls`: certificate and key PEM files) until `shutdown`.
pub async fn serve_tcp(
    listener: std::net::TcpListener,
    tls: Option<(PathBuf, PathBuf)>,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(std::time::Duration::from_secs(2)));
    });
    let make = app.into_make_service();
    match tls {
        None => {
            axum_server::from_tcp(listener)?
                .handle(handle)
                .serve(make)
                .await
        }
        Some((cert, key)) => {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                .await
                .map_err(|e| {
                    std::io::Error::other(format!(
                        "cannot load the TLS certificate {} and key {}: {e}",
                        cert.display(),
                        key.display()
                    ))
                })?;
            axum_server::from_tcp_rustls(listener, config)?
                .handle(handle)
                .serve(make)
                .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_unless_tls_and_allow_remote() {
        let lo: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:1".parse().unwrap();
        assert!(check_addr(lo, false, false).is_ok());
        assert!(check_addr("[::1]:1".parse().unwrap(), false, false).is_ok());
        assert!(check_addr(any, false, false).is_err());
        assert!(check_addr(any, true, false).is_err());
        assert!(check_addr(any, false, true).is_err());
        assert!(check_addr(any, true, true).is_ok());
    }
}
