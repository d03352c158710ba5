//! One suite for every backend: each case is an `async fn(&impl Store)`, run against a
//! fresh SQLite file always, and against PostgreSQL: `SECRETSCLI_TEST_DATABASE_URL` (`.ci/run`
//! sets it), else [`DEFAULT_DATABASE_URL`] when it answers, else the case prints a
//! `SKIPPED (no PostgreSQL)` line past the harness's capture instead of passing silently. Each PostgreSQL case gets a schema of its own, dropped after it,
//! so parallel tests and parallel runs never see each other's rows.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use uuid::Uuid;

use super::postgres::PgStore;
use super::sqlite::SqliteStore;
use super::*;
use crate::server::auth;
use crate::wire::team::{PutMember, Role};
use crate::wire::{ItemKind, ItemVersion, PutEnv, WrappedKey};

/// The variable naming the test database.
pub const DATABASE_URL_VAR: &str = "SECRETSCLI_TEST_DATABASE_URL";

/// The database tried when [`DATABASE_URL_VAR`] is unset (the one `.ci/run` uses).
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The variable's URL (it must then answer: the case fails, not skips), else the default
/// when it answers. Probed once per test binary.
fn database_url() -> Option<String> {
    static URL: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    URL.get_or_init(|| match std::env::var(DATABASE_URL_VAR) {
        Ok(url) => Some(url),
        Err(_) => runtime()
            .block_on(answers(DEFAULT_DATABASE_URL))
            .then(|| DEFAULT_DATABASE_URL.to_string()),
    })
    .clone()
}

async fn answers(url: &str) -> bool {
    let probe = tokio_postgres::connect(url, tokio_postgres::NoTls);
    let Ok(Ok((client, conn))) =
        tokio::time::timeout(std::time::Duration::from_secs(3), probe).await
    else {
        return false;
    };
    tokio::spawn(conn);
    client.simple_query("SELECT 1").await.is_ok()
}

/// Says that `case` skipped its PostgreSQL run, with the count so far. Written to the
/// stderr handle, which the harness does not capture (`eprintln!` it would).
fn skipped(case: &str) {
    use std::io::Write as _;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SKIPPED: AtomicUsize = AtomicUsize::new(0);
    let n = SKIPPED.fetch_add(1, Ordering::Relaxed) + 1;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED (no PostgreSQL): on_postgres::{case} ({n} skipped so far; \
         {DEFAULT_DATABASE_URL} does not answer and {DATABASE_URL_VAR} is unset)"
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A PostgreSQL schema that lives as long as one test.
pub struct PgSchema {
    base: String,
    name: String,
}

impl PgSchema {
    pub async fn create(base: &str) -> Self {
        let name = format!("t_{}", Uuid::new_v4().simple());
        let (client, conn) = tokio_postgres::connect(base, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {DATABASE_URL_VAR}: {e}"));
        tokio::spawn(conn);
        client
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .await
            .unwrap();
        PgSchema {
            base: base.to_string(),
            name,
        }
    }

    /// The URL whose connections use this schema.
    pub fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.base, self.name)
    }

    pub async fn drop_schema(self) {
        let (client, conn) = tokio_postgres::connect(&self.base, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        client
            .batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name))
            .await
            .unwrap();
    }
}

mod config;
mod feed;
mod proposals;
mod restart;
mod shares;
mod team;
use config::*;
use feed::*;
use proposals::*;
use restart::*;
use shares::*;
use team::*;
mod tokens;
use tokens::*;

macro_rules! suite {
    ($($case:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[test]
                fn $case() {
                    super::runtime().block_on(async {
                        let dir = tempfile::tempdir().unwrap();
                        let store = super::SqliteStore::open(dir.path()).unwrap();
                        super::$case(std::sync::Arc::new(store)).await;
                    });
                }
            )*
        }
        mod on_postgres {
            $(
                #[test]
                fn $case() {
                    let Some(base) = super::database_url() else {
                        super::skipped(stringify!($case));
                        return;
                    };
                    super::runtime().block_on(async {
                        let schema = super::PgSchema::create(&base).await;
                        let store = super::PgStore::open(&schema.url()).await.unwrap();
                        // A panic inside the task still lets us drop the schema.
                        let outcome = tokio::spawn(super::$case(std::sync::Arc::new(store))).await;
                        schema.drop_schema().await;
                        if let Err(e) = outcome {
                            std::panic::resume_unwind(e.into_panic());
                        }
                    });
                }
            )*
        }
    };
}

suite!(
    bootstrap_makes_one_admin,
    invites_make_users_and_devices,
    revoked_tokens_are_spent,
    access_follows_roles_and_key_wraps,
    push_log_and_snapshot,
    log_pages_never_split_a_revision,
    stale_pushes_conflict_by_name,
    idempotent_retries_land_once,
    concurrent_pushes_serialize,
    blobs_round_trip_byte_for_byte,
    audit_chain_links_and_verifies,
    audit_batches_chain_around_writes_and_each_other,
    every_role_may_do_exactly_its_operations,
    an_environment_role_overrides_the_project_role,
    removal_deletes_wraps_raises_the_floor_and_refuses_old_keys,
    devices_join_pending_until_approved_and_revocation_takes_their_keys,
    an_invite_with_a_grant_makes_a_member_at_login,
    only_env_admins_make_see_and_revoke_service_tokens,
    a_token_use_passes_every_check_counts_and_serves_matching_names,
    repeated_uses_serve_every_push_and_each_token_its_own_names,
    a_token_carries_wraps_only_to_its_own_recipient,
    a_bound_token_stores_its_binding_and_needs_a_verified_id_token,
    counted_uses_add_up_and_the_last_use_time_never_goes_back,
    only_env_admins_list_tokens_and_give_them_new_key_versions,
    a_watching_token_follows_its_envs_and_their_ancestors_by_its_names_only,
    only_admins_protect_and_a_push_there_becomes_one_proposal,
    the_author_readers_and_viewers_cannot_approve_and_it_lands_once,
    n_approvals_need_n_distinct_approvers,
    a_proposal_whose_items_changed_since_its_base_conflicts_by_name,
    a_rejected_proposal_leaves_the_list_and_never_applies,
    protection_and_every_proposal_step_are_audited_with_actor_and_target,
    the_feed_lists_names_per_revision_after_since,
    the_feed_is_for_viewers_and_above_and_says_pull_when_far_behind,
    restart_slots_grant_up_to_max_renew_their_holder_and_free_on_release,
    a_restart_slot_whose_holder_vanished_expires_after_its_ttl,
    concurrent_askers_never_hold_more_than_max_slots,
    restart_slots_are_for_viewers_and_above,
    only_readers_create_and_only_the_creator_lists_and_revokes,
    concurrent_reveals_never_take_more_than_max_views,
    a_sealed_share_answers_only_its_user_with_this_device_s_wrap,
    served_config_follows_pushes_deletes_restores_and_rollbacks,
    a_subtree_holds_the_key_and_names_under_its_dot_and_the_empty_key_all,
    a_config_lookup_resolves_names_and_reads_what_the_asker_may_in_one_call,
);

fn event(action: &str) -> AuditEvent {
    AuditEvent {
        at: now_ms(),
        actor: "test".into(),
        action: action.into(),
        allowed: true,
        client: "127.0.0.1".into(),
        request_id: Uuid::new_v4().to_string(),
        ..AuditEvent::default()
    }
}

fn recipient(name: &str) -> String {
    format!("age1{name}")
}

/// Bootstraps and returns the admin.
async fn admin<S: Store>(s: &S) -> Caller {
    let boot = auth::issue(None);
    assert!(
        s.install_bootstrap(boot.record.clone(), now_ms())
            .await
            .unwrap()
    );
    login(s, &boot.record.id, Some("alice"), "laptop").await
}

async fn login<S: Store>(s: &S, token_id: &str, user: Option<&str>, device: &str) -> Caller {
    let issued = auth::issue(None);
    let new = NewLogin {
        user_id: Uuid::new_v4(),
        user_name: user.map(str::to_string),
        device_id: Uuid::new_v4(),
        device_name: device.into(),
        recipient: recipient(device),
        token: issued.record.clone(),
        now: now_ms(),
    };
    s.login(token_id, new, event("login")).await.unwrap();
    s.token(&issued.record.id)
        .await
        .unwrap()
        .unwrap()
        .caller
        .unwrap()
}

async fn user<S: Store>(s: &S, admin: &Caller, name: &str) -> Caller {
    let invite = auth::issue(Some(now_ms() + 60_000));
    s.create_invite(admin, None, None, invite.record.clone(), event("invite"))
        .await
        .unwrap();
    login(s, &invite.record.id, Some(name), &format!("{name}-laptop")).await
}

async fn project_and_env<S: Store>(s: &S, owner: &Caller) -> Uuid {
    let project = Uuid::new_v4();
    let env = Uuid::new_v4();
    s.put_project(owner, project, "app", now_ms())
        .await
        .unwrap();
    s.put_env(
        owner,
        env,
        &PutEnv {
            project_id: project,
            name: "dev".into(),
            parent_id: None,
        },
        now_ms(),
    )
    .await
    .unwrap();
    env
}

fn version(name: &str, version: u64) -> Change {
    Change::Version(ItemVersion {
        name: name.into(),
        version,
        kind: ItemKind::Secret,
        literal: false,
        key_version: 1,
        wrapped_data_key: vec![1, 2, 3, version as u8],
        ciphertext: format!("sealed {name} v{version}").into_bytes(),
        created_at: 1_700_000_000_000,
        author: "alice@laptop".into(),
        previous: None,
    })
}

fn push_req(base: i64, changes: Vec<Change>) -> PushRequest {
    PushRequest {
        served: Vec::new(),
        base_revision: base,
        idempotency_key: Uuid::new_v4(),
        force: false,
        changes,
    }
}

async fn push<S: Store>(s: &S, c: &Caller, env: Uuid, req: &PushRequest) -> Result<PushResponse> {
    s.push(c, env, req, request_hash(env, req), event("push"))
        .await
}

async fn bootstrap_makes_one_admin<S: Store>(s: Arc<S>) {
    assert!(!s.has_users().await.unwrap());
    let first = auth::issue(None);
    assert!(
        s.install_bootstrap(first.record.clone(), now_ms())
            .await
            .unwrap()
    );
    // A restart before anyone logged in replaces the token; the old one stops working.
    let second = auth::issue(None);
    assert!(
        s.install_bootstrap(second.record.clone(), now_ms())
            .await
            .unwrap()
    );
    let old = s.token(&first.record.id).await.unwrap().unwrap();
    assert!(old.spent);
    let t = s.token(&second.record.id).await.unwrap().unwrap();
    assert_eq!(t.kind, TokenKind::Bootstrap);
    assert!(!t.spent && t.caller.is_none());
    assert_eq!(t.hash, second.record.hash.to_vec());

    let alice = login(&*s, &second.record.id, Some("alice"), "laptop").await;
    assert!(alice.admin);
    assert_eq!(alice.user_name, "alice");
    assert_eq!(alice.recipient, "age1laptop");
    assert!(s.has_users().await.unwrap());
    // Used once, then never again; and no new bootstrap token once users exist.
    assert!(s.token(&second.record.id).await.unwrap().unwrap().spent);
    let again = NewLogin {
        user_id: Uuid::new_v4(),
        user_name: Some("mallory".into()),
        device_id: Uuid::new_v4(),
        device_name: "x".into(),
        recipient: "age1x".into(),
        token: auth::issue(None).record,
        now: now_ms(),
    };
    assert!(matches!(
        s.login(&second.record.id, again, event("login")).await,
        Err(StoreError::TokenSpent)
    ));
    assert!(
        !s.install_bootstrap(auth::issue(None).record, now_ms())
            .await
            .unwrap()
    );
    assert!(s.token("0123").await.unwrap().is_none());
}

async fn invites_make_users_and_devices<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let bob = user(&*s, &alice, "bob").await;
    assert!(!bob.admin);
    assert_ne!(bob.user_id, alice.user_id);
    // A device invite for an existing user adds a device, not a user.
    let invite = auth::issue(None);
    s.create_invite(
        &alice,
        Some(bob.user_id),
        None,
        invite.record.clone(),
        event("invite"),
    )
    .await
    .unwrap();
    let phone = login(&*s, &invite.record.id, None, "bob-phone").await;
    assert_eq!(phone.user_id, bob.user_id);
    assert_ne!(phone.device_id, bob.device_id);
    // Only admins invite; names are unique; a user invite needs a name.
    let e = s
        .create_invite(&bob, None, None, auth::issue(None).record, event("invite"))
        .await;
    assert!(matches!(e, Err(StoreError::Forbidden { .. })));
    let e = s
        .create_invite(
            &alice,
            Some(Uuid::new_v4()),
            None,
            auth::issue(None).record,
            event("invite"),
        )
        .await;
    assert!(matches!(e, Err(StoreError::NotFound(_))));
    for name in [Some("bob"), None] {
        let invite = auth::issue(None);
        s.create_invite(&alice, None, None, invite.record.clone(), event("invite"))
            .await
            .unwrap();
        let new = NewLogin {
            user_id: Uuid::new_v4(),
            user_name: name.map(str::to_string),
            device_id: Uuid::new_v4(),
            device_name: "d".into(),
            recipient: "age1d".into(),
            token: auth::issue(None).record,
            now: now_ms(),
        };
        let e = s.login(&invite.record.id, new, event("login")).await;
        assert!(matches!(e, Err(StoreError::Invalid(_))), "{name:?}: {e:?}");
    }
}

async fn revoked_tokens_are_spent<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let bob = user(&*s, &alice, "bob").await;
    let carol = user(&*s, &alice, "carol").await;
    // Not one's own: looks like it does not exist.
    let e = s.revoke_token(&carol, &bob.token_id, now_ms()).await;
    assert!(matches!(e, Err(StoreError::NotFound(_))));
    s.revoke_token(&bob, &bob.token_id, now_ms()).await.unwrap();
    assert!(s.token(&bob.token_id).await.unwrap().unwrap().spent);
    s.revoke_token(&alice, &carol.token_id, now_ms())
        .await
        .unwrap();
    assert!(s.token(&carol.token_id).await.unwrap().unwrap().spent);
    assert!(!s.token(&alice.token_id).await.unwrap().unwrap().spent);
    let e = s.revoke_token(&alice, "nope", now_ms()).await;
    assert!(matches!(e, Err(StoreError::NotFound(_))));
}

async fn access_follows_roles_and_key_wraps<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let bob = user(&*s, &alice, "bob").await;
    let carol = user(&*s, &alice, "carol").await;
    // Bob makes his own project: he and the admin see it, Carol does not.
    let env = project_and_env(&*s, &bob).await;
    let project = s.env(&bob, env).await.unwrap().project_id;
    assert_eq!(s.projects(&bob).await.unwrap().len(), 1);
    assert_eq!(s.projects(&alice).await.unwrap().len(), 1);
    assert!(s.projects(&carol).await.unwrap().is_empty());
    for e in [
        s.env(&carol, env).await.map(|_| ()),
        s.snapshot(&carol, env).await.map(|_| ()),
        s.env_head(&carol, env).await.map(|_| ()),
        s.log(&carol, env, 0, 10).await.map(|_| ()),
        push(&*s, &carol, env, &push_req(0, vec![version("A", 1)]))
            .await
            .map(|_| ()),
        s.put_project(&carol, project, "mine now", now_ms())
            .await
            .map(|_| ()),
    ] {
        assert!(
            matches!(e, Err(StoreError::Forbidden { project: Some(p), .. }) if p == project),
            "{e:?}"
        );
    }
    let e = s
        .put_env(
            &carol,
            Uuid::new_v4(),
            &PutEnv {
                project_id: project,
                name: "sneaky".into(),
                parent_id: None,
            },
            now_ms(),
        )
        .await;
    assert!(matches!(e, Err(StoreError::Forbidden { .. })));
    assert!(matches!(
        s.env(&carol, Uuid::new_v4()).await,
        Err(StoreError::NotFound(_))
    ));

    // A wrap to a device of someone without a role is refused whole; a grant comes first.
    let stray = [WrappedKey {
        key_version: 1,
        recipient: carol.recipient.clone(),
        wrapped: b"age wrap for carol".to_vec(),
    }];
    let e = s
        .put_env_key(&bob, env, 1, &stray, event("put_env_key"))
        .await;
    assert!(matches!(e, Err(StoreError::Forbidden { .. })), "{e:?}");
    let reader = PutMember {
        role: Role::Reader,
        env_id: Some(env),
    };
    let change = s
        .put_member(&bob, project, "carol", &reader, event("member_put"))
        .await
        .unwrap();
    assert!(change.rotate.is_empty());
    let wraps = vec![
        WrappedKey {
            key_version: 1,
            recipient: bob.recipient.clone(),
            wrapped: b"age wrap for bob".to_vec(),
        },
        WrappedKey {
            key_version: 1,
            recipient: carol.recipient.clone(),
            wrapped: b"age wrap for carol".to_vec(),
        },
    ];
    s.put_env_key(&bob, env, 1, &wraps, event("put_env_key"))
        .await
        .unwrap();
    let seen = s.env(&carol, env).await.unwrap();
    assert_eq!(seen.keys.len(), 1, "only the wraps addressed to her device");
    assert_eq!(seen.keys[0].wrapped, b"age wrap for carol");
    assert_eq!(
        s.env(&bob, env).await.unwrap().keys[0].wrapped,
        b"age wrap for bob"
    );
    assert_eq!(s.projects(&carol).await.unwrap()[0].id, project);
    // By project: Bob owns it and sees every env; Carol sees the one she is in.
    let second = Uuid::new_v4();
    s.put_env(
        &bob,
        second,
        &PutEnv {
            project_id: project,
            name: "prod".into(),
            parent_id: None,
        },
        now_ms(),
    )
    .await
    .unwrap();
    let names = |envs: Vec<RemoteEnv>| envs.into_iter().map(|e| e.name).collect::<Vec<_>>();
    assert_eq!(
        names(s.project_envs(&bob, project).await.unwrap()),
        ["dev", "prod"]
    );
    assert_eq!(
        names(s.project_envs(&alice, project).await.unwrap()),
        ["dev", "prod"]
    );
    let hers = s.project_envs(&carol, project).await.unwrap();
    assert_eq!((hers.len(), hers[0].keys.len()), (1, 1));
    let dave = user(&*s, &alice, "dave").await;
    assert!(matches!(
        s.project_envs(&dave, project).await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        s.project_envs(&dave, Uuid::new_v4()).await,
        Err(StoreError::NotFound(_))
    ));
    s.snapshot(&carol, env).await.unwrap();
    // A rename by the owner; idempotent re-create of the same env.
    let renamed = s
        .put_project(&bob, project, "app2", now_ms())
        .await
        .unwrap();
    assert_eq!(renamed.name, "app2");
    let again = s
        .put_env(
            &bob,
            env,
            &PutEnv {
                project_id: project,
                name: "dev".into(),
                parent_id: None,
            },
            now_ms(),
        )
        .await
        .unwrap();
    assert_eq!(again.id, env);
    let e = s
        .put_env(
            &bob,
            Uuid::new_v4(),
            &PutEnv {
                project_id: Uuid::new_v4(),
                name: "x".into(),
                parent_id: None,
            },
            now_ms(),
        )
        .await;
    assert!(matches!(e, Err(StoreError::NotFound("project"))));
}

async fn push_log_and_snapshot<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let empty = s.snapshot(&alice, env).await.unwrap().1;
    assert_eq!((empty.revision, empty.items.len()), (0, 0));
    let r1 = push(
        &*s,
        &alice,
        env,
        &push_req(0, vec![version("A", 1), version("B", 1), version("C", 1)]),
    )
    .await
    .unwrap();
    assert_eq!((r1.revision, r1.accepted), (1, 3));
    let r2 = push(
        &*s,
        &alice,
        env,
        &push_req(
            1,
            vec![version("A", 2), Change::Delete { name: "B".into() }],
        ),
    )
    .await
    .unwrap();
    assert_eq!(r2.revision, 2);
    let snap = s.snapshot(&alice, env).await.unwrap().1;
    assert_eq!(snap.revision, 2);
    let got: Vec<(&str, u64)> = snap
        .items
        .iter()
        .map(|v| (v.name.as_str(), v.version))
        .collect();
    assert_eq!(got, [("A", 2), ("C", 1)]);
    push(
        &*s,
        &alice,
        env,
        &push_req(2, vec![Change::Restore { name: "B".into() }]),
    )
    .await
    .unwrap();
    let snap = s.snapshot(&alice, env).await.unwrap().1;
    let got: Vec<(&str, u64)> = snap
        .items
        .iter()
        .map(|v| (v.name.as_str(), v.version))
        .collect();
    assert_eq!(got, [("A", 2), ("B", 1), ("C", 1)]);
    assert_eq!(s.env(&alice, env).await.unwrap().revision, 3);
    let project = s.env(&alice, env).await.unwrap().project_id;
    assert_eq!(s.env_head(&alice, env).await.unwrap(), (project, 3));
    assert!(matches!(
        s.env_head(&alice, Uuid::new_v4()).await,
        Err(StoreError::NotFound(_))
    ));

    let (_, page) = s.log(&alice, env, 0, 100).await.unwrap();
    assert_eq!(page.revision, 3);
    assert!(!page.more);
    let revs: Vec<i64> = page.entries.iter().map(|e| e.revision).collect();
    assert_eq!(revs, [1, 1, 1, 2, 2, 3]);
    assert_eq!(page.entries[4].change, Change::Delete { name: "B".into() });
    let (_, tail) = s.log(&alice, env, 2, 100).await.unwrap();
    assert_eq!(tail.entries.len(), 1);
    let (_, none) = s.log(&alice, env, 3, 100).await.unwrap();
    assert!(none.entries.is_empty() && !none.more);
}

async fn log_pages_never_split_a_revision<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    // Revisions of 3, 1 and 4 entries.
    push(
        &*s,
        &alice,
        env,
        &push_req(0, vec![version("A", 1), version("B", 1), version("C", 1)]),
    )
    .await
    .unwrap();
    push(&*s, &alice, env, &push_req(1, vec![version("D", 1)]))
        .await
        .unwrap();
    let big: Vec<Change> = ["E", "F", "G", "H"].iter().map(|n| version(n, 1)).collect();
    push(&*s, &alice, env, &push_req(2, big)).await.unwrap();
    let mut since = 0;
    let mut pages = Vec::new();
    loop {
        let (_, page) = s.log(&alice, env, since, 2).await.unwrap();
        let revs: Vec<i64> = page.entries.iter().map(|e| e.revision).collect();
        pages.push(revs);
        since = page.entries.last().map_or(since, |e| e.revision);
        if !page.more {
            break;
        }
    }
    // A revision bigger than the page comes whole; otherwise pages stop before a split.
    assert_eq!(pages, [vec![1, 1, 1], vec![2], vec![3, 3, 3, 3]]);
    let (_, page) = s.log(&alice, env, 0, 4).await.unwrap();
    assert_eq!(page.entries.len(), 4);
    assert!(page.more);
}

async fn stale_pushes_conflict_by_name<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    push(
        &*s,
        &alice,
        env,
        &push_req(0, vec![version("A", 1), version("B", 1)]),
    )
    .await
    .unwrap();
    push(&*s, &alice, env, &push_req(1, vec![version("A", 2)]))
        .await
        .unwrap();
    // From revision 1, touching A (changed in 2) and C (new): refused, naming A only.
    let stale = push_req(1, vec![version("A", 3), version("C", 1)]);
    match push(&*s, &alice, env, &stale).await {
        Err(StoreError::Conflict(c)) => {
            assert_eq!((c.revision, c.names), (2, vec!["A".to_string()]))
        }
        other => panic!("{other:?}"),
    }
    // Untouched names from an old base are fine.
    let r = push(&*s, &alice, env, &push_req(1, vec![version("B", 2)]))
        .await
        .unwrap();
    assert_eq!(r.revision, 3);
    // Force overrides the check, but never an existing version number.
    let mut forced = push_req(0, vec![version("A", 2)]);
    forced.force = true;
    match push(&*s, &alice, env, &forced).await {
        Err(StoreError::VersionExists(c)) => assert_eq!(c.names, ["A"]),
        other => panic!("{other:?}"),
    }
    let mut forced = push_req(0, vec![version("A", 3)]);
    forced.force = true;
    assert_eq!(push(&*s, &alice, env, &forced).await.unwrap().revision, 4);
    // Nonsense is refused before anything is written.
    for bad in [
        push_req(9, vec![version("Z", 1)]),
        push_req(-1, vec![version("Z", 1)]),
        push_req(4, vec![version("Z", 0)]),
        push_req(4, vec![version("Z", 1), version("Z", 1)]),
        push_req(4, vec![version("", 1)]),
    ] {
        assert!(matches!(
            push(&*s, &alice, env, &bad).await,
            Err(StoreError::Invalid(_))
        ));
    }
    assert_eq!(s.env(&alice, env).await.unwrap().revision, 4);
    let empty = push(&*s, &alice, env, &push_req(4, vec![])).await.unwrap();
    assert_eq!((empty.revision, empty.accepted), (4, 0));
}

async fn idempotent_retries_land_once<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let req = push_req(0, vec![version("A", 1), version("B", 1)]);
    let first = push(&*s, &alice, env, &req).await.unwrap();
    let audit_len = s.audit(0, 1000).await.unwrap().entries.len();
    let retry = push(&*s, &alice, env, &req).await.unwrap();
    assert_eq!(first, retry);
    let (_, log) = s.log(&alice, env, 0, 100).await.unwrap();
    assert_eq!(log.entries.len(), 2);
    assert_eq!(log.revision, 1);
    assert_eq!(s.audit(0, 1000).await.unwrap().entries.len(), audit_len);
    // The same key with another body (or for another env) is a client bug, not a retry.
    let mut other = req.clone();
    other.changes = vec![version("C", 1)];
    assert!(matches!(
        push(&*s, &alice, env, &other).await,
        Err(StoreError::IdempotencyMismatch)
    ));
    // A retry after someone else pushed still returns the original answer.
    push(&*s, &alice, env, &push_req(1, vec![version("A", 2)]))
        .await
        .unwrap();
    assert_eq!(push(&*s, &alice, env, &req).await.unwrap(), first);
}

async fn concurrent_pushes_serialize<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (s, alice) = (s.clone(), alice.clone());
        tasks.push(tokio::spawn(async move {
            let req = push_req(0, vec![version(&format!("K{i}"), 1)]);
            push(&*s, &alice, env, &req).await.unwrap().revision
        }));
    }
    let mut revs = HashSet::new();
    for t in tasks {
        revs.insert(t.await.unwrap());
    }
    assert_eq!(revs, (1..=8).collect::<HashSet<i64>>());
    assert_eq!(s.snapshot(&alice, env).await.unwrap().1.items.len(), 8);
}

async fn blobs_round_trip_byte_for_byte<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let blob: Vec<u8> = (0..=255u8).chain([0, 0, 255]).collect();
    let v = ItemVersion {
        name: "BIN".into(),
        version: 7,
        kind: ItemKind::Config,
        literal: true,
        key_version: 3,
        wrapped_data_key: blob.iter().rev().copied().collect(),
        ciphertext: blob.clone(),
        created_at: 42,
        author: "ünïcode@host".into(),
        previous: Some(5),
    };
    push(
        &*s,
        &alice,
        env,
        &push_req(0, vec![Change::Version(v.clone())]),
    )
    .await
    .unwrap();
    assert_eq!(
        s.snapshot(&alice, env).await.unwrap().1.items,
        vec![v.clone()]
    );
    let (_, log) = s.log(&alice, env, 0, 10).await.unwrap();
    assert_eq!(log.entries[0].change, Change::Version(v));
}

async fn audit_chain_links_and_verifies<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    push(&*s, &alice, env, &push_req(0, vec![version("A", 1)]))
        .await
        .unwrap();
    let mut batch = Vec::new();
    for i in 0..5 {
        let mut e = event("snapshot");
        e.env = Some(env);
        e.names = vec![format!("N{i}")];
        e.allowed = i % 2 == 0;
        batch.push(e);
    }
    s.append_audit(batch).await.unwrap();
    let page = s.audit(0, 1000).await.unwrap();
    assert!(!page.more);
    let actions: Vec<&str> = page.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions[..2], ["login", "push"]);
    assert_eq!(page.entries.len(), 7);
    assert_eq!(page.entries[0].actor, "alice");
    assert_eq!(page.entries[0].device.as_deref(), Some("laptop"));
    assert_eq!(page.entries[1].names, ["A"]);
    assert_eq!(
        page.entries[1].project,
        Some(s.env(&alice, env).await.unwrap().project_id)
    );
    assert!(!page.entries[3].allowed);
    assert_eq!(
        crate::wire::verify_audit_chain(&page.entries, &genesis_hash()),
        Ok(())
    );
    // Paging continues the chain.
    let first = s.audit(0, 3).await.unwrap();
    assert!(first.more);
    let rest = s.audit(3, 1000).await.unwrap();
    assert_eq!(
        crate::wire::verify_audit_chain(&rest.entries, &first.entries[2].hash),
        Ok(())
    );
}

/// The entries' actions, checked to form one chain from the genesis with no gap.
async fn chained_actions<S: Store>(s: &S) -> Vec<String> {
    let page = s.audit(0, 1000).await.unwrap();
    assert_eq!(
        crate::wire::verify_audit_chain(&page.entries, &genesis_hash()),
        Ok(())
    );
    let seqs: Vec<i64> = page.entries.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    page.entries.into_iter().map(|e| e.action).collect()
}

async fn audit_batches_chain_around_writes_and_each_other<S: Store>(s: Arc<S>) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    s.append_audit(vec![event("a")]).await.unwrap();
    s.append_audit(vec![event("b"), event("c")]).await.unwrap();
    // A push appends in its own transaction: the next batch must chain after it.
    push(&*s, &alice, env, &push_req(0, vec![version("A", 1)]))
        .await
        .unwrap();
    s.append_audit(vec![event("d")]).await.unwrap();
    let batches: Vec<_> = (0..8)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move { s.append_audit(vec![event(&format!("x{i}"))]).await })
        })
        .collect();
    for b in batches {
        b.await.unwrap().unwrap();
    }
    let actions = chained_actions(&*s).await;
    assert_eq!(actions[..6], ["login", "a", "b", "c", "push", "d"]);
    let mut rest = actions[6..].to_vec();
    rest.sort();
    assert_eq!(rest, (0..8).map(|i| format!("x{i}")).collect::<Vec<_>>());
}

/// A database whose collation ignores punctuation (as glibc's `en_US.UTF-8` does) orders
/// `database.host` after `database/`: config reads compare names bytewise regardless.
#[test]
fn config_subtrees_on_postgres_do_not_depend_on_the_database_collation() {
    let Some(base) = database_url() else {
        skipped("config_subtrees_on_postgres_do_not_depend_on_the_database_collation");
        return;
    };
    runtime().block_on(async {
        let schema = PgSchema::create(&base).await;
        let url = schema.url();
        let store = PgStore::open(&url).await.unwrap();
        let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        client
            .batch_execute(
                "CREATE COLLATION shifted (provider = icu, locale = 'en-US-u-ka-shifted');
                 ALTER TABLE config_values ALTER COLUMN name TYPE TEXT COLLATE shifted;",
            )
            .await
            .expect("this PostgreSQL has ICU collations");
        let outcome = tokio::spawn(
            a_subtree_holds_the_key_and_names_under_its_dot_and_the_empty_key_all(Arc::new(store)),
        )
        .await;
        schema.drop_schema().await;
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    });
}

/// Two server nodes on one database: each one's batches chain after the other's.
#[test]
fn audit_batches_of_two_postgres_nodes_form_one_chain() {
    let Some(base) = database_url() else {
        skipped("audit_batches_of_two_postgres_nodes_form_one_chain");
        return;
    };
    runtime().block_on(async {
        let schema = PgSchema::create(&base).await;
        let outcome = tokio::spawn({
            let url = schema.url();
            async move {
                let one = PgStore::open(&url).await.unwrap();
                let two = PgStore::open(&url).await.unwrap();
                for i in 0..3 {
                    one.append_audit(vec![event(&format!("one{i}"))])
                        .await
                        .unwrap();
                    two.append_audit(vec![event(&format!("two{i}"))])
                        .await
                        .unwrap();
                }
                let actions = chained_actions(&one).await;
                assert_eq!(actions, ["one0", "two0", "one1", "two1", "one2", "two2"]);
            }
        })
        .await;
        schema.drop_schema().await;
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    });
}
