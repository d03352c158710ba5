//! Protected environments on both backends: who may protect, pushes that become proposals,
//! who may approve (never the author, never below writer), N distinct approvers, the final
//! approval applying once against the base revision or closing the proposal as conflicted,
//! rejection, and the audit entries of each step.

use super::*;
use crate::wire::proposals::{Proposal, ProposalState};

/// Alice (server and project admin) owns `app/dev`; bob and carol are writers, rita a
/// reader, vic a viewer, and `outsider` has no role.
struct Cast {
    alice: Caller,
    bob: Caller,
    carol: Caller,
    rita: Caller,
    vic: Caller,
    outsider: Caller,
    project: Uuid,
    env: Uuid,
}

async fn cast<S: Store>(s: &S) -> Cast {
    let alice = admin(s).await;
    let env = project_and_env(s, &alice).await;
    let project = s.env(&alice, env).await.unwrap().project_id;
    let mut members = Vec::new();
    for (name, role) in [
        ("bob", Role::Writer),
        ("carol", Role::Writer),
        ("rita", Role::Reader),
        ("vic", Role::Viewer),
    ] {
        let c = user(s, &alice, name).await;
        let put = PutMember { role, env_id: None };
        s.put_member(&alice, project, name, &put, event("member_put"))
            .await
            .unwrap();
        members.push(c);
    }
    let outsider = user(s, &alice, "outsider").await;
    let [bob, carol, rita, vic] = members.try_into().unwrap();
    Cast {
        alice,
        bob,
        carol,
        rita,
        vic,
        outsider,
        project,
        env,
    }
}

async fn protect<S: Store>(s: &S, c: &Caller, env: Uuid, approvals: u32) -> Result<()> {
    let action = if approvals > 0 {
        "protect"
    } else {
        "unprotect"
    };
    s.protect(c, env, approvals, event(action)).await.map(drop)
}

/// Pushes `changes` from `base` as `c` and returns the proposal it became.
async fn propose<S: Store>(s: &S, c: &Caller, env: Uuid, base: i64, changes: Vec<Change>) -> Uuid {
    let resp = push(s, c, env, &push_req(base, changes)).await.unwrap();
    assert_eq!(
        resp.accepted, 0,
        "a push to a protected env appends nothing"
    );
    resp.proposal.expect("the push became a proposal").id
}

async fn approve<S: Store>(s: &S, c: &Caller, id: Uuid) -> Result<Proposal> {
    s.approve_proposal(c, id, event("proposal_approve")).await
}

fn forbidden<T: std::fmt::Debug>(r: Result<T>) -> String {
    match r {
        Err(StoreError::Forbidden { why, .. }) => why,
        other => panic!("expected Forbidden, got {other:?}"),
    }
}

pub(super) async fn only_admins_protect_and_a_push_there_becomes_one_proposal<S: Store>(s: Arc<S>) {
    let t = cast(&*s).await;
    for c in [&t.bob, &t.rita, &t.vic, &t.outsider] {
        forbidden(protect(&*s, c, t.env, 1).await);
        forbidden(protect(&*s, c, t.env, 0).await);
    }
    for bad in [11, u32::MAX] {
        assert!(matches!(
            protect(&*s, &t.alice, t.env, bad).await,
            Err(StoreError::Invalid(_))
        ));
    }
    protect(&*s, &t.alice, t.env, 1).await.unwrap();
    let req = push_req(0, vec![version("DB", 1)]);
    let first = push(&*s, &t.bob, t.env, &req).await.unwrap();
    let made = first.proposal.clone().unwrap();
    assert_eq!((first.revision, made.approvals_needed), (0, 1));
    // A retry of the same push is the same proposal, not a second one.
    assert_eq!(push(&*s, &t.bob, t.env, &req).await.unwrap(), first);
    let (_, log) = s.log(&t.alice, t.env, 0, 10).await.unwrap();
    assert!(log.entries.is_empty(), "nothing lands before approval");
    let listed = s.proposals(&t.vic, t.project).await.unwrap();
    assert_eq!(listed.len(), 1);
    let p = &listed[0];
    assert_eq!(
        (p.id, p.state, &p.author[..]),
        (made.id, ProposalState::Pending, "bob")
    );
    assert_eq!(
        (p.names.clone(), p.base_revision),
        (vec!["DB".to_string()], 0)
    );
    assert!(p.changes.is_empty(), "the list leaves the changes out");
    let (_, shown) = s.proposal(&t.rita, made.id).await.unwrap();
    assert_eq!(shown.changes, req.changes, "the changes are kept as pushed");
    // Someone without a role sees neither the list's entries nor the proposal.
    assert!(
        s.proposals(&t.outsider, t.project)
            .await
            .unwrap()
            .is_empty()
    );
    forbidden(s.proposal(&t.outsider, made.id).await);
    // Unprotected, pushes land directly again.
    protect(&*s, &t.alice, t.env, 0).await.unwrap();
    let direct = push(&*s, &t.bob, t.env, &push_req(0, vec![version("API", 1)]))
        .await
        .unwrap();
    assert_eq!((direct.revision, direct.proposal), (1, None));
}

pub(super) async fn the_author_readers_and_viewers_cannot_approve_and_it_lands_once<S: Store>(
    s: Arc<S>,
) {
    let t = cast(&*s).await;
    protect(&*s, &t.alice, t.env, 1).await.unwrap();
    let req = push_req(0, vec![version("DB", 1), version("API", 1)]);
    let id = push(&*s, &t.bob, t.env, &req)
        .await
        .unwrap()
        .proposal
        .unwrap()
        .id;
    assert!(matches!(
        approve(&*s, &t.bob, id).await,
        Err(StoreError::OwnProposal { project }) if project == t.project
    ));
    for c in [&t.rita, &t.vic] {
        let why = forbidden(approve(&*s, c, id).await);
        assert!(why.contains("writer"), "{why}");
    }
    forbidden(approve(&*s, &t.outsider, id).await);
    let applied = approve(&*s, &t.carol, id).await.unwrap();
    assert_eq!(applied.state, ProposalState::Applied);
    assert_eq!(applied.applied_revision, Some(1));
    let (_, snap) = s.snapshot(&t.alice, t.env).await.unwrap();
    assert_eq!(snap.revision, 1);
    assert_eq!(snap.items.len(), 2);
    // A second approval of an applied proposal is refused and changes nothing.
    for c in [&t.alice, &t.carol] {
        assert!(matches!(
            approve(&*s, c, id).await,
            Err(StoreError::ProposalClosed {
                state: ProposalState::Applied
            })
        ));
    }
    assert_eq!(s.env_head(&t.alice, t.env).await.unwrap().1, 1);
    // The author's retry of the same push gets the applied answer (its client then marks
    // the items pushed), not a new proposal.
    let retry = push(&*s, &t.bob, t.env, &req).await.unwrap();
    assert_eq!(
        (retry.revision, retry.accepted, retry.proposal),
        (1, 2, None)
    );
    assert!(s.proposals(&t.alice, t.project).await.unwrap().is_empty());
}

pub(super) async fn n_approvals_need_n_distinct_approvers<S: Store>(s: Arc<S>) {
    let t = cast(&*s).await;
    protect(&*s, &t.alice, t.env, 2).await.unwrap();
    let id = propose(&*s, &t.bob, t.env, 0, vec![version("DB", 1)]).await;
    let one = approve(&*s, &t.alice, id).await.unwrap();
    assert_eq!(
        (one.state, one.approvals.len()),
        (ProposalState::Pending, 1)
    );
    assert_eq!(one.approvals[0].user_name, "alice");
    assert!(matches!(
        approve(&*s, &t.alice, id).await,
        Err(StoreError::AlreadyApproved { have: 1, needed: 2 })
    ));
    assert_eq!(s.env_head(&t.alice, t.env).await.unwrap().1, 0);
    let two = approve(&*s, &t.carol, id).await.unwrap();
    assert_eq!(two.state, ProposalState::Applied);
    assert_eq!(s.env_head(&t.alice, t.env).await.unwrap().1, 1);
}

pub(super) async fn a_proposal_whose_items_changed_since_its_base_conflicts_by_name<S: Store>(
    s: Arc<S>,
) {
    let t = cast(&*s).await;
    protect(&*s, &t.alice, t.env, 1).await.unwrap();
    let first = propose(&*s, &t.bob, t.env, 0, vec![version("DB", 1)]).await;
    let second = propose(
        &*s,
        &t.carol,
        t.env,
        0,
        vec![version("DB", 2), version("API", 1)],
    )
    .await;
    approve(&*s, &t.carol, first).await.unwrap();
    match approve(&*s, &t.bob, second).await {
        Err(StoreError::ProposalConflict(c)) => {
            assert_eq!((c.names, c.revision), (vec!["DB".to_string()], 1));
        }
        other => panic!("expected a proposal conflict, got {other:?}"),
    }
    // Nothing of it landed, and it is closed: out of the list, refused on approval.
    let (_, snap) = s.snapshot(&t.alice, t.env).await.unwrap();
    assert_eq!(snap.items.len(), 1);
    assert!(s.proposals(&t.alice, t.project).await.unwrap().is_empty());
    let (_, p) = s.proposal(&t.alice, second).await.unwrap();
    assert_eq!(p.state, ProposalState::Conflicted);
    assert!(matches!(
        approve(&*s, &t.alice, second).await,
        Err(StoreError::ProposalClosed {
            state: ProposalState::Conflicted
        })
    ));
    // A proposal from a base that has become stale is refused when it is made, by name.
    match push(&*s, &t.bob, t.env, &push_req(0, vec![version("DB", 3)])).await {
        Err(StoreError::Conflict(c)) => assert_eq!(c.names, ["DB"]),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

pub(super) async fn a_rejected_proposal_leaves_the_list_and_never_applies<S: Store>(s: Arc<S>) {
    let t = cast(&*s).await;
    protect(&*s, &t.alice, t.env, 1).await.unwrap();
    let by_bob = propose(&*s, &t.bob, t.env, 0, vec![version("DB", 1)]).await;
    let by_carol = propose(&*s, &t.carol, t.env, 0, vec![version("API", 1)]).await;
    let reject = |c: Caller, id: Uuid| {
        let s = s.clone();
        async move { s.reject_proposal(&c, id, event("proposal_reject")).await }
    };
    for c in [&t.rita, &t.vic, &t.outsider] {
        forbidden(reject(c.clone(), by_bob).await);
    }
    // Its author withdraws one; a writer rejects another's.
    let withdrawn = reject(t.bob.clone(), by_bob).await.unwrap();
    assert_eq!(withdrawn.state, ProposalState::Rejected);
    reject(t.bob.clone(), by_carol).await.unwrap();
    assert!(s.proposals(&t.alice, t.project).await.unwrap().is_empty());
    assert!(matches!(
        approve(&*s, &t.alice, by_bob).await,
        Err(StoreError::ProposalClosed {
            state: ProposalState::Rejected
        })
    ));
    assert_eq!(s.env_head(&t.alice, t.env).await.unwrap().1, 0);
}

pub(super) async fn protection_and_every_proposal_step_are_audited_with_actor_and_target<
    S: Store,
>(
    s: Arc<S>,
) {
    let t = cast(&*s).await;
    protect(&*s, &t.alice, t.env, 1).await.unwrap();
    let applied = propose(&*s, &t.bob, t.env, 0, vec![version("DB", 1)]).await;
    let rejected = propose(&*s, &t.bob, t.env, 0, vec![version("API", 1)]).await;
    let mut approval = event("proposal_approve");
    approval.actor = "carol".into();
    approval.device = Some("carol-laptop".into());
    s.approve_proposal(&t.carol, applied, approval)
        .await
        .unwrap();
    s.reject_proposal(&t.carol, rejected, event("proposal_reject"))
        .await
        .unwrap();
    protect(&*s, &t.alice, t.env, 0).await.unwrap();
    let page = s.audit(0, 1000).await.unwrap();
    let find = |action: &str| {
        page.entries
            .iter()
            .filter(|e| e.action == action)
            .collect::<Vec<_>>()
    };
    assert_eq!(find("protect").len(), 1);
    assert_eq!(find("unprotect").len(), 1);
    let proposals = find("proposal");
    assert_eq!(proposals.len(), 2);
    let target = format!("proposal {applied} by bob");
    assert_eq!(proposals[0].target.as_deref(), Some(target.as_str()));
    assert_eq!(proposals[0].names, ["DB"]);
    assert_eq!(proposals[0].env, Some(t.env));
    let approve = find("proposal_approve");
    assert_eq!(approve.len(), 1);
    assert_eq!(approve[0].actor, "carol");
    assert_eq!(approve[0].device.as_deref(), Some("carol-laptop"));
    assert_eq!(approve[0].target.as_deref(), Some(target.as_str()));
    let landed = find("proposal_applied");
    assert_eq!(landed.len(), 1);
    assert_eq!(
        (landed[0].names.clone(), landed[0].project),
        (vec!["DB".to_string()], Some(t.project))
    );
    let target = format!("proposal {rejected} by bob");
    assert_eq!(
        find("proposal_reject")[0].target.as_deref(),
        Some(target.as_str())
    );
}
