//! The sidecar's HTTP API, the config API's shape (docs/serve.md):
//! `GET /v1/config/{project}/{env}` (the whole environment as nested JSON),
//! `GET /v1/config/{project}/{env}/{dotted.key}` (one value, or the subtree under a
//! prefix), `?version=N`, the long-poll `?wait=SECS&since=REV`, the WebSocket
//! `GET /v1/watch/{project}/{env}` (in `ws.rs`), and `GET /healthz`.
//! Every answer carries the sidecar's revision in [`REVISION_HEADER`].
//!
//! The revision is the sidecar's own counter: it grows by one each time the set of served
//! values changes (a vault write, a pull, a re-fetched token grant), so `since` works the
//! same whatever the values come from. It never logs a value or puts one in an error.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use subtle::ConstantTimeEq as _;
use tokio::sync::watch;
use zeroize::Zeroizing;

use super::{Entry, History, Snapshot, tree};
use crate::wire::ApiError;
use crate::wire::config::{MAX_WAIT_SECS, REVISION_HEADER};

/// The values served and who waits for them to change.
pub struct Sidecar {
    view: RwLock<(Arc<Snapshot>, u64)>,
    changed: watch::Sender<u64>,
    history: Option<Box<dyn History>>,
    closing: AtomicBool,
}

impl Sidecar {
    /// A sidecar serving `snapshot` at revision 1.
    pub fn new(snapshot: Snapshot, history: Option<Box<dyn History>>) -> Arc<Self> {
        Arc::new(Sidecar {
            view: RwLock::new((Arc::new(snapshot), 1)),
            changed: watch::Sender::new(1),
            history,
            closing: AtomicBool::new(false),
        })
    }

    /// Serves `snapshot` from now on if it differs from what is served, waking every
    /// long-poll; returns whether it did.
    pub fn replace(&self, snapshot: Snapshot) -> bool {
        let mut view = self.view.write().unwrap_or_else(|e| e.into_inner());
        if view.0.same_as(&snapshot) {
            return false;
        }
        let revision = view.1 + 1;
        *view = (Arc::new(snapshot), revision);
        drop(view);
        self.changed.send_replace(revision);
        true
    }

    /// Answers every held long-poll now, and later ones at once: a stopping sidecar does
    /// not wait out their `wait` (the client asks again, of the next sidecar).
    pub fn close(&self) {
        self.closing.store(true, Ordering::SeqCst);
        self.changed.send_modify(|_| {});
    }

    /// The values served now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current().0
    }

    /// The revision served now.
    pub fn revision(&self) -> u64 {
        self.current().1
    }

    /// The values served now and their revision, read together.
    pub(super) fn current(&self) -> (Arc<Snapshot>, u64) {
        let view = self.view.read().unwrap_or_else(|e| e.into_inner());
        (view.0.clone(), view.1)
    }

    /// A receiver woken on each change (and on [`Sidecar::close`]).
    pub(super) fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// Whether the sidecar is stopping.
    pub(super) fn is_closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// The view to answer with: at once when newer than `since`, else after the next
    /// change or `wait`, whichever comes first.
    async fn settled(&self, since: Option<u64>, wait: u64) -> (Arc<Snapshot>, u64) {
        let mut woken = self.changed.subscribe();
        let Some(since) = since else {
            return self.current();
        };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(wait);
        loop {
            let (snap, revision) = self.current();
            if revision > since || self.closing.load(Ordering::SeqCst) {
                return (snap, revision);
            }
            match tokio::time::timeout_at(deadline, woken.changed()).await {
                Ok(Ok(())) => continue,
                _ => return self.current(),
            }
        }
    }
}

/// The per-start bearer a TCP sidecar wants on every request.
pub struct Bearer(Zeroizing<String>);

impl Bearer {
    /// A new random bearer: 32 bytes, hex.
    pub fn random() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::Rng::fill(&mut rand::thread_rng(), &mut bytes[..]);
        Bearer(Zeroizing::new(hex::encode(&bytes[..])))
    }

    /// The bearer's text, to print once or write to a private file.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

type Shared = Arc<Sidecar>;

/// The router; with `bearer`, every request must carry `Authorization: Bearer ...`.
pub fn router(sidecar: Shared, bearer: Option<Bearer>) -> Router {
    let app = Router::new()
        .route("/healthz", get(healthz))
        .route("/v1/config/{project}/{env}", get(whole))
        .route("/v1/config/{project}/{env}/{key}", get(one))
        .route("/v1/watch/{project}/{env}", get(super::ws::upgrade))
        .with_state(sidecar);
    match bearer {
        Some(bearer) => app.layer(middleware::from_fn_with_state(
            Arc::new(bearer),
            require_bearer,
        )),
        None => app,
    }
}

async fn require_bearer(State(bearer): State<Arc<Bearer>>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
        .unwrap_or_default();
    if bool::from(given.ct_eq(bearer.expose().as_bytes())) {
        return next.run(req).await;
    }
    let mut res = error(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "this sidecar wants `Authorization: Bearer ...` with the bearer it printed at start (or wrote to --bearer-file)".into(),
    );
    res.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    res
}

async fn healthz(State(sc): State<Shared>) -> Response {
    let (snap, revision) = sc.current();
    let body = serde_json::json!({"status": "ok", "project": snap.project, "env": snap.env});
    with_revision(axum::Json(body).into_response(), revision)
}

/// `?version=N&wait=S&since=R`.
#[derive(Debug, Deserialize)]
struct Params {
    version: Option<u64>,
    #[serde(default)]
    wait: u64,
    since: Option<u64>,
}

fn params(q: Result<Query<Params>, QueryRejection>) -> Result<Params, Refusal> {
    let Query(p) = q.map_err(|e| Refusal(StatusCode::BAD_REQUEST, "invalid", e.body_text()))?;
    if p.wait > MAX_WAIT_SECS {
        return Err(Refusal(
            StatusCode::BAD_REQUEST,
            "invalid",
            format!(
                "wait is at most {MAX_WAIT_SECS} seconds; ask again with since= after an answer"
            ),
        ));
    }
    Ok(p)
}

async fn whole(
    State(sc): State<Shared>,
    Path((project, env)): Path<(String, String)>,
    q: Result<Query<Params>, QueryRejection>,
) -> Response {
    let p = match params(q) {
        Ok(p) => p,
        Err(refusal) => return refusal.into_response(),
    };
    let (snap, revision) = sc.settled(p.since, p.wait).await;
    let res = match served(&snap, &project, &env) {
        Err(refusal) => refusal.into_response(),
        Ok(()) => {
            subtree(&snap, "").unwrap_or_else(|| axum::Json(serde_json::json!({})).into_response())
        }
    };
    with_revision(res, revision)
}

async fn one(
    State(sc): State<Shared>,
    Path((project, env, key)): Path<(String, String, String)>,
    q: Result<Query<Params>, QueryRejection>,
) -> Response {
    let p = match params(q) {
        Ok(p) => p,
        Err(refusal) => return refusal.into_response(),
    };
    let (snap, revision) = sc.settled(p.since, p.wait).await;
    let res = match (served(&snap, &project, &env), p.version) {
        (Err(refusal), _) => refusal.into_response(),
        (Ok(()), Some(version)) => at_version(&sc, &snap, &key, version).await,
        (Ok(()), None) => current(&snap, &key),
    };
    with_revision(res, revision)
}

/// Refuses a project or environment other than the one this sidecar serves.
pub(super) fn served(snap: &Snapshot, project: &str, env: &str) -> Result<(), Refusal> {
    if snap.project == project && snap.env == env {
        return Ok(());
    }
    Err(Refusal(
        StatusCode::NOT_FOUND,
        "not_found",
        format!(
            "this sidecar serves {}/{}, not {project}/{env}; ask /v1/config/{}/{}/KEY",
            snap.project, snap.env, snap.project, snap.env
        ),
    ))
}

/// The value of `key`, else the subtree under `key.`, else 404.
fn current(snap: &Snapshot, key: &str) -> Response {
    if let Some(entry) = snap.items.get(key) {
        return axum::Json(entry.answer(key)).into_response();
    }
    subtree(snap, key).unwrap_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!(
                "no key {key:?} in {}/{}; names are case-sensitive, and /v1/config/{}/{} shows them all",
                snap.project, snap.env, snap.project, snap.env
            ),
        )
    })
}

/// The names under `prefix` (all when empty) as nested JSON; `None` when there are none.
fn subtree(snap: &Snapshot, prefix: &str) -> Option<Response> {
    let dotted = format!("{prefix}.");
    let under = snap
        .items
        .iter()
        .filter(|(name, _)| prefix.is_empty() || name.starts_with(&dotted))
        .map(|(name, e)| {
            (
                name.as_str(),
                serde_json::Value::String(e.expose_value().to_string()),
            )
        });
    let mut under = under.peekable();
    under.peek()?;
    Some(match tree::nest(prefix, under) {
        Ok(map) => axum::Json(serde_json::Value::Object(map)).into_response(),
        Err(c) => error(StatusCode::CONFLICT, "conflict", c.to_string()),
    })
}

async fn at_version(sc: &Shared, snap: &Snapshot, key: &str, version: u64) -> Response {
    if let Some(entry) = snap.items.get(key).filter(|e| e.version == version) {
        return axum::Json(entry.answer(key)).into_response();
    }
    let missing = || {
        error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!(
                "no version {version} of {key:?} in {}/{}",
                snap.project, snap.env
            ),
        )
    };
    if sc.history.is_none() {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!(
                "this sidecar runs on a service token, which knows only the current version of {key:?}; ask without ?version=, or run `secretscli serve` with a vault for history"
            ),
        );
    }
    let (sc2, key2) = (sc.clone(), key.to_string());
    let found = tokio::task::spawn_blocking(move || {
        let history = sc2.history.as_ref().expect("checked above");
        history.version(&key2, version)
    })
    .await;
    match found {
        Ok(Ok(Some(entry))) => axum::Json(Entry::answer(&entry, key)).into_response(),
        Ok(Ok(None)) => missing(),
        Ok(Err(why)) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", why),
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the history lookup failed".into(),
        ),
    }
}

fn with_revision(mut res: Response, revision: u64) -> Response {
    res.headers_mut()
        .insert(REVISION_HEADER, HeaderValue::from(revision));
    res
}

/// An error answer not yet made a response (a `Response` is too large to return in `Err`).
pub(super) struct Refusal(StatusCode, &'static str, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error(self.0, self.1, self.2)
    }
}

pub(super) fn error(status: StatusCode, code: &str, message: String) -> Response {
    let body = ApiError {
        code: code.into(),
        message,
        conflict: None,
    };
    (status, axum::Json(body)).into_response()
}
