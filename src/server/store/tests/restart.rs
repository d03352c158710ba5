//! Restart slots on both backends: at most `max` holders of a group at once, even when
//! every asker asks at the same moment; a holder's own retry renews rather than counts; a
//! slot given back or left by a vanished holder (past its ttl) is free again; only
//! viewers and above of the environment may take one.

use super::*;
use crate::wire::restart::{SlotAnswer, SlotRequest};

fn ask(holder: &str, max: u32, ttl_secs: u32) -> SlotRequest {
    SlotRequest {
        max,
        holder: holder.into(),
        ttl_secs,
    }
}

async fn take<S: Store>(s: &S, who: &Caller, env: Uuid, req: SlotRequest, now: i64) -> SlotAnswer {
    s.take_restart_slot(who, env, "web", &req, now)
        .await
        .unwrap()
        .1
}

pub(super) async fn restart_slots_grant_up_to_max_renew_their_holder_and_free_on_release<
    S: Store,
>(
    s: Arc<S>,
) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let now = 1_000_000;
    assert!(take(&*s, &alice, env, ask("a", 2, 30), now).await.granted);
    let b = take(&*s, &alice, env, ask("b", 2, 30), now).await;
    assert_eq!((b.granted, b.expires_at), (true, Some(now + 30_000)));
    let c = take(&*s, &alice, env, ask("c", 2, 30), now + 1).await;
    assert_eq!(
        (c.granted, c.retry_after_ms),
        (false, Some(crate::wire::restart::MAX_RETRY_AFTER_MS))
    );
    // `a` asking again renews its own slot and takes no other.
    let again = take(&*s, &alice, env, ask("a", 2, 30), now + 2).await;
    assert_eq!(again.expires_at, Some(now + 2 + 30_000));
    assert!(
        !take(&*s, &alice, env, ask("c", 2, 30), now + 3)
            .await
            .granted
    );
    // Another group of the same environment counts apart.
    let other = s
        .take_restart_slot(&alice, env, "workers", &ask("c", 1, 30), now)
        .await
        .unwrap();
    assert!(other.1.granted);
    s.release_restart_slot(&alice, env, "web", "a")
        .await
        .unwrap();
    // Giving back what one does not hold is not an error.
    s.release_restart_slot(&alice, env, "web", "nobody")
        .await
        .unwrap();
    assert!(
        take(&*s, &alice, env, ask("c", 2, 30), now + 4)
            .await
            .granted
    );
}

pub(super) async fn a_restart_slot_whose_holder_vanished_expires_after_its_ttl<S: Store>(
    s: Arc<S>,
) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let now = 5_000_000;
    assert!(take(&*s, &alice, env, ask("gone", 1, 2), now).await.granted);
    let early = take(&*s, &alice, env, ask("next", 1, 2), now + 1_500).await;
    assert_eq!((early.granted, early.retry_after_ms), (false, Some(500)));
    // `gone` never gives it back; once its two seconds have passed the slot is free.
    assert!(
        take(&*s, &alice, env, ask("next", 1, 2), now + 2_000)
            .await
            .granted
    );
}

pub(super) async fn concurrent_askers_never_hold_more_than_max_slots<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let now = now_ms();
    let askers: Vec<_> = (0..12)
        .map(|n| {
            let (s, alice) = (s.clone(), alice.clone());
            tokio::spawn(async move {
                let req = ask(&format!("h{n}"), 3, 60);
                s.take_restart_slot(&alice, env, "web", &req, now)
                    .await
                    .unwrap()
                    .1
                    .granted
            })
        })
        .collect();
    let mut granted = 0;
    for asker in askers {
        granted += usize::from(asker.await.unwrap());
    }
    assert_eq!(granted, 3);
}

pub(super) async fn restart_slots_are_for_viewers_and_above<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let outsider = user(&*s, &alice, "outsider").await;
    let refused = s
        .take_restart_slot(&outsider, env, "web", &ask("x", 5, 30), now_ms())
        .await;
    assert!(
        matches!(refused, Err(StoreError::Forbidden { .. })),
        "{refused:?}"
    );
    let release = s.release_restart_slot(&outsider, env, "web", "x").await;
    assert!(
        matches!(release, Err(StoreError::Forbidden { .. })),
        "{release:?}"
    );
    let missing = s
        .take_restart_slot(&alice, Uuid::new_v4(), "web", &ask("x", 5, 30), now_ms())
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}
