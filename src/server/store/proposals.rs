//! Protected environments: the rules both backends share (who may approve, when a proposal
//! applies, how it is stored), so the SQLite and PostgreSQL files hold only their SQL.
//!
//! A proposal keeps the push request exactly as its author sent it (ciphertext, wrapped
//! data keys, names): the server never holds anything it could decrypt, and the final
//! approval appends that very request, compare-and-set against its base revision.

use uuid::Uuid;

use super::{Caller, Result, StoreError};
use crate::wire::proposals::{MAX_APPROVALS, Proposal, ProposalState};
use crate::wire::team::Role;
use crate::wire::{Conflict, PushRequest};

/// A proposal as stored, with what only the server needs.
#[derive(Debug, Clone)]
pub(crate) struct StoredProposal {
    /// What clients see (without `changes`).
    pub proposal: Proposal,
    /// The author's user id (the author may not approve).
    pub author_id: Uuid,
    /// The approvers' user ids.
    pub approver_ids: Vec<Uuid>,
    /// The push as its author sent it.
    pub request: PushRequest,
    /// The push's idempotency hash ([`super::request_hash`]), stored with the applied push
    /// so the author's retry of the same push gets the applied answer.
    pub request_hash: Vec<u8>,
}

/// What an approval did.
#[derive(Debug)]
pub(crate) enum Approved {
    /// Recorded; more approvals are needed, or it was applied (see its state).
    Done(Proposal),
    /// The final approval found items changed since the base revision: the proposal is
    /// now `conflicted` (committed), and the caller answers 409 with the names.
    Conflict(Conflict),
}

/// The approvals an environment may require: 1 to [`MAX_APPROVALS`] (0 unprotects, which
/// only `DELETE .../protection` asks for).
pub(crate) fn check_approvals(n: u32) -> Result<()> {
    if n == 0 || n > MAX_APPROVALS {
        return Err(StoreError::Invalid(format!(
            "approvals must be 1 to {MAX_APPROVALS}, not {n}"
        )));
    }
    Ok(())
}

/// The request a proposal stores: as sent, except that it is never forced. A proposal is
/// reviewed against the revision it was based on; a forced one would silently overwrite
/// what others changed after the review started.
pub(crate) fn proposed_request(req: &PushRequest) -> PushRequest {
    let mut req = req.clone();
    req.force = false;
    req
}

/// Refuses an approval that cannot count: a proposal that is not pending, one by the
/// caller's own user, one the caller's user already approved, or a caller below writer.
pub(crate) fn check_approver(caller: &Caller, stored: &StoredProposal, role: Role) -> Result<()> {
    let p = &stored.proposal;
    check_pending(p)?;
    if role < Role::Writer {
        return Err(StoreError::forbidden(
            Some(p.project_id),
            format!(
                "approving a proposal needs the writer role; this device's user is a {role} here"
            ),
        ));
    }
    if stored.author_id == caller.user_id {
        return Err(StoreError::OwnProposal {
            project: p.project_id,
        });
    }
    if stored.approver_ids.contains(&caller.user_id) {
        return Err(StoreError::AlreadyApproved {
            have: p.approvals.len() as u32,
            needed: p.approvals_needed,
        });
    }
    Ok(())
}

/// Refuses a rejection by anyone but the author (withdrawing) or a writer or admin.
pub(crate) fn check_rejecter(caller: &Caller, stored: &StoredProposal, role: Role) -> Result<()> {
    let p = &stored.proposal;
    check_pending(p)?;
    if role < Role::Writer && stored.author_id != caller.user_id {
        return Err(StoreError::forbidden(
            Some(p.project_id),
            format!(
                "rejecting a proposal needs the writer role (or being its author); this device's user is a {role} here"
            ),
        ));
    }
    Ok(())
}

fn check_pending(p: &Proposal) -> Result<()> {
    match p.state {
        ProposalState::Pending => Ok(()),
        state => Err(StoreError::ProposalClosed { state }),
    }
}

/// Whether the approvals recorded (including the one being added) make it apply.
pub(crate) fn enough(p: &Proposal) -> bool {
    p.approvals.len() as u32 >= p.approvals_needed
}

/// The proposal's id as a short target for the audit: `proposal <id> by <author>`.
pub(crate) fn target(p: &Proposal) -> String {
    format!("proposal {} by {}", p.id, p.author)
}
