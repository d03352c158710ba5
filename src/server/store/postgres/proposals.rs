//! Protected environments on PostgreSQL: protection, proposals made by pushes, approvals
//! that apply them. The rules are in `store::proposals`; this file holds only the SQL. It
//! must never apply a proposal outside the transaction that records its final approval,
//! and reads a proposal only after locking its environment's row, so two nodes approving
//! at once are serialized like two pushes.

use super::audit::append_audit;
use super::log::{append, check_append};
use super::members::env_access;
use super::*;
use crate::server::store::proposals::{
    Approved, StoredProposal, check_approvals, check_approver, check_rejecter, enough,
    proposed_request, target,
};
use crate::wire::proposals::{Approval, Proposal, ProposalMade, ProposalState, Protection};
use crate::wire::team::Role;

/// Approvals a push to `env` needs (0: not protected).
pub(super) async fn approvals<C: GenericClient>(c: &C, env: Uuid) -> Result<u32> {
    let stmt = c
        .prepare_cached("SELECT approvals FROM envs WHERE id = $1")
        .await?;
    Ok(c.query_one(&stmt, &[&env]).await?.get::<_, i64>(0) as u32)
}

/// Keeps a push to a protected environment as a proposal (the same one for a retry with the
/// same idempotency key), after the checks a push gets, so a proposal that could never
/// apply is refused now rather than at its approval.
#[allow(clippy::too_many_arguments)]
pub(super) async fn propose<C: GenericClient>(
    tx: &C,
    caller: &Caller,
    env: Uuid,
    access: &EnvAccess,
    req: &PushRequest,
    request_hash: &[u8],
    approvals_needed: u32,
    mut audit: AuditEvent,
) -> Result<PushResponse> {
    let seen = tx
        .query_opt(
            "SELECT id, request_hash, approvals_needed FROM proposals
             WHERE idempotency_key = $1 AND env_id = $2 AND state = 'pending'",
            &[&req.idempotency_key, &env],
        )
        .await?;
    if let Some(r) = seen {
        let hash: Vec<u8> = r.get(1);
        if hash != request_hash {
            return Err(StoreError::IdempotencyMismatch);
        }
        return Ok(made(access.revision, r.get(0), r.get::<_, i64>(2) as u32));
    }
    let proposed = proposed_request(req);
    check_append(tx, env, access, &proposed).await?;
    if proposed.changes.is_empty() {
        return Ok(PushResponse {
            revision: access.revision,
            accepted: 0,
            proposal: None,
        });
    }
    let id = Uuid::new_v4();
    let names = push_names(&proposed);
    tx.execute(
        "INSERT INTO proposals (id, env_id, idempotency_key, request_hash, request, base_revision,
             names, author_id, author, author_device, approvals_needed, state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12)",
        &[
            &id,
            &env,
            &req.idempotency_key,
            &request_hash,
            &serde_json::to_string(&proposed).expect("a push serializes"),
            &proposed.base_revision,
            &serde_json::to_string(&names).expect("strings serialize"),
            &caller.user_id,
            &caller.user_name,
            &caller.device_name,
            &i64::from(approvals_needed),
            &audit.at,
        ],
    )
    .await?;
    audit.action = "proposal".into();
    audit.env = Some(env);
    audit.names = names;
    audit.target = Some(format!("proposal {id} by {}", caller.user_name));
    append_audit(tx, &[audit]).await?;
    Ok(made(access.revision, id, approvals_needed))
}

fn made(revision: i64, id: Uuid, approvals_needed: u32) -> PushResponse {
    PushResponse {
        revision,
        accepted: 0,
        proposal: Some(ProposalMade {
            id,
            approvals_needed,
        }),
    }
}

/// The environment of a proposal.
async fn proposal_env<C: GenericClient>(c: &C, id: Uuid) -> Result<Uuid> {
    let row = c
        .query_opt("SELECT env_id FROM proposals WHERE id = $1", &[&id])
        .await?;
    Ok(row.ok_or(StoreError::NotFound("proposal"))?.get(0))
}

/// The proposal with this id and its approvals.
async fn load<C: GenericClient>(c: &C, id: Uuid) -> Result<StoredProposal> {
    let stmt = c
        .prepare_cached(
            "SELECT p.env_id, e.project_id, p.state, p.base_revision, p.names, p.author_id,
                 p.author, p.author_device, p.created_at, p.approvals_needed,
                 p.applied_revision, p.request, p.request_hash
             FROM proposals p JOIN envs e ON e.id = p.env_id WHERE p.id = $1",
        )
        .await?;
    let r = c
        .query_opt(&stmt, &[&id])
        .await?
        .ok_or(StoreError::NotFound("proposal"))?;
    let mut approver_ids = Vec::new();
    let mut approvals = Vec::new();
    let rows = c
        .query(
            "SELECT user_id, user_name, device_name, at FROM approvals WHERE proposal_id = $1
             ORDER BY at, user_name",
            &[&id],
        )
        .await?;
    for a in rows {
        approver_ids.push(a.get(0));
        approvals.push(Approval {
            user_name: a.get(1),
            device_name: a.get(2),
            at: a.get(3),
        });
    }
    let bad = |what: &str| StoreError::Backend(format!("proposal {id} has a bad {what}"));
    let state: &str = r.get(2);
    let names: &str = r.get(4);
    let request: &str = r.get(11);
    Ok(StoredProposal {
        proposal: Proposal {
            id,
            project_id: r.get(1),
            env_id: r.get(0),
            state: ProposalState::parse(state).ok_or_else(|| bad("state"))?,
            base_revision: r.get(3),
            names: serde_json::from_str(names).map_err(|_| bad("name list"))?,
            author: r.get(6),
            author_device: r.get(7),
            created_at: r.get(8),
            approvals_needed: r.get::<_, i64>(9) as u32,
            approvals,
            applied_revision: r.get(10),
            changes: Vec::new(),
        },
        author_id: r.get(5),
        approver_ids,
        request: serde_json::from_str(request).map_err(|_| bad("request"))?,
        request_hash: r.get(12),
    })
}

async fn set_state<C: GenericClient>(
    tx: &C,
    id: Uuid,
    state: ProposalState,
    applied_revision: Option<i64>,
    now: i64,
) -> Result<()> {
    tx.execute(
        "UPDATE proposals SET state = $1, applied_revision = $2, decided_at = $3 WHERE id = $4",
        &[&state.as_str(), &applied_revision, &now, &id],
    )
    .await?;
    Ok(())
}

impl PgStore {
    pub(super) async fn protect(
        &self,
        caller: &Caller,
        env: Uuid,
        approvals: u32,
        mut audit: AuditEvent,
    ) -> Result<Protection> {
        if approvals > 0 {
            check_approvals(approvals)?;
        }
        let what = if approvals > 0 {
            "protecting an environment"
        } else {
            "unprotecting an environment"
        };
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let access = env_access(&tx, caller, env, true, Role::Admin, what).await?;
        tx.execute(
            "UPDATE envs SET approvals = $1 WHERE id = $2",
            &[&i64::from(approvals), &env],
        )
        .await?;
        audit.project = Some(access.project);
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(Protection {
            env_id: env,
            approvals,
        })
    }

    pub(super) async fn proposals(&self, caller: &Caller, project: Uuid) -> Result<Vec<Proposal>> {
        let client = self.pool.get().await?;
        let exists: bool = client
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM projects WHERE id = $1)",
                &[&project],
            )
            .await?
            .get(0);
        if !exists {
            return Err(StoreError::NotFound("project"));
        }
        let ids: Vec<(Uuid, Uuid)> = client
            .query(
                "SELECT p.id, p.env_id FROM proposals p JOIN envs e ON e.id = p.env_id
                 WHERE e.project_id = $1 AND p.state = 'pending'
                 ORDER BY p.created_at, p.id",
                &[&project],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let mut out = Vec::new();
        for (id, env) in ids {
            // Only the environments the caller may view; the others stay unseen.
            match env_access(
                &client,
                caller,
                env,
                false,
                Role::Viewer,
                "listing proposals",
            )
            .await
            {
                Ok(_) => out.push(load(&client, id).await?.proposal),
                Err(StoreError::Forbidden { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    pub(super) async fn proposal(&self, caller: &Caller, id: Uuid) -> Result<(Uuid, Proposal)> {
        let client = self.pool.get().await?;
        let stored = load(&client, id).await?;
        let env = stored.proposal.env_id;
        let access = env_access(
            &client,
            caller,
            env,
            false,
            Role::Viewer,
            "reading a proposal",
        )
        .await?;
        let mut proposal = stored.proposal;
        proposal.changes = stored.request.changes;
        Ok((access.project, proposal))
    }

    pub(super) async fn approve_proposal(
        &self,
        caller: &Caller,
        id: Uuid,
        mut audit: AuditEvent,
    ) -> Result<Proposal> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let env = proposal_env(&tx, id).await?;
        let access =
            env_access(&tx, caller, env, true, Role::Viewer, "approving a proposal").await?;
        // Read under the environment's row lock: a concurrent approval has committed.
        let stored = load(&tx, id).await?;
        (audit.project, audit.env) = (Some(access.project), Some(env));
        audit.target = Some(target(&stored.proposal));
        audit.names.clone_from(&stored.proposal.names);
        check_approver(caller, &stored, access.role)?;
        tx.execute(
            "INSERT INTO approvals (proposal_id, user_id, user_name, device_name, at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &id,
                &caller.user_id,
                &caller.user_name,
                &caller.device_name,
                &audit.at,
            ],
        )
        .await?;
        let mut p = stored.proposal;
        p.approvals.push(Approval {
            user_name: caller.user_name.clone(),
            device_name: caller.device_name.clone(),
            at: audit.at,
        });
        let done = if !enough(&p) {
            append_audit(&tx, &[audit]).await?;
            Approved::Done(p)
        } else {
            let mut outcome = audit.clone();
            match check_append(&tx, env, &access, &stored.request).await {
                Ok(()) => {
                    let applied = append(
                        &tx,
                        env,
                        access.revision,
                        &stored.request,
                        &stored.request_hash,
                        &p.author,
                        audit.at,
                    )
                    .await?;
                    let revision = Some(applied.revision);
                    set_state(&tx, id, ProposalState::Applied, revision, audit.at).await?;
                    super::feed::notify(&tx, env, applied.revision).await?;
                    outcome.action = "proposal_applied".into();
                    append_audit(&tx, &[audit, outcome]).await?;
                    p.state = ProposalState::Applied;
                    p.applied_revision = revision;
                    Approved::Done(p)
                }
                Err(StoreError::Conflict(c) | StoreError::VersionExists(c)) => {
                    set_state(&tx, id, ProposalState::Conflicted, None, audit.at).await?;
                    outcome.action = "proposal_conflict".into();
                    outcome.names.clone_from(&c.names);
                    append_audit(&tx, &[audit, outcome]).await?;
                    Approved::Conflict(c)
                }
                Err(e) => return Err(e),
            }
        };
        tx.commit().await?;
        match done {
            Approved::Done(p) => Ok(p),
            Approved::Conflict(c) => Err(StoreError::ProposalConflict(c)),
        }
    }

    pub(super) async fn reject_proposal(
        &self,
        caller: &Caller,
        id: Uuid,
        mut audit: AuditEvent,
    ) -> Result<Proposal> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let env = proposal_env(&tx, id).await?;
        let access =
            env_access(&tx, caller, env, true, Role::Viewer, "rejecting a proposal").await?;
        let stored = load(&tx, id).await?;
        (audit.project, audit.env) = (Some(access.project), Some(env));
        audit.target = Some(target(&stored.proposal));
        audit.names.clone_from(&stored.proposal.names);
        check_rejecter(caller, &stored, access.role)?;
        set_state(&tx, id, ProposalState::Rejected, None, audit.at).await?;
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        let mut p = stored.proposal;
        p.state = ProposalState::Rejected;
        Ok(p)
    }
}
