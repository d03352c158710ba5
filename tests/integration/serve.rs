//! `secretscli serve`, the local sidecar (docs/serve.md): a real sidecar process on a unix
//! socket or loopback TCP, read by the library's client, by a Python child using only the
//! standard library (examples/sidecar.py), by raw HTTP, and watched over its WebSocket
//! (raw tungstenite and the library's `subscribe`). Every change is awaited with a
//! deadline; none is a sleep.

use std::io::{BufRead as _, BufReader, Read as _};
use std::ops::ControlFlow;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use secretscli::serve::client::{Client, ClientError};
use secretscli::wire::config::ConfigEvent;
use tungstenite::client::IntoClientRequest as _;
use tungstenite::handshake::HandshakeError;
use tungstenite::{Message, WebSocket};

use crate::sync::{ok, second_home};
use crate::tokens::{Setup, ci, on_both};
use crate::util::TestEnv;

const DEADLINE: Duration = Duration::from_secs(30);

/// A running sidecar: killed (by its own PID) when dropped.
struct Sidecar {
    child: Child,
    /// `unix:PATH` or `http://ADDR`, from its "serving ... on ..." line.
    on: String,
    /// Everything it said on stderr up to that line.
    said: String,
}

impl Sidecar {
    /// Starts `cmd` (a `serve` command) and waits for it to say where it serves.
    fn start(mut cmd: Command) -> Sidecar {
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Owned at once, so a failed wait below still kills it (on drop).
        let mut sidecar = Sidecar {
            child,
            on: String::new(),
            said: String::new(),
        };
        let (tx, rx) = mpsc::channel();
        let stderr = sidecar.child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + DEADLINE;
        while sidecar.on.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = rx.recv_timeout(left) else {
                panic!("the sidecar never said where it serves: {}", sidecar.said);
            };
            sidecar.said.push_str(&line);
            sidecar.said.push('\n');
            if let Some((_, on)) = line
                .split_once(" on ")
                .filter(|_| line.starts_with("serving "))
            {
                sidecar.on = on.to_string();
            }
        }
        sidecar
    }

    fn url(&self) -> &str {
        &self.on
    }
}

impl Drop for Sidecar {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A vault home with `items` set in app/dev, and a socket path outside it.
fn vault_with(items: &[(&str, &str)]) -> (TestEnv, tempfile::TempDir) {
    let env = TestEnv::unlocked();
    for (k, v) in items {
        env.ok_stdin(&["set", k], v);
    }
    (env, tempfile::tempdir().unwrap())
}

fn serve_socket(env: &TestEnv, socket: &Path) -> Sidecar {
    Sidecar::start(env.cmd(&["serve", "--socket", socket.to_str().unwrap()]))
}

/// Follows `key` on the sidecar at `socket` in a thread: each value it sees, in order.
fn watch(socket: &Path, key: &str) -> mpsc::Receiver<Option<String>> {
    let (tx, rx) = mpsc::channel();
    let (socket, key) = (socket.to_path_buf(), key.to_string());
    std::thread::spawn(move || {
        let _ = Client::unix(&socket).watch(&key, |v| match tx.send(v.map(|v| v.value.clone())) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        });
    });
    rx
}

/// Raw HTTP/1.1 GET on `stream`: (status, body).
fn raw_get(
    mut stream: impl std::io::Read + std::io::Write,
    path: &str,
    auth: Option<&str>,
) -> (u16, String) {
    let auth = auth
        .map(|a| format!("Authorization: {a}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\r\n"
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    let status = out.split(' ').nth(1).unwrap().parse().unwrap();
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn a_python_child_reads_a_secret_through_the_socket_and_sees_a_set_change() {
    let (env, dir) = vault_with(&[("database.password", "first-secret")]);
    let socket = dir.path().join("s.sock");
    let _sidecar = serve_socket(&env, &socket);
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sidecar.py");
    let mut py = Command::new("python3")
        .arg(&example)
        .args([
            socket.to_str().unwrap(),
            "database.password",
            "--changes",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut out = BufReader::new(py.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert_eq!(first, "first-secret\n");
    env.ok_stdin(&["set", "database.password"], "second-secret");
    // The child exits after one change; its wait is bounded by the watch's own deadline.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = out.read_to_string(&mut rest);
        let _ = tx.send((rest, py.wait().unwrap()));
    });
    let (rest, status) = rx
        .recv_timeout(DEADLINE)
        .expect("the child saw the change in time");
    assert_eq!(rest, "second-secret\n");
    assert!(status.success());
}

#[test]
fn the_socket_is_0600_and_a_live_one_is_not_replaced_but_a_stale_one_is() {
    let (env, dir) = vault_with(&[("K", "v")]);
    let socket = dir.path().join("s.sock");
    let sidecar = serve_socket(&env, &socket);
    let mode = std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    let r = env.run(&["serve", "--socket", socket.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("another process listens"), "{}", r.stderr);
    // A socket file left by a killed sidecar is taken over.
    let stale = dir.path().join("stale.sock");
    drop(std::os::unix::net::UnixListener::bind(&stale).unwrap());
    let again = serve_socket(&env, &stale);
    assert_eq!(Client::unix(&stale).get("K").unwrap().unwrap().value, "v");
    // A path that is not a socket is never removed.
    let file = env.write("plain", "keep me");
    let r = env.run(&["serve", "--socket", file.to_str().unwrap()]);
    assert!(r.stderr.contains("is not a socket"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    drop((sidecar, again));
}

#[test]
fn sigterm_answers_a_held_long_poll_and_removes_the_socket() {
    let (env, dir) = vault_with(&[("K", "v")]);
    let socket = dir.path().join("s.sock");
    let mut sidecar = serve_socket(&env, &socket);
    // Sent before the quick request below, on a connection accepted before it.
    let mut held = std::os::unix::net::UnixStream::connect(&socket).unwrap();
    std::io::Write::write_all(
        &mut held,
        b"GET /v1/config/app/dev/K?since=1&wait=30 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = String::new();
        let _ = held.read_to_string(&mut out);
        let _ = tx.send(out);
    });
    // Answered, this one shows the sidecar took the held poll's connection first.
    assert_eq!(Client::unix(&socket).get("K").unwrap().unwrap().value, "v");
    let pid = nix::unistd::Pid::from_raw(i32::try_from(sidecar.child.id()).unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    // Half the poll's own wait: an answer by then came from the stop, not the timeout.
    let answer = rx
        .recv_timeout(Duration::from_secs(15))
        .expect("the stop answered the held poll");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(sidecar.child.wait().unwrap().success());
    assert!(!socket.exists(), "the socket file is left behind");
}

#[test]
fn another_local_user_cannot_connect_to_the_socket() {
    if !nix::unistd::Uid::effective().is_root() {
        eprintln!("skipped: needs root to run a connect as `nobody` (this runs as a user)");
        return;
    }
    let (env, dir) = vault_with(&[("K", "v")]);
    // The directory lets everyone through, so only the socket's own mode can refuse.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let socket = dir.path().join("s.sock");
    let _sidecar = serve_socket(&env, &socket);
    let python = Path::new("/usr/bin/python3");
    if !python.exists() {
        eprintln!("skipped: no /usr/bin/python3 that `nobody` may run");
        return;
    }
    let connect_as_nobody = || {
        let script = format!(
            "import socket; s = socket.socket(socket.AF_UNIX); s.connect({:?})",
            socket.to_str().unwrap()
        );
        Command::new("setpriv")
            .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
            .arg(python)
            .args(["-c", &script])
            .output()
            .ok()
            .filter(|o| !String::from_utf8_lossy(&o.stderr).contains("setpriv:"))
    };
    let Some(out) = connect_as_nobody() else {
        eprintln!("skipped: setpriv cannot switch to `nobody` here");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "nobody connected");
    assert!(stderr.contains("PermissionError"), "{stderr}");
    // The control: opened up, the same connect works, so the refusal above was the mode's.
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = connect_as_nobody().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn over_tcp_a_request_without_the_bearer_gets_401_and_with_it_the_value() {
    let (env, dir) = vault_with(&[("K", "tcp-secret")]);
    let bearer_file = dir.path().join("bearer");
    let sidecar = Sidecar::start(env.cmd(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--bearer-file",
        bearer_file.to_str().unwrap(),
    ]));
    assert!(
        !sidecar.said.contains("bearer (shown once)"),
        "{}",
        sidecar.said
    );
    let mode = std::fs::metadata(&bearer_file)
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    let bearer = std::fs::read_to_string(&bearer_file).unwrap();
    let addr = sidecar.url().strip_prefix("http://").unwrap().to_string();
    for auth in [
        None,
        Some("Bearer wrong".to_string()),
        Some(format!("Basic {bearer}")),
    ] {
        let stream = std::net::TcpStream::connect(&addr).unwrap();
        let (status, body) = raw_get(stream, "/v1/config/app/dev/K", auth.as_deref());
        assert_eq!(status, 401, "{auth:?}");
        assert!(!body.contains("tcp-secret"), "{body}");
    }
    let stream = std::net::TcpStream::connect(&addr).unwrap();
    let (status, _) = raw_get(stream, "/healthz", None);
    assert_eq!(status, 401, "/healthz wants the bearer too");
    let client = Client::tcp(sidecar.url(), &bearer).unwrap();
    assert_eq!(client.get("K").unwrap().unwrap().value, "tcp-secret");
    let wrong = Client::tcp(sidecar.url(), "nope").unwrap();
    assert!(matches!(
        wrong.get("K"),
        Err(ClientError::Refused { status: 401, .. })
    ));
    // Without --bearer-file the bearer is printed once, on stderr.
    let printed = Sidecar::start(env.cmd(&["serve", "--listen", "127.0.0.1:0"]));
    let line = printed
        .said
        .lines()
        .find(|l| l.starts_with("bearer (shown once): "))
        .unwrap();
    let bearer = line.rsplit(' ').next().unwrap();
    let client = Client::tcp(printed.url(), bearer).unwrap();
    assert_eq!(client.get("K").unwrap().unwrap().value, "tcp-secret");
}

#[test]
fn a_non_loopback_listen_is_refused_unless_tls_and_allow_remote() {
    let env = TestEnv::unlocked();
    let r = env.run(&["serve", "--listen", "0.0.0.0:0"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a loopback address"), "{}", r.stderr);
    assert!(
        r.stderr.contains("--tls-cert") && r.stderr.contains("--allow-remote"),
        "{}",
        r.stderr
    );
    let r = env.run(&["serve", "--listen", "0.0.0.0:0", "--allow-remote"]);
    assert_eq!(r.code, 2, "--allow-remote without TLS: {}", r.stderr);
    assert!(r.stderr.contains("--tls-key"), "{}", r.stderr);
}

#[test]
fn with_tls_and_allow_remote_a_wildcard_address_serves_https_with_the_bearer() {
    let (env, dir) = vault_with(&[("K", "over-tls")]);
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert_pem = env.write("cert.pem", cert.cert.pem());
    let key_pem = env.write("key.pem", cert.signing_key.serialize_pem());
    let bearer_file = dir.path().join("bearer");
    let sidecar = Sidecar::start(env.cmd(&[
        "serve",
        "--listen",
        "0.0.0.0:0",
        "--allow-remote",
        "--tls-cert",
        cert_pem.to_str().unwrap(),
        "--tls-key",
        key_pem.to_str().unwrap(),
        "--bearer-file",
        bearer_file.to_str().unwrap(),
    ]));
    let addr = sidecar.url().strip_prefix("https://").unwrap().to_string();
    let bearer = std::fs::read_to_string(&bearer_file).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let get = |auth: Option<&str>| {
        let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
        let conn =
            rustls::ClientConnection::new(std::sync::Arc::new(config.clone()), name).unwrap();
        let tcp = std::net::TcpStream::connect(&addr).unwrap();
        raw_get(
            rustls::StreamOwned::new(conn, tcp),
            "/v1/config/app/dev/K",
            auth,
        )
    };
    assert_eq!(get(None).0, 401);
    let (status, body) = get(Some(&format!("Bearer {bearer}")));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("over-tls"), "{body}");
}

#[test]
fn a_prefix_gives_the_subtree_a_missing_key_404_and_a_value_that_is_a_parent_409() {
    let (env, dir) = vault_with(&[
        ("database.host", "db.internal"),
        ("database.port", "5432"),
        ("x", "leaf"),
        ("x.y", "under-a-leaf"),
    ]);
    env.ok_stdin(&["set", "database.host"], "db2.internal");
    let socket = dir.path().join("s.sock");
    let _sidecar = serve_socket(&env, &socket);
    let client = Client::unix(&socket);
    let tree = client.tree("database").unwrap();
    assert_eq!(
        tree,
        serde_json::json!({"host": "db2.internal", "port": "5432"})
    );
    let host = client.get("database.host").unwrap().unwrap();
    assert_eq!(
        (host.value.as_str(), host.version, host.key.as_str()),
        ("db2.internal", 2, "database.host")
    );
    assert!(
        !host.updated_by.is_empty(),
        "the vault's history names the author"
    );
    assert!(host.updated_at > 0);
    assert!(client.get("database.user").unwrap().is_none());
    let raw = |path: &str| {
        raw_get(
            std::os::unix::net::UnixStream::connect(&socket).unwrap(),
            path,
            None,
        )
    };
    let (status, body) = raw("/v1/config/app/dev/database.user");
    assert_eq!(status, 404);
    assert!(
        body.contains("no key \\\"database.user\\\" in app/dev"),
        "{body}"
    );
    // The exact name wins over the prefix; the whole environment cannot nest `x` and `x.y`.
    assert_eq!(client.get("x").unwrap().unwrap().value, "leaf");
    let (status, body) = raw("/v1/config/app/dev");
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains("\\\"x\\\" is a value and also the parent of \\\"x.y\\\""),
        "{body}"
    );
    // A vault keeps history: ?version= reads an earlier value.
    let (status, body) = raw("/v1/config/app/dev/database.host?version=1");
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (v["value"].as_str(), v["version"].as_u64()),
        (Some("db.internal"), Some(1))
    );
    let (status, _) = raw("/v1/config/app/dev/database.host?version=9");
    assert_eq!(status, 404);
    let (status, body) = raw("/v1/config/app/prod/x");
    assert_eq!(status, 404);
    assert!(body.contains("serves app/dev"), "{body}");
    let (status, _) = raw("/v1/config/app/dev/x?wait=31&since=1");
    assert_eq!(status, 400);
}

#[test]
fn a_long_poll_answers_at_once_when_behind_and_after_a_change_otherwise() {
    let (env, dir) = vault_with(&[("K", "one")]);
    let socket = dir.path().join("s.sock");
    let _sidecar = serve_socket(&env, &socket);
    let client = Client::unix(&socket);
    let rx = watch(&socket, "K");
    assert_eq!(rx.recv_timeout(DEADLINE).unwrap().as_deref(), Some("one"));
    env.ok_stdin(&["set", "K"], "two");
    assert_eq!(rx.recv_timeout(DEADLINE).unwrap().as_deref(), Some("two"));
    env.ok(&["rm", "K"]);
    assert_eq!(rx.recv_timeout(DEADLINE).unwrap(), None);
    assert!(client.get("K").unwrap().is_none());
}

#[test]
fn token_mode_serves_the_env_from_an_empty_home_writes_nothing_there_and_follows_pushes() {
    on_both(token_mode);
}

fn token_mode(s: &Setup) {
    let token = s.create("sidecar", &["prod"], &[]);
    let home = tempfile::Builder::new().prefix("ci").tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("s.sock");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_secretscli"));
    // The default --refresh (a minute): changes arrive by the change feed.
    cmd.args(["serve", "--socket", socket.to_str().unwrap()])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("SECRETSCLI_TOKEN", &token)
        .current_dir(home.path());
    let sidecar = Sidecar::start(cmd);
    assert!(sidecar.said.contains("app/prod"), "{}", sidecar.said);
    let client = Client::unix(&socket);
    assert_eq!(
        client.get("auth.key").unwrap().unwrap().value,
        "prod-auth-secret"
    );
    assert!(client.get("STAGING_ONLY").unwrap().is_none());
    // A token knows only current values.
    let raw = raw_get(
        std::os::unix::net::UnixStream::connect(&socket).unwrap(),
        "/v1/config/app/prod/auth.key?version=1",
        None,
    );
    assert_eq!(raw.0, 200, "version 1 is the current one: {}", raw.1);
    let raw = raw_get(
        std::os::unix::net::UnixStream::connect(&socket).unwrap(),
        "/v1/config/app/prod/auth.key?version=7",
        None,
    );
    assert_eq!(raw.0, 404);
    assert!(raw.1.contains("service token"), "{}", raw.1);
    // alice pushes a change; the sidecar serves it.
    let seen = watch(&socket, "auth.key");
    assert_eq!(
        seen.recv_timeout(DEADLINE).unwrap().as_deref(),
        Some("prod-auth-secret")
    );
    s.alice
        .ok_stdin(&["set", "-e", "prod", "auth.key"], "rotated-auth-secret");
    ok(&s.alice, &["push"], &[]);
    let next = seen
        .recv_timeout(DEADLINE)
        .expect("the pushed value arrived in time");
    assert_eq!(next.as_deref(), Some("rotated-auth-secret"));
    // Revoked, the token opens nothing more: the sidecar stops serving its values.
    ok(&s.alice, &["token", "revoke", "sidecar"], &[]);
    let gone = seen
        .recv_timeout(DEADLINE)
        .expect("the revocation reached the sidecar in time");
    assert_eq!(gone, None);
    drop(sidecar);
    let left = walk(home.path());
    assert!(left.is_empty(), "the sidecar left files in HOME: {left:?}");
}

#[test]
fn a_vault_sidecar_follows_the_servers_feed_and_serves_a_change_pushed_elsewhere() {
    on_both(vault_feed);
}

fn vault_feed(s: &Setup) {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("s.sock");
    let mut cmd = s
        .alice
        .cmd(&["serve", "-e", "prod", "--socket", socket.to_str().unwrap()]);
    cmd.env("SECRETSCLI_RETRY_SECS", "2");
    let _sidecar = Sidecar::start(cmd);
    let seen = watch(&socket, "auth.key");
    assert_eq!(
        seen.recv_timeout(DEADLINE).unwrap().as_deref(),
        Some("prod-auth-secret")
    );
    // Another writer (a CI job's write token, from an empty HOME) pushes to the server.
    let token = s.create("ci-writer", &["prod"], &["--write"]);
    let (r, _) = ci(
        &["set", "auth.key"],
        &[("SECRETSCLI_TOKEN", &token)],
        "pushed-from-ci\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let next = seen
        .recv_timeout(DEADLINE)
        .expect("the feed brought the change in time");
    assert_eq!(next.as_deref(), Some("pushed-from-ci"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().map_while(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

/// Upgrades `stream` to the sidecar's WebSocket at `path` (with `auth` as the
/// `Authorization` header); the HTTP status and body when it answers without upgrading.
fn ws_upgrade<S: std::io::Read + std::io::Write>(
    stream: S,
    path: &str,
    auth: Option<&str>,
) -> Result<WebSocket<S>, (u16, String)> {
    let mut req = format!("ws://localhost{path}")
        .into_client_request()
        .unwrap();
    if let Some(auth) = auth {
        let value = auth.parse().unwrap();
        req.headers_mut()
            .insert(tungstenite::http::header::AUTHORIZATION, value);
    }
    match tungstenite::client::client(req, stream) {
        Ok((ws, _)) => Ok(ws),
        Err(HandshakeError::Failure(tungstenite::Error::Http(resp))) => {
            let body = resp.body().clone().unwrap_or_default();
            Err((
                resp.status().as_u16(),
                String::from_utf8_lossy(&body).into_owned(),
            ))
        }
        Err(e) => panic!("the upgrade failed without an HTTP answer: {e}"),
    }
}

/// The next event's text frame (pings are answered while reading; the stream's read
/// timeout bounds the wait).
fn next_frame<S: std::io::Read + std::io::Write>(ws: &mut WebSocket<S>) -> String {
    loop {
        match ws.read().expect("an event before the deadline") {
            Message::Text(text) => return text.as_str().to_string(),
            Message::Close(frame) => panic!("closed: {frame:?}"),
            _ => {}
        }
    }
}

/// The value an event gives `key`: `Some(None)` when it says the key is gone, `None` when
/// the event does not mention it.
fn event_value(ev: &ConfigEvent, key: &str) -> Option<Option<String>> {
    ev.values
        .get(key)
        .map(|v| v.as_ref().map(|v| v.value.clone()))
}

#[test]
fn a_websocket_on_the_sidecar_sees_a_value_pushed_from_another_device() {
    on_both(websocket_push);
}

fn websocket_push(s: &Setup) {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("s.sock");
    let mut cmd = s
        .alice
        .cmd(&["serve", "-e", "prod", "--socket", socket.to_str().unwrap()]);
    cmd.env("SECRETSCLI_RETRY_SECS", "2");
    let _sidecar = Sidecar::start(cmd);
    let stream = std::os::unix::net::UnixStream::connect(&socket).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut ws = ws_upgrade(stream, "/v1/watch/app/prod?key=auth&key=DATABASE_URL", None)
        .expect("the socket's owner may upgrade without a bearer");
    // The first event: every watched key, in the shape a GET answers, and nothing else.
    let first = next_frame(&mut ws);
    let raw: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(raw["full"], true, "{raw}");
    assert_eq!(raw["values"]["auth.key"]["value"], "prod-auth-secret");
    assert_eq!(raw["values"]["auth.key"]["key"], "auth.key");
    assert_eq!(raw["values"]["auth.key"]["version"], 1);
    assert_eq!(raw["values"]["DATABASE_URL"]["value"], "postgres://prod");
    assert!(raw["values"].get("billing.key").is_none(), "{raw}");
    let first: ConfigEvent = serde_json::from_str(&first).unwrap();
    assert_eq!(first.values.len(), 2);
    // Another device of alice's pushes a new value of a watched key (and one not watched).
    let desktop = second_home(&s.server, &s.alice);
    ok(&desktop, &["pull"], &[]);
    desktop.ok_stdin(&["set", "-e", "prod", "billing.key"], "not-watched");
    desktop.ok_stdin(&["set", "-e", "prod", "auth.key"], "pushed-from-desktop");
    ok(&desktop, &["push"], &[]);
    // Awaited on the socket (its read timeout is the deadline): only the watched change.
    let ev: ConfigEvent = serde_json::from_str(&next_frame(&mut ws)).unwrap();
    assert!(!ev.full);
    assert!(
        ev.revision > first.revision,
        "{} then {}",
        first.revision,
        ev.revision
    );
    assert_eq!(
        event_value(&ev, "auth.key"),
        Some(Some("pushed-from-desktop".into()))
    );
    assert_eq!(ev.values.len(), 1, "{:?}", ev.values.keys());
}

#[test]
fn over_tcp_a_websocket_upgrade_wants_the_bearer_and_then_follows_sets_and_removals() {
    let (env, dir) = vault_with(&[("K", "one"), ("OTHER", "x")]);
    let bearer_file = dir.path().join("bearer");
    let sidecar = Sidecar::start(env.cmd(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--bearer-file",
        bearer_file.to_str().unwrap(),
    ]));
    let bearer = std::fs::read_to_string(&bearer_file).unwrap();
    let addr = sidecar.url().strip_prefix("http://").unwrap().to_string();
    let tcp = || {
        let s = std::net::TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(DEADLINE)).unwrap();
        s
    };
    // No bearer, a wrong one, another scheme: 401 and no socket.
    for auth in [
        None,
        Some("Bearer wrong".to_string()),
        Some(format!("Basic {bearer}")),
    ] {
        let (status, body) = ws_upgrade(tcp(), "/v1/watch/app/dev?key=K", auth.as_deref())
            .map(drop)
            .expect_err("upgraded without the bearer");
        assert_eq!(status, 401, "{auth:?}: {body}");
        assert!(!body.contains("one"), "{body}");
    }
    let auth = format!("Bearer {bearer}");
    // With the bearer: another environment is 404, a stray parameter 400, both before
    // any socket; a plain GET (no upgrade) is 426 with the long-poll as the hint.
    let (status, body) = ws_upgrade(tcp(), "/v1/watch/app/prod", Some(&auth))
        .map(drop)
        .unwrap_err();
    assert_eq!(status, 404, "{body}");
    let (status, body) = ws_upgrade(tcp(), "/v1/watch/app/dev?keys=K", Some(&auth))
        .map(drop)
        .unwrap_err();
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("key=NAME"), "{body}");
    let (status, body) = raw_get(tcp(), "/v1/watch/app/dev", Some(&auth));
    assert_eq!(status, 426, "{body}");
    assert!(body.contains("wait="), "{body}");
    // The library's subscription: the value now, then a set, then a removal.
    let client = Client::tcp(sidecar.url(), &bearer).unwrap();
    let mut events = client.subscribe(&["K"]).unwrap();
    let first = events.next_event().unwrap();
    assert!(first.full);
    assert_eq!(event_value(&first, "K"), Some(Some("one".into())));
    assert_eq!(first.values.len(), 1);
    env.ok_stdin(&["set", "OTHER"], "y");
    env.ok_stdin(&["set", "K"], "two");
    let ev = events.next_event().unwrap();
    assert_eq!(event_value(&ev, "K"), Some(Some("two".into())), "{ev:?}");
    assert_eq!(ev.values.len(), 1);
    env.ok(&["rm", "K"]);
    let ev = events.next_event().unwrap();
    assert_eq!(event_value(&ev, "K"), Some(None));
    // A wrong bearer is refused with the sidecar's own error.
    let wrong = Client::tcp(sidecar.url(), "nope").unwrap();
    assert!(matches!(
        wrong.subscribe(&["K"]),
        Err(ClientError::Refused { status: 401, .. })
    ));
}
