//! Teams on both backends: the role x operation table, removal with key floors, device
//! approval and revocation, invites with grants, the audit's targets.

use super::*;
use crate::wire::team::{AccessChange, DeviceStatus, InviteGrant, PendingRotation};

fn wrap(key_version: u32, c: &Caller) -> WrappedKey {
    WrappedKey {
        key_version,
        recipient: c.recipient.clone(),
        wrapped: format!("wrap v{key_version} for {}", c.device_name).into_bytes(),
    }
}

fn sealed(name: &str, version: u64, key_version: u32) -> Change {
    let mut c = super::version(name, version);
    if let Change::Version(v) = &mut c {
        v.key_version = key_version;
    }
    c
}

async fn grant<S: Store>(
    s: &S,
    by: &Caller,
    project: Uuid,
    user: &str,
    role: Role,
    env: Option<Uuid>,
) -> AccessChange {
    let put = PutMember { role, env_id: env };
    s.put_member(by, project, user, &put, event("member_put"))
        .await
        .unwrap()
}

/// Alice (server admin) owns project `app` with env `dev` (key v1 wrapped to her); one user
/// per role has that role on the project.
struct Team {
    alice: Caller,
    project: Uuid,
    env: Uuid,
    by_role: Vec<(Role, Caller)>,
    outsider: Caller,
}

async fn team<S: Store>(s: &S) -> Team {
    let alice = admin(s).await;
    let env = project_and_env(s, &alice).await;
    let project = s.env(&alice, env).await.unwrap().project_id;
    s.put_env_key(&alice, env, 1, &[wrap(1, &alice)], event("put_env_key"))
        .await
        .unwrap();
    let mut by_role = Vec::new();
    for role in Role::ALL {
        let c = user(s, &alice, &format!("{role}-user")).await;
        grant(s, &alice, project, &c.user_name, role, None).await;
        by_role.push((role, c));
    }
    let outsider = user(s, &alice, "outsider").await;
    Team {
        alice,
        project,
        env,
        by_role,
        outsider,
    }
}

/// Runs one operation as `c`; Ok when the store allowed it, else the refusal.
async fn attempt<S: Store>(s: &S, t: &Team, c: &Caller, op: &str, n: u32) -> Result<()> {
    let (project, env) = (t.project, t.env);
    match op {
        "list names" => s.snapshot(c, env).await.map(drop),
        "get env" => s.env(c, env).await.map(drop),
        "log" => s.log(c, env, 0, 10).await.map(drop),
        "project envs" => s.project_envs(c, project).await.map(drop),
        "members" => s.members(c, project).await.map(drop),
        "recipients" => s.recipients(c, env).await.map(drop),
        "wrap existing key" => s.put_env_key(c, env, 1, &[wrap(1, c)], event("k")).await,
        "start key version" => {
            let v = 100 + n;
            s.put_env_key(c, env, v, &[wrap(v, c)], event("k")).await
        }
        "push" => {
            let (_, rev) = s.env_head(&t.alice, env).await.unwrap();
            let floor = s.env(&t.alice, env).await.unwrap().min_key_version.max(1);
            let req = push_req(rev, vec![sealed(&format!("K{n}"), 1, floor)]);
            super::push(s, c, env, &req).await.map(drop)
        }
        "member add" => {
            let put = PutMember {
                role: Role::Viewer,
                env_id: None,
            };
            s.put_member(c, project, "outsider", &put, event("m"))
                .await
                .map(drop)
        }
        "member rm" => s
            .delete_member(c, project, "outsider", None, event("m"))
            .await
            .map(drop),
        "rename project" => s
            .put_project(c, project, &format!("app{n}"), now_ms())
            .await
            .map(drop),
        "create env" => {
            let put = PutEnv {
                project_id: project,
                name: format!("e{n}"),
                parent_id: None,
            };
            s.put_env(c, Uuid::new_v4(), &put, now_ms()).await.map(drop)
        }
        "protect" => s.protect(c, env, 1, event("protect")).await.map(drop),
        "approve" => {
            // A proposal by alice (the server admin), so no caller here is its author.
            s.protect(&t.alice, env, 1, event("protect")).await.unwrap();
            let (_, rev) = s.env_head(&t.alice, env).await.unwrap();
            let floor = s.env(&t.alice, env).await.unwrap().min_key_version.max(1);
            let req = push_req(rev, vec![sealed(&format!("P{n}"), 1, floor)]);
            let made = super::push(s, &t.alice, env, &req).await.unwrap();
            let id = made.proposal.expect("a proposal").id;
            s.approve_proposal(c, id, event("proposal_approve"))
                .await
                .map(drop)
        }
        _ => unreachable!("{op}"),
    }
}

/// The weakest role allowed each operation (docs/teams.md's matrix, "server" cells).
const MATRIX: &[(&str, Role)] = &[
    ("list names", Role::Viewer),
    ("get env", Role::Viewer),
    ("log", Role::Viewer),
    ("project envs", Role::Viewer),
    ("members", Role::Viewer),
    ("recipients", Role::Reader),
    ("wrap existing key", Role::Reader),
    ("start key version", Role::Writer),
    ("push", Role::Writer),
    ("create env", Role::Writer),
    ("member add", Role::Admin),
    ("member rm", Role::Admin),
    ("rename project", Role::Admin),
    ("protect", Role::Admin),
    ("approve", Role::Writer),
];

pub(super) async fn every_role_may_do_exactly_its_operations<S: Store>(s: Arc<S>) {
    let t = team(&*s).await;
    let mut n = 0;
    for &(op, weakest) in MATRIX {
        for (role, c) in t
            .by_role
            .iter()
            .map(|(r, c)| (Some(*r), c))
            .chain([(None, &t.outsider)])
        {
            n += 1;
            // `member rm` needs someone to remove.
            if op == "member rm" {
                grant(&*s, &t.alice, t.project, "outsider", Role::Viewer, None).await;
            }
            let got = attempt(&*s, &t, c, op, n).await;
            let allowed = role.is_some_and(|r| r >= weakest);
            match (&got, allowed) {
                (Ok(()), true) => {}
                (Err(StoreError::Forbidden { .. }), false) => {}
                _ => panic!("{op} as {role:?}: {got:?}, expected allowed={allowed}"),
            }
        }
        if op == "member add" || op == "member rm" {
            let _ = s
                .delete_member(&t.alice, t.project, "outsider", None, event("m"))
                .await;
        }
    }
    // Reveals are enforced by keys: no wrap exists for the viewer or the outsider.
    let recipients = s.recipients(&t.alice, t.env).await.unwrap();
    let viewer = &t.by_role[0].1;
    for c in [viewer, &t.outsider] {
        assert!(recipients.iter().all(|r| r.recipient != c.recipient));
        let seen = s.env(&t.alice, t.env).await.unwrap();
        assert!(seen.keys.iter().all(|k| k.recipient != c.recipient));
    }
    assert!(s.env(viewer, t.env).await.unwrap().keys.is_empty());
    assert_eq!(s.env(viewer, t.env).await.unwrap().role, Some(Role::Viewer));
    // Every reader and above is a recipient, with the versions wrapped to them.
    let names: BTreeSet<&str> = recipients.iter().map(|r| r.user_name.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from(["admin-user", "alice", "reader-user", "writer-user"])
    );
    let alice = recipients.iter().find(|r| r.user_name == "alice").unwrap();
    assert_eq!(alice.key_versions[0], 1);
}

pub(super) async fn an_environment_role_overrides_the_project_role<S: Store>(s: Arc<S>) {
    let t = team(&*s).await;
    let (_, reader) = &t.by_role[1];
    // Down: the project's reader is a viewer on dev.
    grant(
        &*s,
        &t.alice,
        t.project,
        &reader.user_name,
        Role::Viewer,
        Some(t.env),
    )
    .await;
    let e = s.recipients(reader, t.env).await;
    assert!(matches!(e, Err(StoreError::Forbidden { .. })), "{e:?}");
    // Up: the outsider becomes a writer on dev alone, and sees only dev.
    grant(
        &*s,
        &t.alice,
        t.project,
        "outsider",
        Role::Writer,
        Some(t.env),
    )
    .await;
    let req = push_req(0, vec![version("A", 1)]);
    super::push(&*s, &t.outsider, t.env, &req).await.unwrap();
    let envs = s.project_envs(&t.outsider, t.project).await.unwrap();
    assert_eq!(envs.len(), 1);
    assert_eq!(envs[0].role, Some(Role::Writer));
    // An env admin grants on that env only, not on the project.
    let (_, writer) = &t.by_role[2];
    grant(
        &*s,
        &t.alice,
        t.project,
        &writer.user_name,
        Role::Admin,
        Some(t.env),
    )
    .await;
    grant(
        &*s,
        writer,
        t.project,
        "outsider",
        Role::Reader,
        Some(t.env),
    )
    .await;
    let put = PutMember {
        role: Role::Reader,
        env_id: None,
    };
    let e = s
        .put_member(writer, t.project, "outsider", &put, event("m"))
        .await;
    assert!(matches!(e, Err(StoreError::Forbidden { .. })), "{e:?}");
    let members = s.members(&t.alice, t.project).await.unwrap();
    let outsider = members.iter().find(|m| m.user_name == "outsider").unwrap();
    assert_eq!(outsider.role, None);
    assert_eq!(outsider.envs[0].role, Role::Reader);
    assert_eq!(outsider.waiting_for_keys, vec![t.env], "no wrap of v1 yet");
    s.put_env_key(writer, t.env, 1, &[wrap(1, &t.outsider)], event("k"))
        .await
        .unwrap();
    let members = s.members(&t.alice, t.project).await.unwrap();
    let outsider = members.iter().find(|m| m.user_name == "outsider").unwrap();
    assert!(outsider.waiting_for_keys.is_empty());
}

pub(super) async fn removal_deletes_wraps_raises_the_floor_and_refuses_old_keys<S: Store>(
    s: Arc<S>,
) {
    let t = team(&*s).await;
    let (_, reader) = &t.by_role[1];
    s.put_env_key(&t.alice, t.env, 1, &[wrap(1, reader)], event("k"))
        .await
        .unwrap();
    push(&*s, &t.alice, t.env, &push_req(0, vec![version("A", 1)]))
        .await
        .unwrap();
    let change = s
        .delete_member(
            &t.alice,
            t.project,
            &reader.user_name,
            None,
            event("member_rm"),
        )
        .await
        .unwrap();
    assert_eq!(
        change.rotate,
        vec![PendingRotation {
            env_id: t.env,
            min_key_version: 2
        }]
    );
    // Refused at once, and no wrap left for them.
    assert!(matches!(
        s.env(reader, t.env).await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        s.snapshot(reader, t.env).await,
        Err(StoreError::Forbidden { .. })
    ));
    let recipients = s.recipients(&t.alice, t.env).await.unwrap();
    assert!(recipients.iter().all(|r| r.user_id != reader.user_id));
    assert_eq!(s.env(&t.alice, t.env).await.unwrap().min_key_version, 2);
    // Values sealed under v1 are refused until the key is rotated.
    let old = push_req(1, vec![version("B", 1)]);
    match push(&*s, &t.alice, t.env, &old).await {
        Err(StoreError::KeyRotationRequired {
            min_key_version: 2,
            names,
        }) => {
            assert_eq!(names, ["B"]);
        }
        other => panic!("{other:?}"),
    }
    s.put_env_key(&t.alice, t.env, 2, &[wrap(2, &t.alice)], event("k"))
        .await
        .unwrap();
    push(&*s, &t.alice, t.env, &push_req(1, vec![sealed("B", 1, 2)]))
        .await
        .unwrap();
    // Deleting and other changes still go through.
    push(
        &*s,
        &t.alice,
        t.env,
        &push_req(2, vec![Change::Delete { name: "A".into() }]),
    )
    .await
    .unwrap();
    // A drop below reader removes the keys too; a drop that still reads does not.
    let (_, writer) = &t.by_role[2];
    s.put_env_key(&t.alice, t.env, 2, &[wrap(2, writer)], event("k"))
        .await
        .unwrap();
    let kept = grant(
        &*s,
        &t.alice,
        t.project,
        &writer.user_name,
        Role::Reader,
        None,
    )
    .await;
    assert!(kept.rotate.is_empty());
    let dropped = grant(
        &*s,
        &t.alice,
        t.project,
        &writer.user_name,
        Role::Viewer,
        None,
    )
    .await;
    assert_eq!(
        dropped.rotate,
        vec![PendingRotation {
            env_id: t.env,
            min_key_version: 3
        }]
    );
    assert!(s.env(writer, t.env).await.unwrap().keys.is_empty());
    // Removing someone who is not a member says so.
    let e = s
        .delete_member(&t.alice, t.project, &reader.user_name, None, event("m"))
        .await;
    assert!(matches!(e, Err(StoreError::NotFound("member"))), "{e:?}");
    // The audit names the targets, in the chain.
    let page = s.audit(0, 1000).await.unwrap();
    assert_eq!(
        crate::wire::verify_audit_chain(&page.entries, &genesis_hash()),
        Ok(())
    );
    let rm = page
        .entries
        .iter()
        .find(|e| e.action == "member_rm")
        .unwrap();
    assert_eq!(rm.target.as_deref(), Some("reader-user"));
    assert_eq!(rm.project, Some(t.project));
}

pub(super) async fn devices_join_pending_until_approved_and_revocation_takes_their_keys<
    S: Store,
>(
    s: Arc<S>,
) {
    let t = team(&*s).await;
    let (_, reader) = &t.by_role[1];
    // The reader adds a phone: it logs in pending.
    let invite = auth::issue(None);
    s.create_invite(
        reader,
        Some(reader.user_id),
        None,
        invite.record.clone(),
        event("invite"),
    )
    .await
    .unwrap();
    let phone = login(&*s, &invite.record.id, None, "phone").await;
    assert_eq!(
        (phone.user_id, phone.status),
        (reader.user_id, DeviceStatus::Pending)
    );
    // No wrap for a pending device, and it is no recipient.
    let e = s
        .put_env_key(reader, t.env, 1, &[wrap(1, &phone)], event("k"))
        .await;
    assert!(matches!(e, Err(StoreError::Forbidden { .. })), "{e:?}");
    let recipients = s.recipients(&t.alice, t.env).await.unwrap();
    assert!(recipients.iter().all(|r| r.device_id != phone.device_id));
    // Listed to its user; others cannot approve it (or see it).
    let own = s.devices(reader, None).await.unwrap();
    assert_eq!(own.len(), 2);
    assert_eq!(own[1].status, DeviceStatus::Pending);
    let (_, writer) = &t.by_role[2];
    let e = s.approve_device(writer, phone.device_id, event("a")).await;
    assert!(matches!(e, Err(StoreError::NotFound("device"))), "{e:?}");
    let e = s.devices(writer, Some(&reader.user_name)).await;
    assert!(matches!(e, Err(StoreError::NotFound("user"))), "{e:?}");
    // Nor can the pending device approve itself.
    let e = s.approve_device(&phone, phone.device_id, event("a")).await;
    assert!(matches!(e, Err(StoreError::NotFound("device"))), "{e:?}");
    let approved = s
        .approve_device(reader, phone.device_id, event("device_approve"))
        .await
        .unwrap();
    assert_eq!(approved.status, DeviceStatus::Approved);
    let phone = s
        .token(&phone.token_id)
        .await
        .unwrap()
        .unwrap()
        .caller
        .unwrap();
    assert_eq!(phone.status, DeviceStatus::Approved);
    s.put_env_key(reader, t.env, 1, &[wrap(1, &phone)], event("k"))
        .await
        .unwrap();
    // A project admin sees and manages the member's devices.
    let (_, admin) = &t.by_role[3];
    assert_eq!(
        s.devices(admin, Some(&reader.user_name))
            .await
            .unwrap()
            .len(),
        2
    );
    let change = s
        .revoke_device(admin, phone.device_id, event("device_revoke"))
        .await
        .unwrap();
    assert_eq!(
        change.rotate,
        vec![PendingRotation {
            env_id: t.env,
            min_key_version: 2
        }]
    );
    assert!(s.token(&phone.token_id).await.unwrap().unwrap().spent);
    let recipients = s.recipients(&t.alice, t.env).await.unwrap();
    assert!(recipients.iter().all(|r| r.device_id != phone.device_id));
    let e = s.approve_device(reader, phone.device_id, event("a")).await;
    assert!(matches!(e, Err(StoreError::Invalid(_))), "{e:?}");
    let page = s.audit(0, 1000).await.unwrap();
    let approve = page
        .entries
        .iter()
        .find(|e| e.action == "device_approve")
        .unwrap();
    assert_eq!(approve.target.as_deref(), Some("reader-user@phone"));
    // Another user's device needs a server admin to invite it.
    let e = s
        .create_invite(
            writer,
            Some(reader.user_id),
            None,
            auth::issue(None).record,
            event("i"),
        )
        .await;
    assert!(matches!(e, Err(StoreError::Forbidden { .. })), "{e:?}");
}

pub(super) async fn an_invite_with_a_grant_makes_a_member_at_login<S: Store>(s: Arc<S>) {
    let t = team(&*s).await;
    let (_, admin) = &t.by_role[3];
    let (_, writer) = &t.by_role[2];
    let g = InviteGrant {
        project_id: t.project,
        role: Role::Reader,
        env_id: Some(t.env),
    };
    // Writers cannot invite; project admins can, without being server admins.
    let e = s
        .create_invite(
            writer,
            None,
            Some(g.clone()),
            auth::issue(None).record,
            event("invite"),
        )
        .await;
    assert!(matches!(e, Err(StoreError::Forbidden { .. })), "{e:?}");
    let invite = auth::issue(None);
    s.create_invite(admin, None, Some(g), invite.record.clone(), event("invite"))
        .await
        .unwrap();
    let newbie = login(&*s, &invite.record.id, Some("newbie"), "nb-laptop").await;
    assert_eq!(newbie.status, DeviceStatus::Approved);
    let envs = s.project_envs(&newbie, t.project).await.unwrap();
    assert_eq!(envs[0].role, Some(Role::Reader));
    let members = s.members(admin, t.project).await.unwrap();
    let m = members.iter().find(|m| m.user_name == "newbie").unwrap();
    assert_eq!(m.waiting_for_keys, vec![t.env]);
    // A grant is for a new user only.
    let g = InviteGrant {
        project_id: t.project,
        role: Role::Reader,
        env_id: None,
    };
    let e = s
        .create_invite(
            admin,
            Some(newbie.user_id),
            Some(g),
            auth::issue(None).record,
            event("i"),
        )
        .await;
    assert!(matches!(e, Err(StoreError::Invalid(_))), "{e:?}");
    let page = s.audit(0, 1000).await.unwrap();
    let inv = page
        .entries
        .iter()
        .rev()
        .find(|e| e.action == "invite")
        .unwrap();
    assert_eq!(inv.names, ["reader"]);
    assert!(inv.target.as_deref().unwrap().starts_with("invite "));
}

/// A PostgreSQL store written before teams (schema 1) opens with its owners as admins,
/// its members as writers and its devices approved.
#[test]
fn a_postgres_store_from_before_teams_migrates_its_roles() {
    let Some(base) = database_url() else {
        skipped("a_postgres_store_from_before_teams_migrates_its_roles");
        return;
    };
    runtime().block_on(async {
        let schema = PgSchema::create(&base).await;
        let outcome = tokio::spawn(migrate_v1(schema.url())).await;
        schema.drop_schema().await;
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    });
}

async fn migrate_v1(url: String) {
    let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let (u1, u2, p, e) = (
        Uuid::from_u128(1),
        Uuid::from_u128(2),
        Uuid::from_u128(3),
        Uuid::from_u128(4),
    );
    client
        .batch_execute(super::super::postgres::schema::MIGRATIONS[0])
        .await
        .unwrap();
    client
        .batch_execute(&format!(
            "CREATE TABLE schema_version (version INTEGER NOT NULL);
             INSERT INTO schema_version VALUES (1);
             INSERT INTO users VALUES ('{u1}', 'alice', true, 0), ('{u2}', 'bob', false, 0);
             INSERT INTO devices VALUES ('{u1}', '{u1}', 'laptop', 'age1a', 0);
             INSERT INTO projects VALUES ('{p}', 'app', '{u1}', 0);
             INSERT INTO envs (id, project_id, name, created_by, created_at)
                 VALUES ('{e}', '{p}', 'dev', '{u1}', 0);
             INSERT INTO members VALUES ('{p}', '{u1}', 'owner', 0), ('{e}', '{u2}', 'member', 0);"
        ))
        .await
        .unwrap();
    PgStore::open(&url).await.unwrap();
    let rows = client
        .query("SELECT user_id, role FROM members ORDER BY user_id", &[])
        .await
        .unwrap();
    let roles: Vec<(Uuid, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(
        roles,
        [(u1, "admin".to_string()), (u2, "writer".to_string())]
    );
    let status: String = client
        .query_one("SELECT status FROM devices", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(status, "approved");
}
