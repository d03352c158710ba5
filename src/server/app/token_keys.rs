//! New env key versions for live service tokens (docs/tokens.md, "Key rotation"): an
//! environment's admin lists the tokens holding its keys and uploads wraps of newer key
//! versions for them. The server only checks each wrap is addressed to its token's
//! recipient; which recipients deserve a key is the uploading device's decision (pins).

use super::*;
use crate::wire::token::{PutTokenKeys, TokenRecipient};

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new().route(
        "/v1/envs/{env_id}/token-keys",
        get(token_recipients::<S>).put(put_token_keys::<S>),
    )
}

async fn token_recipients<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
) -> Result<Json<Vec<TokenRecipient>>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let result = st.store.token_recipients(&a.caller, env).await;
    let result = match result {
        Ok(r) => st.store.env_head(&a.caller, env).await.map(|(p, _)| (p, r)),
        Err(e) => Err(e),
    };
    let event = a.event("list_token_recipients", Some(env));
    Ok(Json(
        audited_read(&st, event, result, |_| Vec::new()).await?,
    ))
}

async fn put_token_keys<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
    Body(req): Body<PutTokenKeys>,
) -> Result<StatusCode, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let event = a.event("token_keys", Some(env));
    let result = st
        .store
        .put_token_wraps(&a.caller, env, req.wraps, event.clone())
        .await;
    audited_write(&st, event, result).await?;
    Ok(StatusCode::NO_CONTENT)
}
