//! Share links on both backends: only readers of the environment create one, only its
//! creator lists and revokes it; a link is revealed at most `max_views` times even when
//! every reveal arrives at once, and the last view forgets the ciphertext; a link sealed
//! to a user answers only that user, with the wrap of the calling device.

use super::*;
use crate::server::store::shares::{Reveal, Revealer};
use crate::wire::share::{CreateShare, ShareState, ShareWrap};

fn share(id: &str, env: Uuid, max_views: u32) -> CreateShare {
    CreateShare {
        id: id.into(),
        env_id: env,
        name: "API_KEY".into(),
        envelope: vec![7; 60],
        expires_in_secs: 600,
        max_views,
        password: false,
        to_user_id: None,
        wraps: Vec::new(),
    }
}

const ID: &str = "AAECAwQFBgcICQoLDA0ODw";

pub(super) async fn only_readers_create_and_only_the_creator_lists_and_revokes<S: Store>(
    s: Arc<S>,
) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let bob = user(&*s, &alice, "bob").await;
    let refused = s
        .create_share(&bob, &share(ID, env, 1), now_ms(), event("share_create"))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Forbidden { .. })),
        "{refused:?}"
    );
    let info = s
        .create_share(&alice, &share(ID, env, 2), now_ms(), event("share_create"))
        .await
        .unwrap();
    assert_eq!((info.views, info.state), (0, ShareState::Active));
    let again = s
        .create_share(&alice, &share(ID, env, 2), now_ms(), event("share_create"))
        .await;
    assert!(matches!(again, Err(StoreError::ShareExists)), "{again:?}");
    assert!(s.shares(&bob, now_ms()).await.unwrap().is_empty());
    assert_eq!(s.shares(&alice, now_ms()).await.unwrap(), [info]);
    let not_his = s
        .revoke_share(&bob, ID, now_ms(), event("share_revoke"))
        .await;
    assert!(
        matches!(not_his, Err(StoreError::Forbidden { .. })),
        "{not_his:?}"
    );
    let revoked = s
        .revoke_share(&alice, ID, now_ms(), event("share_revoke"))
        .await
        .unwrap();
    assert_eq!(revoked.state, ShareState::Revoked);
    let after = s
        .reveal_share(ID, None, now_ms(), event("share_view"))
        .await;
    assert_eq!(after.unwrap(), Reveal::Gone(ShareState::Revoked));
}

pub(super) async fn concurrent_reveals_never_take_more_than_max_views<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    s.create_share(&alice, &share(ID, env, 3), now_ms(), event("share_create"))
        .await
        .unwrap();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move {
                s.reveal_share(ID, None, now_ms(), event("share_view"))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut shown = 0;
    for t in tasks {
        match t.await.unwrap() {
            Reveal::Shown(r) => {
                assert_eq!(r.envelope, vec![7; 60]);
                shown += 1;
            }
            Reveal::Gone(state) => assert_eq!(state, ShareState::Used),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(shown, 3);
    let page = s.share_state(ID, now_ms()).await.unwrap();
    assert_eq!(page.state, ShareState::Used);
}

pub(super) async fn a_sealed_share_answers_only_its_user_with_this_device_s_wrap<S: Store>(
    s: Arc<S>,
) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let bob = user(&*s, &alice, "bob").await;
    let mut sealed = share(ID, env, 1);
    sealed.to_user_id = Some(bob.user_id);
    sealed.wraps = vec![ShareWrap {
        recipient: alice.recipient.clone(),
        wrapped: vec![1],
    }];
    let misaddressed = s
        .create_share(&alice, &sealed, now_ms(), event("share_create"))
        .await;
    assert!(
        matches!(misaddressed, Err(StoreError::Invalid(_))),
        "{misaddressed:?}"
    );
    sealed.wraps[0].recipient = bob.recipient.clone();
    let info = s
        .create_share(&alice, &sealed, now_ms(), event("share_create"))
        .await
        .unwrap();
    assert_eq!(info.to_user_id, Some(bob.user_id));
    let as_who = |c: &Caller| Revealer {
        user_id: c.user_id,
        recipient: c.recipient.clone(),
    };
    for who in [None, Some(as_who(&alice))] {
        let r = s.reveal_share(ID, who, now_ms(), event("share_view")).await;
        assert!(matches!(r, Ok(Reveal::NotYours(_))), "{r:?}");
    }
    let r = s
        .reveal_share(ID, Some(as_who(&bob)), now_ms(), event("share_view"))
        .await
        .unwrap();
    let Reveal::Shown(r) = r else { panic!("{r:?}") };
    assert_eq!((r.wrapped_key, r.views_left), (vec![1], 0));
}
