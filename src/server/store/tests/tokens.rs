//! Service tokens on both backends: only an environment's admins make, see and revoke
//! them; a use passes only every check, counts, is audited and serves only matching names;
//! revocation forgets the share and the wraps.

use std::net::IpAddr;

use sha2::{Digest, Sha256};

use super::*;
use crate::server::store::tokens::{
    OidcCheck, Recorded, Refusal, Refused, UseCount, Watch, Watched,
};
use crate::wire::token::{CreateServiceToken, OidcBinding, TokenEnvKeys, TokenScope};

const LOOPBACK: &str = "127.0.0.1";

/// A creation request whose auth secret is `[seed; 32]`.
fn request(name: &str, env: Uuid, seed: u8, scope: TokenScope) -> CreateServiceToken {
    let recipient = recipient(&format!("token{seed}"));
    CreateServiceToken {
        id: hex::encode([seed; 16]),
        name: name.into(),
        recipient: recipient.clone(),
        share: vec![seed ^ 0xff; 32],
        verifier: Sha256::digest([seed; 32]).to_vec(),
        scope,
        envs: vec![TokenEnvKeys {
            env_id: env,
            wraps: vec![WrappedKey {
                key_version: 1,
                recipient,
                wrapped: b"wrapped to the token".to_vec(),
            }],
        }],
        inherited: vec![],
    }
}

/// What a use presents for the token of `seed`.
fn presented(seed: u8) -> [u8; 32] {
    Sha256::digest([seed; 32]).into()
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// Alice (admin) with env `dev` holding `auth.key` and `billing.key`; one user per role.
async fn setup<S: Store>(s: &S) -> (Caller, Uuid, Uuid, Vec<(Role, Caller)>) {
    let alice = admin(s).await;
    let env = project_and_env(s, &alice).await;
    let project = s.env(&alice, env).await.unwrap().project_id;
    push(
        s,
        &alice,
        env,
        &push_req(0, vec![version("auth.key", 1), version("billing.key", 1)]),
    )
    .await
    .unwrap();
    let mut by_role = Vec::new();
    for role in Role::ALL {
        let c = user(s, &alice, &format!("{role}-user")).await;
        let put = PutMember { role, env_id: None };
        s.put_member(&alice, project, &c.user_name, &put, event("member_put"))
            .await
            .unwrap();
        by_role.push((role, c));
    }
    (alice, project, env, by_role)
}

pub(super) async fn only_env_admins_make_see_and_revoke_service_tokens<S: Store>(s: Arc<S>) {
    let (alice, _, env, by_role) = setup(&*s).await;
    let outsider = user(&*s, &alice, "outsider").await;
    let mut seed = 1;
    for (role, c) in by_role
        .iter()
        .map(|(r, c)| (Some(*r), c))
        .chain([(None, &outsider)])
    {
        seed += 1;
        let made = s
            .create_service_token(
                c,
                &request(&format!("t{seed}"), env, seed, TokenScope::default()),
                now_ms(),
                event("token_create"),
            )
            .await;
        match role {
            Some(Role::Admin) => {
                made.unwrap();
            }
            _ => assert!(
                matches!(made, Err(StoreError::Forbidden { .. })),
                "{role:?} made a token: {made:?}"
            ),
        }
        let listed = s.service_tokens(c).await.unwrap();
        assert_eq!(
            listed.len(),
            usize::from(role == Some(Role::Admin)),
            "{role:?} sees {listed:?}"
        );
    }
    let admin = &by_role.iter().find(|(r, _)| *r == Role::Admin).unwrap().1;
    let name = s.service_tokens(admin).await.unwrap()[0].name.clone();
    for (role, c) in by_role.iter().filter(|(r, _)| *r != Role::Admin) {
        let refused = s
            .revoke_service_token(c, &name, now_ms(), event("token_revoke"))
            .await;
        assert!(
            matches!(refused, Err(StoreError::Forbidden { .. })),
            "{role} revoked: {refused:?}"
        );
    }
    let revoked = s
        .revoke_service_token(admin, &name, now_ms(), event("token_revoke"))
        .await
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    // Server admins see every token.
    assert_eq!(s.service_tokens(&alice).await.unwrap().len(), 1);
}

pub(super) async fn a_token_use_passes_every_check_counts_and_serves_matching_names<S: Store>(
    s: Arc<S>,
) {
    let (alice, project, env, _) = setup(&*s).await;
    let scope = TokenScope {
        names: vec!["auth.*".into()],
        max_uses: Some(2),
        ..TokenScope::default()
    };
    let id = hex::encode([7u8; 16]);
    s.create_service_token(
        &alice,
        &request("ci", env, 7, scope),
        now_ms(),
        event("token_create"),
    )
    .await
    .unwrap();
    let wrong = s
        .use_service_token(
            &id,
            presented(8),
            ip(LOOPBACK),
            OidcCheck::Absent,
            event("token_use"),
        )
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(wrong.why, Refusal::NotValid);
    let grant = s
        .use_service_token(
            &id,
            presented(7),
            ip(LOOPBACK),
            OidcCheck::Absent,
            event("token_use"),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(grant.recorded, Recorded::Already),
        "a token with --max-uses is counted in the use's transaction"
    );
    let grant = grant.grant;
    assert_eq!(grant.share, vec![7 ^ 0xff; 32]);
    let e = &grant.envs[0];
    assert_eq!(
        (e.env_id, e.project_id, e.env.as_str()),
        (env, project, "dev")
    );
    assert_eq!(e.keys.len(), 1);
    let names: Vec<&str> = e.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["auth.key"]);
    s.use_service_token(
        &id,
        presented(7),
        ip(LOOPBACK),
        OidcCheck::Absent,
        event("token_use"),
    )
    .await
    .unwrap()
    .unwrap();
    let spent = s
        .use_service_token(
            &id,
            presented(7),
            ip(LOOPBACK),
            OidcCheck::Absent,
            event("token_use"),
        )
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(spent.why, Refusal::UsedUp(2));
    let listed = s.service_tokens(&alice).await.unwrap();
    assert_eq!(
        (listed[0].uses, listed[0].last_used_at.is_some()),
        (2, true)
    );
    let audit = s.audit(0, 1000).await.unwrap().entries;
    let uses: Vec<_> = audit.iter().filter(|a| a.action == "token_use").collect();
    assert_eq!(
        uses.len(),
        2,
        "successful uses are audited in their transaction"
    );
    assert_eq!(uses[0].actor, "token:ci");
    assert_eq!(uses[0].names, ["auth.key"]);

    let fenced = TokenScope {
        cidrs: vec!["10.0.0.0/8".into()],
        ..TokenScope::default()
    };
    s.create_service_token(
        &alice,
        &request("fenced", env, 9, fenced),
        now_ms(),
        event("token_create"),
    )
    .await
    .unwrap();
    let fid = hex::encode([9u8; 16]);
    let far = s
        .use_service_token(
            &fid,
            presented(9),
            ip(LOOPBACK),
            OidcCheck::Absent,
            event("token_use"),
        )
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(far.why, Refusal::Address(ip(LOOPBACK)));
    s.use_service_token(
        &fid,
        presented(9),
        ip("10.2.3.4"),
        OidcCheck::Absent,
        event("token_use"),
    )
    .await
    .unwrap()
    .unwrap();

    s.revoke_service_token(&alice, "fenced", now_ms(), event("token_revoke"))
        .await
        .unwrap();
    let gone = s
        .use_service_token(
            &fid,
            presented(9),
            ip("10.2.3.4"),
            OidcCheck::Absent,
            event("token_use"),
        )
        .await
        .unwrap()
        .unwrap_err();
    assert!(matches!(gone.why, Refusal::Revoked(_)), "{gone:?}");
    // A second live token of the same name is refused; after revocation the name is free.
    let dup = s
        .create_service_token(
            &alice,
            &request("ci", env, 10, TokenScope::default()),
            now_ms(),
            event("token_create"),
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Invalid(_))), "{dup:?}");
    s.create_service_token(
        &alice,
        &request("fenced", env, 11, TokenScope::default()),
        now_ms(),
        event("token_create"),
    )
    .await
    .unwrap();
}

pub(super) async fn a_token_carries_wraps_only_to_its_own_recipient<S: Store>(s: Arc<S>) {
    let (alice, _, env, _) = setup(&*s).await;
    let mut req = request("ci", env, 3, TokenScope::default());
    req.envs[0].wraps[0].recipient = alice.recipient.clone();
    let refused = s
        .create_service_token(&alice, &req, now_ms(), event("token_create"))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
}

pub(super) async fn a_bound_token_stores_its_binding_and_needs_a_verified_id_token<S: Store>(
    s: Arc<S>,
) {
    let (alice, _, env, _) = setup(&*s).await;
    let binding = OidcBinding {
        issuer: "https://issuer.example".into(),
        audience: "secretscli".into(),
        subject: "repo:org/app:*".into(),
    };
    let scope = TokenScope {
        oidc: Some(binding.clone()),
        ..TokenScope::default()
    };
    let made = s
        .create_service_token(
            &alice,
            &request("ci", env, 4, scope),
            now_ms(),
            event("token_create"),
        )
        .await
        .unwrap();
    assert_eq!(made.scope.oidc.as_ref(), Some(&binding));
    let listed = s.service_tokens(&alice).await.unwrap();
    assert_eq!(listed[0].scope.oidc.as_ref(), Some(&binding));
    let id = hex::encode([4u8; 16]);
    assert_eq!(s.service_token_oidc(&id).await.unwrap(), Some(binding));
    assert_eq!(
        s.service_token_oidc(&hex::encode([5u8; 16])).await.unwrap(),
        None
    );
    let use_with = |check: OidcCheck| {
        let (s, id) = (s.clone(), id.clone());
        async move {
            s.use_service_token(&id, presented(4), ip(LOOPBACK), check, event("token_use"))
                .await
                .unwrap()
        }
    };
    let missing = use_with(OidcCheck::Absent).await.unwrap_err();
    assert!(matches!(missing.why, Refusal::Oidc(_)), "{missing:?}");
    let verified = |subject: &str| OidcCheck::Verified {
        issuer: "https://issuer.example".into(),
        audience: "secretscli".into(),
        subject: subject.into(),
    };
    let other = use_with(verified("repo:org/other:ref:refs/heads/main")).await;
    assert!(matches!(other.unwrap_err().why, Refusal::Oidc(_)));
    let grant = use_with(verified("repo:org/app:ref:refs/heads/main"))
        .await
        .unwrap();
    assert_eq!(grant.grant.share, vec![4 ^ 0xff; 32]);
    // No limit: the use was a read, its entry left for the batching audit writer.
    let Recorded::Pending(events) = grant.recorded else {
        panic!("a token without --max-uses is not counted by the store");
    };
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].actor.as_str(), events[0].env),
        ("token:ci", Some(env))
    );
    assert_eq!(s.service_tokens(&alice).await.unwrap()[0].uses, 0);
}

pub(super) async fn counted_uses_add_up_and_the_last_use_time_never_goes_back<S: Store>(s: Arc<S>) {
    let (alice, _, env, _) = setup(&*s).await;
    s.create_service_token(
        &alice,
        &request("ci", env, 4, TokenScope::default()),
        now_ms(),
        event("token_create"),
    )
    .await
    .unwrap();
    let id = hex::encode([4u8; 16]);
    let count = |uses, at| UseCount {
        token_id: id.clone(),
        uses,
        last_used_at: at,
    };
    s.count_token_uses(vec![count(3, 2_000)]).await.unwrap();
    s.count_token_uses(vec![count(2, 1_000)]).await.unwrap();
    let listed = &s.service_tokens(&alice).await.unwrap()[0];
    assert_eq!((listed.uses, listed.last_used_at), (5, Some(2_000)));
}

pub(super) async fn only_env_admins_list_tokens_and_give_them_new_key_versions<S: Store>(
    s: Arc<S>,
) {
    let (alice, _, env, by_role) = setup(&*s).await;
    let mine = vec![WrappedKey {
        key_version: 1,
        recipient: alice.recipient.clone(),
        wrapped: b"age wrap for alice".to_vec(),
    }];
    s.put_env_key(&alice, env, 1, &mine, event("put_env_key"))
        .await
        .unwrap();
    let admin = &by_role.iter().find(|(r, _)| *r == Role::Admin).unwrap().1;
    let req = request("t", env, 5, TokenScope::default());
    s.create_service_token(admin, &req, now_ms(), event("token_create"))
        .await
        .unwrap();
    let wrap = |recipient: &str, key_version: u32| {
        vec![crate::wire::token::TokenWrap {
            token_id: req.id.clone(),
            wrap: WrappedKey {
                key_version,
                recipient: recipient.into(),
                wrapped: b"wrapped to the token".to_vec(),
            },
        }]
    };
    for (role, c) in by_role.iter().filter(|(r, _)| *r != Role::Admin) {
        let listed = s.token_recipients(c, env).await;
        assert!(
            matches!(listed, Err(StoreError::Forbidden { .. })),
            "{role} listed: {listed:?}"
        );
        let put = s
            .put_token_wraps(c, env, wrap(&req.recipient, 1), event("token_keys"))
            .await;
        assert!(
            matches!(put, Err(StoreError::Forbidden { .. })),
            "{role} gave keys: {put:?}"
        );
    }
    let listed = s.token_recipients(admin, env).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].recipient.as_str(),
            listed[0].key_versions.as_slice()
        ),
        (req.recipient.as_str(), [1u32].as_slice())
    );
    s.put_token_wraps(admin, env, wrap(&req.recipient, 1), event("token_keys"))
        .await
        .unwrap();
    for (what, bad) in [
        ("another recipient", wrap(&alice.recipient, 1)),
        (
            "a key version the environment lacks",
            wrap(&req.recipient, 9),
        ),
    ] {
        let put = s
            .put_token_wraps(admin, env, bad, event("token_keys"))
            .await;
        assert!(
            matches!(put, Err(StoreError::Invalid(_))),
            "{what}: {put:?}"
        );
    }
    s.revoke_service_token(admin, "t", now_ms(), event("token_revoke"))
        .await
        .unwrap();
    assert!(s.token_recipients(admin, env).await.unwrap().is_empty());
    let put = s
        .put_token_wraps(admin, env, wrap(&req.recipient, 1), event("token_keys"))
        .await;
    assert!(
        matches!(put, Err(StoreError::Invalid(_))),
        "revoked: {put:?}"
    );
}

/// A watch of `env` by the token of `seed`, since revision `since`.
async fn watch<S: Store>(
    s: &S,
    seed: u8,
    env: Uuid,
    since: i64,
) -> Result<std::result::Result<Watched, Refused>> {
    let w = Watch {
        id: hex::encode([seed; 16]),
        presented: presented(seed),
        client: ip(LOOPBACK),
        now: now_ms(),
    };
    s.token_changes(&w, env, since).await
}

pub(super) async fn a_watching_token_follows_its_envs_and_their_ancestors_by_its_names_only<
    S: Store,
>(
    s: Arc<S>,
) {
    let (alice, project, dev, _) = setup(&*s).await;
    let prod = Uuid::new_v4();
    let put = PutEnv {
        project_id: project,
        name: "prod".into(),
        parent_id: Some(dev),
    };
    s.put_env(&alice, prod, &put, now_ms()).await.unwrap();
    let scope = TokenScope {
        names: vec!["auth.*".into()],
        max_uses: Some(1),
        ..TokenScope::default()
    };
    for (name, env, seed, scope) in [
        ("dev-ci", dev, 7, scope),
        ("prod-ci", prod, 9, TokenScope::default()),
    ] {
        let req = request(name, env, seed, scope);
        s.create_service_token(&alice, &req, now_ms(), event("token_create"))
            .await
            .unwrap();
    }

    let wrong = Watch {
        presented: presented(8),
        ..Watch {
            id: hex::encode([7u8; 16]),
            presented: presented(7),
            client: ip(LOOPBACK),
            now: now_ms(),
        }
    };
    let refused = s.token_changes(&wrong, dev, 0).await.unwrap().unwrap_err();
    assert_eq!(refused.why, Refusal::NotValid);

    let w = watch(&*s, 7, dev, 0).await.unwrap().unwrap();
    assert_eq!(
        (w.name.as_str(), w.project, w.page.revision),
        ("dev-ci", project, 1)
    );
    assert_eq!(w.page.changes.len(), 1);
    assert_eq!(
        w.page.changes[0].names,
        ["auth.key"],
        "billing.key is outside auth.*"
    );

    // A revision that touched only names outside the globs is left out; the head moves.
    push(
        &*s,
        &alice,
        dev,
        &push_req(1, vec![version("billing.key", 2)]),
    )
    .await
    .unwrap();
    let w = watch(&*s, 7, dev, 1).await.unwrap().unwrap();
    assert_eq!((w.page.revision, w.page.changes.len()), (2, 0));

    // Watching is not a use: the one use --max-uses allows is still there.
    let used = s
        .use_service_token(
            &hex::encode([7u8; 16]),
            presented(7),
            ip(LOOPBACK),
            OidcCheck::Absent,
            event("token_use"),
        )
        .await
        .unwrap();
    assert!(used.is_ok(), "{:?}", used.err());

    // Its own environments and their ancestors only.
    assert!(
        watch(&*s, 9, dev, 0).await.unwrap().is_ok(),
        "dev is prod's parent"
    );
    let child = watch(&*s, 7, prod, 0).await;
    assert!(
        matches!(child, Err(StoreError::Forbidden { .. })),
        "{child:?}"
    );

    s.revoke_service_token(&alice, "dev-ci", now_ms(), event("token_revoke"))
        .await
        .unwrap();
    let revoked = watch(&*s, 7, dev, 0).await.unwrap().unwrap_err();
    assert!(matches!(revoked.why, Refusal::Revoked(_)), "{revoked:?}");
}

/// Each use's served items as `name vVERSION`, or why it was refused.
async fn served<S: Store>(s: &S, seed: u8) -> std::result::Result<Vec<String>, Refusal> {
    let id = hex::encode([seed; 16]);
    let used = s
        .use_service_token(
            &id,
            presented(seed),
            ip(LOOPBACK),
            OidcCheck::Absent,
            event("token_use"),
        )
        .await
        .unwrap();
    match used {
        Ok(g) => Ok(g.grant.envs[0]
            .items
            .iter()
            .map(|i| format!("{} v{}", i.name, i.version))
            .collect()),
        Err(refused) => Err(refused.why),
    }
}

pub(super) async fn repeated_uses_serve_every_push_and_each_token_its_own_names<S: Store>(
    s: Arc<S>,
) {
    let (alice, _, env, _) = setup(&*s).await;
    let auth_only = TokenScope {
        names: vec!["auth.*".into()],
        ..TokenScope::default()
    };
    for (name, seed, scope) in [("auth", 21, auth_only), ("all", 22, TokenScope::default())] {
        let req = request(name, env, seed, scope);
        s.create_service_token(&alice, &req, now_ms(), event("token_create"))
            .await
            .unwrap();
    }
    for _ in 0..2 {
        assert_eq!(served(&*s, 21).await.unwrap(), ["auth.key v1"]);
        assert_eq!(
            served(&*s, 22).await.unwrap(),
            ["auth.key v1", "billing.key v1"]
        );
    }
    let base = s.env(&alice, env).await.unwrap().revision;
    let changes = vec![
        version("auth.key", 2),
        Change::Delete {
            name: "billing.key".into(),
        },
    ];
    push(&*s, &alice, env, &push_req(base, changes))
        .await
        .unwrap();
    assert_eq!(served(&*s, 21).await.unwrap(), ["auth.key v2"]);
    assert_eq!(served(&*s, 22).await.unwrap(), ["auth.key v2"]);
    // A wrong secret, a revoked token: nothing served from what an earlier use was given.
    let wrong = s
        .use_service_token(
            &hex::encode([21u8; 16]),
            presented(23),
            ip(LOOPBACK),
            OidcCheck::Absent,
            event("token_use"),
        )
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(wrong.why, Refusal::NotValid);
    s.revoke_service_token(&alice, "auth", now_ms(), event("token_revoke"))
        .await
        .unwrap();
    assert!(matches!(served(&*s, 21).await, Err(Refusal::Revoked(_))));
}
