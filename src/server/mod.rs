//! `secretscli server`: the thin sync server (docs/sync.md).
//!
//! **The server never holds a key or a plaintext.** It stores what devices send it —
//! ciphertext, data keys wrapped by env keys, env keys wrapped to age recipients, item
//! names and metadata — and hashes of its own API tokens. This module may use only
//! [`crate::wire`] (the JSON contract) and [`crate::sqlite`] (opening SQLite files); it never
//! imports `vault` or `crypto`, so nothing here *can* decrypt, and a reader can check that
//! with one grep.
//!
//! Layout: [`app`] (routes and handlers), [`auth`] (tokens, failure rate limit), [`audit`]
//! (the hash-chained audit trail), [`store`] (one trait; SQLite and PostgreSQL backends),
//! [`openapi`], [`error`] (JSON errors with stable codes), [`validate`] (the bounds every
//! decoded request is checked against), [`oidc`] (ID tokens of bound service tokens). [`launch_with_listener`] runs the
//! whole server on a listener a caller (or a test) bound, until `shutdown` resolves.

pub mod app;
pub mod audit;
pub mod auth;
pub mod error;
pub mod feed;
pub mod oidc;
pub mod openapi;
pub mod share_page;
pub mod snapshots;
pub mod store;
pub mod validate;

use std::future::Future;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;

use self::store::{Store, now_ms};

/// Where the server keeps its state.
#[derive(Debug, Clone)]
pub enum StoreConfig {
    /// A SQLite file in this directory.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`?options=-csearch_path%3Dname` picks a schema).
    Postgres(String),
}

/// TLS certificate chain and key, PEM.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// Certificate chain.
    pub cert: PathBuf,
    /// Private key.
    pub key: PathBuf,
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The store.
    pub store: StoreConfig,
    /// Serve HTTPS with these.
    pub tls: Option<TlsFiles>,
    /// Read (or, when missing, write) the bootstrap token here instead of printing it.
    pub bootstrap_token_file: Option<PathBuf>,
    /// Largest request body (bytes).
    pub max_body: usize,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Most feed requests this node holds at once (docs/live.md).
    pub max_watchers: usize,
}

/// What the server tells its operator; the CLI prints these.
#[derive(Debug)]
pub enum Notice {
    /// A new bootstrap token, shown once.
    BootstrapToken {
        /// The token.
        token: String,
        /// Where a client on this machine reaches the server (`http://127.0.0.1:8484`).
        url: String,
    },
    /// The bootstrap token is in this file.
    BootstrapTokenFile {
        /// The file.
        path: PathBuf,
        /// As for `BootstrapToken`.
        url: String,
    },
    /// Accepting connections.
    Listening {
        /// Bound address.
        addr: SocketAddr,
        /// Whether it speaks TLS.
        tls: bool,
    },
}

/// How long in-flight requests get to finish after a shutdown signal.
pub const GRACE: Duration = Duration::from_secs(30);

/// A future that resolves on SIGTERM or SIGINT. The handlers are installed by this call,
/// not when the future is first polled, so a signal sent as soon as the server says it
/// is listening is already caught. Call it inside the runtime.
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    })
}

/// Opens the store, makes a bootstrap token if it is empty, and serves on `listener` until
/// `shutdown` resolves; then stops accepting, lets in-flight requests finish (up to
/// [`GRACE`]) and flushes the audit writer.
pub async fn launch_with_listener(
    settings: Settings,
    listener: std::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    notify: impl Fn(Notice),
) -> anyhow::Result<()> {
    match &settings.store {
        StoreConfig::Sqlite(dir) => {
            let store = store::sqlite::SqliteStore::open(dir)
                .with_context(|| format!("cannot open the server store in {}", dir.display()))?;
            serve(store, settings, listener, shutdown, notify).await
        }
        StoreConfig::Postgres(url) => {
            let store = store::postgres::PgStore::open(url)
                .await
                .context("cannot open the PostgreSQL store")?;
            serve(store, settings, listener, shutdown, notify).await
        }
    }
}

async fn serve<S: Store>(
    store: S,
    settings: Settings,
    listener: std::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    notify: impl Fn(Notice),
) -> anyhow::Result<()> {
    let store = Arc::new(store);
    let addr = listener.local_addr()?;
    let url = client_url(addr, settings.tls.is_some());
    bootstrap(
        &*store,
        settings.bootstrap_token_file.as_deref(),
        &url,
        &notify,
    )
    .await?;
    let (audit, writer) = audit::AuditSink::start(store.clone());
    let feed_hub = Arc::new(feed::Hub::new(settings.max_watchers));
    if let StoreConfig::Postgres(url) = &settings.store {
        // A push through another node reaches this node's waiters through the database.
        tokio::spawn(store::postgres::feed::listen(url.clone(), feed_hub.clone()));
    }
    let state = Arc::new(app::AppState {
        store,
        audit,
        limiter: auth::FailureLimiter::default(),
        max_body: settings.max_body,
        tokens: app::TokenCache::default(),
        trust_proxy: settings.trust_proxy,
        snapshots: snapshots::SnapshotCache::default(),
        oidc: oidc::OidcKeys::default(),
        feed: feed_hub.clone(),
    });
    let make = app::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    let closing = feed_hub.clone();
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing in-flight requests");
        // Held feed requests answer "nothing new" now instead of holding up the stop.
        closing.close();
        stopper.graceful_shutdown(Some(GRACE));
    });
    match &settings.tls {
        None => {
            notify(Notice::Listening { addr, tls: false });
            axum_server::from_tcp(listener)?
                .handle(handle)
                .serve(make)
                .await?;
        }
        Some(tls) => {
            // One crypto provider for the process: ring (no OpenSSL, no C toolchain quirks).
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&tls.cert, &tls.key)
                .await
                .with_context(|| {
                    format!(
                        "cannot load the TLS certificate {} and key {}",
                        tls.cert.display(),
                        tls.key.display()
                    )
                })?;
            notify(Notice::Listening { addr, tls: true });
            axum_server::from_tcp_rustls(listener, config)?
                .handle(handle)
                .serve(make)
                .await?;
        }
    }
    // The router (and with it every sink clone) is gone: the writer drains and ends.
    writer.await.context("the audit writer failed")?;
    tracing::info!("stopped");
    Ok(())
}

/// The URL a client on this machine uses for a server bound to `addr`: an unspecified
/// address (`0.0.0.0`, `::`) listens on loopback too, and is no address to connect to.
pub fn client_url(addr: SocketAddr, tls: bool) -> String {
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("{}://{addr}", if tls { "https" } else { "http" })
}

/// A store with no users gets a bootstrap token: from `file` when given (written there,
/// private, when the file does not exist yet), else a new one announced once.
async fn bootstrap<S: Store>(
    store: &S,
    file: Option<&Path>,
    url: &str,
    notify: &impl Fn(Notice),
) -> anyhow::Result<()> {
    if store.has_users().await? {
        return Ok(());
    }
    match file {
        Some(path) => {
            let token = match std::fs::read_to_string(path) {
                Ok(text) => text.trim().to_string(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let issued = auth::issue(None);
                    write_private(path, &issued.token)?;
                    issued.token
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot read {}", path.display()));
                }
            };
            let record = auth::record_of(&token, None).with_context(|| {
                format!(
                    "{} does not hold a token of the form sct_<32 hex>_<43 base64url>",
                    path.display()
                )
            })?;
            store.install_bootstrap(record, now_ms()).await?;
            notify(Notice::BootstrapTokenFile {
                path: path.to_path_buf(),
                url: url.to_string(),
            });
        }
        None => {
            let issued = auth::issue(None);
            if store.install_bootstrap(issued.record, now_ms()).await? {
                notify(Notice::BootstrapToken {
                    token: issued.token,
                    url: url.to_string(),
                });
            }
        }
    }
    Ok(())
}

fn write_private(path: &Path, token: &str) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    writeln!(f, "{token}")?;
    Ok(())
}

/// Parses a size such as `1MiB`, `512KiB`, `2M` or `65536`.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size like 1MiB or 65536"))?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        other => {
            return Err(format!(
                "unknown size unit {other:?} (use B, KiB, MiB or GiB)"
            ));
        }
    };
    n.checked_mul(mult)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?} is out of range"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("2m"), Ok(2 << 20));
        assert_eq!(parse_size("65536"), Ok(65536));
        assert!(parse_size("0").is_err());
        assert!(parse_size("1 TB").is_err());
        assert!(parse_size("MiB").is_err());
    }
}
