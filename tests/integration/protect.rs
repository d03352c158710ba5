//! Protected environments (issue 11) against the real `secretscli server`, on SQLite and on
//! PostgreSQL: alice (admin) protects app/prod; bob and carol are writers there, dave a
//! reader. A push becomes a proposal; its author, a reader and a non-admin are refused
//! what they may not do; the approved proposal lands once and reaches another device by
//! pull; a proposal whose items changed since its base is refused by name; a rejected one
//! leaves the list.

use crate::server::{Backend, Storage};
use crate::sync::{Server, ok, run};
use crate::util::TestEnv;

struct Cast {
    server: Server,
    alice: TestEnv,
    bob: TestEnv,
    carol: TestEnv,
    dave: TestEnv,
    /// Dropped last, after the server stops.
    _schema: Option<Storage>,
}

/// Runs `case` on a server on SQLite, then on PostgreSQL when there is a test database
/// (else a `SKIPPED (no PostgreSQL)` line says so).
fn on_both(case: fn(&Cast)) {
    if !Server::available() {
        eprintln!("skipped: this build has no `secretscli server` subcommand");
        return;
    }
    case(&cast(None));
    if let Some(storage) = Storage::postgres() {
        let Backend::Postgres(url) = storage.backend.clone() else {
            unreachable!("a PostgreSQL storage")
        };
        case(&cast(Some((url, storage))));
    }
}

fn join(alice: &TestEnv, server: &Server, user: &str, role: &str) -> TestEnv {
    let home = TestEnv::unlocked();
    let invite = ok(
        alice,
        &["invite", "--user", user, "--role", role, "-e", "prod"],
        &[],
    );
    let token = invite.stdout().trim().to_string();
    ok(
        &home,
        &[
            "login",
            &server.url(),
            "--name",
            &format!("{user}@laptop"),
            "--user",
            user,
        ],
        &[("SECRETSCLI_TOKEN", &token)],
    );
    home
}

/// alice pushes app/dev and app/prod (PROD_KEY=prod-1); bob and carol join as writers on
/// prod, dave as a reader; alice's `member list` gives them the keys; each pulls prod.
fn cast(pg: Option<(String, Storage)>) -> Cast {
    let (url, schema) = match pg {
        Some((url, s)) => (Some(url), Some(s)),
        None => (None, None),
    };
    let server = Server::start_with(url);
    let alice = TestEnv::unlocked();
    ok(
        &alice,
        &[
            "login",
            &server.url(),
            "--name",
            "alice@laptop",
            "--user",
            "alice",
        ],
        &[("SECRETSCLI_TOKEN", &server.bootstrap)],
    );
    alice.set("DEV_KEY", "dev-1");
    alice.ok(&["env", "create", "prod"]);
    alice.ok_stdin(&["set", "-e", "prod", "PROD_KEY"], "prod-1");
    ok(&alice, &["push"], &[]);
    let bob = join(&alice, &server, "bob", "writer");
    let carol = join(&alice, &server, "carol", "writer");
    let dave = join(&alice, &server, "dave", "reader");
    ok(&alice, &["member", "list"], &[]);
    for home in [&bob, &carol, &dave] {
        ok(home, &["pull", "-e", "prod"], &[]);
    }
    Cast {
        server,
        alice,
        bob,
        carol,
        dave,
        _schema: schema,
    }
}

/// Sets `key` in prod and pushes it as `home`: returns the proposal's id from the message.
fn propose(home: &TestEnv, key: &str, value: &str) -> String {
    home.ok_stdin(&["set", "-e", "prod", key], value);
    let pushed = ok(home, &["push", "-e", "prod"], &[]);
    let line = pushed
        .stderr
        .lines()
        .find(|l| l.contains("made proposal"))
        .unwrap_or_else(|| panic!("no proposal made: {}", pushed.stderr));
    assert!(line.contains("changes approve"), "{line}");
    let id = line
        .split("made proposal ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    assert_eq!(id.len(), 36, "{line}");
    id
}

/// The ids of the pending proposals `home` lists.
fn pending(home: &TestEnv) -> Vec<String> {
    let listed = ok(home, &["changes", "list", "--json"], &[]).stdout();
    let list: serde_json::Value = serde_json::from_str(&listed).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

fn refused(home: &TestEnv, args: &[&str], code: i32, says: &str) {
    let r = run(home, args, &[]);
    assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
    assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
}

fn get(home: &TestEnv, key: &str) -> String {
    ok(home, &["get", "-e", "prod", key], &[]).stdout()
}

#[test]
fn a_push_to_a_protected_env_is_a_proposal_others_approve_and_it_lands_once() {
    on_both(|t| {
        refused(&t.bob, &["env", "protect", "prod"], 9, "admin");
        ok(&t.alice, &["env", "protect", "prod"], &[]);
        let id = propose(&t.bob, "PROD_KEY", "prod-2");
        assert_eq!(pending(&t.carol), std::slice::from_ref(&id));
        // Nothing landed: another device pulling still has the old value.
        ok(&t.dave, &["pull", "-e", "prod"], &[]);
        assert_eq!(get(&t.dave, "PROD_KEY"), "prod-1");
        // The pending proposal shows in status and doctor.
        let status = ok(&t.alice, &["status"], &[]).stdout();
        assert!(status.contains(&id), "{status}");
        let doctor = ok(&t.alice, &["doctor"], &[]).stdout();
        assert!(
            doctor.contains(&format!("pending proposal {id}")),
            "{doctor}"
        );
        // Its author and a reader cannot approve it.
        refused(&t.bob, &["changes", "approve", &id], 9, "author");
        refused(&t.dave, &["changes", "approve", &id], 9, "writer");
        // Names without --reveal; the value decrypted on the approver's device with it.
        let shown = ok(&t.carol, &["changes", "show", &id], &[]).stdout();
        assert!(
            shown.contains("PROD_KEY") && !shown.contains("prod-2"),
            "{shown}"
        );
        let revealed = ok(&t.carol, &["changes", "show", &id, "--reveal"], &[]).stdout();
        assert!(revealed.contains("prod-2"), "{revealed}");
        let approved = ok(&t.carol, &["changes", "approve", &id], &[]);
        assert!(approved.stderr.contains("applied"), "{}", approved.stderr);
        // Lands exactly once: approving again is refused clearly.
        refused(&t.alice, &["changes", "approve", &id], 7, "already applied");
        assert!(pending(&t.alice).is_empty());
        ok(&t.dave, &["pull", "-e", "prod"], &[]);
        assert_eq!(get(&t.dave, "PROD_KEY"), "prod-2");
        // The author's pull takes it as its own push come back: nothing left to push.
        ok(&t.bob, &["pull", "-e", "prod"], &[]);
        let again = ok(&t.bob, &["push", "-e", "prod"], &[]);
        assert!(again.stderr.contains("nothing to push"), "{}", again.stderr);
        // Every step is in the server's audit chain.
        let audit = ok(&t.alice, &["audit", "--remote", "--json"], &[]).stdout();
        for action in [
            "\"protect\"",
            "\"proposal\"",
            "\"proposal_approve\"",
            "\"proposal_applied\"",
        ] {
            assert!(audit.contains(action), "{action} not audited");
        }
        ok(&t.alice, &["env", "unprotect", "prod"], &[]);
        t.bob.ok_stdin(&["set", "-e", "prod", "DIRECT"], "yes");
        let direct = ok(&t.bob, &["push", "-e", "prod"], &[]);
        assert!(direct.stderr.contains("pushed to"), "{}", direct.stderr);
    });
}

#[test]
fn a_stale_proposal_is_refused_by_name_and_a_rejected_one_leaves_the_list() {
    on_both(|t| {
        ok(&t.alice, &["env", "protect", "prod"], &[]);
        let first = propose(&t.bob, "PROD_KEY", "from-bob");
        let second = propose(&t.carol, "PROD_KEY", "from-carol");
        ok(&t.alice, &["changes", "approve", &first], &[]);
        let r = run(&t.alice, &["changes", "approve", &second], &[]);
        assert_eq!(r.code, 7, "{}", r.stderr);
        assert!(r.stderr.contains("PROD_KEY"), "{}", r.stderr);
        assert!(r.stderr.contains("new proposal"), "{}", r.stderr);
        assert!(
            pending(&t.alice).is_empty(),
            "a conflicted proposal is closed"
        );
        ok(&t.dave, &["pull", "-e", "prod"], &[]);
        assert_eq!(get(&t.dave, "PROD_KEY"), "from-bob");

        let third = propose(&t.bob, "NEW_KEY", "new");
        refused(&t.dave, &["changes", "reject", &third], 9, "writer");
        let rejected = ok(&t.carol, &["changes", "reject", &third], &[]);
        assert!(rejected.stderr.contains("rejected"), "{}", rejected.stderr);
        assert!(pending(&t.alice).is_empty());
        refused(&t.alice, &["changes", "approve", &third], 7, "rejected");
        let audit = ok(&t.alice, &["audit", "--remote", "--json"], &[]).stdout();
        assert!(audit.contains("\"proposal_reject\""));
        assert!(audit.contains("\"proposal_conflict\""));
    });
}

/// This home's API token for its only server.
fn api_token(home: &TestEnv) -> String {
    let vault = secretscli::vault::Vault::open(&home.vault_path()).unwrap();
    let unlocked = vault
        .unlock_with_passphrase(crate::util::PASS.as_bytes())
        .unwrap();
    let remote = vault.remotes().unwrap().remove(0);
    let token = vault.remote_token(&unlocked, &remote).unwrap();
    token.expose_str().unwrap().to_string()
}

#[test]
fn the_proposal_endpoints_answer_junk_with_a_client_error() {
    if !Server::available() {
        eprintln!("skipped: this build has no `secretscli server` subcommand");
        return;
    }
    let t = cast(None);
    let token = api_token(&t.alice);
    let vault = secretscli::vault::Vault::open(&t.alice.vault_path()).unwrap();
    let project = vault.project("app").unwrap();
    let env = vault.env(&project, "prod").unwrap().id;
    let unknown = uuid::Uuid::new_v4();
    let client = reqwest::blocking::Client::new();
    let cases: Vec<(reqwest::Method, String, Option<&str>, u16)> = vec![
        (
            reqwest::Method::PUT,
            format!("/v1/envs/{env}/protection"),
            Some(r#"{"approvals":0}"#),
            400,
        ),
        (
            reqwest::Method::PUT,
            format!("/v1/envs/{env}/protection"),
            Some(r#"{"approvals":11}"#),
            400,
        ),
        (
            reqwest::Method::PUT,
            format!("/v1/envs/{env}/protection"),
            Some(r#"{"approvals":-1}"#),
            400,
        ),
        (
            reqwest::Method::PUT,
            format!("/v1/envs/{env}/protection"),
            Some(r#"{"approvals":"x"}"#),
            400,
        ),
        (
            reqwest::Method::PUT,
            format!("/v1/envs/{env}/protection"),
            Some("[]"),
            400,
        ),
        (
            reqwest::Method::PUT,
            "/v1/envs/not-a-uuid/protection".into(),
            Some(r#"{"approvals":1}"#),
            400,
        ),
        (
            reqwest::Method::PUT,
            format!("/v1/envs/{unknown}/protection"),
            Some(r#"{"approvals":1}"#),
            404,
        ),
        (
            reqwest::Method::DELETE,
            format!("/v1/envs/{unknown}/protection"),
            None,
            404,
        ),
        (
            reqwest::Method::GET,
            "/v1/projects/x/proposals".into(),
            None,
            400,
        ),
        (
            reqwest::Method::GET,
            format!("/v1/projects/{unknown}/proposals"),
            None,
            404,
        ),
        (reqwest::Method::GET, "/v1/proposals/%FF".into(), None, 400),
        (
            reqwest::Method::GET,
            format!("/v1/proposals/{unknown}"),
            None,
            404,
        ),
        (
            reqwest::Method::POST,
            format!("/v1/proposals/{unknown}/approve"),
            Some("{}"),
            404,
        ),
        (
            reqwest::Method::POST,
            format!("/v1/proposals/{unknown}/reject"),
            None,
            404,
        ),
        (
            reqwest::Method::POST,
            "/v1/proposals/1/approve".into(),
            None,
            400,
        ),
    ];
    for (method, path, body, want) in cases {
        let mut req = client
            .request(method.clone(), format!("{}{path}", t.server.url()))
            .bearer_auth(&token);
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let res = req.send().unwrap();
        let status = res.status().as_u16();
        let text = res.text().unwrap();
        assert_eq!(status, want, "{method} {path}: {text}");
        let err: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(err["code"].is_string(), "{method} {path}: {text}");
    }
}

/// The ids in the "made proposal ID" lines of a push.
fn proposals_made(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.split("made proposal ").nth(1))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(String::from)
        .collect()
}

#[test]
fn a_push_too_large_for_one_request_proposes_one_batch_and_pushing_again_names_the_same() {
    on_both(|t| {
        ok(&t.alice, &["env", "protect", "prod"], &[]);
        // Two items of 600 KiB: more than one request (900 KiB) can carry together.
        let big = "v".repeat(600 * 1024);
        t.bob.ok_stdin(&["set", "-e", "prod", "BIG_A"], &big);
        t.bob.ok_stdin(&["set", "-e", "prod", "BIG_B"], &big);
        let first = ok(&t.bob, &["push", "-e", "prod"], &[]);
        let made = proposals_made(&first.stderr);
        assert_eq!(made.len(), 1, "{}", first.stderr);
        assert!(
            first
                .stderr
                .contains("1 more item(s) did not fit in this proposal"),
            "{}",
            first.stderr
        );
        let again = ok(&t.bob, &["push", "-e", "prod"], &[]);
        assert_eq!(proposals_made(&again.stderr), made, "{}", again.stderr);
        assert_eq!(pending(&t.alice), made);

        ok(&t.carol, &["changes", "approve", &made[0]], &[]);
        let rest = ok(&t.bob, &["push", "-e", "prod"], &[]);
        let next = proposals_made(&rest.stderr);
        assert_eq!(next.len(), 1, "{}", rest.stderr);
        assert_ne!(next, made);
        assert!(!rest.stderr.contains("did not fit"), "{}", rest.stderr);
        ok(&t.carol, &["changes", "approve", &next[0]], &[]);
        ok(&t.dave, &["pull", "-e", "prod"], &[]);
        assert_eq!(get(&t.dave, "BIG_A").len(), big.len());
        assert_eq!(get(&t.dave, "BIG_B").len(), big.len());
    });
}
