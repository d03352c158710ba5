//! `secretscli serve`: the local sidecar (docs/serve.md). Serves one environment's values
//! from memory to programs on this host, over a private unix socket or a loopback TCP
//! port with a per-start bearer, and follows changes so they see new values.
//!
//! Values come from the vault (unlocked, the normal context) or from a service token
//! (`SECRETSCLI_TOKEN`, `SECRETSCLI_TOKEN_FILE`): with a token nothing is written to disk.
//! Needs the `server` cargo feature (axum and tokio). The HTTP API is in `src/serve/`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::serve::app::{Bearer, Sidecar};
use crate::serve::listen::{self, ListenError};
use crate::serve::{Entry, History, Snapshot};
use crate::token::ServiceToken;
use crate::vault::{Env, Project, Revealed, Unlocked, Vault};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("where").required(true).args(["listen", "socket"])))]
pub struct Args {
    /// Serve on this TCP address, e.g. 127.0.0.1:8200 (loopback only, a bearer on every request)
    #[arg(long, value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// Serve on a unix socket at this path, created 0600 (no bearer: the file mode is the gate)
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,
    /// With --listen: write the bearer to this file (0600) instead of printing it once on stderr
    #[arg(long, value_name = "FILE", requires = "listen")]
    bearer_file: Option<PathBuf>,
    /// With --listen: serve TLS with this certificate (PEM)
    #[arg(long, value_name = "FILE", requires_all = ["listen", "tls_key"])]
    tls_cert: Option<PathBuf>,
    /// With --listen: the TLS certificate's private key (PEM)
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Allow a non-loopback --listen address (only with --tls-cert and --tls-key)
    #[arg(long, requires = "listen")]
    allow_remote: bool,
    /// With a service token: fetch its values at least this often (it also fetches on each change the server's feed reports)
    #[arg(long, value_name = "DURATION", default_value = "1m")]
    refresh: humantime::Duration,
}

/// Serves until SIGINT or SIGTERM.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    if let Some(addr) = args.listen {
        listen::check_addr(addr, args.tls_cert.is_some(), args.allow_remote).map_err(listen_err)?;
    }
    let sidecar = match super::token::from_env(false)? {
        Some(token) => from_token(g, token, refresh_interval(&args)?)?,
        None => from_vault(g)?,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(args, sidecar))
}

/// `--refresh`, at least [`MIN_REFRESH`]: each fetch is a use of the token on the server.
fn refresh_interval(args: &Args) -> anyhow::Result<Duration> {
    let every: Duration = args.refresh.into();
    if every < MIN_REFRESH {
        return Err(UserError::new(
            Exit::Usage,
            format!("--refresh {} is too often", args.refresh),
            format!(
                "give at least {}ms: each fetch is a use of the token on the server",
                MIN_REFRESH.as_millis()
            ),
        )
        .into());
    }
    Ok(every)
}

/// The shortest `--refresh` taken.
const MIN_REFRESH: Duration = Duration::from_millis(100);

fn listen_err(e: ListenError) -> anyhow::Error {
    let exit = match e {
        ListenError::Remote { .. } => Exit::Usage,
        _ => Exit::Failure,
    };
    let hint = e.hint();
    UserError::new(exit, e.to_string(), hint).into()
}

async fn serve(args: Args, sidecar: Arc<Sidecar>) -> anyhow::Result<()> {
    let signal = crate::server::shutdown_signal().context("cannot watch for SIGTERM")?;
    let closing = sidecar.clone();
    let shutdown = async move {
        signal.await;
        closing.close();
    };
    let label = {
        let snap = sidecar_label(&sidecar);
        format!("{snap} (revision {})", sidecar.revision())
    };
    if let Some(path) = &args.socket {
        let listener = listen::bind_unix(path).map_err(listen_err)?;
        let app = crate::serve::app::router(sidecar, None);
        output::note(&format!("serving {label} on unix:{}", path.display()));
        return Ok(listen::serve_unix(listener, path, app, shutdown).await?);
    }
    let addr = args.listen.expect("clap requires --listen or --socket");
    let listener = std::net::TcpListener::bind(addr).map_err(|e| {
        listen_err(ListenError::Bind {
            what: addr.to_string(),
            why: e.to_string(),
        })
    })?;
    let bearer = Bearer::random();
    match &args.bearer_file {
        Some(file) => write_private(file, bearer.expose())?,
        None => output::note(&format!("bearer (shown once): {}", bearer.expose())),
    }
    let tls = args.tls_cert.clone().zip(args.tls_key.clone());
    let url = crate::server::client_url(listener.local_addr()?, tls.is_some());
    let app = crate::serve::app::router(sidecar, Some(bearer));
    output::note(&format!("serving {label} on {url}"));
    Ok(listen::serve_tcp(listener, tls, app, shutdown).await?)
}

fn sidecar_label(sidecar: &Sidecar) -> String {
    let snap = sidecar.snapshot();
    format!("{}/{}", snap.project, snap.env)
}

/// Writes `text` to a new 0600 file at `path` (an old file there is replaced).
fn write_private(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let _ = std::fs::remove_file(path);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot write the bearer to {}", path.display()))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}

/// Token mode: the grant now, then again on each change the change feed reports for the
/// token's environment and its ancestors, and at least every `every`.
fn from_token(g: &Global, token: ServiceToken, every: Duration) -> anyhow::Result<Arc<Sidecar>> {
    let (_, env) = super::token::open_env(g, &token)?;
    let followed: Vec<uuid::Uuid> = std::iter::once(env.ids.1)
        .chain(env.parents.iter().copied())
        .collect();
    let sidecar = Sidecar::new(token_snapshot(env), None);
    let (tx, changes) = mpsc::channel();
    crate::token::watch::watch(&token, &followed, tx)?;
    let (shared, asked) = (sidecar.clone(), g.env.clone());
    std::thread::Builder::new()
        .name("secretscli-refresh".into())
        .spawn(move || refresh_token(&shared, &token, asked.as_deref(), (&changes, every)))?;
    Ok(sidecar)
}

fn token_snapshot(env: crate::token::OpenedEnv) -> Snapshot {
    let items = env
        .items
        .into_iter()
        .map(|r| (r.info.name.clone(), entry(&r, String::new())))
        .collect();
    Snapshot {
        project: env.project,
        env: env.env,
        items,
    }
}

/// How the last fetch of the token's values went (said on stderr only when it changes).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fetch {
    Served,
    Away,
    Refused,
}

/// The token's values fetched again on each change the feed reports, and at least every
/// `every` (a feed that is away, a change it could not see). A failure is said once and
/// the last values stay served; a refusal (revoked, expired) empties the sidecar.
fn refresh_token(
    sidecar: &Sidecar,
    token: &ServiceToken,
    env: Option<&str>,
    (changes, every): (&Receiver<()>, Duration),
) {
    let mut last = Fetch::Served;
    loop {
        if let Err(RecvTimeoutError::Disconnected) = changes.recv_timeout(every) {
            std::thread::sleep(every);
        }
        // Changes come in bursts (a push of many names, several environments): one fetch.
        while changes.try_recv().is_ok() {}
        let (now, said) = fetch_into(sidecar, token, env);
        match (now != last, now) {
            (false, _) => {}
            (true, Fetch::Served) => output::note(&said),
            (true, _) => output::warn(&said),
        }
        last = now;
    }
}

/// One fetch of the token's values into the sidecar: how it went, and what to say.
fn fetch_into(sidecar: &Sidecar, token: &ServiceToken, env: Option<&str>) -> (Fetch, String) {
    match crate::token::open(token).and_then(|o| o.pick(env)) {
        Ok(env) => {
            sidecar.replace(token_snapshot(env));
            (
                Fetch::Served,
                "the server answers again; serving its values".to_string(),
            )
        }
        Err(crate::token::TokenError::Refused(why)) => {
            let snap = sidecar.snapshot();
            sidecar.replace(Snapshot {
                project: snap.project.clone(),
                env: snap.env.clone(),
                items: Default::default(),
            });
            let said = format!(
                "the server refused the token ({why}); serving nothing until it accepts it again"
            );
            (Fetch::Refused, said)
        }
        Err(e) => (
            Fetch::Away,
            format!("cannot fetch the token's values ({e}); serving the last ones"),
        ),
    }
}

fn entry(r: &Revealed, updated_by: String) -> Entry {
    Entry::new(
        r.value.expose(),
        r.info.version,
        r.info.updated_at,
        updated_by,
    )
}

/// What the loader thread is asked to do.
enum Msg {
    /// The vault may have changed: reload.
    Changed,
    /// `?version=N` of a key.
    Version(String, u64, Sender<Result<Option<Entry>, String>>),
}

/// Vault mode: the values now; a thread owning the vault reloads on each write to it
/// (a notify watcher) and on each change the server's feed pulls in.
fn from_vault(g: &Global) -> anyhow::Result<Arc<Sidecar>> {
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let snap = vault_snapshot(&mut vault, &mut unlocked, (&project, &env), None)?;
    let names = snap.items.keys().cloned().collect();
    vault.record_reveal("serve", &project.name, &env.name, names, "sidecar start")?;
    let (tx, rx) = mpsc::channel();
    let history = VaultHistory(Mutex::new(tx.clone()));
    let sidecar = Sidecar::new(snap, Some(Box::new(history)));
    let watcher = watch_vault(&vault, tx.clone())?;
    if let Some(nudges) = super::inject::follow_server(
        g,
        &vault,
        &unlocked,
        (&project, &env),
        super::watch::FeedTransport::Auto,
    ) {
        std::thread::spawn(move || nudges.iter().try_for_each(|()| tx.send(Msg::Changed)));
    }
    let shared = sidecar.clone();
    std::thread::Builder::new()
        .name("secretscli-loader".into())
        .spawn(move || {
            let _watcher = watcher;
            load_loop(&shared, (vault, unlocked), (project, env), &rx)
        })?;
    Ok(sidecar)
}

/// The vault's values of `env`; authors are looked up (one query each) only for versions
/// `prev` does not already serve.
fn vault_snapshot(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    (project, env): (&Project, &Env),
    prev: Option<&Snapshot>,
) -> anyhow::Result<Snapshot> {
    let known = |r: &Revealed| {
        let e = prev?.items.get(&r.info.name)?;
        (e.version == r.info.version && e.updated_at == r.info.updated_at)
            .then(|| e.updated_by.clone())
    };
    let items = vault
        .reveal_all(unlocked, env)?
        .into_iter()
        .map(|r| {
            let by = known(&r).unwrap_or_else(|| author(vault, env, &r.info.name, r.info.version));
            (r.info.name.clone(), entry(&r, by))
        })
        .collect();
    Ok(Snapshot {
        project: project.name.clone(),
        env: env.name.clone(),
        items,
    })
}

/// Who wrote `version` of `name`, from the vault's history (empty when unknown).
fn author(vault: &Vault, env: &Env, name: &str, version: u64) -> String {
    let Ok((_, history)) = vault.history(env, name) else {
        return String::new();
    };
    history
        .into_iter()
        .find(|h| h.version == version)
        .map(|h| h.author)
        .unwrap_or_default()
}

fn watch_vault(vault: &Vault, tx: Sender<Msg>) -> anyhow::Result<notify::RecommendedWatcher> {
    use notify::Watcher as _;
    let dir = vault.path().parent().unwrap_or(vault.path()).to_path_buf();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // A lost event may hide a change; a reload is cheap.
        if event
            .as_ref()
            .map_or(true, crate::inject::supervise::may_be_a_write)
        {
            let _ = tx.send(Msg::Changed);
        }
    })
    .context("cannot watch the vault for changes")?;
    watcher
        .watch(&dir, notify::RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", dir.display()))?;
    Ok(watcher)
}

/// How long after a reload that found nothing new to look once more: SQLite makes a
/// commit visible only after the -wal write whose file event woke us (see inject --watch).
const RECHECK: Duration = Duration::from_millis(150);

fn load_loop(
    sidecar: &Sidecar,
    (mut vault, mut unlocked): (Vault, Unlocked),
    (project, env): (Project, Env),
    rx: &Receiver<Msg>,
) {
    let mut recheck = false;
    loop {
        let msg = match recheck {
            true => rx.recv_timeout(RECHECK),
            false => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let changed = match msg {
            Ok(Msg::Version(key, n, reply)) => {
                let _ = reply.send(version(&vault, &mut unlocked, &env, &key, n));
                continue;
            }
            Ok(Msg::Changed) | Err(RecvTimeoutError::Timeout) => {
                reload(sidecar, &mut vault, &mut unlocked, (&project, &env))
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        recheck = !changed && !recheck;
    }
}

/// Reloads the values; whether the served set changed. A failure keeps the old values.
fn reload(
    sidecar: &Sidecar,
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    (project, env): (&Project, &Env),
) -> bool {
    let loaded = vault
        .env(project, &env.name)
        .map_err(anyhow::Error::from)
        .and_then(|env| {
            vault_snapshot(vault, unlocked, (project, &env), Some(&sidecar.snapshot()))
        });
    match loaded {
        Ok(snap) => sidecar.replace(snap),
        Err(e) => {
            output::warn(&format!(
                "cannot reload {}/{} ({e:#}); serving the last values",
                project.name, env.name
            ));
            false
        }
    }
}

fn version(
    vault: &Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    key: &str,
    n: u64,
) -> Result<Option<Entry>, String> {
    match vault.reveal(unlocked, env, key, Some(n)) {
        Ok(r) => {
            let by = author(vault, env, key, n);
            Ok(Some(entry(&r, by)))
        }
        Err(
            crate::vault::VaultError::VersionNotFound { .. }
            | crate::vault::VaultError::ItemNotFound { .. },
        ) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// `?version=N` asked of the loader thread, which owns the vault.
struct VaultHistory(Mutex<Sender<Msg>>);

impl History for VaultHistory {
    fn version(&self, key: &str, version: u64) -> Result<Option<Entry>, String> {
        let (reply, answer) = mpsc::channel();
        let sent = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(Msg::Version(key.to_string(), version, reply));
        sent.map_err(|_| "the vault reader stopped".to_string())?;
        answer
            .recv()
            .map_err(|_| "the vault reader stopped".to_string())?
    }
}
