//! Protected environments on SQLite: protection, proposals made by pushes, approvals that
//! apply them. The rules are in `store::proposals`; this file holds only the SQL. It must
//! never apply a proposal outside the transaction that records its final approval.

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
pub(super) fn approvals(c: &Connection, env: Uuid) -> Result<u32> {
    Ok(
        c.prepare_cached("SELECT approvals FROM envs WHERE id = ?1")?
            .query_row([env.to_string()], |r| r.get(0))?,
    )
}

/// Keeps a push to a protected environment as a proposal (the same one for a retry with the
/// same idempotency key), after the checks a push gets, so a proposal that could never
/// apply is refused now rather than at its approval.
#[allow(clippy::too_many_arguments)]
pub(super) fn propose(
    tx: &Transaction<'_>,
    caller: &Caller,
    env: Uuid,
    access: &EnvAccess,
    req: &PushRequest,
    request_hash: &[u8],
    approvals_needed: u32,
    mut audit: AuditEvent,
) -> Result<PushResponse> {
    let seen: Option<(String, Vec<u8>, u32)> = tx
        .prepare_cached(
            "SELECT id, request_hash, approvals_needed FROM proposals
             WHERE idempotency_key = ?1 AND env_id = ?2 AND state = 'pending'",
        )?
        .query_row(
            params![req.idempotency_key.to_string(), env.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((id, hash, needed)) = seen {
        if hash != request_hash {
            return Err(StoreError::IdempotencyMismatch);
        }
        return Ok(made(access.revision, parse_uuid(&id)?, needed));
    }
    let proposed = proposed_request(req);
    check_append(tx, env, access, &proposed)?;
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
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending', ?12)",
        params![
            id.to_string(),
            env.to_string(),
            req.idempotency_key.to_string(),
            request_hash,
            serde_json::to_string(&proposed).expect("a push serializes"),
            proposed.base_revision,
            serde_json::to_string(&names).expect("strings serialize"),
            caller.user_id.to_string(),
            caller.user_name,
            caller.device_name,
            approvals_needed,
            audit.at
        ],
    )?;
    audit.action = "proposal".into();
    audit.env = Some(env);
    audit.names = names;
    audit.target = Some(format!("proposal {id} by {}", caller.user_name));
    append_audit(tx, &[audit])?;
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

/// The proposal with this id and its approvals.
fn load(c: &Connection, id: Uuid) -> Result<StoredProposal> {
    let row = c
        .prepare_cached(
            "SELECT p.env_id, e.project_id, p.state, p.base_revision, p.names, p.author_id,
                 p.author, p.author_device, p.created_at, p.approvals_needed,
                 p.applied_revision, p.request, p.request_hash
             FROM proposals p JOIN envs e ON e.id = p.env_id WHERE p.id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok((
                (uuid_col(r, 0)?, uuid_col(r, 1)?, r.get::<_, String>(2)?),
                (r.get::<_, i64>(3)?, r.get::<_, String>(4)?, uuid_col(r, 5)?),
                (
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, i64>(8)?,
                ),
                (r.get::<_, u32>(9)?, r.get::<_, Option<i64>>(10)?),
                (r.get::<_, String>(11)?, r.get::<_, Vec<u8>>(12)?),
            ))
        })
        .optional()?
        .ok_or(StoreError::NotFound("proposal"))?;
    let ((env_id, project_id, state), (base_revision, names, author_id), rest) =
        (row.0, row.1, row.2);
    let (author, author_device, created_at) = rest;
    let ((approvals_needed, applied_revision), (request, request_hash)) = (row.3, row.4);
    let mut approver_ids = Vec::new();
    let mut approvals = Vec::new();
    let mut stmt = c.prepare_cached(
        "SELECT user_id, user_name, device_name, at FROM approvals WHERE proposal_id = ?1
         ORDER BY at, user_name",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok((
            uuid_col(r, 0)?,
            Approval {
                user_name: r.get(1)?,
                device_name: r.get(2)?,
                at: r.get(3)?,
            },
        ))
    })?;
    for row in rows {
        let (user, approval) = row?;
        approver_ids.push(user);
        approvals.push(approval);
    }
    let bad = |what: &str| StoreError::Backend(format!("proposal {id} has a bad {what}"));
    Ok(StoredProposal {
        proposal: Proposal {
            id,
            project_id,
            env_id,
            state: ProposalState::parse(&state).ok_or_else(|| bad("state"))?,
            base_revision,
            names: serde_json::from_str(&names).map_err(|_| bad("name list"))?,
            author,
            author_device,
            created_at,
            approvals_needed,
            approvals,
            applied_revision,
            changes: Vec::new(),
        },
        author_id,
        approver_ids,
        request: serde_json::from_str(&request).map_err(|_| bad("request"))?,
        request_hash,
    })
}

fn set_state(
    tx: &Transaction<'_>,
    id: Uuid,
    state: ProposalState,
    applied_revision: Option<i64>,
    now: i64,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE proposals SET state = ?1, applied_revision = ?2, decided_at = ?3 WHERE id = ?4",
    )?
    .execute(params![
        state.as_str(),
        applied_revision,
        now,
        id.to_string()
    ])?;
    Ok(())
}

impl SqliteStore {
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
        let caller = caller.clone();
        self.write(move |tx| {
            let what = if approvals > 0 {
                "protecting an environment"
            } else {
                "unprotecting an environment"
            };
            let access = env_access(tx, &caller, env, Role::Admin, what)?;
            tx.execute(
                "UPDATE envs SET approvals = ?1 WHERE id = ?2",
                params![approvals, env.to_string()],
            )?;
            audit.project = Some(access.project);
            append_audit(tx, &[audit])?;
            Ok(Protection {
                env_id: env,
                approvals,
            })
        })
        .await
    }

    pub(super) async fn proposals(&self, caller: &Caller, project: Uuid) -> Result<Vec<Proposal>> {
        let caller = caller.clone();
        self.read(move |c| {
            let exists: bool = c
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1)")?
                .query_row([project.to_string()], |r| r.get(0))?;
            if !exists {
                return Err(StoreError::NotFound("project"));
            }
            let ids: Vec<(Uuid, Uuid)> = c
                .prepare_cached(
                    "SELECT p.id, p.env_id FROM proposals p JOIN envs e ON e.id = p.env_id
                     WHERE e.project_id = ?1 AND p.state = 'pending'
                     ORDER BY p.created_at, p.id",
                )?
                .query_map([project.to_string()], |r| {
                    Ok((uuid_col(r, 0)?, uuid_col(r, 1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::new();
            for (id, env) in ids {
                // Only the environments the caller may view; the others stay unseen.
                match env_access(c, &caller, env, Role::Viewer, "listing proposals") {
                    Ok(_) => out.push(load(c, id)?.proposal),
                    Err(StoreError::Forbidden { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(out)
        })
        .await
    }

    pub(super) async fn proposal(&self, caller: &Caller, id: Uuid) -> Result<(Uuid, Proposal)> {
        let caller = caller.clone();
        self.read(move |c| {
            let stored = load(c, id)?;
            let access = env_access(
                c,
                &caller,
                stored.proposal.env_id,
                Role::Viewer,
                "reading a proposal",
            )?;
            let mut proposal = stored.proposal;
            proposal.changes = stored.request.changes;
            Ok((access.project, proposal))
        })
        .await
    }

    pub(super) async fn approve_proposal(
        &self,
        caller: &Caller,
        id: Uuid,
        audit: AuditEvent,
    ) -> Result<Proposal> {
        let caller = caller.clone();
        let done = self
            .write(move |tx| approve(tx, &caller, id, audit))
            .await?;
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
        let caller = caller.clone();
        self.write(move |tx| {
            let stored = load(tx, id)?;
            let env = stored.proposal.env_id;
            let access = env_access(tx, &caller, env, Role::Viewer, "rejecting a proposal")?;
            (audit.project, audit.env) = (Some(access.project), Some(env));
            audit.target = Some(target(&stored.proposal));
            audit.names.clone_from(&stored.proposal.names);
            check_rejecter(&caller, &stored, access.role)?;
            set_state(tx, id, ProposalState::Rejected, None, audit.at)?;
            append_audit(tx, &[audit])?;
            let mut p = stored.proposal;
            p.state = ProposalState::Rejected;
            Ok(p)
        })
        .await
    }
}

/// Records an approval; the final one applies the proposal in the same transaction, or
/// marks it conflicted (committed, so it leaves the pending list).
fn approve(
    tx: &Transaction<'_>,
    caller: &Caller,
    id: Uuid,
    mut audit: AuditEvent,
) -> Result<Approved> {
    let stored = load(tx, id)?;
    let env = stored.proposal.env_id;
    let access = env_access(tx, caller, env, Role::Viewer, "approving a proposal")?;
    (audit.project, audit.env) = (Some(access.project), Some(env));
    audit.target = Some(target(&stored.proposal));
    audit.names.clone_from(&stored.proposal.names);
    check_approver(caller, &stored, access.role)?;
    tx.prepare_cached(
        "INSERT INTO approvals (proposal_id, user_id, user_name, device_name, at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id.to_string(),
        caller.user_id.to_string(),
        caller.user_name,
        caller.device_name,
        audit.at
    ])?;
    let mut p = stored.proposal;
    p.approvals.push(Approval {
        user_name: caller.user_name.clone(),
        device_name: caller.device_name.clone(),
        at: audit.at,
    });
    if !enough(&p) {
        append_audit(tx, &[audit])?;
        return Ok(Approved::Done(p));
    }
    let mut outcome = audit.clone();
    match check_append(tx, env, &access, &stored.request) {
        Ok(()) => {}
        Err(StoreError::Conflict(c) | StoreError::VersionExists(c)) => {
            set_state(tx, id, ProposalState::Conflicted, None, audit.at)?;
            outcome.action = "proposal_conflict".into();
            outcome.names.clone_from(&c.names);
            append_audit(tx, &[audit, outcome])?;
            return Ok(Approved::Conflict(c));
        }
        Err(e) => return Err(e),
    }
    let applied = append(
        tx,
        env,
        access.revision,
        &stored.request,
        &stored.request_hash,
        &p.author,
        audit.at,
    )?;
    set_state(
        tx,
        id,
        ProposalState::Applied,
        Some(applied.revision),
        audit.at,
    )?;
    outcome.action = "proposal_applied".into();
    append_audit(tx, &[audit, outcome])?;
    p.state = ProposalState::Applied;
    p.applied_revision = Some(applied.revision);
    Ok(Approved::Done(p))
}
