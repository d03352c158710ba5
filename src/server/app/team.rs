//! The team endpoints (docs/teams.md): members and their roles, the recipients an
//! environment's keys must reach, and devices (list, approve, revoke). Each handler parses,
//! calls one store operation (which checks the role and audits in its transaction), and
//! answers; refusals are audited here.

use super::*;
use crate::wire::team::{AccessChange, Device, Member, PutMember, Recipient};

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new()
        .route("/v1/projects/{project_id}/members", get(members::<S>))
        .route(
            "/v1/projects/{project_id}/members/{user_name}",
            put(put_member::<S>).delete(delete_member::<S>),
        )
        .route("/v1/envs/{env_id}/recipients", get(recipients::<S>))
        .route("/v1/devices", get(devices::<S>))
        .route("/v1/devices/{device_id}/approve", post(approve_device::<S>))
        .route("/v1/devices/{device_id}", delete(revoke_device::<S>))
}

async fn members<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(project): PathParams<String>,
) -> Result<Json<Vec<Member>>, ApiErr> {
    let project = validate::uuid_param(&project, "project_id")?;
    let result = st.store.members(&a.caller, project).await;
    let result = result.map(|m| (project, m));
    let mut event = a.event("list_members", None);
    event.project = Some(project);
    Ok(Json(
        audited_read(&st, event, result, |_| Vec::new()).await?,
    ))
}

async fn put_member<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams((project, user)): PathParams<(String, String)>,
    Body(req): Body<PutMember>,
) -> Result<Json<AccessChange>, ApiErr> {
    let project = validate::uuid_param(&project, "project_id")?;
    let user = validate::user_name_param(&user, "user_name")?;
    let mut event = a.event("member_put", req.env_id);
    event.target = Some(user.to_string());
    let result = st
        .store
        .put_member(&a.caller, project, user, &req, event.clone())
        .await;
    event.project = Some(project);
    Ok(Json(audited_write(&st, event, result).await?))
}

/// `?env_id=` of a member removal: only that environment's role.
#[derive(Debug, Deserialize)]
struct MemberQuery {
    env_id: Option<Uuid>,
}

async fn delete_member<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams((project, user)): PathParams<(String, String)>,
    Params(q): Params<MemberQuery>,
) -> Result<Json<AccessChange>, ApiErr> {
    let project = validate::uuid_param(&project, "project_id")?;
    let user = validate::user_name_param(&user, "user_name")?;
    let mut event = a.event("member_rm", q.env_id);
    event.target = Some(user.to_string());
    let result = st
        .store
        .delete_member(&a.caller, project, user, q.env_id, event.clone())
        .await;
    event.project = Some(project);
    Ok(Json(audited_write(&st, event, result).await?))
}

async fn recipients<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
) -> Result<Json<Vec<Recipient>>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let result = st.store.recipients(&a.caller, env).await;
    // The store checked access; the project for the audit comes from the environment.
    let result = match result {
        Ok(r) => st.store.env_head(&a.caller, env).await.map(|(p, _)| (p, r)),
        Err(e) => Err(e),
    };
    let event = a.event("list_recipients", Some(env));
    Ok(Json(
        audited_read(&st, event, result, |_| Vec::new()).await?,
    ))
}

/// `?user=NAME` of the device list: another user's devices (admins over that user).
#[derive(Debug, Deserialize)]
struct DevicesQuery {
    user: Option<String>,
}

async fn devices<S: Store>(
    State(st): St<S>,
    AnyDevice(a): AnyDevice,
    Params(q): Params<DevicesQuery>,
) -> Result<Json<Vec<Device>>, ApiErr> {
    let user = q
        .user
        .as_deref()
        .map(|u| validate::user_name_param(u, "user"))
        .transpose()?;
    // A pending device asks about its own user only, whatever its user may do.
    if user.is_some() && a.caller.status != DeviceStatus::Approved {
        return Err(ApiErr::device_pending());
    }
    Ok(Json(st.store.devices(&a.caller, user).await?))
}

async fn approve_device<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(device): PathParams<String>,
) -> Result<Json<Device>, ApiErr> {
    let device = validate::uuid_param(&device, "device_id")?;
    let event = a.event("device_approve", None);
    let result = st
        .store
        .approve_device(&a.caller, device, event.clone())
        .await;
    let done = audited_write(&st, event, result).await?;
    st.tokens.forget_device(device);
    tracing::info!(device = %device, by = %a.caller.user_name, "device approved");
    Ok(Json(done))
}

async fn revoke_device<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(device): PathParams<String>,
) -> Result<Json<AccessChange>, ApiErr> {
    let device = validate::uuid_param(&device, "device_id")?;
    let event = a.event("device_revoke", None);
    let result = st
        .store
        .revoke_device(&a.caller, device, event.clone())
        .await;
    let done = audited_write(&st, event, result).await?;
    st.tokens.forget_device(device);
    tracing::info!(device = %device, by = %a.caller.user_name, "device revoked");
    Ok(Json(done))
}
