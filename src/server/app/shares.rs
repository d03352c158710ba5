//! Share links (docs/share.md): `POST /v1/shares` (a reader of the item's environment),
//! `GET /v1/shares` and `DELETE /v1/shares/{share_id}` (the creator's own), and the public
//! side: `GET /s/{share_id}`, the page, which counts nothing, and
//! `POST /v1/shares/{share_id}/reveal`, which counts one view and answers the envelope
//! (410 once the link is used, expired or revoked). Every reveal is audited by the store
//! in the transaction that counts it.

use super::*;
use crate::server::share_page;
use crate::server::store::shares::{Reveal, Revealer};
use crate::wire::share::{CreateShare, RevealedShare, ShareInfo};

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new()
        .route("/v1/shares", post(create::<S>).get(list::<S>))
        .route("/v1/shares/{share_id}", delete(revoke::<S>))
        .route("/v1/shares/{share_id}/reveal", post(reveal::<S>))
        .route("/s/{share_id}", get(page::<S>))
}

async fn create<S: Store>(
    State(st): St<S>,
    a: Authed,
    Body(req): Body<CreateShare>,
) -> Result<Json<ShareInfo>, ApiErr> {
    let mut event = a.event("share_create", Some(req.env_id));
    let result = st
        .store
        .create_share(&a.caller, &req, now_ms(), event.clone())
        .await;
    event.names = vec![req.name.clone()];
    Ok(Json(audited_write(&st, event, result).await?))
}

async fn list<S: Store>(State(st): St<S>, a: Authed) -> Result<Json<Vec<ShareInfo>>, ApiErr> {
    Ok(Json(st.store.shares(&a.caller, now_ms()).await?))
}

async fn revoke<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(id): PathParams<String>,
) -> Result<Json<ShareInfo>, ApiErr> {
    let id = validate::share_id_param(&id)?;
    let mut event = a.event("share_revoke", None);
    event.target = Some(format!("share {id}"));
    let result = st
        .store
        .revoke_share(&a.caller, id, now_ms(), event.clone())
        .await;
    Ok(Json(audited_write(&st, event, result).await?))
}

async fn reveal<S: Store>(
    State(st): St<S>,
    origin: Origin,
    headers: HeaderMap,
    PathParams(id): PathParams<String>,
) -> Result<Json<RevealedShare>, ApiErr> {
    let id = validate::share_id_param(&id)?;
    // Anyone may reveal a link; a signed-in device (which a recipient-bound link needs)
    // must present a valid token, or the request is refused like any other.
    let caller = match bearer(&headers) {
        Some(_) => Some(caller(&st, &headers, &origin).await?),
        None => None,
    };
    let event = origin.event(caller.as_ref(), "share_view", None);
    let who = caller.map(|c| Revealer {
        user_id: c.user_id,
        recipient: c.recipient,
    });
    match st.store.reveal_share(id, who, now_ms(), event).await? {
        Reveal::Shown(r) => Ok(Json(r)),
        Reveal::Gone(state) => Err(ApiErr::share_gone(state)),
        Reveal::NotYours(why) => Err(ApiErr::forbidden(why)),
    }
}

async fn page<S: Store>(
    State(st): St<S>,
    PathParams(id): PathParams<String>,
) -> Result<Response, ApiErr> {
    if validate::share_id_param(&id).is_err() {
        return Ok(share_page::gone(None));
    }
    match st.store.share_state(&id, now_ms()).await {
        Ok(p) if p.state != crate::wire::share::ShareState::Active => {
            Ok(share_page::gone(Some(p.state)))
        }
        Ok(p) if p.bound => Ok(share_page::bound()),
        Ok(p) => Ok(share_page::active(p.password)),
        Err(StoreError::NotFound(_)) => Ok(share_page::gone(None)),
        Err(e) => Err(e.into()),
    }
}
