//! Restart slots (docs/live.md "Restart groups"): `POST /v1/envs/{env_id}/restart-slots/{group}`
//! takes (or renews) one of a group's slots, `DELETE .../{group}/{holder}` gives it back.
//! `inject --watch --restart-group` asks before each restart so that no more than `max`
//! watchers of a group restart their commands at once.
//!
//! The same callers as the feed (viewers and above): a slot reveals nothing but that
//! someone restarts. Refusals are audited like the feed's; grants are not (a watcher asks
//! several times a second while it waits, and a slot carries no name).

use super::*;
use crate::wire::restart::{SlotAnswer, SlotRequest};

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new()
        .route("/v1/envs/{env_id}/restart-slots/{group}", post(take::<S>))
        .route(
            "/v1/envs/{env_id}/restart-slots/{group}/{holder}",
            delete(release::<S>),
        )
}

async fn take<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams((env, group)): PathParams<(String, String)>,
    Body(req): Body<SlotRequest>,
) -> Result<Json<SlotAnswer>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let group = validate::slot_name_param(&group, "group")?;
    match st
        .store
        .take_restart_slot(&a.caller, env, group, &req, now_ms())
        .await
    {
        Ok((_, answer)) => Ok(Json(answer)),
        Err(e) => Err(audited_refusal(&st, a.event("restart_slot", Some(env)), e).await),
    }
}

async fn release<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams((env, group, holder)): PathParams<(String, String, String)>,
) -> Result<StatusCode, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let group = validate::slot_name_param(&group, "group")?;
    let holder = validate::slot_name_param(&holder, "holder")?;
    match st
        .store
        .release_restart_slot(&a.caller, env, group, holder)
        .await
    {
        Ok(_) => Ok(StatusCode::NO_CONTENT),
        Err(e) => Err(audited_refusal(&st, a.event("restart_slot", Some(env)), e).await),
    }
}
