//! The service token endpoints (docs/tokens.md): create, list and revoke (device tokens of
//! an environment's admins), and a token's use, which authenticates with the token's own
//! auth credential (`scsa_<id>_<auth>`, never a device token) and is answered, only when
//! every check passed, with the server's share, the wraps and the matching items.
//!
//! Every use is audited, refused ones too, with the token's name (when the id names one),
//! the names served and the client address. The credential is never logged or stored:
//! only its SHA-256 is compared with the verifier.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::*;
use crate::server::store::tokens::{Granted, OidcCheck, Recorded, Refusal, Refused, UseCount};
use crate::wire::token::{AUTH_PREFIX, CreateServiceToken, ServiceTokenInfo, TokenGrant, UseToken};

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new()
        .route("/v1/service-tokens", post(create::<S>).get(list::<S>))
        .route("/v1/service-tokens/{name}", delete(revoke::<S>))
        .route("/v1/use-token", post(use_token::<S>))
}

async fn create<S: Store>(
    State(st): St<S>,
    a: Authed,
    Body(req): Body<CreateServiceToken>,
) -> Result<Json<ServiceTokenInfo>, ApiErr> {
    let mut event = a.event("token_create", req.envs.first().map(|e| e.env_id));
    event.target = Some(format!("token {}", req.name));
    let result = st
        .store
        .create_service_token(&a.caller, &req, now_ms(), event.clone())
        .await;
    let done = audited_write(&st, event, result).await?;
    tracing::info!(token_id = %done.id, by = %a.caller.user_name, "service token created");
    Ok(Json(done))
}

async fn list<S: Store>(
    State(st): St<S>,
    a: Authed,
) -> Result<Json<Vec<ServiceTokenInfo>>, ApiErr> {
    Ok(Json(st.store.service_tokens(&a.caller).await?))
}

async fn revoke<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(name): PathParams<String>,
) -> Result<Json<ServiceTokenInfo>, ApiErr> {
    let name = validate::user_name_param(&name, "name")?;
    let mut event = a.event("token_revoke", None);
    event.target = Some(format!("token {name}"));
    let result = st
        .store
        .revoke_service_token(&a.caller, name, now_ms(), event.clone())
        .await;
    let done = audited_write(&st, event, result).await?;
    tracing::info!(token_id = %done.id, by = %a.caller.user_name, "service token revoked");
    // The token's feed watchers on this node read again now and are refused (the store
    // told the other nodes); nothing new is announced to anyone else.
    for env in &done.envs {
        st.feed.announce(env.env_id, 0);
    }
    Ok(Json(done))
}

/// `scsa_<id>_<auth>`: the id (32 hex digits) and SHA-256 of the 32-byte auth secret.
pub(super) fn credential(headers: &HeaderMap) -> Option<(String, [u8; 32])> {
    let rest = bearer(headers)?.strip_prefix(AUTH_PREFIX)?;
    let (id, auth) = rest.split_once('_')?;
    validate::token_id_param(id).ok()?;
    let auth = URL_SAFE_NO_PAD
        .decode(auth)
        .ok()
        .filter(|a| a.len() == 32)?;
    Some((id.to_ascii_lowercase(), Sha256::digest(&auth).into()))
}

/// The use's body: `{}` or `{"oidc_token": ...}`; an empty body (clients before OIDC
/// binding, scripts) is `{}`. Never echoed: it may hold an ID token.
fn use_body(body: &[u8]) -> Result<UseToken, ApiErr> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(UseToken::default());
    }
    let req: UseToken = serde_json::from_slice(body)
        .map_err(|_| ApiErr::bad_request("the body must be {} or {\"oidc_token\": \"<JWT>\"}"))?;
    req.validate()?;
    Ok(req)
}

/// What the use's ID token proves, for a token bound to an OIDC identity. Verified before
/// the use's transaction (it may fetch the issuer's keys); the store decides after the
/// secret and every other check, so a refusal here tells a stranger nothing.
pub(super) async fn oidc_check<S: Store>(
    st: &AppState<S>,
    id: &str,
    id_token: Option<&str>,
) -> Result<OidcCheck, ApiErr> {
    let Some(id_token) = id_token else {
        return Ok(OidcCheck::Absent);
    };
    Ok(match st.store.service_token_oidc(id).await? {
        Some(binding) => st.oidc.verify(&binding, id_token).await,
        None => OidcCheck::Absent,
    })
}

async fn use_token<S: Store>(
    State(st): St<S>,
    origin: Origin,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<TokenGrant>, ApiErr> {
    let req = use_body(&body)?;
    let mut event = origin.event(None, "token_use", None);
    let outcome = match credential(&headers) {
        Some((id, presented)) => {
            event.target = Some(format!("token {id}"));
            let oidc = oidc_check(&st, &id, req.oidc_token.as_deref()).await?;
            st.store
                .use_service_token(&id, presented, origin.ip, oidc, event.clone())
                .await?
        }
        None => Err(Refused {
            name: None,
            why: Refusal::NotValid,
        }),
    };
    match outcome {
        Ok(Granted { grant, recorded }) => {
            if let Recorded::Pending(events) = recorded {
                let counted = UseCount {
                    token_id: grant.token_id.clone(),
                    uses: 1,
                    last_used_at: event.at,
                };
                st.audit.record_use(events, counted).await?;
            }
            Ok(Json(grant))
        }
        Err(refused) => Err(refused_use(&st, &origin, event, refused).await),
    }
}

/// Audits a refused use of a token (as `token:NAME`, or `token:unknown` for a credential
/// no token has) and answers it; the audit write failing fails the request instead.
pub(super) async fn refused_use<S: Store>(
    st: &AppState<S>,
    origin: &Origin,
    mut event: AuditEvent,
    refused: Refused,
) -> ApiErr {
    event.actor = format!("token:{}", refused.name.as_deref().unwrap_or("unknown"));
    event.allowed = false;
    if let Refusal::Oidc(why) = &refused.why {
        // The audit has no reason column: the failed check goes with the target.
        event.target = Some(format!(
            "{}: OIDC: {why}",
            event.target.take().unwrap_or_default()
        ));
    }
    match st.audit.record(event).await {
        Ok(()) => refusal(st, origin, refused),
        Err(e) => e,
    }
}

/// The answer to a refused use: what, why, and what to do. A wrong or unknown credential
/// counts against the address's failure budget like any failed authentication.
pub(super) fn refusal<S: Store>(st: &AppState<S>, origin: &Origin, r: Refused) -> ApiErr {
    let name = r.name.unwrap_or_default();
    tracing::warn!(client = %origin.ip, token = %name, why = ?r.why, "service token refused");
    match r.why {
        Refusal::NotValid => {
            if let Err(wait) = st.limiter.check(origin.ip) {
                return ApiErr::rate_limited(wait);
            }
            st.limiter.failed(origin.ip);
            ApiErr::unauthorized(
                "the service token is not valid on this server (unknown, or a damaged copy); check SECRETSCLI_TOKEN",
            )
        }
        Refusal::Revoked(at) => ApiErr::unauthorized(format!(
            "the service token {name:?} was revoked at {}; ask an admin of its environments for a new one (`secretscli token create`)",
            when(at)
        )),
        Refusal::Expired(at) => ApiErr::unauthorized(format!(
            "the service token {name:?} expired at {}; an admin makes a new one with `secretscli token revoke {name}` then `secretscli token create {name} -e ENV --expires 30d`",
            when(at)
        )),
        Refusal::Address(ip) => ApiErr::forbidden(format!(
            "the service token {name:?} may not be used from {ip}: its --cidr list does not include this address"
        )),
        Refusal::UsedUp(max) => ApiErr::forbidden(format!(
            "the service token {name:?} was already used the {max} times its --max-uses allows; an admin makes a new one with `secretscli token create`"
        )),
        Refusal::Oidc(why) => ApiErr::forbidden(format!(
            "the service token {name:?} is bound to a CI identity (OIDC) and {why}; run it from the job its binding names (`secretscli token list` shows it), with the job's ID token in SECRETSCLI_OIDC_TOKEN, SECRETSCLI_OIDC_TOKEN_FILE, or GitHub Actions' `permissions: id-token: write`"
        )),
    }
}

/// ms since epoch as RFC 3339 UTC, to the second.
fn when(ms: i64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| ms.to_string())
}
