//! The server's config API (issue 14, docs/config-api.md) against the real `secretscli
//! server` on SQLite and PostgreSQL: config items of a served environment read by key, by
//! prefix (nested JSON), by version, with their history and a rollback; inheritance; who
//! may do what (members by role, service tokens by environment, `--names` and `--write`),
//! each refusal tested; the values on the change feed; through the CLI, that a push
//! to a served environment leaves no secret value in clear in the server's database; and
//! that `token credential` prints the bearer an app reads with, which itself opens nothing.

use reqwest::Method;
use reqwest::StatusCode;
use secretscli::token::ServiceToken;
use secretscli::wire::config::{
    ConfigHistory, ConfigValue, REVISION_HEADER, ServeConfig, ServeConfigDone, ServedValue,
};
use secretscli::wire::feed::FeedPage;
use secretscli::wire::proposals::Protect;
use secretscli::wire::team::{InviteGrant, Role};
use secretscli::wire::{
    AuditPage, Change, InviteRequest, InviteResponse, ItemKind, ItemVersion, PushRequest, PutEnv,
    RemoteEnv,
};
use uuid::Uuid;

use crate::server::{Api, Storage, TestServer, error, on_both, push_req, setup, version};
use crate::sync::ok;
use crate::tokens::Setup;

/// A config item version and its value in clear, as a client pushing to a served
/// environment sends them.
fn config(name: &str, v: u64, value: &str) -> (Change, ServedValue) {
    let change = Change::Version(ItemVersion {
        name: name.into(),
        version: v,
        kind: ItemKind::Config,
        literal: false,
        key_version: 1,
        wrapped_data_key: vec![9; 60],
        ciphertext: b"sealed".to_vec(),
        created_at: 1_700_000_000_000,
        author: "alice@laptop".into(),
        previous: None,
    });
    let served = ServedValue {
        name: name.into(),
        version: v,
        value: value.into(),
    };
    (change, served)
}

/// A push of config values (and `more` changes without one) at `base`.
fn push_config(base: i64, values: &[(&str, u64, &str)], more: Vec<Change>) -> PushRequest {
    let (mut changes, served): (Vec<Change>, Vec<ServedValue>) = values
        .iter()
        .map(|(n, v, value)| config(n, *v, value))
        .unzip();
    changes.extend(more);
    PushRequest {
        served,
        ..push_req(base, changes)
    }
}

fn serve(api: &Api, env: Uuid, on: bool) -> reqwest::blocking::Response {
    let body = ServeConfig {
        serve: on,
        values: Vec::new(),
    };
    api.send(Method::PUT, &format!("/v1/envs/{env}/serve-config"), &body)
}

fn rollback(api: &Api, path: &str) -> reqwest::blocking::Response {
    api.send(
        Method::POST,
        &format!("/v1/config/{path}"),
        &serde_json::json!({}),
    )
}

fn refused(res: reqwest::blocking::Response, status: StatusCode, code: &str) -> String {
    let (got, body) = error(res);
    assert_eq!(
        (got, body.code.as_str()),
        (status, code),
        "{}",
        body.message
    );
    body.message
}

fn value(api: &Api, path: &str) -> ConfigValue {
    api.ok(api.get(&format!("/v1/config/{path}")))
}

/// A new user of the server with `role` on the project (or on nothing).
fn member(server: &TestServer, alice: &Api, grant: Option<InviteGrant>, name: &str) -> Api {
    let req = InviteRequest {
        user_id: None,
        expires_in_secs: 600,
        grant,
    };
    let invite: InviteResponse = alice.ok(alice.send(Method::POST, "/v1/invites", &req));
    Api::new(server)
        .with_token(&invite.token)
        .login(Some(name), &format!("{name}laptop"))
        .1
}

#[test]
fn a_served_env_answers_keys_subtrees_versions_history_and_rollbacks() {
    on_both(values_and_versions);
}

fn values_and_versions(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (alice, project, env) = setup(&server);
    // Not served yet: a stable code says so, whatever the key.
    refused(
        alice.get("/v1/config/app/dev/database.host"),
        StatusCode::NOT_FOUND,
        "config_not_served",
    );
    let done: ServeConfigDone = alice.ok(serve(&alice, env, true));
    assert_eq!((done.env_id, done.serve, done.values), (env, true, 0));
    let first = push_config(
        0,
        &[("database.host", 1, "db1"), ("database.port", 1, "5432")],
        vec![version("API_KEY", 1, b"sealed secret".to_vec())],
    );
    alice.ok::<serde_json::Value>(alice.push(env, &first));

    // A key: its value, version, when and who; the environment's revision in a header.
    let res = alice.get("/v1/config/app/dev/database.host");
    assert_eq!(res.headers()[REVISION_HEADER], "1");
    let v: ConfigValue = alice.ok(res);
    assert_eq!(
        (
            v.key.as_str(),
            v.value.as_str(),
            v.version,
            v.updated_by.as_str()
        ),
        ("database.host", "db1", 1, "alice")
    );
    // The same by ids.
    assert_eq!(
        value(&alice, &format!("{project}/{env}/database.host")).value,
        "db1"
    );
    // A prefix: the subtree as nested JSON.
    let tree: serde_json::Value = alice.ok(alice.get("/v1/config/app/dev/database"));
    assert_eq!(tree, serde_json::json!({"host": "db1", "port": "5432"}));
    // A secret is never served; a missing key is 404 `not_found`.
    for key in ["API_KEY", "database.user", "data"] {
        refused(
            alice.get(&format!("/v1/config/app/dev/{key}")),
            StatusCode::NOT_FOUND,
            "not_found",
        );
    }

    // A new version; the old one by ?version=, the history with who and when.
    alice.ok::<serde_json::Value>(
        alice.push(env, &push_config(1, &[("database.host", 2, "db2")], vec![])),
    );
    assert_eq!(value(&alice, "app/dev/database.host").value, "db2");
    let old = value(&alice, "app/dev/database.host?version=1");
    assert_eq!((old.value.as_str(), old.version), ("db1", 1));
    refused(
        alice.get("/v1/config/app/dev/database.host?version=7"),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let history: ConfigHistory = alice.ok(alice.get("/v1/config/app/dev/history/database.host"));
    assert_eq!(history.env_id, env);
    let seen: Vec<(u64, Option<&str>, &str)> = history
        .versions
        .iter()
        .map(|v| (v.version, v.value.as_deref(), v.updated_by.as_str()))
        .collect();
    assert_eq!(seen, [(2, Some("db2"), "alice"), (1, Some("db1"), "alice")]);

    // A rollback writes a new version equal to the old one, as a new revision that the
    // change feed carries with the value.
    let res = rollback(&alice, "app/dev/rollback/database.host?version=1");
    assert_eq!(res.headers()[REVISION_HEADER], "3");
    let back: ConfigValue = alice.ok(res);
    assert_eq!((back.value.as_str(), back.version), ("db1", 3));
    assert_eq!(value(&alice, "app/dev/database.host").value, "db1");
    let feed: FeedPage = alice.ok(alice.get(&format!("/v1/envs/{env}/changes?since=1&wait=0")));
    let values: Vec<_> = feed
        .changes
        .iter()
        .map(|c| (c.revision, c.values.clone()))
        .collect();
    assert_eq!(
        values,
        [
            (
                2,
                [("database.host".to_string(), Some("db2".to_string()))].into()
            ),
            (
                3,
                [("database.host".to_string(), Some("db1".to_string()))].into()
            ),
        ]
    );
    refused(
        rollback(&alice, "app/dev/rollback/database.host?version=99"),
        StatusCode::NOT_FOUND,
        "not_found",
    );

    // An item that becomes a secret stops being served at once; the feed says so (null).
    alice.ok::<serde_json::Value>(alice.push(
        env,
        &push_req(3, vec![version("database.port", 2, b"now secret".to_vec())]),
    ));
    refused(
        alice.get("/v1/config/app/dev/database.port"),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let feed: FeedPage = alice.ok(alice.get(&format!("/v1/envs/{env}/changes?since=3&wait=0")));
    assert_eq!(feed.changes[0].values["database.port"], None);
    // A value in clear for a secret is refused, and nothing of the push lands.
    let bad = PushRequest {
        served: vec![ServedValue {
            name: "API_KEY".into(),
            version: 2,
            value: "leaked".into(),
        }],
        ..push_req(4, vec![version("API_KEY", 2, b"sealed".to_vec())])
    };
    let message = refused(
        alice.push(env, &bad),
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert!(message.contains("secret"), "{message}");
    assert!(!message.contains("leaked"), "{message}");

    // Inheritance: a served child overrides its served parent key by key.
    let child = Uuid::new_v4();
    alice.ok::<RemoteEnv>(alice.send(
        Method::PUT,
        &format!("/v1/envs/{child}"),
        &PutEnv {
            project_id: project,
            name: "dev-eu".into(),
            parent_id: Some(env),
        },
    ));
    alice.ok::<ServeConfigDone>(serve(&alice, child, true));
    alice.ok::<serde_json::Value>(alice.push(
        child,
        &push_config(0, &[("database.host", 1, "eu")], vec![]),
    ));
    alice.ok::<serde_json::Value>(
        alice.push(env, &push_config(4, &[("database.name", 1, "app")], vec![])),
    );
    let tree: serde_json::Value = alice.ok(alice.get("/v1/config/app/dev-eu/database"));
    assert_eq!(tree, serde_json::json!({"host": "eu", "name": "app"}));
    let inherited: ConfigHistory =
        alice.ok(alice.get("/v1/config/app/dev-eu/history/database.name"));
    assert_eq!(inherited.env_id, env);
    // The whole environment: every served key, inherited ones too, nested like a prefix.
    let res = alice.get("/v1/config/app/dev-eu");
    assert_eq!(res.headers()[REVISION_HEADER], "1");
    let all: serde_json::Value = alice.ok(res);
    assert_eq!(
        all,
        serde_json::json!({"database": {"host": "eu", "name": "app"}})
    );

    // Stopping forgets every value: the API says not served.
    let done: ServeConfigDone = alice.ok(serve(&alice, env, false));
    assert!(!done.serve);
    refused(
        alice.get("/v1/config/app/dev/database.host"),
        StatusCode::NOT_FOUND,
        "config_not_served",
    );
    refused(
        alice.get("/v1/config/app/dev"),
        StatusCode::NOT_FOUND,
        "config_not_served",
    );
    alice.ok::<ServeConfigDone>(serve(&alice, env, true));
    refused(
        alice.get("/v1/config/app/dev/database.host"),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // Served with nothing to serve: an empty object, not an error.
    let none: serde_json::Value = alice.ok(alice.get("/v1/config/app/dev"));
    assert_eq!(none, serde_json::json!({}));
}

#[test]
fn untrusted_config_requests_are_refused_at_the_edge_with_stable_codes() {
    on_both(edge);
}

fn edge(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (alice, _, env) = setup(&server);
    alice.ok::<ServeConfigDone>(serve(&alice, env, true));
    for path in [
        "/v1/config/app/dev/a%01b",
        "/v1/config/app/dev/a?version=0",
        "/v1/config/app/dev/a?version=-1",
        "/v1/config/app/d%0Aev/a",
    ] {
        refused(alice.get(path), StatusCode::BAD_REQUEST, "invalid_field");
    }
    refused(
        alice.get("/v1/config/app/dev/a?version=x"),
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    refused(
        rollback(&alice, "app/dev/rollback/a"),
        StatusCode::BAD_REQUEST,
        "invalid_field",
    );
    refused(
        alice.get("/v1/config/app/nope/a"),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // A value too long, or with a control character, is refused before any store sees it.
    for bad in ["x".repeat(16 * 1024 + 1), "two\nlines".to_string()] {
        let req = push_config(0, &[("k", 1, &bad)], vec![]);
        refused(
            alice.push(env, &req),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        );
        let body = ServeConfig {
            serve: true,
            values: vec![ServedValue {
                name: "k".into(),
                version: 1,
                value: bad,
            }],
        };
        refused(
            alice.send(Method::PUT, &format!("/v1/envs/{env}/serve-config"), &body),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        );
    }
}

#[test]
fn each_config_permission_is_refused_to_members_without_it_and_audited() {
    on_both(member_roles);
}

fn member_roles(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (alice, project, env) = setup(&server);
    alice.ok::<ServeConfigDone>(serve(&alice, env, true));
    alice.ok::<serde_json::Value>(alice.push(
        env,
        &push_config(
            0,
            &[("feature.flag", 1, "on"), ("feature.flag2", 1, "off")],
            vec![],
        ),
    ));
    alice.ok::<serde_json::Value>(
        alice.push(env, &push_config(1, &[("feature.flag", 2, "off")], vec![])),
    );
    let grant = |role| {
        Some(InviteGrant {
            project_id: project,
            role,
            env_id: None,
        })
    };
    let viewer = member(&server, &alice, grant(Role::Viewer), "vic");
    let writer = member(&server, &alice, grant(Role::Writer), "wes");
    let stranger = member(&server, &alice, None, "sam");
    let anonymous = Api::new(&server);

    // Reading: viewers and above; not a stranger, not without a token.
    assert_eq!(value(&viewer, "app/dev/feature.flag").value, "off");
    viewer.ok::<ConfigHistory>(viewer.get("/v1/config/app/dev/history/feature.flag"));
    let message = refused(
        stranger.get("/v1/config/app/dev/feature.flag"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert!(message.contains("not a member"), "{message}");
    refused(
        anonymous.get("/v1/config/app/dev/feature.flag"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    // The whole environment by the same rules.
    let all: serde_json::Value = viewer.ok(viewer.get("/v1/config/app/dev"));
    assert_eq!(
        all,
        serde_json::json!({"feature": {"flag": "off", "flag2": "off"}})
    );
    refused(
        stranger.get("/v1/config/app/dev"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    refused(
        anonymous.get("/v1/config/app/dev"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    // Rolling back: writers and above.
    let message = refused(
        rollback(&viewer, "app/dev/rollback/feature.flag?version=1"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert!(message.contains("writer"), "{message}");
    assert_eq!(
        writer
            .ok::<ConfigValue>(rollback(&writer, "app/dev/rollback/feature.flag?version=1"))
            .updated_by,
        "wes"
    );
    // Serving: admins only.
    for who in [&viewer, &writer] {
        let message = refused(serve(who, env, false), StatusCode::FORBIDDEN, "forbidden");
        assert!(message.contains("admin"), "{message}");
    }
    // A protected environment takes no rollback: its changes need approvals.
    alice.ok::<serde_json::Value>(alice.send(
        Method::PUT,
        &format!("/v1/envs/{env}/protection"),
        &Protect { approvals: 1 },
    ));
    let message = refused(
        rollback(&writer, "app/dev/rollback/feature.flag?version=2"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert!(message.contains("protected"), "{message}");

    // Reads are audited with the names answered; refusals too.
    let audit: AuditPage = alice.ok(alice.get("/v1/audit"));
    let entries: Vec<(&str, &str, bool, String)> = audit
        .entries
        .iter()
        .filter(|e| e.action.starts_with("config_"))
        .map(|e| {
            (
                e.actor.as_str(),
                e.action.as_str(),
                e.allowed,
                e.names.join(","),
            )
        })
        .collect();
    for want in [
        ("alice", "config_serve", true, String::new()),
        ("vic", "config_read", true, "feature.flag".to_string()),
        ("vic", "config_history", true, "feature.flag".to_string()),
        ("sam", "config_read", false, String::new()),
        ("vic", "config_rollback", false, String::new()),
        ("wes", "config_rollback", true, "feature.flag".to_string()),
        ("wes", "config_serve", false, String::new()),
        ("wes", "config_rollback", false, String::new()),
    ] {
        let found = entries.iter().any(|(a, act, ok, names)| {
            (*a, *act, *ok) == (want.0, want.1, want.2) && *names == want.3
        });
        assert!(found, "no audit entry {want:?} in {entries:?}");
    }
}

/// The `scsa_...` credential of a token's text, for `Authorization: Bearer`.
fn credential(token: &str) -> String {
    let t = ServiceToken::parse(token).unwrap();
    t.credential().expose_str().unwrap().to_string()
}

#[test]
fn a_push_to_a_served_env_keeps_config_in_clear_and_no_secret_and_tokens_read_by_scope() {
    crate::tokens::on_both(pushed_through_the_cli);
}

fn pushed_through_the_cli(s: &Setup) {
    let alice = &s.alice;
    ok(alice, &["env", "serve-config", "prod"], &[]);
    for (name, value) in [
        ("database.host", "db.internal"),
        ("database.port", "5432"),
        ("feature.flag", "on"),
    ] {
        alice.ok_stdin(&["set", "-e", "prod", "--config", name], value);
    }
    alice.ok_stdin(
        &["set", "-e", "staging", "--config", "database.host"],
        "db.staging",
    );
    ok(alice, &["push"], &[]);
    // The server keeps the config values in clear (that is what it serves), and no secret
    // value anywhere: not in the database, not in its WAL.
    let stored = s.store_bytes();
    let has = |needle: &str| stored.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(
        has("db.internal"),
        "the config value is not stored in clear"
    );
    for secret in [
        "prod-auth-secret",
        "prod-billing-secret",
        "postgres://prod",
        "staging-secret",
    ] {
        assert!(!has(secret), "{secret} is stored in clear");
    }
    // Staging is not served: its config value stayed on the device.
    assert!(
        !has("db.staging"),
        "an unserved env's value reached the server in clear"
    );

    let api = Api::at(&s.server.url());
    let prod = api.with_token(&credential(&s.create("app", &["prod"], &[])));
    assert_eq!(value(&prod, "app/prod/database.host").value, "db.internal");
    let tree: serde_json::Value = prod.ok(prod.get("/v1/config/app/prod/database"));
    assert_eq!(
        tree,
        serde_json::json!({"host": "db.internal", "port": "5432"})
    );
    prod.ok::<ConfigHistory>(prod.get("/v1/config/app/prod/history/feature.flag"));
    // A token for prod is refused for staging; a read-only token may not roll back.
    let message = refused(
        prod.get("/v1/config/app/staging/database.host"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert!(message.contains("not for this environment"), "{message}");
    let message = refused(
        rollback(&prod, "app/prod/rollback/feature.flag?version=1"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert!(message.contains("read-only"), "{message}");
    // `--names` globs restrict what a token sees, by key and within a subtree.
    let db_only = api.with_token(&credential(&s.create(
        "db",
        &["prod"],
        &["--names", "database.*"],
    )));
    let tree: serde_json::Value = db_only.ok(db_only.get("/v1/config/app/prod/database"));
    assert_eq!(
        tree,
        serde_json::json!({"host": "db.internal", "port": "5432"})
    );
    let message = refused(
        db_only.get("/v1/config/app/prod/feature.flag"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert!(message.contains("--names"), "{message}");
    // The whole environment: every config key for a token of it, only its globs' for another.
    let all: serde_json::Value = prod.ok(prod.get("/v1/config/app/prod"));
    assert_eq!(
        all,
        serde_json::json!({"database": {"host": "db.internal", "port": "5432"}, "feature": {"flag": "on"}})
    );
    let all: serde_json::Value = db_only.ok(db_only.get("/v1/config/app/prod"));
    assert_eq!(
        all,
        serde_json::json!({"database": {"host": "db.internal", "port": "5432"}})
    );
    refused(
        prod.get("/v1/config/app/staging"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    // A `--write` token rolls back, within its globs.
    alice.ok_stdin(&["set", "-e", "prod", "--config", "feature.flag"], "off");
    ok(alice, &["push"], &[]);
    let writer = api.with_token(&credential(&s.create(
        "ops",
        &["prod"],
        &["--write", "--names", "feature.*"],
    )));
    let back: ConfigValue = writer.ok(rollback(
        &writer,
        "app/prod/rollback/feature.flag?version=1",
    ));
    assert_eq!(
        (back.value.as_str(), back.version, back.updated_by.as_str()),
        ("on", 3, "token:ops")
    );
    refused(
        rollback(&writer, "app/prod/rollback/database.host?version=1"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    // Serving an environment later sends the values its config items have now.
    let r = ok(alice, &["env", "serve-config", "staging"], &[]);
    assert!(r.stderr.contains("1 value sent"), "{}", r.stderr);
    let staging = api.with_token(&credential(&s.create("stg", &["staging"], &[])));
    assert_eq!(
        value(&staging, "app/staging/database.host").value,
        "db.staging"
    );
    // A wrong credential is 401.
    let forged = credential(&s.create("forged", &["prod"], &[]));
    let forged = format!("{}x", &forged[..forged.len() - 1]);
    refused(
        api.with_token(&forged)
            .get("/v1/config/app/prod/database.host"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    // Token reads are audited with the token's name and the names served.
    let audit = s.audit_of("config_read");
    assert!(
        audit
            .iter()
            .any(|(actor, names, allowed)| actor == "token:app"
                && names.contains("database.host")
                && *allowed),
        "{audit:?}"
    );
    for refused in ["token:app", "token:db"] {
        assert!(
            audit
                .iter()
                .any(|(actor, _, allowed)| actor == refused && !*allowed),
            "no refusal of {refused} audited: {audit:?}"
        );
    }
    // Turning serving off deletes the values the server kept.
    ok(alice, &["env", "serve-config", "prod", "--off"], &[]);
    refused(
        prod.get("/v1/config/app/prod/database.host"),
        StatusCode::NOT_FOUND,
        "config_not_served",
    );
    let prod_rows =
        "SELECT COUNT(*) FROM config_values WHERE value IN ('db.internal', '5432', 'on', 'off')";
    assert_eq!(s.count(prod_rows), 0);
}

#[test]
fn a_write_tokens_config_items_are_served_in_a_served_env_and_nothing_else_leaves_in_clear() {
    crate::tokens::on_both(written_by_a_token);
}

fn written_by_a_token(s: &Setup) {
    ok(&s.alice, &["env", "serve-config", "prod"], &[]);
    s.alice.ok_stdin(
        &["set", "-e", "prod", "--config", "database.host"],
        "db.internal",
    );
    ok(&s.alice, &["push"], &[]);
    let deploy = s.create("deploy", &["prod", "staging"], &["--write"]);
    let vars = [("SECRETSCLI_TOKEN", deploy.as_str())];
    let writes: [&[&str]; 3] = [
        &[
            "set",
            "-e",
            "prod",
            "--config",
            "database.host=db2.internal",
        ],
        &["set", "-e", "prod", "DEPLOY_KEY=token-written-secret"],
        &[
            "set",
            "-e",
            "staging",
            "--config",
            "database.host=db2.staging",
        ],
    ];
    for args in writes {
        let (r, _) = crate::tokens::ci(args, &vars, "");
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }

    // The config API serves what the token wrote, not the device's older value.
    let api = Api::at(&s.server.url());
    let reader = api.with_token(&credential(&s.create("app", &["prod"], &[])));
    let served = value(&reader, "app/prod/database.host");
    assert_eq!((served.value.as_str(), served.version), ("db2.internal", 2));
    // Only a served env's config values travel in clear: not the secret, not staging's.
    let stored = s.store_bytes();
    let has = |needle: &str| stored.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has("db2.internal"), "the served value is not stored");
    for sealed in ["token-written-secret", "db2.staging"] {
        assert!(!has(sealed), "{sealed} reached the server in clear");
    }
}

#[test]
fn token_credential_prints_what_an_app_reads_config_with_and_the_credential_opens_nothing() {
    crate::tokens::on_both(credential_from_the_cli);
}

/// A command's arguments, extra variables and stdin.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

fn credential_from_the_cli(s: &Setup) {
    let alice = &s.alice;
    ok(alice, &["env", "serve-config", "prod"], &[]);
    alice.ok_stdin(
        &["set", "-e", "prod", "--config", "database.host"],
        "db.internal",
    );
    ok(alice, &["push"], &[]);
    let token = s.create("app", &["prod"], &[]);
    let share = token.split('.').nth(2).unwrap().to_string();

    // From SECRETSCLI_TOKEN, in an empty HOME: the credential on stdout, nothing on disk.
    let (r, left) = crate::tokens::ci(
        &["token", "credential"],
        &[("SECRETSCLI_TOKEN", &token)],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(left.is_empty(), "it wrote {left:?}");
    let printed = r.stdout().trim().to_string();
    assert_eq!(printed, credential(&token), "not the library's derivation");
    assert!(printed.starts_with("scsa_"), "{printed}");
    assert!(
        !printed.contains(&share),
        "the credential carries the token's share"
    );
    assert!(!r.stderr.contains(&share), "{}", r.stderr);
    // The same from SECRETSCLI_TOKEN_FILE and from stdin.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let (r, _) = crate::tokens::ci(
        &["token", "credential"],
        &[("SECRETSCLI_TOKEN_FILE", file.to_str().unwrap())],
        "",
    );
    assert_eq!(
        (r.code, r.stdout().trim()),
        (0, printed.as_str()),
        "{}",
        r.stderr
    );
    let (r, _) = crate::tokens::ci(&["token", "credential", "--token-stdin"], &[], &token);
    assert_eq!(
        (r.code, r.stdout().trim()),
        (0, printed.as_str()),
        "{}",
        r.stderr
    );
    // Without a token: a usage error that says where to put one.
    let (r, _) = crate::tokens::ci(&["token", "credential"], &[], "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("SECRETSCLI_TOKEN") && r.stderr.contains("--token-stdin"),
        "{}",
        r.stderr
    );

    // An app with the printed credential (what `curl -H "Authorization: Bearer ..."` sends)
    // reads a served config key from the server.
    let app = Api::at(&s.server.url()).with_token(&printed);
    let read = value(&app, "app/prod/database.host");
    assert_eq!((read.value.as_str(), read.version), ("db.internal", 1));

    // The credential in place of the token decrypts nothing: refused, saying what it is,
    // whether it comes from the variable, a file or stdin.
    std::fs::write(&file, &printed).unwrap();
    let file = file.to_str().unwrap();
    let in_var = [("SECRETSCLI_TOKEN", printed.as_str())];
    let in_file = [("SECRETSCLI_TOKEN_FILE", file)];
    let cases: [Case<'_>; 4] = [
        (&["get", "auth.key"], &in_var, ""),
        (&["inject", "--", "true"], &in_var, ""),
        (&["export"], &in_file, ""),
        (&["get", "auth.key", "--token-stdin"], &[], &printed),
    ];
    for (args, vars, stdin) in cases {
        let (r, _) = crate::tokens::ci(args, vars, stdin);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("HTTP credential"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("scs_"), "{args:?}: {}", r.stderr);
        assert!(
            !r.stderr.contains(&printed),
            "{args:?} quotes the credential"
        );
        assert!(r.stdout.is_empty(), "{args:?} printed {:?}", r.stdout());
    }
}
