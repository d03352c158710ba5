//! The change feed's reads on both backends: names per revision after `since`, viewers
//! and above only, a gap wider than one page (or a `since` past the head) answered with
//! `pull_from`, never with a partial list.

use super::*;
use crate::wire::feed::{FeedRevision, MAX_FEED_REVISIONS};

pub(super) async fn the_feed_lists_names_per_revision_after_since<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let (_, empty) = s.changes(&alice, env, 0).await.unwrap();
    assert_eq!(
        (empty.revision, empty.changes.len(), empty.pull_from),
        (0, 0, None)
    );
    push(
        &*s,
        &alice,
        env,
        &push_req(0, vec![version("B", 1), version("A", 1)]),
    )
    .await
    .unwrap();
    let delete = Change::Delete { name: "B".into() };
    push(
        &*s,
        &alice,
        env,
        &push_req(1, vec![delete, version("C", 1)]),
    )
    .await
    .unwrap();
    let (_, all) = s.changes(&alice, env, 0).await.unwrap();
    assert_eq!(
        all.changes,
        [
            FeedRevision {
                revision: 1,
                names: vec!["A".into(), "B".into()],
                values: Default::default(),
            },
            FeedRevision {
                revision: 2,
                names: vec!["B".into(), "C".into()],
                values: Default::default(),
            },
        ]
    );
    let (_, tail) = s.changes(&alice, env, 1).await.unwrap();
    assert_eq!(tail.changes.len(), 1);
    let (_, none) = s.changes(&alice, env, 2).await.unwrap();
    assert!(none.changes.is_empty() && none.pull_from.is_none());
    let (_, ahead) = s.changes(&alice, env, 7).await.unwrap();
    assert_eq!(ahead.pull_from, Some(2));
}

pub(super) async fn the_feed_is_for_viewers_and_above_and_says_pull_when_far_behind<S: Store>(
    s: Arc<S>,
) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let project = s.env(&alice, env).await.unwrap().project_id;
    let vic = user(&*s, &alice, "vic").await;
    let put = PutMember {
        role: Role::Viewer,
        env_id: None,
    };
    s.put_member(&alice, project, "vic", &put, event("member_put"))
        .await
        .unwrap();
    let outsider = user(&*s, &alice, "outsider").await;
    for n in 0..=MAX_FEED_REVISIONS {
        let req = push_req(n, vec![version("A", n as u64 + 1)]);
        push(&*s, &alice, env, &req).await.unwrap();
    }
    let (_, behind) = s.changes(&vic, env, 0).await.unwrap();
    assert_eq!(behind.revision, MAX_FEED_REVISIONS + 1);
    assert_eq!((behind.pull_from, behind.changes.len()), (Some(0), 0));
    let (_, close) = s.changes(&vic, env, 1).await.unwrap();
    assert_eq!(close.changes.len() as i64, MAX_FEED_REVISIONS);
    let refused = s.changes(&outsider, env, 0).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Forbidden { .. } | StoreError::NotFound(_))
        ),
        "{refused:?}"
    );
}
