//! Teams (issue 11) against the real `secretscli server`: three users (alice the admin,
//! bob a writer on dev, carol a viewer on prod), a second device of bob's approved by
//! fingerprint, a role x action table, removal end to end and a server that lies about a
//! user's recipients. Every refused reveal also checks the server's database: no wrap is
//! addressed to a recipient of the refused user.

use secretscli::crypto::DeviceIdentity;
use secretscli::vault::Vault;
use uuid::Uuid;

use crate::server::{Backend, Storage};
use crate::sync::{Server, ok, run};
use crate::util::{PASS, Run, TestEnv};

struct Team {
    server: Server,
    alice: TestEnv,
    bob: TestEnv,
    carol: TestEnv,
    /// The server's database (dropped last: after the server stops).
    db: Db,
}

/// The server's store, for what the tests inspect or forge in it.
enum Db {
    Sqlite,
    /// The URL, and the schema it lives in (dropped with it).
    Postgres {
        url: String,
        _schema: Storage,
    },
}

/// Runs `case` on a server on SQLite, then on PostgreSQL when there is a test database
/// (else a `SKIPPED (no PostgreSQL)` line says so).
fn on_both(case: fn(&Team)) {
    if !Server::available() {
        eprintln!("skipped: this build has no `secretscli server` subcommand");
        return;
    }
    case(&team(Db::Sqlite));
    if let Some(storage) = Storage::postgres() {
        let Backend::Postgres(url) = storage.backend.clone() else {
            unreachable!("a PostgreSQL storage")
        };
        case(&team(Db::Postgres {
            url,
            _schema: storage,
        }));
    }
}

/// Rows of `sql` on PostgreSQL with text parameters.
pub(crate) fn pg_rows(url: &str, sql: &str, params: &[&str]) -> Vec<tokio_postgres::Row> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        let task = tokio::spawn(conn);
        let params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = params
            .iter()
            .map(|p| p as &(dyn tokio_postgres::types::ToSql + Sync))
            .collect();
        let rows = client.query(sql, &params).await.unwrap();
        drop(client);
        let _ = task.await;
        rows
    })
}

impl Team {
    /// How many wraps the server holds for `recipient` (in `env`, or anywhere).
    fn wraps_to(&self, recipient: &str, env: Option<Uuid>) -> i64 {
        let env = env.map(|e| e.to_string()).unwrap_or_default();
        match &self.db {
            Db::Sqlite => self
                .server
                .db()
                .query_row(
                    "SELECT COUNT(*) FROM env_keys WHERE recipient = ?1 AND (?2 = '' OR env_id = ?2)",
                    [recipient, &env],
                    |r| r.get(0),
                )
                .unwrap(),
            Db::Postgres { url, .. } => pg_rows(
                url,
                "SELECT COUNT(*) FROM env_keys WHERE recipient = $1 AND ($2 = '' OR env_id::text = $2)",
                &[recipient, &env],
            )[0]
            .get(0),
        }
    }

    /// Every wrap of key `version` of `env`.
    fn wraps_of(&self, env: Uuid, version: i64) -> Vec<Vec<u8>> {
        let env = env.to_string();
        match &self.db {
            Db::Sqlite => {
                let db = self.server.db();
                let mut stmt = db
                    .prepare("SELECT wrapped FROM env_keys WHERE env_id = ?1 AND key_version = ?2")
                    .unwrap();
                stmt.query_map(rusqlite::params![env, version], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Db::Postgres { url, .. } => pg_rows(
                url,
                "SELECT wrapped FROM env_keys WHERE env_id::text = $1 AND key_version::text = $2",
                &[&env, &version.to_string()],
            )
            .iter()
            .map(|r| r.get(0))
            .collect(),
        }
    }

    /// The server's revision of `env`.
    fn revision(&self, env: Uuid) -> i64 {
        self.number("SELECT revision FROM envs WHERE id", env, "")
    }

    /// The key version of the newest version of `name` in `env`.
    fn newest_key_version(&self, env: Uuid, name: &str) -> i64 {
        self.number(
            "SELECT key_version FROM entries WHERE name = ?N AND env_id",
            env,
            name,
        )
    }

    /// `select` (ending in an id column compared with `env`; `?N` stands for `name`),
    /// newest row first, as a number.
    fn number(&self, select: &str, env: Uuid, name: &str) -> i64 {
        let order = if select.contains("entries") {
            " ORDER BY seq DESC LIMIT 1"
        } else {
            ""
        };
        match &self.db {
            Db::Sqlite => self
                .server
                .db()
                .query_row(
                    &format!("{} = ?1 AND ?2 = ?2{order}", select.replace("?N", "?2")),
                    [env.to_string(), name.to_string()],
                    |r| r.get(0),
                )
                .unwrap(),
            Db::Postgres { url, .. } => pg_rows(
                url,
                &format!(
                    "{}::text = $1 AND $2 = $2{order}",
                    select.replace("?N", "$2")
                ),
                &[&env.to_string(), name],
            )[0]
            .get(0),
        }
    }

    /// Adds an approved device with `recipient` to user `user`, straight into the
    /// server's database (what a compromised server could do).
    fn forge_device(&self, user: &str, name: &str, recipient: &str) {
        let id = Uuid::new_v4().to_string();
        match &self.db {
            Db::Sqlite => {
                let db = self.server.db();
                db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
                db.execute(
                    "INSERT INTO devices (id, user_id, name, recipient, created_at, status)
                     SELECT ?1, id, ?2, ?3, 0, 'approved' FROM users WHERE name = ?4",
                    [&id, name, recipient, user],
                )
                .unwrap();
            }
            Db::Postgres { url, .. } => {
                pg_rows(
                    url,
                    "INSERT INTO devices (id, user_id, name, recipient, created_at, status)
                     SELECT $1::text::uuid, id, $2, $3, 0, 'approved' FROM users WHERE name = $4
                     RETURNING id",
                    &[&id, name, recipient, user],
                );
            }
        }
    }
}

fn login(home: &TestEnv, server: &Server, token: &str, user: &str, device: &str) -> Run {
    ok(
        home,
        &["login", &server.url(), "--name", device, "--user", user],
        &[("SECRETSCLI_TOKEN", token)],
    )
}

fn token(run: &Run) -> String {
    let t = run.stdout().trim().to_string();
    assert!(t.starts_with("sct_"), "{t}");
    t
}

/// alice (server admin) pushes app/dev and app/prod; bob joins as writer on dev and
/// carol as viewer on prod through invites carrying the grant; alice's `member list`
/// completes bob's grant.
fn team(db: Db) -> Team {
    let server = Server::start_with(match &db {
        Db::Sqlite => None,
        Db::Postgres { url, .. } => Some(url.clone()),
    });
    let alice = TestEnv::unlocked();
    login(&alice, &server, &server.bootstrap, "alice", "alice@laptop");
    alice.set("DEV_KEY", "dev-1");
    alice.ok(&["env", "create", "prod"]);
    alice.ok_stdin(&["set", "-e", "prod", "PROD_KEY"], "prod-1");
    ok(&alice, &["push"], &[]);

    let bob = TestEnv::unlocked();
    let t = token(&ok(
        &alice,
        &["invite", "--user", "bob", "--role", "writer", "-e", "dev"],
        &[],
    ));
    login(&bob, &server, &t, "bob", "bob@laptop");
    // Before a device holding the keys has synced, bob is told his keys are on the way.
    let early = run(&bob, &["pull", "-e", "dev"], &[]);
    assert_eq!(early.code, 5, "{}", early.stderr);
    assert!(
        early
            .stderr
            .contains("the keys arrive once a device that holds them runs"),
        "{}",
        early.stderr
    );
    let carol = TestEnv::unlocked();
    let t = token(&ok(
        &alice,
        &[
            "invite", "--user", "carol", "--role", "viewer", "-e", "prod",
        ],
        &[],
    ));
    login(&carol, &server, &t, "carol", "carol@laptop");

    let listed = ok(&alice, &["member", "list"], &[]);
    assert!(
        listed
            .stderr
            .contains("gave the keys of app/dev to bob (bob@laptop)"),
        "{}",
        listed.stderr
    );
    assert!(
        listed
            .stderr
            .contains("pinned bob's device bob@laptop on first use"),
        "{}",
        listed.stderr
    );
    ok(&bob, &["pull", "-e", "dev"], &[]);
    Team {
        server,
        alice,
        bob,
        carol,
        db,
    }
}

/// This home's own age recipient.
fn recipient(home: &TestEnv) -> String {
    Vault::open(&home.vault_path())
        .unwrap()
        .recipient()
        .unwrap()
        .expect("an identity")
}

/// This home's device identity (the secret half), read through the library.
fn identity(home: &TestEnv) -> DeviceIdentity {
    let mut vault = Vault::open(&home.vault_path()).unwrap();
    let unlocked = vault.unlock_with_passphrase(PASS.as_bytes()).unwrap();
    vault.identity(&unlocked).unwrap()
}

/// This home's API token for its only server.
fn api_token(home: &TestEnv) -> String {
    let vault = Vault::open(&home.vault_path()).unwrap();
    let unlocked = vault.unlock_with_passphrase(PASS.as_bytes()).unwrap();
    let remote = vault.remotes().unwrap().remove(0);
    let token = vault.remote_token(&unlocked, &remote).unwrap();
    token.expose_str().unwrap().to_string()
}

/// The id of `project/env` (the same here and on the server).
fn env_id(home: &TestEnv, env: &str) -> Uuid {
    let vault = Vault::open(&home.vault_path()).unwrap();
    let project = vault.project("app").unwrap();
    vault.env(&project, env).unwrap().id
}

/// The status of `method path` with `token`, and a JSON body.
fn http(
    server: &Server,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: serde_json::Value,
) -> u16 {
    reqwest::blocking::Client::new()
        .request(method, format!("{}{path}", server.url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .unwrap()
        .status()
        .as_u16()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Action {
    ListNames,
    Get,
    Inject,
    Push,
    MemberAdd,
    DeviceApprove,
    Protect,
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Allowed,
    Refused,
    Other(String),
}

/// Exit 0, or a refusal (9: the server refused; 5: no key, or nothing to open).
fn outcome(r: Run) -> Outcome {
    match r.code {
        0 => Outcome::Allowed,
        5 | 9 => Outcome::Refused,
        _ => Outcome::Other(r.stderr),
    }
}

fn status(code: u16) -> Outcome {
    match code {
        200..=299 => Outcome::Allowed,
        403 | 404 => Outcome::Refused,
        _ => Outcome::Other(format!("HTTP {code}")),
    }
}

fn key_of(env: &str) -> &'static str {
    if env == "dev" { "DEV_KEY" } else { "PROD_KEY" }
}

/// Runs `action` as `who` on `env` with the real binary (or, where the refused party
/// has nothing local to run it on, the same request over HTTP with their own token).
fn attempt(t: &Team, who: &TestEnv, env: &str, action: Action, expect: &Outcome) -> Outcome {
    let id = env_id(&t.alice, env);
    match action {
        Action::ListNames => {
            let r = run(who, &["list", "--remote", "-e", env, "--json"], &[]);
            if r.code == 0 && !r.stdout().contains(key_of(env)) {
                return Outcome::Other(format!("listed {:?}", r.stdout()));
            }
            // The log holds names too: the server must refuse it to the same people.
            let log = status(http(
                &t.server,
                &api_token(who),
                reqwest::Method::GET,
                &format!("/v1/envs/{id}/log?since=0"),
                serde_json::Value::Null,
            ));
            match outcome(r) {
                same if same == log => same,
                listed => Outcome::Other(format!("list --remote {listed:?}, log {log:?}")),
            }
        }
        Action::Get => match outcome(run(who, &["pull", "-e", env], &[])) {
            Outcome::Allowed => outcome(run(who, &["get", "-e", env, key_of(env)], &[])),
            refused => refused,
        },
        Action::Inject => {
            let r = run(
                who,
                &["inject", "-e", env, "--", "printenv", key_of(env)],
                &[],
            );
            if r.code == 0 && !r.stdout().trim().ends_with("-1") {
                return Outcome::Other(format!("injected {:?}", r.stdout()));
            }
            outcome(r)
        }
        Action::Push if *expect == Outcome::Allowed => {
            ok(who, &["set", "-e", env, "PUSHED_IN_TABLE=1"], &[]);
            outcome(run(who, &["push", "-e", env], &[]))
        }
        Action::Push => {
            // A well-formed push of a new item at the current revision: only the role
            // can make the server refuse it.
            let revision = t.revision(id);
            let body = serde_json::json!({
                "base_revision": revision,
                "idempotency_key": Uuid::new_v4(),
                "force": false,
                "changes": [{"op": "version", "name": "INTRUDER", "version": 1,
                    "kind": "secret", "literal": false, "key_version": 1,
                    "wrapped_data_key": "AAAA", "ciphertext": "AAAA",
                    "created_at": 1, "author": "x@y"}]
            });
            status(http(
                &t.server,
                &api_token(who),
                reqwest::Method::POST,
                &format!("/v1/envs/{id}/push"),
                body,
            ))
        }
        Action::MemberAdd => outcome(run(
            who,
            &["member", "add", "dave", "--role", "viewer", "-e", env],
            &[],
        )),
        Action::Protect => outcome(run(who, &["env", "protect", env], &[])),
        Action::DeviceApprove => {
            let fp = secretscli::wire::team::fingerprint(&recipient(&t.carol));
            outcome(run(
                who,
                &[
                    "device",
                    "approve",
                    "carol@laptop",
                    "--user",
                    "carol",
                    "--fingerprint",
                    &fp,
                ],
                &[],
            ))
        }
    }
}

#[test]
fn roles_allow_and_refuse_each_action_and_no_refused_reader_holds_a_wrap() {
    on_both(roles_allow_and_refuse_each_action_and_no_refused_reader_holds_a_wrap_on);
}

fn roles_allow_and_refuse_each_action_and_no_refused_reader_holds_a_wrap_on(t: &Team) {
    // `dave` must exist for `member add` to be about permission, not a missing user.
    let invite = token(&ok(&t.alice, &["invite", "--user", "dave"], &[]));
    login(&TestEnv::unlocked(), &t.server, &invite, "dave", "dave@box");
    use Action::*;
    let table: &[(&str, &str, Action, bool)] = &[
        ("bob", "dev", ListNames, true),
        ("bob", "dev", Get, true),
        ("bob", "dev", Inject, true),
        ("bob", "dev", Push, true),
        ("bob", "dev", MemberAdd, false),
        ("bob", "dev", DeviceApprove, false),
        ("bob", "prod", ListNames, false),
        ("bob", "prod", Get, false),
        ("bob", "prod", Push, false),
        ("carol", "prod", ListNames, true),
        ("carol", "prod", Get, false),
        ("carol", "prod", Inject, false),
        ("carol", "prod", Push, false),
        ("carol", "prod", MemberAdd, false),
        ("carol", "dev", ListNames, false),
        ("carol", "dev", Get, false),
        ("alice", "prod", ListNames, true),
        ("alice", "prod", Get, true),
        ("alice", "prod", Inject, true),
        ("alice", "prod", Push, true),
        ("alice", "prod", MemberAdd, true),
        // Last: from here on a push to prod is a proposal.
        ("bob", "dev", Protect, false),
        ("carol", "prod", Protect, false),
        ("alice", "prod", Protect, true),
    ];
    for &(name, env, action, allowed) in table {
        let who = match name {
            "alice" => &t.alice,
            "bob" => &t.bob,
            _ => &t.carol,
        };
        let expect = if allowed {
            Outcome::Allowed
        } else {
            Outcome::Refused
        };
        assert_eq!(
            attempt(t, who, env, action, &expect),
            expect,
            "{name} {action:?} on {env}"
        );
        if !allowed && matches!(action, Get | Inject) {
            let id = env_id(&t.alice, env);
            assert_eq!(
                t.wraps_to(&recipient(who), Some(id)),
                0,
                "{name} was refused {action:?} on {env}, yet the server holds a wrap for them"
            );
        }
    }
    // A viewer's devices never receive a wrap, anywhere.
    assert_eq!(t.wraps_to(&recipient(&t.carol), None), 0);
}

#[test]
fn a_second_device_gets_keys_only_after_approval_by_fingerprint() {
    on_both(a_second_device_gets_keys_only_after_approval_by_fingerprint_on);
}

fn a_second_device_gets_keys_only_after_approval_by_fingerprint_on(t: &Team) {
    let invite = token(&ok(&t.bob, &["invite", "--self"], &[]));
    let desktop = TestEnv::unlocked();
    let logged = login(&desktop, &t.server, &invite, "bob", "bob@desktop");
    assert!(logged.stderr.contains("pending"), "{}", logged.stderr);
    let fp = secretscli::wire::team::fingerprint(&recipient(&desktop));
    assert!(
        logged
            .stderr
            .contains(&format!("device approve bob@desktop --fingerprint {fp}")),
        "{}",
        logged.stderr
    );
    let dev = env_id(&t.alice, "dev");
    let refused = run(&desktop, &["pull", "-e", "dev"], &[]);
    assert_eq!(
        refused.code, 9,
        "a pending device pulled: {}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("device approve"),
        "{}",
        refused.stderr
    );
    assert_eq!(t.wraps_to(&recipient(&desktop), None), 0);

    let wrong = run(
        &t.bob,
        &[
            "device",
            "approve",
            "bob@desktop",
            "--fingerprint",
            "aaaa-bbbb-cccc-dddd",
        ],
        &[],
    );
    assert_eq!(wrong.code, 9, "{}", wrong.stderr);
    assert!(wrong.stderr.contains(&fp), "{}", wrong.stderr);
    let unasked = run(&t.bob, &["device", "approve", "bob@desktop"], &[]);
    assert_eq!(unasked.code, 9, "{}", unasked.stderr);
    assert!(
        unasked.stderr.contains(&format!("--fingerprint {fp}")),
        "{}",
        unasked.stderr
    );
    assert_eq!(t.wraps_to(&recipient(&desktop), None), 0);

    let approved = ok(
        &t.bob,
        &["device", "approve", "bob@desktop", "--fingerprint", &fp],
        &[],
    );
    assert!(
        approved
            .stderr
            .contains("gave the keys of app/dev to bob (bob@desktop)"),
        "{}",
        approved.stderr
    );
    assert_eq!(t.wraps_to(&recipient(&desktop), Some(dev)), 1);
    ok(&desktop, &["pull", "-e", "dev"], &[]);
    assert_eq!(desktop.get("DEV_KEY"), b"dev-1");
    let listed = ok(&t.bob, &["device", "list"], &[]);
    assert!(listed.stdout().contains(&fp), "{}", listed.stdout());
}

#[test]
fn removing_a_member_lists_what_was_exposed_rotates_and_locks_them_out() {
    on_both(removing_a_member_lists_what_was_exposed_rotates_and_locks_them_out_on);
}

fn removing_a_member_lists_what_was_exposed_rotates_and_locks_them_out_on(t: &Team) {
    t.bob.set("BOB_KEY", "from-bob");
    ok(&t.bob, &["push", "-e", "dev"], &[]);
    ok(&t.alice, &["pull"], &[]);
    let bob_identity = identity(&t.bob);

    let removed = ok(
        &t.alice,
        &["member", "rm", "bob", "-e", "dev", "--json"],
        &[],
    );
    let report: serde_json::Value = serde_json::from_slice(&removed.stdout).unwrap();
    let exposed = &report["exposed"][0];
    assert_eq!(exposed["env"], "app/dev");
    assert_eq!(exposed["names"], serde_json::json!(["BOB_KEY", "DEV_KEY"]));
    assert_eq!(report["rotations"][0]["outcome"], "rotated");
    assert_eq!(report["rotations"][0]["key_version"], 2);

    // Refused at once (the project is no longer listed to them, its log refused), with
    // no wrap left for them.
    let refused = run(&t.bob, &["pull", "-e", "dev"], &[]);
    assert_ne!(refused.code, 0, "{}", refused.stderr);
    let log = http(
        &t.server,
        &api_token(&t.bob),
        reqwest::Method::GET,
        &format!("/v1/envs/{}/log?since=0", env_id(&t.alice, "dev")),
        serde_json::Value::Null,
    );
    assert_eq!(log, 403);
    assert_eq!(t.wraps_to(&recipient(&t.bob), None), 0);

    // What is written afterwards is under a key version bob never received.
    t.alice.set("DEV_KEY", "dev-2");
    ok(&t.alice, &["push", "-e", "dev"], &[]);
    let dev = env_id(&t.alice, "dev");
    assert_eq!(t.newest_key_version(dev, "DEV_KEY"), 2);
    let wraps = t.wraps_of(dev, 2);
    assert!(!wraps.is_empty());
    for w in &wraps {
        assert!(
            bob_identity.unwrap_key(w).is_err(),
            "bob's identity opens key version 2"
        );
    }
}

#[test]
fn a_recipient_the_server_adds_to_a_known_user_gets_no_key_and_is_reported() {
    on_both(a_recipient_the_server_adds_to_a_known_user_gets_no_key_and_is_reported_on);
}

fn a_recipient_the_server_adds_to_a_known_user_gets_no_key_and_is_reported_on(t: &Team) {
    let foreign = DeviceIdentity::generate().recipient();
    t.forge_device("bob", "bob@evil", &foreign);
    t.alice.set("DEV_KEY", "dev-2");
    let pushed = ok(&t.alice, &["push", "-e", "dev"], &[]);
    let fp = secretscli::wire::team::fingerprint(&foreign);
    assert!(
        pushed
            .stderr
            .contains(&format!("bob has an unconfirmed device key {fp}")),
        "{}",
        pushed.stderr
    );
    let listed = ok(&t.alice, &["member", "list"], &[]);
    assert!(listed.stderr.contains(&fp), "{}", listed.stderr);
    assert_eq!(t.wraps_to(&foreign, None), 0);
}

#[test]
fn a_removal_by_a_device_without_keys_leaves_rotation_pending_until_a_writer_pushes() {
    on_both(|t| {
        a_removal_by_a_device_without_keys_leaves_rotation_pending_until_a_writer_pushes_on(t)
    });
}

fn a_removal_by_a_device_without_keys_leaves_rotation_pending_until_a_writer_pushes_on(t: &Team) {
    // dave administers the project but nobody has synced since: he holds no key.
    let invite = token(&ok(
        &t.alice,
        &["invite", "--user", "dave", "--role", "admin"],
        &[],
    ));
    let dave = TestEnv::unlocked();
    login(&dave, &t.server, &invite, "dave", "dave@box");
    let removed = ok(
        &dave,
        &["member", "rm", "bob", "-p", "app", "-e", "dev"],
        &[],
    );
    assert!(
        removed.stderr.contains("rotation pending for"),
        "{}",
        removed.stderr
    );
    let listed = ok(&t.alice, &["member", "list"], &[]);
    assert!(
        listed.stderr.contains("rotation pending for app/dev"),
        "{}",
        listed.stderr
    );
    let doctor = run(&t.alice, &["doctor"], &[]);
    assert!(
        doctor.stdout().contains("rotation pending for app/dev"),
        "{}",
        doctor.stdout()
    );
    t.alice.set("DEV_KEY", "dev-2");
    let pushed = ok(&t.alice, &["push", "-e", "dev"], &[]);
    assert!(
        pushed.stderr.contains("app/dev now uses key version 2"),
        "{}",
        pushed.stderr
    );
    let listed = ok(&t.alice, &["member", "list"], &[]);
    assert!(
        !listed.stderr.contains("rotation pending"),
        "{}",
        listed.stderr
    );
}

#[test]
fn revoking_a_device_rotates_and_its_identity_cannot_open_later_versions() {
    on_both(revoking_a_device_rotates_and_its_identity_cannot_open_later_versions_on);
}

fn revoking_a_device_rotates_and_its_identity_cannot_open_later_versions_on(t: &Team) {
    let invite = token(&ok(&t.bob, &["invite", "--self"], &[]));
    let desktop = TestEnv::unlocked();
    login(&desktop, &t.server, &invite, "bob", "bob@desktop");
    let fp = secretscli::wire::team::fingerprint(&recipient(&desktop));
    ok(
        &t.bob,
        &["device", "approve", "bob@desktop", "--fingerprint", &fp],
        &[],
    );
    ok(&desktop, &["pull", "-e", "dev"], &[]);
    let lost = identity(&desktop);

    let revoked = ok(&t.bob, &["device", "revoke", "bob@desktop", "--json"], &[]);
    let report: serde_json::Value = serde_json::from_slice(&revoked.stdout).unwrap();
    assert_eq!(
        report["exposed"][0]["names"],
        serde_json::json!(["DEV_KEY"])
    );
    assert_eq!(report["rotations"][0]["outcome"], "rotated");
    assert_eq!(run(&desktop, &["pull", "-e", "dev"], &[]).code, 9);
    assert_eq!(t.wraps_to(&recipient(&desktop), None), 0);

    t.bob.set("DEV_KEY", "dev-2");
    ok(&t.bob, &["push", "-e", "dev"], &[]);
    let wraps = t.wraps_of(env_id(&t.alice, "dev"), 2);
    assert!(!wraps.is_empty());
    assert!(wraps.iter().all(|w| lost.unwrap_key(w).is_err()));
    // alice, still a member, gets the new key from bob's push.
    ok(&t.alice, &["pull", "-e", "dev"], &[]);
    assert_eq!(t.alice.get("DEV_KEY"), b"dev-2");
}

#[test]
fn a_viewer_lists_names_from_the_server_and_never_gets_a_value_or_a_wrap() {
    on_both(a_viewer_lists_names_from_the_server_and_never_gets_a_value_or_a_wrap_on);
}

fn a_viewer_lists_names_from_the_server_and_never_gets_a_value_or_a_wrap_on(t: &Team) {
    ok(
        &t.alice,
        &["set", "-e", "prod", "--config", "PROD_PORT=port-8443"],
        &[],
    );
    ok(&t.alice, &["push", "-e", "prod"], &[]);
    let listed = ok(&t.carol, &["list", "--remote", "-e", "prod", "--json"], &[]);
    let json: serde_json::Value = serde_json::from_str(&listed.stdout()).unwrap();
    assert_eq!(json["env"], "app/prod", "{json}");
    let items = json["items"].as_array().unwrap();
    let got: Vec<(&str, &str, u64)> = items
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap(),
                i["kind"].as_str().unwrap(),
                i["version"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("PROD_KEY", "secret", 1), ("PROD_PORT", "config", 1)]);
    assert!(
        items
            .iter()
            .all(|i| !i["author"].as_str().unwrap().is_empty()),
        "{json}"
    );
    let table = ok(&t.carol, &["list", "--remote", "-e", "prod"], &[]);
    for shown in [listed.stdout(), table.stdout()] {
        assert!(shown.contains("PROD_KEY"), "{shown}");
        assert!(
            // Values with letters: a bare number could turn up inside a timestamp.
            !shown.contains("prod-1") && !shown.contains("port-8443"),
            "{shown}"
        );
        assert!(
            !shown.contains("ciphertext") && !shown.contains("wrapped"),
            "{shown}"
        );
    }
    // Listing took no key: carol still cannot read, and no wrap names her devices.
    assert_eq!(
        outcome(run(&t.carol, &["get", "-e", "prod", "PROD_KEY"], &[])),
        Outcome::Refused
    );
    assert_eq!(t.wraps_to(&recipient(&t.carol), None), 0);
    // Listing is a right of a role: bob (writer on dev only) sees dev's names, not prod's.
    let r = run(&t.bob, &["list", "--remote", "-e", "prod"], &[]);
    assert_eq!(outcome(r), Outcome::Refused);
    let dev = ok(&t.bob, &["list", "--remote", "-e", "dev"], &[]);
    assert!(dev.stdout().contains("DEV_KEY"), "{}", dev.stdout());
}
