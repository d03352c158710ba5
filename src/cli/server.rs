//! `secretscli server`: runs the sync server in the foreground until SIGTERM or SIGINT.
//! This command alone builds a tokio runtime; every other command stays synchronous.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;

use super::Global;
use crate::output;
use crate::paths;
use crate::server::{self, Notice, Settings, StoreConfig, TlsFiles};

/// The description `server --help` shows (`-h` shows the one line in `Command`).
pub const LONG_ABOUT: &str = "\
    Run the sync server (SQLite or PostgreSQL; the server never sees a value or a key).\n\n\
    The server stores ciphertext, wrapped keys, item names and metadata; it never sees a \
    value or a key that decrypts one. State lives in a SQLite file under --data (the \
    default) or in PostgreSQL (--database-url). On the first start of an empty store it \
    prints a one-time bootstrap token: `secretscli login URL` with it (pasted at the \
    prompt, or in SECRETSCLI_TOKEN) makes the first admin.\n\n\
    Logs go to stderr (level from SECRETSCLI_LOG, e.g. `debug`; default `info`); they \
    never contain a token or a request body.\n\n\
    Behind a reverse proxy every request comes from the proxy's address, so the limit on \
    failed authentications would hit all clients at once and the audit would name the \
    proxy: --trust-proxy takes the client address from the right-most X-Forwarded-For \
    entry (the one the proxy appended) instead. Without it the header is ignored, so \
    clients cannot pick their own address.\n\n\
    Change feed (docs/live.md): watchers (`secretscli watch`, `inject --watch`) long-poll \
    GET /v1/envs/ID/changes and are woken when a push lands. With PostgreSQL any number \
    of nodes share one database, and a push through one node wakes watchers on every \
    other (LISTEN/NOTIFY on one extra connection per node). With SQLite run ONE node: a \
    second node on the same file would not wake the first one's watchers. Each node \
    holds at most --max-watchers feed requests at once; one more gets 503.";

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  secretscli server
  secretscli server --listen 0.0.0.0:8484 --tls-cert cert.pem --tls-key key.pem
  secretscli server --listen 127.0.0.1:8484 --trust-proxy   # behind nginx, caddy, ...
  SECRETSCLI_DATABASE_URL=postgres://sync@db/secrets secretscli server", mut_args = hide_vault_flag)]
pub struct Args {
    /// Address and port to listen on (port 0 picks a free one; the bound address is printed)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8484")]
    pub listen: SocketAddr,
    /// Directory of the SQLite store [default: $SECRETSCLI_SERVER_DATA, else $XDG_DATA_HOME/secretscli/server]
    #[arg(long, value_name = "DIR", conflicts_with = "database_url")]
    pub data: Option<PathBuf>,
    /// Use PostgreSQL instead of SQLite (`?options=-csearch_path%3DNAME` picks a schema)
    #[arg(
        long,
        value_name = "URL",
        env = "SECRETSCLI_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Serve HTTPS with this PEM certificate chain (needs --tls-key)
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key for --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Take the bootstrap token from FILE (created with a new token, mode 0600, if missing)
    /// instead of printing one
    #[arg(long, value_name = "FILE")]
    pub bootstrap_token_file: Option<PathBuf>,
    /// Largest request body accepted (clients keep each push under 4 MiB; bigger bodies get 413)
    #[arg(long, value_name = "SIZE", default_value = "8MiB", value_parser = server::parse_size)]
    pub max_body: usize,
    /// Behind a reverse proxy: take the client address (rate limit, log, audit) from the
    /// right-most X-Forwarded-For entry, which the proxy appended (ignored without this flag)
    #[arg(long)]
    pub trust_proxy: bool,
    /// Most change-feed requests this node holds at once (one more gets 503 `unavailable`)
    #[arg(long, value_name = "N", default_value_t = server::feed::DEFAULT_MAX_WATCHERS)]
    pub max_watchers: usize,
}

/// Global flags about the local vault and context: the server has neither, so `server
/// --help` does not offer them (they stay accepted, and ignored, as on every command).
const VAULT_FLAGS: [&str; 5] = ["vault", "project", "env", "server", "passphrase_file"];

/// Hides the [`VAULT_FLAGS`] clap copies into this command (they are global). Applied by
/// `#[command(mut_args)]` when the command is built, after clap has copied them.
fn hide_vault_flag(arg: clap::Arg) -> clap::Arg {
    if VAULT_FLAGS.contains(&arg.get_id().as_str()) {
        arg.hide(true)
    } else {
        arg
    }
}

/// Runs the server until a shutdown signal.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let store = match args.database_url {
        Some(url) => StoreConfig::Postgres(url),
        None => StoreConfig::Sqlite(paths::server_data(args.data.as_deref())?),
    };
    let tls = match (args.tls_cert, args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        _ => None,
    };
    let settings = Settings {
        store,
        tls,
        bootstrap_token_file: args.bootstrap_token_file,
        max_body: args.max_body,
        trust_proxy: args.trust_proxy,
        max_watchers: args.max_watchers,
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SECRETSCLI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Escapes only on a terminal, never with --no-color or NO_COLOR (like every command).
        .with_ansi(output::color(g.no_color))
        .try_init();
    let listener = std::net::TcpListener::bind(args.listen)
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let shutdown = server::shutdown_signal().context("cannot watch for SIGTERM")?;
        server::launch_with_listener(settings, listener, shutdown, print_notice).await
    })
}

fn print_notice(notice: Notice) {
    match notice {
        Notice::BootstrapToken { token, url } => eprintln!(
            "This server has no users yet. One-time bootstrap token (shown only now):\n\n    {token}\n\n\
             Log in as the first admin, pasting the token at the prompt (or setting \
             SECRETSCLI_TOKEN; --token would leave it in your shell history):\n\n    \
             secretscli login {url}"
        ),
        Notice::BootstrapTokenFile { path, url } => eprintln!(
            "This server has no users yet; the bootstrap token is in {}\n\
             Log in as the first admin, pasting that token at the prompt (or setting \
             SECRETSCLI_TOKEN):\n\n    secretscli login {url}",
            path.display()
        ),
        Notice::Listening { addr, tls } => {
            eprintln!(
                "listening on {addr} ({})",
                if tls { "https" } else { "http" }
            )
        }
    }
}
