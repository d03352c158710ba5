//! The HTTP API (docs/sync.md): routes, authentication, access checks by the store, audit,
//! and the JSON error shape. Handlers parse, authenticate, call one store operation, audit,
//! answer; nothing here looks inside a blob.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::extract::{
    ConnectInfo, DefaultBodyLimit, FromRequest, FromRequestParts, Path, Query, Request, State,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tracing::Instrument as _;
use uuid::Uuid;

use super::audit::AuditSink;
use super::auth::{self, FailureLimiter};
use super::error::ApiErr;
use super::snapshots::{Encoded, SnapshotCache};
use super::store::{
    AuditEvent, Caller, NewLogin, Store, StoreError, TokenKind, TokenRecord, now_ms,
};
use super::validate::{self, Validate};
use crate::wire::team::DeviceStatus;

mod config;
mod feed;
mod feed_ws;
mod proposals;
mod restart;
mod shares;
mod team;
mod token_keys;
mod token_write;
mod tokens;
use crate::wire::{
    AuditPage, InviteRequest, InviteResponse, LogPage, LoginRequest, LoginResponse, PushRequest,
    PushResponse, PutEnv, PutEnvKey, PutProject, RemoteEnv, RemoteProject, Snapshot, WhoAmI,
};

/// What every handler shares.
pub struct AppState<S> {
    /// The store.
    pub store: Arc<S>,
    /// Audit entries of reads.
    pub audit: AuditSink,
    /// Failed-authentication budget per address.
    pub limiter: FailureLimiter,
    /// Request body cap (bytes).
    pub max_body: usize,
    /// Recently verified device tokens.
    pub tokens: TokenCache,
    /// Take the client address from `X-Forwarded-For` (`--trust-proxy`).
    pub trust_proxy: bool,
    /// Encoded snapshots by environment revision.
    pub snapshots: SnapshotCache,
    /// OIDC issuers' keys, for service tokens bound to a CI identity.
    pub oidc: crate::server::oidc::OidcKeys,
    /// Waiters of the change feed (docs/live.md).
    pub feed: Arc<super::feed::Hub>,
}

/// How long a verified device token is trusted without asking the store again. Revoking
/// through this node takes effect at once; through another node, within this time.
pub const TOKEN_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);

/// Device token records by id, so a busy client costs one store round trip per
/// [`TOKEN_CACHE_TTL`] rather than one per request. It holds what the store holds (the
/// secret's hash, never the secret), and every request still compares the hash.
#[derive(Debug, Default)]
pub struct TokenCache {
    map: std::sync::Mutex<std::collections::HashMap<String, (TokenRecord, Instant)>>,
}

impl TokenCache {
    fn get(&self, id: &str) -> Option<TokenRecord> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(id)
            .filter(|(_, at)| at.elapsed() < TOKEN_CACHE_TTL)
            .map(|(r, _)| r.clone())
    }

    fn put(&self, record: &TokenRecord) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= 10_000 {
            map.retain(|_, (_, at)| at.elapsed() < TOKEN_CACHE_TTL);
        }
        map.insert(record.id.clone(), (record.clone(), Instant::now()));
    }

    /// Forgets every token of a device (revoked, or approved: a cached `pending` record
    /// must not outlive the change on this node).
    fn forget_device(&self, device: Uuid) {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (r, _)| r.caller.as_ref().is_none_or(|c| c.device_id != device));
    }

    fn forget(&self, id: &str) {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
    }
}

type St<S> = State<Arc<AppState<S>>>;

/// The id of one request: in the `x-request-id` response header, the log and the audit.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Builds the router.
pub fn router<S: Store>(state: Arc<AppState<S>>) -> Router {
    let max_body = state.max_body;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz::<S>))
        .route("/v1/openapi.json", get(openapi))
        .route("/v1/login", post(login::<S>))
        .route("/v1/whoami", get(whoami::<S>))
        .route("/v1/invites", post(invite::<S>))
        .route("/v1/tokens/{token_id}", delete(revoke::<S>))
        .route("/v1/projects", get(projects::<S>))
        .route("/v1/projects/{project_id}", put(put_project::<S>))
        .route("/v1/projects/{project_id}/envs", get(project_envs::<S>))
        .route("/v1/envs/{env_id}", get(get_env::<S>).put(put_env::<S>))
        .route("/v1/envs/{env_id}/keys/{key_version}", put(put_key::<S>))
        .route("/v1/envs/{env_id}/push", post(push::<S>))
        .route("/v1/envs/{env_id}/log", get(log::<S>))
        .route("/v1/envs/{env_id}/snapshot", get(snapshot::<S>))
        .route("/v1/audit", get(audit::<S>))
        .merge(config::routes::<S>())
        .merge(team::routes::<S>())
        .merge(tokens::routes::<S>())
        .merge(token_keys::routes::<S>())
        .merge(token_write::routes::<S>())
        .merge(proposals::routes::<S>())
        .merge(feed::routes::<S>())
        .merge(restart::routes::<S>())
        .merge(shares::routes::<S>())
        .fallback(|| async { ApiErr::not_found("no such endpoint; see GET /v1/openapi.json") })
        .method_not_allowed_fallback(|| async {
            ApiErr::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method",
            )
        })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn(request_id))
        .with_state(state)
}

/// Gives each request an id and a span, and logs its outcome (never its body or headers).
async fn request_id(mut req: Request, next: Next) -> Response {
    let id = next_request_id();
    req.extensions_mut().insert(RequestId(id.clone()));
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let started = Instant::now();
    let span = tracing::info_span!("request", id = %id);
    let mut res = next.run(req).instrument(span.clone()).await;
    let _enter = span.enter();
    let status = res.status();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if status.is_server_error() {
        tracing::warn!(%method, %path, status = status.as_u16(), ms, "request failed");
    } else {
        tracing::debug!(%method, %path, status = status.as_u16(), ms, "request");
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// `<16 hex chars random per process>-<counter>`: unique across restarts and nodes without
/// asking the OS for randomness on every request.
fn next_request_id() -> String {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let prefix = PREFIX.get_or_init(|| Uuid::new_v4().simple().to_string()[..16].to_string());
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{prefix}-{n}")
}

/// Where a request came from, for the limiter, the log and the audit: the client's address
/// (the peer, or behind a trusted proxy the address it forwarded) and the request's id.
pub struct Origin {
    ip: IpAddr,
    request_id: String,
}

impl<S: Store> FromRequestParts<Arc<AppState<S>>> for Origin {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, st: &Arc<AppState<S>>) -> Result<Self, ApiErr> {
        // Both are put there by the server itself (connect info, `request_id` middleware):
        // missing means a wiring mistake, not a bad request.
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>();
        let rid = parts.extensions.get::<RequestId>();
        let (Some(ConnectInfo(peer)), Some(rid)) = (peer, rid) else {
            tracing::error!("request without connect info or request id");
            return Err(ApiErr::internal());
        };
        let forwarded = st.trust_proxy.then(|| forwarded_for(&parts.headers));
        Ok(Origin {
            ip: forwarded.flatten().unwrap_or(peer.ip()),
            request_id: rid.0.clone(),
        })
    }
}

/// The right-most address in `X-Forwarded-For`: the one our proxy appended. Everything left
/// of it came from the client and could be anything, so it is never used, and neither is a
/// malformed right-most entry.
fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last_line = headers.get_all("x-forwarded-for").iter().next_back()?;
    let hop = last_line.to_str().ok()?.rsplit(',').next()?.trim();
    // Some proxies add the port: `198.51.100.9:4711`, `[2001:db8::9]:4711`.
    hop.parse()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

impl Origin {
    fn event(&self, caller: Option<&Caller>, action: &str, env: Option<Uuid>) -> AuditEvent {
        AuditEvent {
            at: now_ms(),
            actor: caller.map_or_else(|| "anonymous".to_string(), |c| c.user_name.clone()),
            device: caller.map(|c| c.device_name.clone()),
            action: action.to_string(),
            project: None,
            env,
            names: Vec::new(),
            allowed: true,
            client: self.ip.to_string(),
            request_id: self.request_id.clone(),
            target: None,
        }
    }
}

/// A device token's caller and where the request came from. Extracting it checks the
/// bearer token (rate limited per address), so a handler that takes it runs only for an
/// authenticated device, before its body is read.
pub struct Authed {
    caller: Caller,
    origin: Origin,
}

impl<S: Store> FromRequestParts<Arc<AppState<S>>> for Authed {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, st: &Arc<AppState<S>>) -> Result<Self, ApiErr> {
        let any = AnyDevice::from_request_parts(parts, st).await?;
        if any.0.caller.status != DeviceStatus::Approved {
            return Err(ApiErr::device_pending());
        }
        Ok(any.0)
    }
}

/// Like [`Authed`], but also a device still waiting for approval: only for the endpoints
/// such a device may use (who am I, my user's devices).
pub struct AnyDevice(Authed);

impl<S: Store> FromRequestParts<Arc<AppState<S>>> for AnyDevice {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, st: &Arc<AppState<S>>) -> Result<Self, ApiErr> {
        let origin = Origin::from_request_parts(parts, st).await?;
        let caller = caller(st, &parts.headers, &origin).await?;
        Ok(AnyDevice(Authed { caller, origin }))
    }
}

impl Authed {
    /// The audit event of this caller doing `action`.
    fn event(&self, action: &str, env: Option<Uuid>) -> AuditEvent {
        self.origin.event(Some(&self.caller), action, env)
    }
}

/// A JSON body whose rejections are API errors (400, or 413 naming the cap), checked by
/// [`Validate`] before any handler sees it (400 `invalid_field`).
pub struct Body<T>(T);

impl<S: Store, T: DeserializeOwned + Validate> FromRequest<Arc<AppState<S>>> for Body<T> {
    type Rejection = ApiErr;

    async fn from_request(req: Request, st: &Arc<AppState<S>>) -> Result<Self, ApiErr> {
        match Json::<T>::from_request(req, st).await {
            Ok(Json(t)) => {
                t.validate()?;
                Ok(Body(t))
            }
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiErr::too_large(st.max_body))
            }
            Err(e) => Err(ApiErr::bad_request(e.body_text())),
        }
    }
}

/// Path parameters whose rejections are API errors: a percent-encoded segment that is not
/// UTF-8 got axum's plain-text 400, off the documented JSON shape.
pub struct PathParams<T>(T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParams<T> {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<Self, ApiErr> {
        Path::<T>::from_request_parts(parts, st)
            .await
            .map(|Path(t)| PathParams(t))
            .map_err(|e| ApiErr::bad_request(e.body_text()))
    }
}

/// A query string whose rejections are API errors (400).
pub struct Params<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<Self, ApiErr> {
        Query::<T>::from_request_parts(parts, st)
            .await
            .map(|Query(t)| Params(t))
            .map_err(|e| ApiErr::bad_request(e.body_text()))
    }
}

/// Checks the bearer token; counts and logs failures against the client's address.
///
/// Only failures are limited: a token that verifies is accepted even from an address that
/// is over its budget, so one party behind a shared address (NAT, office, proxy without
/// `--trust-proxy`) cannot lock everyone else there out by failing on purpose. A limited
/// address still gets 429 for every failure, so a misbehaving client stays visible and a
/// guesser learns nothing new; guessing itself is hopeless against a 256-bit secret.
async fn token<S: Store>(
    st: &AppState<S>,
    headers: &HeaderMap,
    origin: &Origin,
) -> Result<TokenRecord, ApiErr> {
    let fail = |reason: &str, id: Option<&str>| {
        tracing::warn!(client = %origin.ip, token_id = id.unwrap_or("-"), reason, "authentication failed");
        if let Err(wait) = st.limiter.check(origin.ip) {
            return ApiErr::rate_limited(wait);
        }
        st.limiter.failed(origin.ip);
        ApiErr::unauthorized(match reason {
            "missing" => "this endpoint needs `Authorization: Bearer <token>`",
            "expired" => "the token has expired; log in again",
            "revoked" => "the token was revoked or already used; log in again",
            _ => "the token is not valid on this server",
        })
    };
    let Some(presented) = bearer(headers) else {
        return Err(fail("missing", None));
    };
    let Some((token_id, secret)) = auth::parse(presented) else {
        return Err(fail("malformed", None));
    };
    let record = match st.tokens.get(token_id) {
        Some(record) => record,
        None => {
            let Some(record) = st.store.token(token_id).await? else {
                return Err(fail("unknown", Some(token_id)));
            };
            // Only approved devices' tokens: one-time tokens are re-checked by the store
            // anyway, and a pending device must see its approval (on any node) at once.
            let approved = record
                .caller
                .as_ref()
                .is_some_and(|c| c.status == DeviceStatus::Approved);
            if record.kind == TokenKind::Device && !record.spent && approved {
                st.tokens.put(&record);
            }
            record
        }
    };
    if !auth::secret_matches(&record.hash, secret) {
        return Err(fail("wrong secret", Some(token_id)));
    }
    if record.expires_at.is_some_and(|at| at <= now_ms()) {
        return Err(fail("expired", Some(token_id)));
    }
    if record.spent {
        return Err(fail("revoked", Some(token_id)));
    }
    Ok(record)
}

/// The credentials of `Authorization: Bearer <token>`. The scheme is matched without
/// regard to case (RFC 9110 section 11.1: `bearer` and `BEARER` are the same scheme).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, credentials) = value.trim_start().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| credentials.trim())
}

/// A device token's caller.
async fn caller<S: Store>(
    st: &AppState<S>,
    headers: &HeaderMap,
    origin: &Origin,
) -> Result<Caller, ApiErr> {
    let record = token(st, headers, origin).await?;
    match (record.kind, record.caller) {
        (TokenKind::Device, Some(caller)) => Ok(caller),
        _ => Err(ApiErr::unauthorized(
            "this token only logs a device in (POST /v1/login)",
        )),
    }
}

/// Runs a store read of an environment and audits it (allowed or denied) before answering.
async fn audited_read<S: Store, T>(
    st: &AppState<S>,
    mut event: AuditEvent,
    result: Result<(Uuid, T), StoreError>,
    names: impl FnOnce(&T) -> Vec<String>,
) -> Result<T, ApiErr> {
    match result {
        Ok((project, value)) => {
            event.project = Some(project);
            event.names = names(&value);
            st.audit.record(event).await?;
            Ok(value)
        }
        Err(StoreError::Forbidden { project, why }) => {
            event.project = project;
            event.allowed = false;
            st.audit.record(event).await?;
            Err(StoreError::Forbidden { project, why }.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// A failed store read as the error to answer, audited when it was a refusal.
async fn audited_refusal<S: Store>(st: &AppState<S>, event: AuditEvent, e: StoreError) -> ApiErr {
    match audited_read(st, event, Err::<(Uuid, ()), _>(e), |_| Vec::new()).await {
        Err(e) => e,
        Ok(()) => ApiErr::internal(),
    }
}

/// Audits a refused write (the store audits accepted ones in their transaction).
async fn audited_write<S: Store, T>(
    st: &AppState<S>,
    mut event: AuditEvent,
    result: Result<T, StoreError>,
) -> Result<T, ApiErr> {
    match result {
        Err(StoreError::Forbidden { project, why }) => {
            event.project = project;
            event.allowed = false;
            st.audit.record(event).await?;
            Err(StoreError::Forbidden { project, why }.into())
        }
        other => Ok(other?),
    }
}

async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

async fn readyz<S: Store>(State(st): St<S>) -> Result<Json<serde_json::Value>, ApiErr> {
    match st.store.ping().await {
        Ok(()) => Ok(Json(serde_json::json!({ "status": "ready" }))),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            Err(ApiErr::unavailable("the database does not answer"))
        }
    }
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        super::openapi::document(),
    )
        .into_response()
}

async fn login<S: Store>(
    State(st): St<S>,
    origin: Origin,
    headers: HeaderMap,
    Body(req): Body<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiErr> {
    // Not `Authed`: bootstrap and invite tokens log in, and a refused login is audited.
    let record = match token(&st, &headers, &origin).await {
        Ok(r) => r,
        Err(e) => {
            if e.status == StatusCode::UNAUTHORIZED {
                let mut event = origin.event(None, "login", None);
                event.allowed = false;
                st.audit.record(event).await?;
            }
            return Err(e);
        }
    };
    if record.kind == TokenKind::Device {
        return Err(ApiErr::forbidden(
            "log in with a bootstrap or invite token, not a device token",
        ));
    }
    let user_name = match (&req.user_name, record.kind) {
        (Some(n), _) => Some(n.clone()),
        (None, TokenKind::Bootstrap) => Some("admin".to_string()),
        (None, _) => None,
    };
    let issued = auth::issue(None);
    let login = NewLogin {
        user_id: Uuid::new_v4(),
        user_name,
        device_id: Uuid::new_v4(),
        device_name: req.device_name.clone(),
        recipient: req.recipient.clone(),
        token: issued.record.clone(),
        now: now_ms(),
    };
    let done = st
        .store
        .login(&record.id, login, origin.event(None, "login", None))
        .await?;
    tracing::info!(user = %done.user_id, device = %done.device_id, admin = done.admin, "device logged in");
    Ok(Json(LoginResponse {
        server_id: st.store.server_id(),
        user_id: done.user_id,
        device_id: done.device_id,
        token: issued.token,
    }))
}

async fn whoami<S: Store>(State(st): St<S>, AnyDevice(a): AnyDevice) -> Json<WhoAmI> {
    let c = a.caller;
    Json(WhoAmI {
        server_id: st.store.server_id(),
        user_id: c.user_id,
        user_name: c.user_name,
        device_id: c.device_id,
        admin: c.admin,
        device_status: Some(c.status),
    })
}

async fn invite<S: Store>(
    State(st): St<S>,
    a: Authed,
    Body(req): Body<InviteRequest>,
) -> Result<Json<InviteResponse>, ApiErr> {
    let expires_at = now_ms() + (req.expires_in_secs as i64) * 1000;
    let issued = auth::issue(Some(expires_at));
    let event = a.event("invite", None);
    let result = st
        .store
        .create_invite(
            &a.caller,
            req.user_id,
            req.grant.clone(),
            issued.record.clone(),
            event.clone(),
        )
        .await;
    audited_write(&st, event, result).await?;
    Ok(Json(InviteResponse {
        token_id: issued.record.id.clone(),
        token: issued.token,
        expires_at,
    }))
}

async fn revoke<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(token_id): PathParams<String>,
) -> Result<StatusCode, ApiErr> {
    validate::token_id_param(&token_id)?;
    st.store
        .revoke_token(&a.caller, &token_id, now_ms())
        .await?;
    st.tokens.forget(&token_id);
    tracing::info!(token_id = %token_id, by = %a.caller.user_name, "token revoked");
    Ok(StatusCode::NO_CONTENT)
}

async fn projects<S: Store>(
    State(st): St<S>,
    a: Authed,
) -> Result<Json<Vec<RemoteProject>>, ApiErr> {
    Ok(Json(st.store.projects(&a.caller).await?))
}

async fn put_project<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(project): PathParams<String>,
    Body(req): Body<PutProject>,
) -> Result<Json<RemoteProject>, ApiErr> {
    let project = validate::uuid_param(&project, "project_id")?;
    let done = st
        .store
        .put_project(&a.caller, project, &req.name, now_ms());
    Ok(Json(done.await?))
}

async fn project_envs<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(project): PathParams<String>,
) -> Result<Json<Vec<RemoteEnv>>, ApiErr> {
    let project = validate::uuid_param(&project, "project_id")?;
    let result = st.store.project_envs(&a.caller, project).await;
    let result = result.map(|e| (project, e));
    let names = |envs: &Vec<RemoteEnv>| envs.iter().map(|e| e.name.clone()).collect();
    let event = a.event("list_envs", None);
    Ok(Json(audited_read(&st, event, result, names).await?))
}

async fn put_env<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
    Body(req): Body<PutEnv>,
) -> Result<Json<RemoteEnv>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let result = st.store.put_env(&a.caller, env, &req, now_ms()).await;
    let event = a.event("put_env", Some(env));
    Ok(Json(audited_write(&st, event, result).await?))
}

async fn get_env<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
) -> Result<Json<RemoteEnv>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let result = st
        .store
        .env(&a.caller, env)
        .await
        .map(|e| (e.project_id, e));
    let event = a.event("get_env", Some(env));
    Ok(Json(
        audited_read(&st, event, result, |_| Vec::new()).await?,
    ))
}

async fn put_key<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams((env, key_version)): PathParams<(String, String)>,
    Body(req): Body<PutEnvKey>,
) -> Result<StatusCode, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let key_version = validate::key_version_param(&key_version)?;
    valid_wraps(&req.wraps, key_version)?;
    let event = a.event("put_env_key", Some(env));
    let result = st
        .store
        .put_env_key(&a.caller, env, key_version, &req.wraps, event.clone())
        .await;
    audited_write(&st, event, result).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every wrap is for the key version the path names (the body alone was checked by
/// [`Validate`]).
fn valid_wraps(wraps: &[crate::wire::WrappedKey], key_version: u32) -> Result<(), ApiErr> {
    match wraps.iter().position(|w| w.key_version != key_version) {
        Some(i) => Err(ApiErr::invalid_field(&validate::Invalid {
            field: format!("wraps[{i}].key_version"),
            rule: format!("{key_version}, the key version in the path"),
        })),
        None => Ok(()),
    }
}

async fn push<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let hash = super::store::request_hash(env, &req);
    let mut event = a.event("push", Some(env));
    let result = st
        .store
        .push(&a.caller, env, &req, hash, event.clone())
        .await;
    event.names = super::store::push_names(&req);
    let done = audited_write(&st, event, result).await?;
    if done.accepted > 0 {
        st.feed.announce(env, done.revision);
    }
    Ok(Json(done))
}

/// `?since=R&limit=N` for the log.
#[derive(Debug, Deserialize)]
struct LogQuery {
    #[serde(default)]
    since: i64,
    #[serde(default = "default_log_limit")]
    limit: i64,
}

fn default_log_limit() -> i64 {
    1000
}

fn change_names(entries: &[crate::wire::LogEntry]) -> Vec<String> {
    let names: std::collections::BTreeSet<&str> = entries.iter().map(|e| e.change.name()).collect();
    names.into_iter().map(str::to_string).collect()
}

async fn log<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
    Params(q): Params<LogQuery>,
) -> Result<Json<LogPage>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let result = st.store.log(&a.caller, env, q.since, q.limit).await;
    let event = a.event("pull", Some(env));
    let names = |p: &LogPage| change_names(&p.entries);
    Ok(Json(audited_read(&st, event, result, names).await?))
}

async fn snapshot<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
) -> Result<Response, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let result = encoded_snapshot(&st, &a.caller, env).await;
    let event = a.event("snapshot", Some(env));
    let snapshot = audited_read(&st, event, result, |s| s.names.clone()).await?;
    let json = HeaderValue::from_static("application/json");
    Ok(([(header::CONTENT_TYPE, json)], snapshot.body.clone()).into_response())
}

/// The snapshot of `env` as JSON: from the cache when the store says the environment is
/// still at the revision encoded there, else read, encoded and kept.
async fn encoded_snapshot<S: Store>(
    st: &AppState<S>,
    caller: &Caller,
    env: Uuid,
) -> Result<(Uuid, Arc<Encoded>), StoreError> {
    let (project, revision) = st.store.env_head(caller, env).await?;
    if let Some(hit) = st.snapshots.get(env, revision) {
        return Ok((project, hit));
    }
    let (project, snapshot) = st.store.snapshot(caller, env).await?;
    let mut body = Vec::with_capacity(snapshot_size(&snapshot));
    serde_json::to_writer(&mut body, &snapshot)
        .map_err(|e| StoreError::Backend(format!("cannot encode a snapshot: {e}")))?;
    let encoded = Encoded {
        revision: snapshot.revision,
        body: body.into(),
        names: snapshot.items.into_iter().map(|i| i.name).collect(),
    };
    Ok((project, st.snapshots.put(env, encoded)))
}

/// About the JSON size of `s`: base64 is 4/3 of the bytes, plus names and field names.
fn snapshot_size(s: &Snapshot) -> usize {
    let item = |i: &crate::wire::ItemVersion| {
        (i.wrapped_data_key.len() + i.ciphertext.len()) * 4 / 3 + i.name.len() + i.author.len()
    };
    64 + s.items.iter().map(|i| item(i) + 192).sum::<usize>()
}

/// `?since=S&limit=N` for the audit log.
#[derive(Debug, Deserialize)]
struct AuditQuery {
    #[serde(default)]
    since: i64,
    #[serde(default = "default_audit_limit")]
    limit: i64,
}

fn default_audit_limit() -> i64 {
    500
}

async fn audit<S: Store>(
    State(st): St<S>,
    a: Authed,
    Params(q): Params<AuditQuery>,
) -> Result<Json<AuditPage>, ApiErr> {
    if !a.caller.admin {
        return Err(ApiErr::forbidden("only an admin can read the audit log"));
    }
    Ok(Json(st.store.audit(q.since, q.limit).await?))
}
