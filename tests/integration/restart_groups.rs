//! Staggered restarts (issue 13, docs/live.md "Restart groups"): `inject --watch
//! --restart-group NAME --max-restarting N` takes one of N slots on the server before it
//! restarts its command, and gives it back once the new command has run --healthy-after.
//! The slot endpoint on its own (grant, refusal, release, bounds, who may), then ten real
//! watchers of one environment in ten homes (of a second device of one user) after one
//! push from the first, on one SQLite node and split over two PostgreSQL nodes. Every wait
//! is for a condition with a deadline; none is a sleep.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use secretscli::wire::restart::{SlotAnswer, SlotRequest};

use crate::server::{Api, Storage, TestServer, error, setup};
use crate::sync::{Server, another_home, device_home, first_home, first_home_at, ok};
use crate::util::{PASS, TestEnv};

fn slot(holder: &str, max: u32) -> SlotRequest {
    SlotRequest {
        max,
        holder: holder.into(),
        ttl_secs: 60,
    }
}

#[test]
fn the_slot_endpoint_grants_up_to_max_releases_and_refuses_strangers_and_bad_names() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &[]);
    let (alice, _, env) = setup(&server);
    let path = format!("/v1/envs/{env}/restart-slots/web");
    let take = |api: &Api, holder: &str| api.send(Method::POST, &path, &slot(holder, 1));
    let first: SlotAnswer = alice.ok(take(&alice, "one"));
    assert!(first.granted && first.expires_at.is_some(), "{first:?}");
    let second: SlotAnswer = alice.ok(take(&alice, "two"));
    assert!(
        !second.granted && second.retry_after_ms.is_some(),
        "{second:?}"
    );
    let released = alice.send(Method::DELETE, &format!("{path}/one"), &());
    assert_eq!(released.status(), StatusCode::NO_CONTENT);
    assert!(alice.ok::<SlotAnswer>(take(&alice, "two")).granted);
    // A user with no role in the project may neither take nor give back a slot.
    let stranger = alice.invite(600);
    let (_, eve) = Api::new(&server)
        .with_token(&stranger.token)
        .login(Some("eve"), "evebox");
    for res in [
        take(&eve, "eve"),
        eve.send(Method::DELETE, &format!("{path}/two"), &()),
    ] {
        let (status, body) = error(res);
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "{status} {body:?}"
        );
    }
    // Names that would not travel in a path, and out-of-range numbers, are refused by name.
    let bad = alice.send(
        Method::POST,
        &format!("/v1/envs/{env}/restart-slots/a%20b"),
        &slot("x", 1),
    );
    let (status, body) = error(bad);
    assert_eq!(
        (status, body.code.as_str()),
        (StatusCode::BAD_REQUEST, "invalid_field")
    );
    assert!(body.message.starts_with("group"), "{}", body.message);
    let (status, body) = error(alice.send(Method::POST, &path, &slot("x", 0)));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.message.starts_with("max"), "{}", body.message);
}

#[test]
fn slots_taken_through_one_postgresql_node_count_on_another() {
    let Some(storage) = Storage::postgres() else {
        return;
    };
    let node_a = TestServer::start(&storage.backend, &[]);
    let (alice_a, _, env) = setup(&node_a);
    let node_b = TestServer::start(&storage.backend, &[]);
    let alice_b = Api::new(&node_b).with_token(alice_a.token.as_deref().unwrap());
    let path = format!("/v1/envs/{env}/restart-slots/web");
    let take = |api: &Api, holder: &str| -> SlotAnswer {
        api.ok(api.send(Method::POST, &path, &slot(holder, 1)))
    };
    assert!(take(&alice_a, "on-a").granted);
    assert!(!take(&alice_b, "on-b").granted);
    let released = alice_b.send(Method::DELETE, &format!("{path}/on-a"), &());
    assert_eq!(released.status(), StatusCode::NO_CONTENT);
    assert!(take(&alice_b, "on-b").granted);
    assert!(!take(&alice_a, "on-a").granted);
}

#[test]
fn restart_group_flags_need_watch_and_an_environment_that_syncs() {
    let home = TestEnv::unlocked();
    home.set("A", "one");
    let stderr = home.fails(&["inject", "--restart-group", "web", "--", "true"], 2);
    assert!(stderr.contains("--watch"), "{stderr}");
    let stderr = home.fails(
        &["inject", "--watch", "--max-restarting", "2", "--", "true"],
        2,
    );
    assert!(stderr.contains("--restart-group"), "{stderr}");
    let stderr = home.fails(
        &["inject", "--watch", "--restart-group", "web", "--", "true"],
        2,
    );
    assert!(stderr.contains("syncs with a server"), "{stderr}");
}

#[test]
fn with_the_server_away_a_watcher_restarts_without_a_slot_after_the_wait_and_says_so() {
    let mut server = Server::start();
    let a = first_home(&server);
    a.set("A", "one");
    ok(&a, &["push"], &[]);
    let log = a.path().join("children.log");
    let mut watcher = watch(&a, 0, &log);
    wait_for_log(&log, |l| l.len() == 1);
    server.kill();
    a.set("A", "three");
    let lines = wait_for_log(&log, |l| l.iter().filter(|l| l.start).count() == 2);
    assert_eq!(lines[2].value.as_deref(), Some("three"));
    let pid = rustix::process::Pid::from_raw(watcher.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let stderr = std::io::read_to_string(watcher.stderr.take().unwrap()).unwrap();
    watcher.wait().unwrap();
    assert!(
        stderr.contains("restarting without a slot of group web"),
        "{stderr}"
    );
}

/// One child's line in the shared log: `start W NS VALUE` or `stop W NS`.
#[derive(Debug)]
struct Line {
    start: bool,
    watcher: usize,
    at_ns: i128,
    value: Option<String>,
}

fn parse(text: &str) -> Vec<Line> {
    text.lines()
        .map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            Line {
                start: f[0] == "start",
                watcher: f[1].parse().unwrap(),
                at_ns: f[2].parse().unwrap(),
                value: f.get(3).map(|v| v.to_string()),
            }
        })
        .collect()
}

/// Waits until the log holds lines for which `done` holds (bounded by 60 s).
fn wait_for_log(path: &Path, done: impl Fn(&[Line]) -> bool) -> Vec<Line> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        // Lines are written whole by one `echo` each; ignore a last one still in flight.
        let complete = text.rfind('\n').map_or("", |i| &text[..=i]);
        let lines = parse(complete);
        if done(&lines) {
            return lines;
        }
        assert!(
            Instant::now() < deadline,
            "waited 60 s; the log has:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The most intervals `[from, to)` that cover one moment.
fn most_at_once(intervals: &[(i128, i128)]) -> usize {
    let mut edges: Vec<(i128, i32)> = intervals
        .iter()
        .flat_map(|&(from, to)| [(from, 1), (to, -1)])
        .collect();
    // At equal stamps an end comes before a start: a slot given back, then taken.
    edges.sort();
    let (mut now, mut most) = (0i32, 0i32);
    for (_, step) in edges {
        now += step;
        most = most.max(now);
    }
    most as usize
}

#[test]
fn most_at_once_counts_overlaps_and_not_touching_ends() {
    assert_eq!(most_at_once(&[(0, 10), (5, 15), (9, 20)]), 3);
    assert_eq!(most_at_once(&[(0, 10), (10, 20)]), 1);
    assert_eq!(most_at_once(&[]), 0);
}

const WATCHERS: usize = 10;
const MAX_RESTARTING: usize = 2;
const HEALTHY_AFTER_MS: i128 = 1000;
/// The child writes its start stamp a little after the supervisor spawned it (and started
/// the healthy-after clock): a restart is counted as over this much before start +
/// healthy-after, so that this lag can never look like a third restart. A watcher that
/// released its slot too early by more than this would still be caught.
const START_LAG_MS: i128 = 250;

fn watch(home: &TestEnv, n: usize, log: &Path) -> Child {
    // The trap kills the background sleep too, so no process outlives the test.
    let script = format!(
        r#"echo "start $W $(date +%s%N) $A" >> '{log}'
           trap 'echo "stop $W $(date +%s%N)" >> '"'"'{log}'"'"'; kill $!; exit 0' TERM
           sleep 600 & wait"#,
        log = log.display()
    );
    home.cmd(&[
        "inject",
        "--watch",
        "--only",
        "A",
        "--restart-group",
        "web",
        "--max-restarting",
        &MAX_RESTARTING.to_string(),
        "--healthy-after",
        &format!("{HEALTHY_AFTER_MS}ms"),
        "--grace",
        "5s",
        "--",
        "sh",
        "-c",
        &script,
    ])
    .env("W", n.to_string())
    .env("SECRETSCLI_RETRY_SECS", "2")
    .env("SECRETSCLI_SLOT_WAIT_SECS", "1")
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap()
}

#[test]
fn ten_watchers_in_a_group_of_two_all_restart_once_and_never_more_than_two_at_a_time() {
    let server = Server::start();
    let a = first_home(&server);
    a.set("A", "one");
    ok(&a, &["push"], &[]);
    let b = another_home(&server, &a, "box");
    ok(&b, &["pull"], &[]);
    let mut homes: Vec<TestEnv> = (1..WATCHERS).map(|_| copy_of(&b)).collect();
    homes.push(b);
    ten_watchers_restart_in_turn(&a, homes);
}

#[test]
fn ten_watchers_split_over_two_postgresql_nodes_share_the_group_of_two() {
    let Some(storage) = Storage::postgres() else {
        return;
    };
    let crate::server::Backend::Postgres(url) = &storage.backend else {
        unreachable!("a PostgreSQL storage")
    };
    let node_a = Server::start_with(Some(url.clone()));
    let node_b = node_a.another_node();
    let (a_first, b_first) = (
        format!("{},{}", node_a.url(), node_b.url()),
        format!("{},{}", node_b.url(), node_a.url()),
    );
    // Node B, started before anyone logged in, made the bootstrap token: log in with it.
    let a = first_home_at(&node_b, &a_first);
    a.set("A", "one");
    ok(&a, &["push"], &[]);
    // Half the watchers follow node A, half node B; the slots live in the shared database.
    let on_a = device_home(&a_first, &a, "on-a", &[]);
    let on_b = device_home(&b_first, &a, "on-b", &[]);
    ok(&on_a, &["pull"], &[]);
    ok(&on_b, &["pull"], &[]);
    let mut homes: Vec<TestEnv> = (2..WATCHERS)
        .map(|n| copy_of(if n % 2 == 0 { &on_a } else { &on_b }))
        .collect();
    homes.extend([on_a, on_b]);
    ten_watchers_restart_in_turn(&a, homes);
}

/// Starts a watcher in each of `homes` (ten), pushes a new value of the watched name from
/// `a`, and checks that every child restarted exactly once with it and that no more than
/// `MAX_RESTARTING` restarts overlapped.
fn ten_watchers_restart_in_turn(a: &TestEnv, homes: Vec<TestEnv>) {
    assert_eq!(homes.len(), WATCHERS);
    let log = a.path().join("children.log");
    let watchers: Vec<Child> = homes
        .iter()
        .enumerate()
        .map(|(n, home)| watch(home, n, &log))
        .collect();
    wait_for_log(&log, |l| l.len() == WATCHERS);
    a.set("A", "two");
    ok(a, &["push"], &[]);
    let lines = wait_for_log(&log, |l| {
        l.iter().filter(|l| l.start).count() == 2 * WATCHERS
    });
    let mut restarts = Vec::new();
    for w in 0..WATCHERS {
        let own: Vec<&Line> = lines.iter().filter(|l| l.watcher == w).collect();
        let shape: Vec<bool> = own.iter().map(|l| l.start).collect();
        assert_eq!(shape, [true, false, true], "watcher {w}: {own:?}");
        let values: Vec<Option<&str>> = own.iter().map(|l| l.value.as_deref()).collect();
        assert_eq!(values, [Some("one"), None, Some("two")], "watcher {w}");
        let to = own[2].at_ns + (HEALTHY_AFTER_MS - START_LAG_MS) * 1_000_000;
        restarts.push((own[1].at_ns, to));
    }
    assert!(
        most_at_once(&restarts) <= MAX_RESTARTING,
        "more than {MAX_RESTARTING} restarting at once: {restarts:?}"
    );
    for watcher in watchers {
        let out = terminate(watcher);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("without a slot"), "{stderr}");
        assert!(!stderr.contains("two"), "a value leaked: {stderr}");
    }
}

/// A copy of `home` (vault, config, device login) unlocked by an agent of its own: one
/// more home of the same device, set up in two commands instead of a device login and an
/// approval each, which would take most of this file's time budget ten times over.
fn copy_of(home: &TestEnv) -> TestEnv {
    let copy = TestEnv::new();
    for dir in [".local", ".config"] {
        let status = std::process::Command::new("cp")
            .arg("-a")
            .arg(home.path().join(dir))
            .arg(copy.path())
            .status()
            .unwrap();
        assert!(status.success(), "cp -a {dir}");
    }
    copy.ok_stdin(&["unlock"], PASS);
    copy
}

fn terminate(child: Child) -> std::process::Output {
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    child.wait_with_output().unwrap()
}
