//! The endpoints of protected environments (docs/teams.md, "Protected environments"):
//! protection, and the proposals pushes to a protected environment become. Each handler
//! parses, calls one store operation (which checks the role, applies and audits in its
//! transaction), and answers; refusals are audited here. Nothing here looks inside a
//! proposal's changes.

use super::*;
use crate::wire::proposals::{Proposal, Protect, Protection};

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new()
        .route(
            "/v1/envs/{env_id}/protection",
            put(protect::<S>).delete(unprotect::<S>),
        )
        .route("/v1/projects/{project_id}/proposals", get(proposals::<S>))
        .route("/v1/proposals/{proposal_id}", get(proposal::<S>))
        .route("/v1/proposals/{proposal_id}/approve", post(approve::<S>))
        .route("/v1/proposals/{proposal_id}/reject", post(reject::<S>))
}

async fn protect<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
    Body(req): Body<Protect>,
) -> Result<Json<Protection>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let mut event = a.event("protect", Some(env));
    event.target = Some(format!("{} approval(s)", req.approvals));
    let result = st
        .store
        .protect(&a.caller, env, req.approvals, event.clone())
        .await;
    Ok(Json(audited_write(&st, event, result).await?))
}

async fn unprotect<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(env): PathParams<String>,
) -> Result<Json<Protection>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    let event = a.event("unprotect", Some(env));
    let result = st.store.protect(&a.caller, env, 0, event.clone()).await;
    Ok(Json(audited_write(&st, event, result).await?))
}

async fn proposals<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(project): PathParams<String>,
) -> Result<Json<Vec<Proposal>>, ApiErr> {
    let project = validate::uuid_param(&project, "project_id")?;
    let result = st.store.proposals(&a.caller, project).await;
    let result = result.map(|p| (project, p));
    let mut event = a.event("list_proposals", None);
    event.project = Some(project);
    Ok(Json(
        audited_read(&st, event, result, |_| Vec::new()).await?,
    ))
}

async fn proposal<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(id): PathParams<String>,
) -> Result<Json<Proposal>, ApiErr> {
    let id = validate::uuid_param(&id, "proposal_id")?;
    let result = st.store.proposal(&a.caller, id).await;
    let mut event = a.event("get_proposal", None);
    event.target = Some(format!("proposal {id}"));
    let names = |p: &Proposal| p.names.clone();
    Ok(Json(audited_read(&st, event, result, names).await?))
}

async fn approve<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(id): PathParams<String>,
) -> Result<Json<Proposal>, ApiErr> {
    let id = validate::uuid_param(&id, "proposal_id")?;
    let mut event = a.event("proposal_approve", None);
    let result = st
        .store
        .approve_proposal(&a.caller, id, event.clone())
        .await;
    event.target = Some(format!("proposal {id}"));
    if let Err(StoreError::OwnProposal { project }) = &result {
        // A refusal like any other, audited as denied.
        event.project = Some(*project);
        event.allowed = false;
        st.audit.record(event).await?;
        return Err(StoreError::OwnProposal { project: *project }.into());
    }
    let done = audited_write(&st, event, result).await?;
    if let Some(revision) = done.applied_revision {
        st.feed.announce(done.env_id, revision);
    }
    Ok(Json(done))
}

async fn reject<S: Store>(
    State(st): St<S>,
    a: Authed,
    PathParams(id): PathParams<String>,
) -> Result<Json<Proposal>, ApiErr> {
    let id = validate::uuid_param(&id, "proposal_id")?;
    let mut event = a.event("proposal_reject", None);
    let result = st.store.reject_proposal(&a.caller, id, event.clone()).await;
    event.target = Some(format!("proposal {id}"));
    Ok(Json(audited_write(&st, event, result).await?))
}
