//! Aliases over sync (issue 16, docs/rotation.md "Sync") against the real `secretscli
//! server`, on SQLite and on PostgreSQL: two homes of one user. A promote reaches the other
//! home with its `previous` version, a staged `next` never leaves its home, concurrent
//! promotes end in a conflict resolved either way, and a `previous` pointer naming a
//! version nobody has (a hostile teammate speaking raw HTTP) refuses the pull whole.

use reqwest::blocking::Client;
use secretscli::crypto::DeviceIdentity;
use secretscli::wire::{
    Change, ItemKind, ItemVersion, LoginRequest, LoginResponse, PushRequest, RemoteEnv,
    RemoteProject,
};
use uuid::Uuid;

use crate::server::{Backend, Storage};
use crate::sync::{Server, first_home, ok, run, second_home};
use crate::util::TestEnv;

/// Runs `case` on a server on SQLite, then on PostgreSQL when there is a test database
/// (else a `SKIPPED (no PostgreSQL)` line says so).
fn on_both(case: fn(&Server)) {
    if !Server::available() {
        eprintln!("skipped: this build has no `secretscli server` subcommand");
        return;
    }
    case(&Server::start());
    if let Some(storage) = Storage::postgres() {
        let Backend::Postgres(url) = storage.backend.clone() else {
            unreachable!("a PostgreSQL storage")
        };
        // The server stops before its schema is dropped.
        let server = Server::start_with(Some(url));
        case(&server);
        drop(server);
        drop(storage);
    }
}

/// Two homes of one user holding `DB` = `one`, pushed and pulled.
fn two_homes(server: &Server) -> (TestEnv, TestEnv) {
    let a = first_home(server);
    a.set("DB", "one");
    ok(&a, &["push"], &[]);
    let b = second_home(server, &a);
    ok(&b, &["pull"], &[]);
    (a, b)
}

fn get(env: &TestEnv, key: &str) -> String {
    env.ok(&["get", key])
}

fn stage_and_promote(env: &TestEnv, key: &str, value: &str) {
    env.ok_stdin(&["stage", key], value);
    env.ok(&["promote", key]);
}

#[test]
fn a_promote_reaches_the_other_home_with_its_previous_version_and_a_staged_one_stays_home() {
    on_both(promote_reaches_the_other_home);
}

fn promote_reaches_the_other_home(server: &Server) {
    let (a, b) = two_homes(server);
    a.ok_stdin(&["stage", "DB"], "two");
    let pushed = ok(&a, &["push"], &[]);
    assert!(
        pushed.stderr.contains("nothing to push"),
        "{}",
        pushed.stderr
    );
    ok(&b, &["pull"], &[]);
    assert_eq!(
        get(&b, "DB"),
        "one",
        "a staged value is never current elsewhere"
    );
    let err = b.fails(&["get", "DB@next"], 5);
    assert!(err.contains("has no next version"), "{err}");

    // The promote only moved a pointer here; the version it made current is pushed with it.
    a.ok(&["promote", "DB"]);
    ok(&a, &["push"], &[]);
    ok(&b, &["pull"], &[]);
    assert_eq!(get(&b, "DB"), "two");
    assert_eq!(get(&b, "DB@previous"), "one");
    let history = b.ok(&["history", "DB"]);
    assert!(history.contains("2 (current)"), "{history}");
    assert!(history.contains("1 (previous)"), "{history}");

    // And back: B's rotation reaches A the same way, and a plain `set` keeps the pointer.
    stage_and_promote(&b, "DB", "three");
    b.set("DB", "four");
    ok(&b, &["push"], &[]);
    ok(&a, &["pull"], &[]);
    assert_eq!(get(&a, "DB"), "four");
    assert_eq!(get(&a, "DB@previous"), "two");
    let history = a.ok(&["history", "DB", "--json"]);
    assert!(history.contains(r#""alias": "previous""#), "{history}");
}

#[test]
fn concurrent_promotes_conflict_and_end_as_the_chosen_side_says() {
    on_both(concurrent_promotes);
}

fn concurrent_promotes(server: &Server) {
    let (a, b) = two_homes(server);
    stage_and_promote(&a, "DB", "from-a");
    stage_and_promote(&b, "DB", "from-b");
    ok(&a, &["push"], &[]);
    let refused = run(&b, &["push"], &[]);
    assert_eq!(refused.code, 7, "{}", refused.stderr);
    assert!(refused.stderr.contains("DB"), "{}", refused.stderr);
    assert_eq!(get(&b, "DB"), "from-b", "nothing overwritten");
    assert_eq!(get(&b, "DB@previous"), "one");

    // Theirs: A's promote wins, pointer included.
    ok(&b, &["pull", "--theirs"], &[]);
    assert_eq!(get(&b, "DB"), "from-a");
    assert_eq!(get(&b, "DB@previous"), "one");

    // Ours: B's value is re-sealed above A's and keeps B's pointer; A's stays history.
    stage_and_promote(&a, "DB", "a-again");
    ok(&a, &["push"], &[]);
    stage_and_promote(&b, "DB", "b-wins");
    ok(&b, &["pull", "--ours"], &[]);
    ok(&b, &["push"], &[]);
    ok(&a, &["pull"], &[]);
    for home in [&a, &b] {
        assert_eq!(get(home, "DB"), "b-wins");
        assert_eq!(get(home, "DB@previous"), "from-a");
        assert_eq!(home.ok(&["get", "DB", "--version", "3"]), "a-again");
    }
}

#[test]
fn a_previous_alias_naming_a_version_nobody_has_refuses_the_pull_whole() {
    on_both(unknown_previous_is_refused);
}

fn unknown_previous_is_refused(server: &Server) {
    let (a, b) = two_homes(server);
    let mallory = Mallory::join(server, &a);
    let revision = mallory.push(ItemVersion {
        name: "DB".into(),
        version: 9,
        kind: ItemKind::Secret,
        literal: false,
        key_version: 1,
        wrapped_data_key: vec![7; 60],
        ciphertext: vec![7; 40],
        created_at: 1_700_000_000_000,
        author: "mallory".into(),
        previous: Some(7),
    });
    let refused = run(&b, &["pull"], &[]);
    assert_eq!(refused.code, 8, "{}", refused.stderr);
    for part in [
        "app/dev",
        &format!("revision {revision}"),
        "previous alias \"DB@previous=7\"",
        "nothing was applied",
    ] {
        assert!(refused.stderr.contains(part), "{part}: {}", refused.stderr);
    }
    assert_eq!(get(&b, "DB"), "one");
    let history: serde_json::Value =
        serde_json::from_str(&b.ok(&["history", "DB", "--json"])).unwrap();
    let versions: Vec<&serde_json::Value> = history
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| &v["version"])
        .collect();
    assert_eq!(versions, [&serde_json::json!(1)], "{history}");
    // Still refused the next time: the pulled revision did not move.
    assert_eq!(run(&b, &["pull"], &[]).code, 8);
}

#[test]
fn a_version_without_the_field_leaves_the_pointer_and_the_server_refuses_one_not_below_it() {
    on_both(older_peer_and_bad_shape);
}

fn older_peer_and_bad_shape(server: &Server) {
    let (a, b) = two_homes(server);
    stage_and_promote(&a, "DB", "two");
    ok(&a, &["push"], &[]);
    ok(&b, &["pull"], &[]);
    let mallory = Mallory::join(server, &a);
    let sealed = |version: u64, previous: Option<u64>| ItemVersion {
        name: "DB".into(),
        version,
        kind: ItemKind::Secret,
        literal: false,
        key_version: 1,
        wrapped_data_key: vec![7; 60],
        ciphertext: vec![7; 40],
        created_at: 1_700_000_000_000,
        author: "mallory".into(),
        previous,
    };
    for previous in [0, 3, 4] {
        let (status, text) = mallory.try_push(sealed(3, Some(previous)));
        assert_eq!(status, 400, "{previous}: {text}");
        assert!(text.contains(r#""code":"invalid_field""#), "{text}");
        assert!(text.contains("changes[0].previous"), "{text}");
    }
    // What a client from before the field pushes: no `previous`. B's pointer stays.
    mallory.push(sealed(3, None));
    ok(&b, &["pull"], &[]);
    assert_eq!(get(&b, "DB@previous"), "one");
    let history = b.ok(&["history", "DB"]);
    assert!(history.contains("3 (current)"), "{history}");
    assert!(history.contains("1 (previous)"), "{history}");
}

/// A device of the user with a real identity that speaks raw HTTP: approved with the
/// CLI by fingerprint, so it works on either store.
struct Mallory {
    base: String,
    token: String,
    http: Client,
}

impl Mallory {
    fn join(server: &Server, victim: &TestEnv) -> Self {
        let invite = ok(victim, &["invite", "--self", "--expires", "10m"], &[]);
        let recipient = DeviceIdentity::generate().recipient();
        let http = Client::new();
        let login: LoginResponse = http
            .post(format!("{}/v1/login", server.url()))
            .bearer_auth(invite.stdout().trim())
            .json(&LoginRequest {
                device_name: "mallory".into(),
                recipient: recipient.clone(),
                user_name: None,
            })
            .send()
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .unwrap();
        let fingerprint = secretscli::wire::team::fingerprint(&recipient);
        ok(
            victim,
            &[
                "device",
                "approve",
                "mallory",
                "--fingerprint",
                &fingerprint,
            ],
            &[],
        );
        Mallory {
            base: server.url(),
            token: login.token,
            http,
        }
    }

    fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        self.http
            .get(format!("{}/{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .unwrap()
    }

    /// Pushes `version` to app/dev as it is; returns the revision it landed at.
    fn push(&self, version: ItemVersion) -> i64 {
        let (status, text) = self.try_push(version);
        assert!(status.is_success(), "the server took it: {status}: {text}");
        serde_json::from_str::<secretscli::wire::PushResponse>(&text)
            .unwrap()
            .revision
    }

    /// Pushes `version` to app/dev; returns the status and the body.
    fn try_push(&self, version: ItemVersion) -> (reqwest::StatusCode, String) {
        let projects: Vec<RemoteProject> = self.get("v1/projects");
        let app = projects.iter().find(|p| p.name == "app").expect("app");
        let envs: Vec<RemoteEnv> = self.get(&format!("v1/projects/{}/envs", app.id));
        let dev = envs.iter().find(|e| e.name == "dev").expect("dev");
        let dev: RemoteEnv = self.get(&format!("v1/envs/{}", dev.id));
        let req = PushRequest {
            served: Vec::new(),
            base_revision: dev.revision,
            idempotency_key: Uuid::new_v4(),
            force: false,
            changes: vec![Change::Version(version)],
        };
        let res = self
            .http
            .post(format!("{}/v1/envs/{}/push", self.base, dev.id))
            .bearer_auth(&self.token)
            .json(&req)
            .send()
            .unwrap();
        let status = res.status();
        (status, res.text().unwrap())
    }
}
