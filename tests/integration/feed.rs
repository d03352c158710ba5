//! The change feed (issue 13, docs/live.md): the long-poll endpoint on both stores, who may
//! follow, two server nodes on one PostgreSQL, and the clients built on it (`watch`,
//! `inject --watch` after a push from another device). Every wait is for a condition
//! (an answer, a line in a file) with a deadline; none is a sleep.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use secretscli::wire::InviteResponse;
use secretscli::wire::feed::{FeedPage, FeedRevision};
use secretscli::wire::team::{InviteGrant, Role};
use uuid::Uuid;

use crate::server::{Api, Storage, TestServer, error, on_both, push_req, setup, version};
use crate::sync::{Server, first_home, ok, second_home};
use crate::util::TestEnv;

fn changes(api: &Api, env: Uuid, since: i64, wait: u64) -> FeedPage {
    api.ok(api.get(&format!("/v1/envs/{env}/changes?since={since}&wait={wait}")))
}

/// A long-poll on another thread, for a request that must be held while we push.
fn held(api: &Api, env: Uuid, since: i64) -> std::thread::JoinHandle<FeedPage> {
    let api = api.with_token(api.token.as_deref().unwrap());
    std::thread::spawn(move || changes(&api, env, since, 30))
}

#[test]
fn long_poll_answers_at_once_for_an_old_since_and_a_held_request_answers_on_a_push() {
    on_both(long_poll);
}

fn long_poll(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (alice, _, env) = setup(&server);
    alice.ok::<serde_json::Value>(
        alice.push(env, &push_req(0, vec![version("A", 1, b"x".to_vec())])),
    );
    let page = changes(&alice, env, 0, 30);
    assert_eq!(page.revision, 1);
    assert_eq!(
        page.changes,
        [FeedRevision {
            revision: 1,
            names: vec!["A".into()],
            values: Default::default(),
        }]
    );
    // Nothing newer: held for `wait`, then "nothing new" at the same revision.
    let idle = changes(&alice, env, 1, 1);
    assert_eq!(
        (idle.revision, idle.changes.len(), idle.pull_from),
        (1, 0, None)
    );
    let waiting = held(&alice, env, 1);
    let push = push_req(
        1,
        vec![
            version("B", 1, b"y".to_vec()),
            version("C", 1, b"z".to_vec()),
        ],
    );
    alice.ok::<serde_json::Value>(alice.push(env, &push));
    let woken = waiting.join().unwrap();
    assert_eq!(
        woken.changes,
        [FeedRevision {
            revision: 2,
            names: vec!["B".into(), "C".into()],
            values: Default::default(),
        }]
    );
    // Bounds: `wait` above the cap and a negative `since` are refused by name.
    let (status, body) = error(alice.get(&format!("/v1/envs/{env}/changes?wait=31")));
    assert_eq!(
        (status, body.code.as_str()),
        (StatusCode::BAD_REQUEST, "invalid_field")
    );
    assert!(body.message.starts_with("wait"), "{}", body.message);
    let (status, _) = error(alice.get(&format!("/v1/envs/{env}/changes?since=-1")));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A `since` past the head (a server restored from an older backup) says "pull".
    assert_eq!(changes(&alice, env, 9, 0).pull_from, Some(2));
}

#[test]
fn a_viewer_follows_names_and_a_user_without_a_role_is_refused() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &[]);
    let (alice, project, env) = setup(&server);
    alice.ok::<serde_json::Value>(
        alice.push(env, &push_req(0, vec![version("A", 1, b"x".to_vec())])),
    );
    let grant = InviteGrant {
        project_id: project,
        role: Role::Viewer,
        env_id: None,
    };
    let req = secretscli::wire::InviteRequest {
        user_id: None,
        expires_in_secs: 600,
        grant: Some(grant),
    };
    let invite: InviteResponse = alice.ok(alice.send(reqwest::Method::POST, "/v1/invites", &req));
    let (_, vic) = Api::new(&server)
        .with_token(&invite.token)
        .login(Some("vic"), "vicbox");
    assert_eq!(changes(&vic, env, 0, 0).changes[0].names, ["A"]);
    let stranger = alice.invite(600);
    let (_, eve) = Api::new(&server)
        .with_token(&stranger.token)
        .login(Some("eve"), "evebox");
    let res = eve.get(&format!("/v1/envs/{env}/changes?since=0&wait=0"));
    let (status, body) = error(res);
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status} {body:?}"
    );
    assert!(!body.message.contains("\"A\""), "{}", body.message);
}

#[test]
fn a_push_through_node_a_wakes_a_feed_request_held_by_node_b() {
    let Some(storage) = Storage::postgres() else {
        return;
    };
    let node_a = TestServer::start(&storage.backend, &[]);
    let (alice_a, _, env) = setup(&node_a);
    let node_b = TestServer::start(&storage.backend, &[]);
    let alice_b = Api::new(&node_b).with_token(alice_a.token.as_deref().unwrap());
    alice_a.ok::<serde_json::Value>(
        alice_a.push(env, &push_req(0, vec![version("A", 1, b"x".to_vec())])),
    );
    assert_eq!(changes(&alice_b, env, 0, 0).revision, 1);
    let waiting = held(&alice_b, env, 1);
    alice_a.ok::<serde_json::Value>(
        alice_a.push(env, &push_req(1, vec![version("B", 1, b"y".to_vec())])),
    );
    let woken = waiting.join().unwrap();
    assert_eq!(
        woken.changes,
        [FeedRevision {
            revision: 2,
            names: vec!["B".into()],
            values: Default::default(),
        }],
        "node B's answer: {woken:?}"
    );
}

/// Waits until `path` has a line for which `done` holds (a condition, bounded by 30 s).
pub(crate) fn wait_for_line(path: &Path, done: impl Fn(&str) -> bool) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let lines: Vec<String> = text.lines().map(String::from).collect();
        if lines.iter().any(|l| done(l)) {
            return lines;
        }
        assert!(
            Instant::now() < deadline,
            "waited 30 s in {}; have {lines:?}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spawn(home: &TestEnv, args: &[&str]) -> Child {
    home.cmd(args)
        .env("SECRETSCLI_RETRY_SECS", "2")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

pub(crate) fn terminate(child: Child) -> std::process::Output {
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    child.wait_with_output().unwrap()
}

/// Two homes of one user on one server, both holding `A=one` and `B=one`.
fn two_homes(server: &Server) -> (TestEnv, TestEnv) {
    let a = first_home(server);
    a.set("A", "one");
    a.set("B", "one");
    ok(&a, &["push"], &[]);
    let b = second_home(server, &a);
    ok(&b, &["pull"], &[]);
    (a, b)
}

#[test]
fn watch_runs_the_command_with_the_changed_names_and_streams_json() {
    let server = Server::start();
    let (a, b) = two_homes(&server);
    let log = b.path().join("changed.log");
    let hook = format!("echo \"$SECRETSCLI_CHANGED\" >> '{}'", log.display());
    let watcher = spawn(&b, &["watch", "--json", "--", "sh", "-c", &hook]);
    a.set("A", "two");
    ok(&a, &["push"], &[]);
    assert_eq!(wait_for_line(&log, |l| l == "A"), ["A"]);
    assert_eq!(String::from_utf8(b.get("A")).unwrap(), "two");
    let out = terminate(watcher);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let event: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(event["event"], "changed", "{stdout}");
    assert_eq!(event["names"], serde_json::json!(["A"]), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains("two") && !stderr.contains("two"),
        "a value leaked"
    );
}

#[test]
fn inject_watch_restarts_once_after_a_remote_push_of_a_used_name_and_not_for_an_unused_one() {
    let server = Server::start();
    let (a, b) = two_homes(&server);
    let log = b.path().join("starts.log");
    let script = format!("echo \"start $A\" >> '{}'; exec sleep 600", log.display());
    let child = spawn(
        &b,
        &[
            "inject", "--watch", "--only", "A", "--grace", "300ms", "--", "sh", "-c", &script,
        ],
    );
    wait_for_line(&log, |l| l == "start one");
    // B is not injected: pulled, and no restart.
    a.set("B", "two");
    ok(&a, &["push"], &[]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while String::from_utf8(b.get("B")).unwrap() != "two" {
        assert!(
            Instant::now() < deadline,
            "B never arrived in the second home"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    a.set("A", "two");
    ok(&a, &["push"], &[]);
    let lines = wait_for_line(&log, |l| l == "start two");
    assert_eq!(lines, ["start one", "start two"]);
    let out = terminate(child);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("A changed"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&log).unwrap().lines().count(), 2);
}

#[test]
fn inject_watch_on_a_child_env_restarts_after_a_push_to_its_parent_unless_the_child_overrides_it() {
    let server = Server::start();
    let a = first_home(&server);
    a.ok(&["env", "create", "base"]);
    a.ok_stdin(&["set", "-e", "base", "SHARED"], "one");
    a.ok_stdin(&["set", "-e", "base", "MINE"], "from-base");
    a.ok(&["env", "create", "child", "--inherits", "base"]);
    a.ok_stdin(&["set", "-e", "child", "MINE"], "own");
    ok(&a, &["-e", "child", "push"], &[]);
    let b = second_home(&server, &a);
    ok(&b, &["-e", "child", "pull"], &[]);
    let log = b.path().join("starts.log");
    let script = format!(
        "echo \"start $SHARED $MINE\" >> '{}'; exec sleep 600",
        log.display()
    );
    let args = [
        "-e", "child", "inject", "--watch", "--grace", "300ms", "--", "sh", "-c", &script,
    ];
    let child = spawn(&b, &args);
    wait_for_line(&log, |l| l == "start one own");
    // An inherited name the child overrides: pulled, and nothing restarts.
    a.ok_stdin(&["set", "-e", "base", "MINE"], "base-two");
    ok(&a, &["-e", "base", "push"], &[]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while b.ok(&["-e", "base", "get", "MINE"]) != "base-two" {
        assert!(
            Instant::now() < deadline,
            "the parent's change never arrived"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    a.ok_stdin(&["set", "-e", "base", "SHARED"], "two");
    ok(&a, &["-e", "base", "push"], &[]);
    let lines = wait_for_line(&log, |l| l == "start two own");
    assert_eq!(lines, ["start one own", "start two own"]);
    terminate(child);
}

#[test]
fn inject_pull_refreshes_before_starting_and_falls_back_to_the_local_copy_when_the_server_is_away()
{
    let mut server = Server::start();
    let (a, b) = two_homes(&server);
    a.set("A", "two");
    ok(&a, &["push"], &[]);
    let fresh = ok(
        &b,
        &[
            "inject", "--pull", "--only", "A", "--", "sh", "-c", "echo $A",
        ],
        &[],
    );
    assert_eq!(fresh.stdout().trim(), "two");
    ok(&b, &["context", "set", "--pull", "on"], &[]);
    a.set("A", "three");
    ok(&a, &["push"], &[]);
    server.kill();
    let away = ok(
        &b,
        &["inject", "--only", "A", "--", "sh", "-c", "echo $A"],
        &[],
    );
    assert_eq!(away.stdout().trim(), "two");
    assert!(
        away.stderr.contains("using the local copy"),
        "{}",
        away.stderr
    );
}

#[test]
fn watch_says_once_that_the_server_is_away_and_catches_up_after_it_restarts() {
    let mut server = Server::start();
    let (a, b) = two_homes(&server);
    let log = b.path().join("changed.log");
    let hook = format!("echo \"$SECRETSCLI_CHANGED\" >> '{}'", log.display());
    let mut watcher = spawn(&b, &["watch", "--", "sh", "-c", &hook]);
    let stderr = watcher.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead as _;
        let mut all = Vec::new();
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line.clone());
            all.push(line);
        }
        all
    });
    let wait_stderr = |what: &str| loop {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) if line.contains(what) => break,
            Ok(_) => {}
            Err(e) => panic!("no stderr line with {what:?}: {e}"),
        }
    };
    wait_stderr("watching");
    a.set("A", "two");
    ok(&a, &["push"], &[]);
    wait_for_line(&log, |l| l == "A");
    server.kill();
    wait_stderr("is away");
    server.launch();
    // Two revisions while the watcher reconnects: it must see both.
    a.set("B", "two");
    ok(&a, &["push"], &[]);
    a.set("A", "three");
    ok(&a, &["push"], &[]);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let seen: std::collections::BTreeSet<&str> =
            text.lines().skip(1).flat_map(|l| l.split(',')).collect();
        if seen.contains("A") && seen.contains("B") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "after the restart the hook saw {text:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(String::from_utf8(b.get("A")).unwrap(), "three");
    terminate(watcher);
    let lines = reader.join().unwrap();
    let away = lines.iter().filter(|l| l.contains("is away")).count();
    assert_eq!(away, 1, "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("is back")), "{lines:?}");
}
