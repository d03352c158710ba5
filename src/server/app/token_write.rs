//! A `--write` service token's push (`POST /v1/envs/{id}/token-push`, docs/tokens.md):
//! authenticated by the token's own credential like a use, checked for `--write`, the
//! environment and the `--names` globs, then appended as the token's creator pushes.
//! Audited as `token_write` with the token's name, the names written and the client
//! address, refused ones too. The credential is never logged.

use super::tokens::{credential, oidc_check, refusal};
use super::*;
use crate::server::store::token_write::{Presented, WriteRefusal};
use crate::server::store::tokens::{Refusal, Refused};
use crate::wire::token::OIDC_HEADER;
use crate::wire::{PushRequest, PushResponse};

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new().route("/v1/envs/{env_id}/token-push", post(token_push::<S>))
}

async fn token_push<S: Store>(
    State(st): St<S>,
    origin: Origin,
    headers: HeaderMap,
    PathParams(env): PathParams<String>,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let names = crate::server::store::push_names(&req);
    let mut event = origin.event(None, "token_write", Some(env));
    event.names = names.clone();
    let outcome = match credential(&headers) {
        Some((id, presented)) => {
            event.target = Some(format!("token {id}"));
            let id_token = headers
                .get(OIDC_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::trim);
            let presented = Presented {
                secret: presented,
                oidc: oidc_check(&st, &id, id_token).await?,
            };
            st.store
                .authorize_token_write(&id, presented, origin.ip, env, names, event.at)
                .await?
        }
        None => Err(WriteRefusal::Use(Refused {
            name: None,
            why: Refusal::NotValid,
        })),
    };
    let caller = match outcome {
        Ok(caller) => caller,
        Err(refused) => {
            event.actor = format!("token:{}", refused.token().unwrap_or("unknown"));
            event.allowed = false;
            st.audit.record(event).await?;
            return Err(write_refusal(&st, &origin, refused));
        }
    };
    event.actor = caller.device_name.clone();
    event.device = None;
    let hash = crate::server::store::request_hash(env, &req);
    let result = st.store.push(&caller, env, &req, hash, event.clone()).await;
    let done = audited_write(&st, event, result).await?;
    // Feed followers on this node wake as for a device's push (it had not: a WebSocket
    // follower missed a token's write until its next change).
    if done.accepted > 0 {
        st.feed.announce(env, done.revision);
    }
    Ok(Json(done))
}

fn write_refusal<S: Store>(st: &AppState<S>, origin: &Origin, r: WriteRefusal) -> ApiErr {
    match r {
        WriteRefusal::Use(r) => refusal(st, origin, r),
        WriteRefusal::ReadOnly(t) => ApiErr::forbidden(format!(
            "the service token {t:?} is read-only; an admin makes one that writes with `secretscli token create NAME -e ENV --write`"
        )),
        WriteRefusal::OtherEnv(t) => ApiErr::forbidden(format!(
            "the service token {t:?} does not write this environment (only the ones it was made for)"
        )),
        WriteRefusal::Name { token, name } => ApiErr::forbidden(format!(
            "the service token {token:?} may not write {name:?}: its --names globs do not match it"
        )),
        WriteRefusal::Protected(t) => ApiErr::forbidden(format!(
            "the environment is protected (pushes there need approvals), so the service token {t:?} cannot write it; change it from a device (`secretscli push` makes a proposal)"
        )),
    }
}
