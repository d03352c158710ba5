//! The change feed over WebSocket (docs/live.md): the endpoint's rules (who may upgrade, the
//! watcher cap, a clean close when the node stops), `watch` and `inject --watch` forced onto
//! each transport, resuming after a restart, and failover between two server nodes on one
//! PostgreSQL while a node is killed mid-push. Every wait is for a condition with a
//! deadline; none is a sleep.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use secretscli::wire::feed::FeedPage;
use tungstenite::client::IntoClientRequest as _;
use tungstenite::handshake::HandshakeError;
use tungstenite::http::header;
use tungstenite::{Message, WebSocket};
use uuid::Uuid;

use crate::server::{Api, Storage, TestServer, push_req, setup, version};
use crate::sync::{
    Server, device_home, first_home, first_home_at, ok, second_home, second_home_at,
};
use crate::util::TestEnv;

type Ws = WebSocket<std::net::TcpStream>;

/// Opens `GET /v1/envs/{env}/changes/ws?since=R` with `token`; the refusal's HTTP status
/// when the server answers without upgrading.
fn upgrade(server: &TestServer, token: Option<&str>, env: Uuid, since: i64) -> Result<Ws, u16> {
    let url = format!(
        "ws://{}/v1/envs/{env}/changes/ws?since={since}",
        server.addr
    );
    let mut req = url.into_client_request().unwrap();
    if let Some(token) = token {
        let value = format!("Bearer {token}").parse().unwrap();
        req.headers_mut().insert(header::AUTHORIZATION, value);
    }
    let tcp = std::net::TcpStream::connect(server.addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    match tungstenite::client::client(req, tcp) {
        Ok((ws, _)) => Ok(ws),
        Err(HandshakeError::Failure(tungstenite::Error::Http(resp))) => Err(resp.status().as_u16()),
        Err(e) => panic!("the upgrade failed without an HTTP answer: {e}"),
    }
}

/// The next page the server sends (pings are answered while reading).
fn next_page(ws: &mut Ws) -> FeedPage {
    loop {
        match ws.read().expect("a page") {
            Message::Text(text) => return serde_json::from_str(text.as_str()).unwrap(),
            Message::Close(frame) => panic!("closed: {frame:?}"),
            _ => {}
        }
    }
}

#[test]
fn a_websocket_sends_what_is_newer_at_once_then_each_push_as_it_lands() {
    let server = TestServer::start(&Storage::sqlite().backend, &[]);
    let (alice, _, env) = setup(&server);
    alice.ok::<serde_json::Value>(
        alice.push(env, &push_req(0, vec![version("A", 1, b"x".to_vec())])),
    );
    let mut ws = upgrade(&server, alice.token.as_deref(), env, 0).expect("upgraded");
    let first = next_page(&mut ws);
    assert_eq!(
        serde_json::to_string(&first).unwrap(),
        r#"{"revision":1,"changes":[{"revision":1,"names":["A"]}]}"#
    );
    for (rev, name) in [(1, "B"), (2, "C")] {
        alice.ok::<serde_json::Value>(
            alice.push(env, &push_req(rev, vec![version(name, 1, b"y".to_vec())])),
        );
        let page = next_page(&mut ws);
        assert_eq!(
            (page.revision, page.changes.len()),
            (rev + 1, 1),
            "{page:?}"
        );
        assert_eq!(page.changes[0].names, [name]);
    }
}

#[test]
fn a_caller_without_access_to_the_env_is_refused_the_upgrade() {
    let server = TestServer::start(&Storage::sqlite().backend, &[]);
    let (alice, _, env) = setup(&server);
    alice.ok::<serde_json::Value>(
        alice.push(env, &push_req(0, vec![version("A", 1, b"x".to_vec())])),
    );
    let stranger = alice.invite(600);
    let (_, eve) = Api::new(&server)
        .with_token(&stranger.token)
        .login(Some("eve"), "evebox");
    let refused = upgrade(&server, eve.token.as_deref(), env, 0).err();
    assert!(
        matches!(refused, Some(403 | 404)),
        "eve, no role: {refused:?}"
    );
    assert_eq!(upgrade(&server, None, env, 0).err(), Some(401));
    assert_eq!(
        upgrade(&server, Some("sctk_nonsense"), env, 0).err(),
        Some(401)
    );
    assert!(upgrade(&server, alice.token.as_deref(), env, 0).is_ok());
}

#[test]
fn websocket_connections_count_against_max_watchers_and_free_their_slot_when_closed() {
    let server = TestServer::start(&Storage::sqlite().backend, &["--max-watchers", "1"]);
    let (alice, _, env) = setup(&server);
    let token = alice.token.as_deref();
    let held = upgrade(&server, token, env, 0).expect("the first is held");
    assert_eq!(upgrade(&server, token, env, 0).err(), Some(503));
    let poll = alice.get(&format!("/v1/envs/{env}/changes?since=0&wait=0"));
    assert_eq!(poll.status().as_u16(), 503);
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(30);
    while upgrade(&server, token, env, 0).is_err() {
        assert!(Instant::now() < deadline, "the slot was never freed");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_stopping_server_closes_its_websocket_feeds_with_going_away() {
    let server = TestServer::start(&Storage::sqlite().backend, &[]);
    let (alice, _, env) = setup(&server);
    let mut ws = upgrade(&server, alice.token.as_deref(), env, 0).expect("upgraded");
    let stopping = std::thread::spawn(move || server.terminate());
    let frame = loop {
        match ws.read() {
            Ok(Message::Close(frame)) => break frame,
            Ok(_) => {}
            Err(e) => panic!("no close frame before the connection ended: {e}"),
        }
    };
    let code: u16 = frame.expect("a close frame with a code").code.into();
    assert_eq!(code, 1001);
    assert!(stopping.join().unwrap().success());
}

/// Waits until `path` has a line for which `done` holds (a condition, bounded by 30 s).
fn wait_for_line(path: &Path, done: impl Fn(&str) -> bool) -> Vec<String> {
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

/// Waits until the home's vault holds `value` for `key`.
fn wait_for_value(home: &TestEnv, key: &str, value: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while String::from_utf8(home.get(key)).unwrap() != value {
        assert!(Instant::now() < deadline, "{key} never became {value:?}");
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

fn terminate(child: Child) -> std::process::Output {
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    child.wait_with_output().unwrap()
}

/// The first line of `child`'s stderr containing `what`, waiting at most 30 s for it.
fn stderr_line(child: &mut Child, what: &str) -> String {
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // Reads to the end even after the line is found: a closed pipe would make the
    // child's next note fail (EPIPE, or SIGPIPE).
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)).map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if line.contains(what) => return line,
            Ok(_) => {}
            Err(e) => panic!("no stderr line with {what:?} within 30 s: {e}"),
        }
    }
}

/// A hook that appends `$SECRETSCLI_CHANGED` to `log`.
fn hook(log: &Path) -> String {
    format!("echo \"$SECRETSCLI_CHANGED\" >> '{}'", log.display())
}

#[test]
fn watch_over_websocket_and_over_long_poll_each_see_a_push() {
    let server = Server::start();
    let a = first_home(&server);
    a.set("A", "one");
    ok(&a, &["push"], &[]);
    let b = second_home(&server, &a);
    let c = device_home(&server.url(), &a, "tablet", &[]);
    ok(&b, &["pull"], &[]);
    ok(&c, &["pull"], &[]);
    let (ws_log, poll_log) = (b.path().join("ws.log"), c.path().join("poll.log"));
    let ws = spawn(
        &b,
        &[
            "watch",
            "--transport",
            "ws",
            "--",
            "sh",
            "-c",
            &hook(&ws_log),
        ],
    );
    let poll = spawn(
        &c,
        &[
            "watch",
            "--transport",
            "poll",
            "--",
            "sh",
            "-c",
            &hook(&poll_log),
        ],
    );
    // No need to wait for them to connect: each follows from the revision its vault
    // pulled, so a push that lands first is still the first thing each is told.
    a.set("A", "two");
    ok(&a, &["push"], &[]);
    wait_for_line(&ws_log, |l| l == "A");
    wait_for_line(&poll_log, |l| l == "A");
    let (ws, poll) = (terminate(ws), terminate(poll));
    let ws_err = String::from_utf8_lossy(&ws.stderr);
    assert!(ws_err.contains("(WebSocket;"), "{ws_err}");
    assert!(!ws_err.contains("long-poll instead"), "{ws_err}");
    let poll_err = String::from_utf8_lossy(&poll.stderr);
    assert!(poll_err.contains("(long-poll;"), "{poll_err}");
}

#[test]
fn behind_a_proxy_that_refuses_upgrades_watch_falls_back_to_long_poll_at_once_and_sees_each_push() {
    let server = Server::start();
    let proxy = refusing_proxy(&server.addr);
    let a = first_home(&server);
    a.set("A", "one");
    ok(&a, &["push"], &[]);
    let b = second_home_at(&proxy, &a);
    ok(&b, &["pull"], &[]);
    let log = b.path().join("hook.log");
    let hook = format!(
        "echo \"$SECRETSCLI_CHANGED $SECRETSCLI_REVISION\" >> '{}'",
        log.display()
    );
    let mut watcher = spawn(&b, &["watch", "--", "sh", "-c", &hook]);
    let said = stderr_line(&mut watcher, "long-poll instead");
    assert!(said.contains("HTTP 400"), "{said}");
    for value in ["two", "three"] {
        a.set("A", value);
        ok(&a, &["push"], &[]);
    }
    let lines = wait_for_line(&log, |l| l == "A 3");
    assert_eq!(lines.last().map(String::as_str), Some("A 3"), "{lines:?}");
    assert!(lines.len() <= 2, "at most one hook run per push: {lines:?}");
    assert_eq!(String::from_utf8(b.get("A")).unwrap(), "three");
    terminate(watcher);
}

/// A loopback proxy to `upstream` (host:port) that answers every WebSocket upgrade with
/// 400, as a proxy that does not carry `Upgrade` may, and passes every other connection
/// through byte for byte. Its threads end with the test process.
fn refusing_proxy(upstream: &str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let upstream = upstream.to_string();
    std::thread::spawn(move || {
        for client in listener.incoming().map_while(Result::ok) {
            let upstream = upstream.clone();
            std::thread::spawn(move || proxy_one(client, &upstream));
        }
    });
    format!("http://{addr}")
}

fn proxy_one(mut client: std::net::TcpStream, upstream: &str) {
    use std::io::{Read as _, Write as _};
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match client.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    if String::from_utf8_lossy(&head)
        .to_ascii_lowercase()
        .contains("upgrade: websocket")
    {
        let refusal = "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
        let _ = client.write_all(refusal.as_bytes());
        return;
    }
    let Ok(mut server) = std::net::TcpStream::connect(upstream) else {
        return;
    };
    if server.write_all(&head).is_err() {
        return;
    }
    let (mut from_client, mut to_server) =
        (client.try_clone().unwrap(), server.try_clone().unwrap());
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from_client, &mut to_server);
        let _ = to_server.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut server, &mut client);
    let _ = client.shutdown(std::net::Shutdown::Write);
}

#[test]
fn a_websocket_watcher_resumes_after_a_server_restart_without_missing_a_revision() {
    let mut server = Server::start();
    let a = first_home(&server);
    a.set("A", "one");
    a.set("B", "one");
    ok(&a, &["push"], &[]);
    let b = second_home(&server, &a);
    ok(&b, &["pull"], &[]);
    let log = b.path().join("changed.log");
    let watcher = spawn(
        &b,
        &["watch", "--transport", "ws", "--", "sh", "-c", &hook(&log)],
    );
    a.set("A", "two");
    ok(&a, &["push"], &[]);
    wait_for_line(&log, |l| l == "A");
    // A graceful stop: the node closes the socket (1001) and the watcher reconnects.
    server.stop();
    server.launch();
    // Two revisions while the watcher reconnects (before or after it is back): it must
    // see both.
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
    assert_eq!(String::from_utf8(b.get("B")).unwrap(), "two");
    let out = terminate(watcher);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is back"), "{stderr}");
}

#[test]
fn killing_node_a_mid_push_lands_the_push_once_through_b_and_restarts_the_watcher_once() {
    let Some(storage) = Storage::postgres() else {
        return;
    };
    let crate::server::Backend::Postgres(url) = &storage.backend else {
        unreachable!("a PostgreSQL storage")
    };
    let mut node_a = Server::start_with(Some(url.clone()));
    let node_b = node_a.another_node();
    let urls = format!("{},{}", node_a.url(), node_b.url());
    // Node B, started before anyone logged in, made the bootstrap token: log in with it.
    let pusher = first_home_at(&node_b, &urls);
    pusher.set("A", "one");
    pusher.set("B", "one");
    ok(&pusher, &["push"], &[]);
    let watcher = second_home_at(&urls, &pusher);
    ok(&watcher, &["pull"], &[]);
    let log = watcher.path().join("starts.log");
    let script = format!("echo \"start $A\" >> '{}'; exec sleep 600", log.display());
    let args = [
        "inject",
        "--watch",
        "--transport",
        "ws",
        "--only",
        "A",
        "--grace",
        "300ms",
        "--",
        "sh",
        "-c",
        &script,
    ];
    let child = spawn(&watcher, &args);
    wait_for_line(&log, |l| l == "start one");
    pusher.set("A", "two");
    let push = spawn(&pusher, &["push"]);
    node_a.kill();
    let pushed = push.wait_with_output().unwrap();
    assert!(
        pushed.status.success(),
        "the push failed over to B: {}",
        String::from_utf8_lossy(&pushed.stderr)
    );
    let lines = wait_for_line(&log, |l| l == "start two");
    // Exactly once: one revision after the first push's, one new version of A (a retry
    // through B of a push A had committed is answered from its idempotency key).
    assert_eq!(pg_number(url, "SELECT max(revision) FROM envs"), 2);
    let versions_of_a = "SELECT count(*) FROM entries WHERE name = 'A'";
    assert_eq!(pg_number(url, versions_of_a), 2);
    // A later revision through B reaches the watcher too, and restarts nothing (B unused):
    // once it is pulled, the child has been started exactly twice.
    pusher.set("B", "two");
    ok(&pusher, &["push"], &[]);
    wait_for_value(&watcher, "B", "two");
    assert_eq!(lines, ["start one", "start two"]);
    let out = terminate(child);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap().lines().count(),
        2,
        "{stderr}"
    );
    let moved = format!("now following on {}", node_b.url());
    assert_eq!(stderr.matches(&moved).count(), 1, "{stderr}");
}

/// One number from the test database (`url` carries the test's schema as search_path).
fn pg_number(url: &str, sql: &str) -> i64 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        let task = tokio::spawn(conn);
        let n: i64 = client.query_one(sql, &[]).await.unwrap().get(0);
        drop(client);
        let _ = task.await;
        n
    })
}

#[test]
fn watch_over_websocket_trusts_the_ca_the_client_is_given_and_no_other() {
    let storage = Storage::sqlite();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let (cert_pem, key_pem) = (
        storage.dir().join("cert.pem"),
        storage.dir().join("key.pem"),
    );
    std::fs::write(&cert_pem, cert.cert.pem()).unwrap();
    std::fs::write(&key_pem, cert.signing_key.serialize_pem()).unwrap();
    let tls = [
        "--tls-cert",
        cert_pem.to_str().unwrap(),
        "--tls-key",
        key_pem.to_str().unwrap(),
    ];
    let server = TestServer::start(&storage.backend, &tls);
    let url = format!("https://localhost:{}", server.addr.port());
    let ca = [("SECRETSCLI_CA_CERT", cert_pem.to_str().unwrap())];
    let a = TestEnv::unlocked();
    let bootstrap = server.printed_token.clone().expect("a bootstrap token");
    let login = [("SECRETSCLI_TOKEN", bootstrap.as_str()), ca[0]];
    ok(&a, &["login", &url, "--name", "laptop"], &login);
    a.set("A", "one");
    ok(&a, &["push"], &ca);
    let b = device_home(&url, &a, "desktop", &ca);
    ok(&b, &["pull"], &ca);
    let log = b.path().join("changed.log");
    let watch = ["watch", "--transport", "ws", "--", "sh", "-c", &hook(&log)];
    let trusting = b
        .cmd(&watch)
        .envs(ca)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Without the CA the server's certificate is refused: the server is "away", never used.
    let mut doubting = b.cmd(&watch).stderr(Stdio::piped()).spawn().unwrap();
    let away = stderr_line(&mut doubting, "is away");
    assert!(away.contains("certificate"), "{away}");
    terminate(doubting);
    a.set("A", "two");
    ok(&a, &["push"], &ca);
    wait_for_line(&log, |l| l == "A");
    terminate(trusting);
}
