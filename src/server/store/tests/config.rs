//! Served config on both backends (docs/config-api.md): the rows pushes, deletes,
//! restores and rollbacks write for a served environment, none for one that is not, and
//! serving off forgetting them all.

use super::*;
use crate::server::store::config::{ConfigAsker, ConfigFound, ConfigQuery, ConfigReader};
use crate::wire::config::{ServeConfig, ServedValue};

fn config_push(base: i64, name: &str, v: u64, value: &str) -> PushRequest {
    let Change::Version(mut item) = version(name, v) else {
        unreachable!("a version")
    };
    item.kind = ItemKind::Config;
    PushRequest {
        served: vec![ServedValue {
            name: name.into(),
            version: v,
            value: value.into(),
        }],
        ..push_req(base, vec![Change::Version(item)])
    }
}

async fn serving<S: Store>(s: &S, c: &Caller, env: Uuid, serve: bool) {
    let req = ServeConfig {
        serve,
        values: Vec::new(),
    };
    s.serve_config(c, env, &req, event("config_serve"))
        .await
        .unwrap();
}

/// The served value of `key` now, if any.
async fn served<S: Store>(s: &S, c: &Caller, env: Uuid, key: &str) -> Option<String> {
    let query = ConfigQuery::Latest(key.into());
    let read = s
        .config_read(ConfigReader::Member(c), env, query)
        .await
        .unwrap();
    read.latest().get(key).and_then(|r| r.value.clone())
}

pub(super) async fn served_config_follows_pushes_deletes_restores_and_rollbacks<S: Store>(
    s: Arc<S>,
) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    // Not served: a value sent anyway is dropped, and reads say not served.
    push(&*s, &alice, env, &config_push(0, "db.host", 1, "early"))
        .await
        .unwrap();
    let query = ConfigQuery::Latest("db.host".into());
    let refused = s
        .config_read(ConfigReader::Member(&alice), env, query)
        .await;
    assert!(matches!(refused, Err(StoreError::NotServed)), "{refused:?}");
    serving(&*s, &alice, env, true).await;
    assert_eq!(served(&*s, &alice, env, "db.host").await, None);

    push(&*s, &alice, env, &config_push(1, "db.host", 2, "one"))
        .await
        .unwrap();
    assert_eq!(
        served(&*s, &alice, env, "db.host").await.as_deref(),
        Some("one")
    );
    let delete = push_req(
        2,
        vec![Change::Delete {
            name: "db.host".into(),
        }],
    );
    push(&*s, &alice, env, &delete).await.unwrap();
    assert_eq!(served(&*s, &alice, env, "db.host").await, None);
    let restore = push_req(
        3,
        vec![Change::Restore {
            name: "db.host".into(),
        }],
    );
    push(&*s, &alice, env, &restore).await.unwrap();
    assert_eq!(
        served(&*s, &alice, env, "db.host").await.as_deref(),
        Some("one")
    );
    push(&*s, &alice, env, &config_push(4, "db.host", 3, "two"))
        .await
        .unwrap();
    // A rollback copies version 1 ("one") as version 5, at the next revision.
    let (_, revision, row) = s
        .config_rollback(&alice, env, "db.host", 1, event("config_rollback"))
        .await
        .unwrap();
    assert_eq!(
        (revision, row.version, row.value.as_deref()),
        (6, 5, Some("one"))
    );
    let (_, feed) = s.changes(&alice, env, 5).await.unwrap();
    assert_eq!(feed.changes[0].names, ["db.host"]);
    assert_eq!(feed.changes[0].values["db.host"].as_deref(), Some("one"));
    let versions = s
        .config_read(
            ConfigReader::Member(&alice),
            env,
            ConfigQuery::Versions("db.host".into()),
        )
        .await
        .unwrap();
    let seen: Vec<(u64, Option<&str>)> = versions
        .versions()
        .iter()
        .map(|r| (r.version, r.value.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (5, Some("one")),
            (4, Some("two")),
            (3, Some("one")),
            (2, None),
            (1, Some("one"))
        ]
    );
    // A viewer may not roll back; a rollback to a deletion is refused.
    let vic = user(&*s, &alice, "vic").await;
    let project = s.env(&alice, env).await.unwrap().project_id;
    let viewer = PutMember {
        role: Role::Viewer,
        env_id: None,
    };
    s.put_member(&alice, project, "vic", &viewer, event("member"))
        .await
        .unwrap();
    assert_eq!(
        served(&*s, &vic, env, "db.host").await.as_deref(),
        Some("one")
    );
    let refused = s
        .config_rollback(&vic, env, "db.host", 1, event("config_rollback"))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Forbidden { .. })),
        "{refused:?}"
    );
    let refused = s
        .config_rollback(&alice, env, "db.host", 2, event("config_rollback"))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    // Off forgets every value.
    serving(&*s, &alice, env, false).await;
    serving(&*s, &alice, env, true).await;
    assert_eq!(served(&*s, &alice, env, "db.host").await, None);
}

pub(super) async fn a_config_lookup_resolves_names_and_reads_what_the_asker_may_in_one_call<
    S: Store,
>(
    s: Arc<S>,
) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    let project = s.env(&alice, env).await.unwrap().project_id;
    serving(&*s, &alice, env, true).await;
    push(&*s, &alice, env, &config_push(0, "db.host", 1, "one"))
        .await
        .unwrap();
    let query = || ConfigQuery::Latest("db.host".into());
    let value = |found: ConfigFound| match found {
        ConfigFound::Read(at, read) => {
            assert_eq!((at, read.project), (env, project));
            read.latest().get("db.host").and_then(|r| r.value.clone())
        }
        other => panic!("not read: {other:?}"),
    };
    // By names and by ids, a member reads; a token reads its own environment.
    for (p, e) in [
        ("app".to_string(), "dev".to_string()),
        (project.to_string(), env.to_string()),
    ] {
        let found = s
            .config_lookup(ConfigAsker::Member(&alice), &p, &e, query())
            .await
            .unwrap();
        assert_eq!(value(found).as_deref(), Some("one"));
    }
    let own = [env];
    let found = s
        .config_lookup(ConfigAsker::Token(&own), "app", "dev", query())
        .await
        .unwrap();
    assert_eq!(value(found).as_deref(), Some("one"));
    // A token of another environment, a stranger, an unknown pair: answers, not errors.
    let other = [Uuid::new_v4()];
    let found = s
        .config_lookup(ConfigAsker::Token(&other), "app", "dev", query())
        .await
        .unwrap();
    assert!(
        matches!(found, ConfigFound::NotTokens(e) if e == env),
        "{found:?}"
    );
    let mallory = user(&*s, &alice, "mallory").await;
    let found = s
        .config_lookup(ConfigAsker::Member(&mallory), "app", "dev", query())
        .await
        .unwrap();
    assert!(
        matches!(found, ConfigFound::Refused(e, StoreError::Forbidden { .. }) if e == env),
        "{found:?}"
    );
    let found = s
        .config_lookup(ConfigAsker::Member(&alice), "app", "prod", query())
        .await
        .unwrap();
    assert!(matches!(found, ConfigFound::NoEnv), "{found:?}");
    // Not served is an error, as for `config_read`.
    serving(&*s, &alice, env, false).await;
    let refused = s
        .config_lookup(ConfigAsker::Member(&alice), "app", "dev", query())
        .await;
    assert!(matches!(refused, Err(StoreError::NotServed)), "{refused:?}");
}

/// The names a `Latest(key)` read answers, sorted.
async fn names_under<S: Store>(s: &S, c: &Caller, env: Uuid, key: &str) -> Vec<String> {
    let query = ConfigQuery::Latest(key.into());
    let read = s
        .config_read(ConfigReader::Member(c), env, query)
        .await
        .unwrap();
    let mut names: Vec<String> = read.latest().keys().map(|n| n.to_string()).collect();
    names.sort();
    names
}

pub(super) async fn a_subtree_holds_the_key_and_names_under_its_dot_and_the_empty_key_all<
    S: Store,
>(
    s: Arc<S>,
) {
    let alice = admin(&*s).await;
    let env = project_and_env(&*s, &alice).await;
    serving(&*s, &alice, env, true).await;
    // Neighbours in every collation's order: `_`, `-` and letters beside the dot, and a
    // name that only starts like the key.
    let names = [
        "database",
        "database.host",
        "database.pool.max",
        "database_x",
        "database-y",
        "databasez",
        "db.host",
    ];
    for (i, name) in names.iter().enumerate() {
        push(&*s, &alice, env, &config_push(i as i64, name, 1, "v"))
            .await
            .unwrap();
    }
    assert_eq!(
        names_under(&*s, &alice, env, "database").await,
        ["database", "database.host", "database.pool.max"]
    );
    assert_eq!(
        names_under(&*s, &alice, env, "database.pool").await,
        ["database.pool.max"]
    );
    let mut all = names.map(String::from).to_vec();
    all.sort();
    assert_eq!(names_under(&*s, &alice, env, "").await, all);
}
