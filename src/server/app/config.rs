//! The config API (docs/config-api.md): config items of served environments, in clear,
//! for apps and people over HTTP. `GET /v1/config/{project}/{env}/{key}` answers a key's
//! value or, for a prefix, the subtree as nested JSON; `?version=N` an older version;
//! `.../history/{key}` the versions with who and when; `POST .../rollback/{key}?version=N`
//! writes a new version equal to an old one. Inheritance applies (the child overrides).
//! `PUT /v1/envs/{env_id}/serve-config` turns serving on or off (admins).
//!
//! Callers are members (viewers and above read; writers and above roll back) or service
//! tokens (`scsa_...`: any token of the environment reads the keys its `--names` globs
//! match; a `--write` token rolls back). Every read that answers names is audited, and so
//! is every refusal. Nothing here ever sees a secret: the store keeps no row for one.

use super::tokens::{credential, oidc_check, refusal, refused_use};
use super::*;
use crate::server::store::config::{ConfigAsker, ConfigFound, ConfigQuery, ConfigRead, ConfigRow};
use crate::server::store::token_write::{Presented, WriteRefusal};
use crate::server::store::tokens::{Refusal, Refused, UseCount};
use crate::wire::config::{
    ConfigHistory, ConfigValue, ConfigVersion, REVISION_HEADER, ServeConfig, ServeConfigDone,
};
use crate::wire::token::{AUTH_PREFIX, OIDC_HEADER, names_allow};

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new()
        .route("/v1/envs/{env_id}/serve-config", put(serve_config::<S>))
        .route("/v1/config/{project}/{env}", get(read_env::<S>))
        .route("/v1/config/{project}/{env}/{key}", get(read::<S>))
        .route(
            "/v1/config/{project}/{env}/history/{key}",
            get(history::<S>),
        )
        .route(
            "/v1/config/{project}/{env}/rollback/{key}",
            post(rollback::<S>),
        )
}

async fn serve_config<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
    Body(req): Body<ServeConfig>,
) -> Result<Json<ServeConfigDone>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let event = a.event("config_serve", Some(env));
    let result = st
        .store
        .serve_config(&a.caller, env, &req, event.clone())
        .await;
    let done = audited_write(&st, event, result).await?;
    tracing::info!(env = %env, serve = done.serve, by = %a.caller.user_name, "config serving changed");
    Ok(Json(done))
}

/// `?version=N`.
#[derive(Debug, Deserialize)]
struct VersionQuery {
    version: Option<i64>,
}

/// A config URL's `{project}`, `{env}` and `{key}`, checked.
struct Target {
    project: String,
    env: String,
    key: String,
}

fn target(project: &str, env: &str, key: &str) -> Result<Target, ApiErr> {
    Ok(Target {
        project: validate::config_scope_param(project, "project")?.to_string(),
        env: validate::config_scope_param(env, "env")?.to_string(),
        key: validate::config_key_param(key)?.to_string(),
    })
}

/// Who asks: a member's device, or a service token that passed its use checks.
enum Asker {
    Member(Authed),
    Token(TokenAsker),
}

/// A service token that passed its use checks, and where it asks from.
struct TokenAsker {
    id: String,
    name: String,
    /// Its `--names` globs (empty: every name).
    names: Vec<String>,
    /// Its own environments.
    envs: Vec<Uuid>,
    origin: Origin,
    /// The use's proof, for a write (checked again, and counted, in its transaction).
    presented: Presented,
}

impl TokenAsker {
    fn event(&self, action: &str, env: Option<Uuid>) -> AuditEvent {
        let mut event = self.origin.event(None, action, env);
        event.actor = format!("token:{}", self.name);
        event
    }
}

/// Authenticates the request: a service token (`Bearer scsa_...`), else a device token.
/// A refused token use is audited as `action` and answered like any refused use.
async fn asker<S: Store>(
    st: &AppState<S>,
    parts: (Origin, &HeaderMap),
    action: &str,
) -> Result<Asker, ApiErr> {
    let (origin, headers) = parts;
    let is_token = bearer(headers).is_some_and(|b| b.starts_with(AUTH_PREFIX));
    if !is_token {
        let caller = caller(st, headers, &origin).await?;
        if caller.status != DeviceStatus::Approved {
            return Err(ApiErr::device_pending());
        }
        return Ok(Asker::Member(Authed { caller, origin }));
    }
    let mut event = origin.event(None, action, None);
    let outcome = match credential(headers) {
        Some((id, secret)) => {
            event.target = Some(format!("token {id}"));
            let id_token = headers
                .get(OIDC_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::trim);
            let presented = Presented {
                secret,
                oidc: oidc_check(st, &id, id_token).await?,
            };
            let again = Presented {
                secret,
                oidc: presented.oidc.clone(),
            };
            st.store
                .config_token(&id, presented, origin.ip, event.at)
                .await?
                .map(|found| (id, found, again))
        }
        None => Err(Refused {
            name: None,
            why: Refusal::NotValid,
        }),
    };
    match outcome {
        Ok((id, (row, envs), presented)) => Ok(Asker::Token(TokenAsker {
            id,
            name: row.name,
            names: row.scope.names,
            envs,
            origin,
            presented,
        })),
        Err(refused) => Err(refused_use(st, &origin, event, refused).await),
    }
}

/// 404 for a project/environment pair no environment has.
fn no_env(t: &Target) -> ApiErr {
    ApiErr::not_found(format!(
        "no environment {:?} in a project {:?} on this server (ids or names, case-sensitive)",
        t.env, t.project
    ))
}

/// Reads `query` for the asker: the environment the URL names that the asker may read,
/// resolved and read in one store call. Refusals are audited as `action`. Returns the
/// environment and what was read.
async fn read_for<S: Store>(
    st: &AppState<S>,
    who: &Asker,
    t: &Target,
    query: ConfigQuery,
    action: &str,
) -> Result<(Uuid, ConfigRead), ApiErr> {
    let asker = match who {
        Asker::Token(tk) => ConfigAsker::Token(&tk.envs),
        Asker::Member(a) => ConfigAsker::Member(&a.caller),
    };
    let found = st
        .store
        .config_lookup(asker, &t.project, &t.env, query)
        .await?;
    match (found, who) {
        (ConfigFound::Read(env, read), _) => Ok((env, read)),
        (ConfigFound::NoEnv, _) => Err(no_env(t)),
        (ConfigFound::NotTokens(first), Asker::Token(tk)) => {
            let mut event = tk.event(action, Some(first));
            event.allowed = false;
            if !t.key.is_empty() {
                event.names = vec![t.key.clone()];
            }
            st.audit.record(event).await?;
            Err(ApiErr::forbidden(format!(
                "the service token {:?} is not for this environment (only the ones it was made for)",
                tk.name
            )))
        }
        (ConfigFound::Refused(env, e), Asker::Member(a)) => {
            let event = a.event(action, Some(env));
            let refused = audited_read(st, event, Err::<(Uuid, ()), _>(e), |_| Vec::new()).await;
            Err(refused.err().unwrap_or_else(ApiErr::internal))
        }
        // The store answers a token's lookup with `NotTokens` and a member's with `Refused`.
        (ConfigFound::NotTokens(_) | ConfigFound::Refused(..), _) => Err(ApiErr::internal()),
    }
}

/// Audits a read that answered `names` (a token's use is also counted).
async fn audit_read<S: Store>(
    st: &AppState<S>,
    who: &Asker,
    action: &str,
    (project, env): (Uuid, Uuid),
    names: Vec<String>,
) -> Result<(), ApiErr> {
    match who {
        Asker::Member(a) => {
            let event = a.event(action, Some(env));
            audited_read(st, event, Ok((project, ())), |_| names).await
        }
        Asker::Token(tk) => {
            let mut event = tk.event(action, Some(env));
            event.project = Some(project);
            event.names = names;
            let counted = UseCount {
                token_id: tk.id.clone(),
                uses: 1,
                last_used_at: event.at,
            };
            st.audit.record_use(vec![event], counted).await
        }
    }
}

/// Audits a token's read refused by its `--names` globs (members are never refused by
/// name), then answers the refusal.
async fn refused_by_name<S: Store>(
    st: &AppState<S>,
    who: &Asker,
    action: &str,
    (project, env): (Uuid, Uuid),
    e: ApiErr,
) -> ApiErr {
    if let (Asker::Token(tk), StatusCode::FORBIDDEN) = (who, e.status) {
        let mut event = tk.event(action, Some(env));
        event.project = Some(project);
        event.allowed = false;
        if let Err(failed) = st.audit.record(event).await {
            return failed;
        }
    }
    e
}

/// The names the asker may see.
fn visible(who: &Asker, name: &str) -> bool {
    match who {
        Asker::Member(_) => true,
        Asker::Token(tk) => names_allow(&tk.names, name),
    }
}

/// 403 for a key outside a token's `--names` globs (audited by the caller).
fn name_refused(who: &Asker, key: &str) -> Option<ApiErr> {
    match who {
        Asker::Token(tk) if !names_allow(&tk.names, key) => Some(ApiErr::forbidden(format!(
            "the service token {:?} may not read {key:?}: its --names globs do not match it",
            tk.name
        ))),
        _ => None,
    }
}

fn missing(t: &Target) -> ApiErr {
    ApiErr::not_found(format!(
        "no served config key {:?} in {}/{} (names are case-sensitive; secrets are never served)",
        t.key, t.project, t.env
    ))
}

fn answer(row: &ConfigRow) -> ConfigValue {
    ConfigValue {
        key: row.name.clone(),
        value: row.value.clone().unwrap_or_default(),
        version: row.version,
        updated_at: row.at,
        updated_by: row.author.clone(),
    }
}

fn with_revision(body: Response, revision: i64) -> Response {
    let mut res = body;
    res.headers_mut()
        .insert(REVISION_HEADER, HeaderValue::from(revision));
    res
}

async fn read<S: Store>(
    State(st): St<S>,
    origin: Origin,
    headers: HeaderMap,
    PathParams((project, env, key)): PathParams<(String, String, String)>,
    Params(q): Params<VersionQuery>,
) -> Result<Response, ApiErr> {
    let t = target(&project, &env, &key)?;
    let version = validate::config_version_param(q.version)?;
    let who = asker(&st, (origin, &headers), "config_read").await?;
    let query = match version {
        Some(_) => ConfigQuery::Versions(t.key.clone()),
        None => ConfigQuery::Latest(t.key.clone()),
    };
    let (env, read) = read_for(&st, &who, &t, query, "config_read").await?;
    let body = match version {
        Some(n) => at_version(&t, &who, &read, n),
        None => latest(&t, &who, &read),
    };
    let body = match body {
        Ok(body) => body,
        Err(e) => {
            return Err(refused_by_name(&st, &who, "config_read", (read.project, env), e).await);
        }
    };
    audit_read(&st, &who, "config_read", (read.project, env), body.1).await?;
    Ok(with_revision(body.0, read.revision))
}

/// `GET /v1/config/{project}/{env}`: every served key the asker may read, nested as a
/// prefix's subtree is (`{}` when there is none).
async fn read_env<S: Store>(
    State(st): St<S>,
    origin: Origin,
    headers: HeaderMap,
    PathParams((project, env)): PathParams<(String, String)>,
) -> Result<Response, ApiErr> {
    let t = Target {
        project: validate::config_scope_param(&project, "project")?.to_string(),
        env: validate::config_scope_param(&env, "env")?.to_string(),
        key: String::new(),
    };
    let who = asker(&st, (origin, &headers), "config_read").await?;
    let query = ConfigQuery::Latest(String::new());
    let (env, read) = read_for(&st, &who, &t, query, "config_read").await?;
    let (body, names) = match latest(&t, &who, &read) {
        Ok(found) => found,
        Err(e) if e.status == StatusCode::CONFLICT => return Err(e),
        Err(_) => (Json(serde_json::json!({})).into_response(), Vec::new()),
    };
    audit_read(&st, &who, "config_read", (read.project, env), names).await?;
    Ok(with_revision(body, read.revision))
}

/// The value of the key, else the subtree under it; with the names answered.
fn latest(t: &Target, who: &Asker, read: &ConfigRead) -> Result<(Response, Vec<String>), ApiErr> {
    let latest = read.latest();
    if let Some(row) = latest.get(t.key.as_str()).filter(|_| visible(who, &t.key)) {
        return Ok((Json(answer(row)).into_response(), vec![t.key.clone()]));
    }
    let under: Vec<(&str, &ConfigRow)> = latest
        .iter()
        .filter(|(name, _)| **name != t.key && visible(who, name))
        .map(|(n, r)| (*n, *r))
        .collect();
    if under.is_empty() {
        return Err(name_refused(who, &t.key).unwrap_or_else(|| missing(t)));
    }
    let values = under.iter().map(|(name, row)| {
        let value = row.value.clone().unwrap_or_default();
        (*name, serde_json::Value::String(value))
    });
    let tree = crate::wire::tree::nest(&t.key, values)
        .map_err(|c| ApiErr::new(StatusCode::CONFLICT, "conflict", c.to_string()))?;
    let names = under.iter().map(|(n, _)| n.to_string()).collect();
    Ok((Json(serde_json::Value::Object(tree)).into_response(), names))
}

/// Version `n` of the key (in the environment that provides it).
fn at_version(
    t: &Target,
    who: &Asker,
    read: &ConfigRead,
    n: u64,
) -> Result<(Response, Vec<String>), ApiErr> {
    if let Some(refused) = name_refused(who, &t.key) {
        return Err(refused);
    }
    match read.versions().into_iter().find(|r| r.version == n) {
        Some(row) if row.value.is_some() => {
            Ok((Json(answer(row)).into_response(), vec![t.key.clone()]))
        }
        Some(_) => Err(ApiErr::not_found(format!(
            "version {n} of {:?} deleted the key; GET .../history/{} lists its versions",
            t.key, t.key
        ))),
        None => Err(ApiErr::not_found(format!(
            "no version {n} of {:?} in {}/{}; GET .../history/{} lists its versions",
            t.key, t.project, t.env, t.key
        ))),
    }
}

async fn history<S: Store>(
    State(st): St<S>,
    origin: Origin,
    headers: HeaderMap,
    PathParams((project, env, key)): PathParams<(String, String, String)>,
) -> Result<Response, ApiErr> {
    let t = target(&project, &env, &key)?;
    let who = asker(&st, (origin, &headers), "config_history").await?;
    let query = ConfigQuery::Versions(t.key.clone());
    let (env, read) = read_for(&st, &who, &t, query, "config_history").await?;
    if let Some(refused) = name_refused(&who, &t.key) {
        let at = (read.project, env);
        return Err(refused_by_name(&st, &who, "config_history", at, refused).await);
    }
    let versions = read.versions();
    let Some(first) = versions.first() else {
        return Err(missing(&t));
    };
    let answer = ConfigHistory {
        key: t.key.clone(),
        env_id: first.env,
        versions: versions
            .iter()
            .map(|r| ConfigVersion {
                version: r.version,
                value: r.value.clone(),
                deleted: r.value.is_none(),
                updated_at: r.at,
                updated_by: r.author.clone(),
            })
            .collect(),
    };
    let names = vec![t.key.clone()];
    audit_read(&st, &who, "config_history", (read.project, env), names).await?;
    Ok(with_revision(Json(answer).into_response(), read.revision))
}

async fn rollback<S: Store>(
    State(st): St<S>,
    origin: Origin,
    headers: HeaderMap,
    PathParams((project, env, key)): PathParams<(String, String, String)>,
    Params(q): Params<VersionQuery>,
) -> Result<Response, ApiErr> {
    let t = target(&project, &env, &key)?;
    let Some(version) = validate::config_version_param(q.version)? else {
        return Err(ApiErr::invalid_field(&validate::Invalid {
            field: "version".into(),
            rule: "given: the version to roll back to (?version=N)".into(),
        }));
    };
    let who = asker(&st, (origin, &headers), "config_rollback").await?;
    let candidates = st.store.config_envs(&t.project, &t.env).await?;
    if candidates.is_empty() {
        return Err(no_env(&t));
    }
    let (env, caller, event) = match &who {
        Asker::Member(a) => {
            let env = candidates[0];
            (env, a.caller.clone(), a.event("config_rollback", Some(env)))
        }
        Asker::Token(tk) => token_writer(&st, tk, &candidates, &t.key).await?,
    };
    let result = st
        .store
        .config_rollback(&caller, env, &t.key, version, event.clone())
        .await;
    let (_, revision, row) = audited_write(&st, event, result).await?;
    st.feed.announce(env, revision);
    tracing::info!(env = %env, version = row.version, "config rolled back");
    Ok(with_revision(Json(answer(&row)).into_response(), revision))
}

/// A `--write` token's rollback: the write checks (counted as a use, audited when
/// refused), then the token's creator as the caller it writes as, with its audit event.
async fn token_writer<S: Store>(
    st: &AppState<S>,
    tk: &TokenAsker,
    candidates: &[Uuid],
    key: &str,
) -> Result<(Uuid, Caller, AuditEvent), ApiErr> {
    let env = candidates
        .iter()
        .find(|e| tk.envs.contains(e))
        .copied()
        .unwrap_or(candidates[0]);
    let mut event = tk.event("config_rollback", Some(env));
    event.names = vec![key.to_string()];
    let presented = Presented {
        secret: tk.presented.secret,
        oidc: tk.presented.oidc.clone(),
    };
    let names = vec![key.to_string()];
    let outcome = st
        .store
        .authorize_token_write(&tk.id, presented, tk.origin.ip, env, names, event.at)
        .await?;
    match outcome {
        Ok(caller) => {
            event.device = None;
            Ok((env, caller, event))
        }
        Err(refused) => {
            event.allowed = false;
            st.audit.record(event).await?;
            Err(write_refusal(st, &tk.origin, refused))
        }
    }
}

fn write_refusal<S: Store>(st: &AppState<S>, origin: &Origin, r: WriteRefusal) -> ApiErr {
    match r {
        WriteRefusal::Use(r) => refusal(st, origin, r),
        WriteRefusal::ReadOnly(t) => ApiErr::forbidden(format!(
            "the service token {t:?} is read-only; rolling config back needs one made with `secretscli token create NAME -e ENV --write`"
        )),
        WriteRefusal::OtherEnv(t) => ApiErr::forbidden(format!(
            "the service token {t:?} is not for this environment (only the ones it was made for)"
        )),
        WriteRefusal::Name { token, name } => ApiErr::forbidden(format!(
            "the service token {token:?} may not write {name:?}: its --names globs do not match it"
        )),
        WriteRefusal::Protected(t) => ApiErr::forbidden(format!(
            "the environment is protected (changes there need approvals), so the service token {t:?} cannot roll its config back"
        )),
    }
}
