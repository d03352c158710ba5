//! Sync against the real `secretscli server` on an ephemeral loopback port: two homes
//! sharing one identity, conflicts, offline work, bad tokens, a server killed mid-push,
//! restarts, diff, and what the server's database holds after a push (no value, no key).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{PASS, Run, TestEnv};

/// A value no byte of the server's files may contain.
const MARKER: &str = "MARKER-5e1f0c-never-on-the-server";

/// The server binary: this crate's (the `server` subcommand), or SECRETSCLI_TEST_SERVER_BIN.
fn server_bin() -> PathBuf {
    std::env::var_os("SECRETSCLI_TEST_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_secretscli")))
}

/// A started server, or an early return from the test when this build has no
/// `secretscli server` (a client-only build: the suite needs the server half merged).
macro_rules! server {
    () => {
        match Server::available() {
            true => Server::start(),
            false => {
                eprintln!("skipped: this build has no `secretscli server` subcommand");
                return;
            }
        }
    };
}

/// A running server with its own data directory; killed on drop.
pub struct Server {
    child: Option<Child>,
    pub data: tempfile::TempDir,
    pub addr: String,
    pub bootstrap: String,
    /// SECRETSCLI_LOG for the process (`debug` logs every request as it completes).
    pub log: &'static str,
    /// The server's stderr lines after `listening on`.
    pub lines: Option<std::sync::mpsc::Receiver<String>>,
    /// PostgreSQL instead of SQLite under `data`.
    pub database_url: Option<String>,
}

impl Server {
    /// Whether the server binary has the `server` subcommand.
    pub fn available() -> bool {
        Command::new(server_bin())
            .args(["server", "--help"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    pub fn start() -> Server {
        Server::start_with(None)
    }

    /// A server on PostgreSQL at `database_url` (a fresh schema), or SQLite with `None`.
    pub fn start_with(database_url: Option<String>) -> Server {
        let data = tempfile::Builder::new().prefix("scsrv").tempdir().unwrap();
        let mut server = Server {
            child: None,
            data,
            addr: "127.0.0.1:0".into(),
            bootstrap: String::new(),
            log: "info",
            lines: None,
            database_url,
        };
        server.launch();
        server.bootstrap = std::fs::read_to_string(server.data.path().join("bootstrap"))
            .unwrap()
            .trim()
            .to_string();
        server
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Starts the process on `self.addr` (port 0 the first time), waiting for its
    /// `listening on ADDR` line.
    pub fn launch(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut cmd = Command::new(server_bin());
            cmd.args(["server", "--listen", &self.addr]);
            match &self.database_url {
                Some(url) => cmd.args(["--database-url", url]),
                None => cmd.arg("--data").arg(self.data.path().join("store")),
            };
            let mut child = cmd
                .arg("--bootstrap-token-file")
                .arg(self.data.path().join("bootstrap"))
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", self.data.path())
                .env("NO_COLOR", "1")
                .env("SECRETSCLI_LOG", self.log)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start secretscli server");
            let stderr = child.stderr.take().unwrap();
            let (tx, rx) = std::sync::mpsc::channel();
            let (lines_tx, lines_rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut tx = Some(tx);
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(rest) = line.split("listening on ").nth(1)
                        && let Some(t) = tx.take()
                    {
                        let addr = rest.split_whitespace().next().unwrap_or("").to_string();
                        let _ = t.send(addr);
                    } else {
                        // Keep draining so the server never blocks on a full pipe.
                        let _ = lines_tx.send(line);
                    }
                }
            });
            match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(addr) => {
                    self.addr = addr;
                    self.child = Some(child);
                    self.lines = Some(lines_rx);
                    return;
                }
                Err(_) => {
                    let _ = child.kill();
                    let status = child.wait().unwrap();
                    // The old port may linger for a moment after a kill: try again.
                    assert!(
                        Instant::now() < deadline,
                        "the server did not start ({status})"
                    );
                    std::thread::sleep(Duration::from_millis(200));
                }
            }
        }
    }

    /// SIGKILL: no graceful shutdown, no flushing.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM, waiting for the graceful exit.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let _ = child.wait();
        }
    }

    /// Another node on the same PostgreSQL database (no bootstrap: the store has users).
    pub fn another_node(&self) -> Server {
        let data = tempfile::Builder::new().prefix("scsrv").tempdir().unwrap();
        let mut node = Server {
            child: None,
            data,
            addr: "127.0.0.1:0".into(),
            bootstrap: self.bootstrap.clone(),
            log: self.log,
            lines: None,
            database_url: self.database_url.clone(),
        };
        assert!(node.database_url.is_some(), "nodes share PostgreSQL only");
        node.launch();
        // A store nobody has logged in to yet gets a new bootstrap token from each node.
        if let Ok(token) = std::fs::read_to_string(node.data.path().join("bootstrap")) {
            node.bootstrap = token.trim().to_string();
        }
        node
    }

    /// Starts again on the same address with the same data.
    pub fn restart(&mut self) {
        self.kill();
        self.launch();
    }

    /// The server's SQLite store, for inspection.
    pub fn db(&self) -> rusqlite::Connection {
        let file = find_files(&self.data.path().join("store"))
            .into_iter()
            .find(|p| {
                std::fs::read(p)
                    .map(|b| b.starts_with(b"SQLite format 3\0"))
                    .unwrap_or(false)
            })
            .expect("a SQLite file in the server's data directory");
        rusqlite::Connection::open(file).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn find_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(find_files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Fast identity exports and quick retries in tests.
const VARS: &[(&str, &str)] = &[
    ("SECRETSCLI_IDENTITY_PASSPHRASE", "export pass"),
    ("SECRETSCLI_IDENTITY_WORK_FACTOR", "10"),
    ("SECRETSCLI_RETRY_SECS", "2"),
];

pub(crate) fn run(env: &TestEnv, args: &[&str], extra: &[(&str, &str)]) -> Run {
    let mut vars: Vec<(&str, &str)> = VARS.to_vec();
    vars.extend_from_slice(extra);
    env.run_with(args, "", &vars)
}

pub(crate) fn ok(env: &TestEnv, args: &[&str], extra: &[(&str, &str)]) -> Run {
    let r = run(env, args, extra);
    assert_eq!(r.code, 0, "{args:?} failed: {}", r.stderr);
    r
}

fn fails(env: &TestEnv, args: &[&str], extra: &[(&str, &str)], code: i32) -> Run {
    let r = run(env, args, extra);
    assert_eq!(r.code, code, "{args:?}: expected {code}: {}", r.stderr);
    r
}

/// A home logged in to `server` with the bootstrap token (first admin).
pub fn first_home(server: &Server) -> TestEnv {
    first_home_at(server, &server.url())
}

/// [`first_home`] logged in with `urls` (several nodes, comma-separated, failed over in order).
pub fn first_home_at(server: &Server, urls: &str) -> TestEnv {
    let home = TestEnv::unlocked();
    ok(
        &home,
        &["login", urls, "--name", "laptop"],
        &[("SECRETSCLI_TOKEN", &server.bootstrap)],
    );
    home
}

/// A second home of the same user: same identity (export/import), own device login.
pub fn second_home(server: &Server, first: &TestEnv) -> TestEnv {
    second_home_at(&server.url(), first)
}

/// [`second_home`] logged in with `urls`.
pub fn second_home_at(urls: &str, first: &TestEnv) -> TestEnv {
    device_home(urls, first, "desktop", &[])
}

/// Another home of the same user, its device called `device` (unique per server).
pub fn another_home(server: &Server, first: &TestEnv, device: &str) -> TestEnv {
    device_home(&server.url(), first, device, &[])
}

/// Another home of the first home's user, as device `name`, logged in with `urls`;
/// `extra` variables for every command (a CA certificate).
pub fn device_home(urls: &str, first: &TestEnv, name: &str, extra: &[(&str, &str)]) -> TestEnv {
    let file = first.path().join(format!("id-{name}.age"));
    ok(
        first,
        &["identity", "export", "-o", file.to_str().unwrap()],
        extra,
    );
    let invite = ok(first, &["invite", "--self", "--expires", "10m"], extra);
    let token = invite.stdout().trim().to_string();
    assert!(token.starts_with("sct_"), "{token}");
    let home = TestEnv::unlocked();
    ok(
        &home,
        &["identity", "import", file.to_str().unwrap()],
        extra,
    );
    ok(
        &home,
        &["login", urls, "--name", name],
        &[&[("SECRETSCLI_TOKEN", token.as_str())], extra].concat(),
    );
    // The same identity, so the same fingerprint on both sides.
    let recipient = secretscli::vault::Vault::open(&home.vault_path())
        .unwrap()
        .recipient()
        .unwrap()
        .unwrap();
    let fingerprint = secretscli::wire::team::fingerprint(&recipient);
    ok(
        first,
        &["device", "approve", name, "--fingerprint", &fingerprint],
        extra,
    );
    home
}

/// Approves a pending device (another device of an existing user logs in pending, issue 11)
/// in the server's database, for a device whose recipient is not a real one (a hostile
/// client made by hand) or a test that is about syncing, not approval (teams.rs tests
/// `device approve`).
pub fn approve_on_server(server: &Server, device: &str) {
    let n = server
        .db()
        .execute(
            "UPDATE devices SET status = 'approved' WHERE name = ?1 AND status = 'pending'",
            [device],
        )
        .unwrap();
    assert_eq!(n, 1, "one pending device named {device}");
}

fn get(env: &TestEnv, key: &str) -> String {
    String::from_utf8(env.get(key)).unwrap()
}

#[test]
fn push_then_pull_into_a_second_home_holding_the_same_identity() {
    let server = server!();
    let a = first_home(&server);
    a.set("DB_URL", "postgres://db/app");
    a.set("API_KEY", MARKER);
    a.ok_stdin(&["set", "--config", "PORT"], "8080");
    a.ok(&["rm", "PORT"]);
    let dry = ok(&a, &["push", "--dry-run"], &[]);
    assert!(dry.stderr.contains("would push"), "{}", dry.stderr);
    assert!(dry.stderr.contains("2 created"), "{}", dry.stderr);
    let pushed = ok(&a, &["push"], &[]);
    assert!(pushed.stderr.contains("2 created"), "{}", pushed.stderr);
    assert!(pushed.stderr.contains("1 deleted"), "{}", pushed.stderr);
    let again = ok(&a, &["push"], &[]);
    assert!(again.stderr.contains("nothing to push"), "{}", again.stderr);

    let b = second_home(&server, &a);
    let dry = ok(&b, &["pull", "--dry-run"], &[]);
    assert!(dry.stderr.contains("would"), "{}", dry.stderr);
    let pulled = ok(&b, &["pull", "--json"], &[]);
    let report: serde_json::Value = serde_json::from_slice(&pulled.stdout).unwrap();
    assert_eq!(report[0]["created_env"], true, "{report}");
    assert_eq!(get(&b, "DB_URL"), "postgres://db/app");
    assert_eq!(get(&b, "API_KEY"), MARKER);
    b.fails(&["get", "PORT"], 5);
    // Equal on both sides: diff exits 0.
    ok(&b, &["diff"], &[]);
    ok(&a, &["diff"], &[]);
    // The other way round: B's change reaches A.
    b.set("DB_URL", "postgres://db/v2");
    ok(&b, &["push"], &[]);
    let pulled = ok(&a, &["pull"], &[]);
    assert!(pulled.stderr.contains("DB_URL"), "{}", pulled.stderr);
    assert_eq!(get(&a, "DB_URL"), "postgres://db/v2");
}

#[test]
fn a_second_machine_pulling_a_project_the_server_lacks_is_told_which_it_has() {
    let server = server!();
    let a = first_home(&server);
    a.ok(&["project", "create", "web"]);
    a.ok_stdin(&["-p", "web", "set", "DB_URL"], "postgres://db/web");
    ok(&a, &["-p", "web", "push"], &[]);

    // The second machine's own vault has only the project its `init` made, never pushed.
    let b = second_home(&server, &a);
    let refused = fails(&b, &["pull"], &[], 5);
    assert!(
        refused
            .stderr
            .contains("is not on the server, which has \"web\""),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("`secretscli -p web pull`"),
        "{}",
        refused.stderr
    );
    // The hint, followed, works.
    ok(&b, &["-p", "web", "pull"], &[]);
    assert_eq!(b.ok(&["-p", "web", "get", "DB_URL"]), "postgres://db/web");
}

#[test]
fn a_conflict_between_two_homes_is_refused_then_resolved_either_way() {
    let server = server!();
    let a = first_home(&server);
    a.set("X", "base");
    a.set("Y", "y");
    ok(&a, &["push"], &[]);
    let b = second_home(&server, &a);
    ok(&b, &["pull"], &[]);

    a.set("X", "from-a");
    ok(&a, &["push"], &[]);
    b.set("X", "from-b");
    b.set("Z", "only-b");
    let refused = fails(&b, &["push"], &[], 7);
    assert!(refused.stderr.contains("conflict"), "{}", refused.stderr);
    assert!(refused.stderr.contains('X'), "{}", refused.stderr);
    assert!(
        !refused.stderr.contains("from-"),
        "values never in messages"
    );
    let refused = fails(&b, &["pull"], &[], 7);
    assert!(refused.stderr.contains('X'), "{}", refused.stderr);
    assert_eq!(get(&b, "X"), "from-b", "nothing overwritten");

    // Theirs: B takes A's value and keeps its unrelated change.
    let theirs = ok(&b, &["pull", "--theirs"], &[]);
    assert!(theirs.stderr.contains("discarded"), "{}", theirs.stderr);
    assert_eq!(get(&b, "X"), "from-a");
    assert_eq!(get(&b, "Z"), "only-b");
    ok(&b, &["push"], &[]);
    ok(&a, &["pull"], &[]);
    assert_eq!(get(&a, "Z"), "only-b");

    // Force: A's value wins on the server, B's becomes history.
    b.set("Y", "from-b");
    ok(&b, &["push"], &[]);
    a.set("Y", "from-a");
    fails(&a, &["push"], &[], 7);
    let forced = ok(&a, &["push", "--force"], &[]);
    assert!(forced.stderr.contains("pushed"), "{}", forced.stderr);
    ok(&b, &["pull"], &[]);
    assert_eq!(get(&b, "Y"), "from-a");
    let history = b.ok(&["history", "Y"]);
    assert!(history.lines().count() >= 4, "{history}");

    // Ours: keep the local value, then push it.
    a.set("X", "a-again");
    ok(&a, &["push"], &[]);
    b.set("X", "b-wins");
    let ours = ok(&b, &["pull", "--ours"], &[]);
    assert!(ours.stderr.contains("kept"), "{}", ours.stderr);
    ok(&b, &["push"], &[]);
    ok(&a, &["pull"], &[]);
    assert_eq!(get(&a, "X"), "b-wins");
}

#[test]
fn offline_edits_sync_once_the_server_is_back_and_after_a_restart() {
    let mut server = server!();
    let a = first_home(&server);
    a.set("A", "1");
    ok(&a, &["push"], &[]);
    let b = second_home(&server, &a);
    ok(&b, &["pull"], &[]);

    server.stop();
    a.set("A", "2");
    a.set("OFFLINE", "o");
    a.ok(&["rm", "A"]);
    a.ok(&["restore", "A"]);
    let down = fails(&a, &["push"], &[("SECRETSCLI_RETRY_SECS", "0")], 10);
    assert!(down.stderr.contains("unreachable"), "{}", down.stderr);
    assert_eq!(get(&a, "OFFLINE"), "o", "local work is untouched");

    // Same data, same address.
    server.launch();
    let pushed = ok(&a, &["push"], &[]);
    assert!(pushed.stderr.contains("1 created"), "{}", pushed.stderr);
    ok(&b, &["pull"], &[]);
    assert_eq!(get(&b, "A"), "2");
    assert_eq!(get(&b, "OFFLINE"), "o");
    server.restart();
    let nothing = ok(&a, &["push"], &[]);
    assert!(
        nothing.stderr.contains("nothing to push"),
        "{}",
        nothing.stderr
    );
    ok(&b, &["diff"], &[]);
}

#[test]
fn wrong_expired_and_revoked_tokens_are_refused_with_a_way_out() {
    let server = server!();
    let home = TestEnv::unlocked();
    let wrong = fails(
        &home,
        &["login", &server.url()],
        &[(
            "SECRETSCLI_TOKEN",
            "sct_00000000000000000000000000000000_nope",
        )],
        9,
    );
    assert!(wrong.stderr.contains("login"), "{}", wrong.stderr);

    let a = first_home(&server);
    // The bootstrap token works once.
    fails(
        &home,
        &["login", &server.url()],
        &[("SECRETSCLI_TOKEN", &server.bootstrap)],
        9,
    );
    let invite = ok(&a, &["invite", "--self", "--expires", "1s"], &[]);
    std::thread::sleep(Duration::from_millis(2100));
    fails(
        &home,
        &["login", &server.url()],
        &[("SECRETSCLI_TOKEN", invite.stdout().trim())],
        9,
    );

    // A vault backup taken before logout holds a token the server no longer accepts.
    a.set("K", "v");
    ok(&a, &["push"], &[]);
    let backup = a.path().join("vault-backup.db");
    a.sqlite()
        .execute("VACUUM INTO ?1", [backup.to_str().unwrap()])
        .unwrap();
    ok(&a, &["logout"], &[]);
    fails(&a, &["push"], &[], 5);
    for suffix in ["-wal", "-shm"] {
        let mut p = a.vault_path().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    std::fs::copy(&backup, a.vault_path()).unwrap();
    let revoked = fails(&a, &["push"], &[], 9);
    assert!(revoked.stderr.contains("revoked"), "{}", revoked.stderr);
}

#[test]
fn plain_http_to_another_host_is_refused_unless_insecure() {
    let home = TestEnv::unlocked();
    let r = fails(
        &home,
        &["login", "http://sync.invalid:8484"],
        &[("SECRETSCLI_TOKEN", "t")],
        2,
    );
    assert!(r.stderr.contains("--insecure"), "{}", r.stderr);
    // With --insecure it gets as far as the network (and finds nothing there).
    let r = fails(
        &home,
        &["login", "http://sync.invalid:8484", "--insecure"],
        &[("SECRETSCLI_TOKEN", "t"), ("SECRETSCLI_RETRY_SECS", "0")],
        10,
    );
    assert!(r.stderr.contains("unreachable"), "{}", r.stderr);
}

#[test]
fn several_urls_fail_over_to_one_that_answers() {
    let server = server!();
    let home = TestEnv::unlocked();
    // Port 9 on loopback: nothing listens there, the connection is refused at once.
    let urls = format!("http://127.0.0.1:9,{}", server.url());
    ok(
        &home,
        &["login", &urls],
        &[("SECRETSCLI_TOKEN", &server.bootstrap)],
    );
    home.set("A", "1");
    ok(&home, &["push"], &[]);
}

#[test]
fn a_push_cut_off_by_sigkill_lands_exactly_once_after_the_retry() {
    let mut server = server!();
    let a = first_home(&server);
    let n = 6000;
    let dotenv: String = (0..n).map(|i| format!("KEY_{i:05}=value-{i}\n")).collect();
    let file = a.write("big.env", dotenv);
    a.ok(&["import", file.to_str().unwrap()]);

    // The next start logs every request as it completes.
    server.log = "debug";
    server.restart();
    let mut push = a.cmd(&["push", "--json"]);
    push.envs(VARS.iter().copied())
        .env("SECRETSCLI_RETRY_SECS", "30")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = push.spawn().unwrap();
    // The push goes in batches of under 1 MiB: kill the server as soon as the first batch
    // is done, while the next is on its way or being written.
    let lines = server.lines.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the server never logged the first push batch");
        if line.contains("/push") {
            break;
        }
    }
    server.kill();
    std::thread::sleep(Duration::from_millis(300));
    server.launch();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nothing = ok(&a, &["push"], &[]);
    assert!(
        nothing.stderr.contains("nothing to push"),
        "{}",
        nothing.stderr
    );

    let db = server.db();
    let (rows, distinct): (i64, i64) = db
        .query_row(
            "SELECT COUNT(*), COUNT(DISTINCT name || '/' || version) FROM entries WHERE op = 'version'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rows, distinct), (n, n));
    let b = second_home(&server, &a);
    ok(&b, &["pull"], &[]);
    assert_eq!(get(&b, "KEY_02999"), "value-2999");
    let listed: serde_json::Value = serde_json::from_str(&b.ok(&["list", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len() as i64, n);
}

#[test]
fn the_server_database_holds_no_value_and_no_unwrapped_key() {
    let server = server!();
    let a = first_home(&server);
    a.set("API_KEY", MARKER);
    a.ok_stdin(&["set", "--config", "PORT"], MARKER);
    a.ok(&["rotate-key"]);
    a.set("AFTER", MARKER);
    ok(&a, &["push"], &[]);

    // The env keys in clear, read from A's vault through the library.
    let vault = secretscli::vault::Vault::open(&a.vault_path()).unwrap();
    let mut unlocked = vault.unlock_with_passphrase(PASS.as_bytes()).unwrap();
    let project = vault.project("app").unwrap();
    let env = vault.env(&project, "dev").unwrap();
    let probe = secretscli::crypto::DeviceIdentity::generate();
    let mut keys = Vec::new();
    for version in vault.env_key_versions(&env).unwrap() {
        let wrapped = vault
            .wrap_env_key_to(&mut unlocked, &env, version, &probe.recipient())
            .unwrap();
        keys.push(probe.unwrap_key(&wrapped).unwrap().expose().to_vec());
    }
    assert_eq!(keys.len(), 2);

    let mut server = server;
    server.stop();
    let files = find_files(&server.data.path().join("store"));
    assert!(!files.is_empty());
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(MARKER), "{} holds a value", path.display());
        for key in &keys {
            let forms: [Vec<u8>; 3] = [
                key.clone(),
                hex::encode(key).into_bytes(),
                base64_standard(key).into_bytes(),
            ];
            for form in &forms {
                assert!(
                    !bytes.windows(form.len()).any(|w| w == form.as_slice()),
                    "{} holds an unwrapped env key",
                    path.display()
                );
            }
        }
    }
}

fn base64_standard(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn diff_exit_codes_env_parity_and_file_vs_env() {
    let server = server!();
    let a = first_home(&server);
    a.set("SAME", "s");
    a.set("CHANGED", "old");
    ok(&a, &["push"], &[]);
    ok(&a, &["diff"], &[]);
    a.set("CHANGED", "new-value");
    a.set("LOCAL_ONLY", "l");
    let d = fails(&a, &["diff"], &[], 1);
    let out = d.stdout();
    assert!(
        out.contains("CHANGED") && out.contains("different"),
        "{out}"
    );
    assert!(out.contains("LOCAL_ONLY") && out.contains("extra"), "{out}");
    assert!(!out.contains("SAME"), "{out}");
    assert!(
        !out.contains("new-value"),
        "no values without --reveal: {out}"
    );
    let revealed = fails(&a, &["diff", "--reveal"], &[], 1);
    assert!(
        revealed.stdout().contains("new-value"),
        "{}",
        revealed.stdout()
    );
    let json = fails(&a, &["diff", "--json"], &[], 1);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["equal"], false);

    // Env parity, with inheritance as inject sees it.
    a.ok(&["env", "create", "staging"]);
    a.ok_stdin(&["set", "-e", "staging", "SAME"], "s");
    a.ok_stdin(&["set", "-e", "staging", "CHANGED"], "other");
    a.ok_stdin(&["set", "-e", "staging", "STAGING_ONLY"], "x");
    let d = fails(&a, &["diff", "--env", "dev", "--env", "staging"], &[], 1);
    let out = d.stdout();
    assert!(out.contains("CHANGED"), "{out}");
    assert!(out.contains("LOCAL_ONLY") && out.contains("extra"), "{out}");
    assert!(
        out.contains("STAGING_ONLY") && out.contains("missing"),
        "{out}"
    );
    a.ok(&["env", "create", "copy", "--inherits", "dev"]);
    ok(&a, &["diff", "-e", "dev", "-e", "copy"], &[]);

    // A dotenv file against an environment.
    let file = a.write("app.env", "SAME=s\nCHANGED=new-value\nLOCAL_ONLY=l\n");
    ok(&a, &["diff", "--file", file.to_str().unwrap()], &[]);
    let file = a.write("app2.env", "SAME=s\nCHANGED=nope\n");
    let d = fails(&a, &["diff", "--file", file.to_str().unwrap()], &[], 1);
    assert!(d.stdout().contains("CHANGED"), "{}", d.stdout());
    assert!(d.stdout().contains("LOCAL_ONLY"), "{}", d.stdout());
}

#[test]
fn login_sets_the_context_server_and_context_set_server_changes_it() {
    let server = server!();
    let a = first_home(&server);
    let shown = a.ok(&["context", "show"]);
    assert!(shown.contains(&server.url()), "{shown}");
    a.ok(&["--server", "https://other.example", "context", "set"]);
    let shown = a.ok(&["context", "show"]);
    assert!(shown.contains("https://other.example"), "{shown}");
    a.set("A", "1");
    let r = fails(&a, &["push"], &[], 5);
    assert!(r.stderr.contains("not logged in"), "{}", r.stderr);
    ok(&a, &["--server", &server.url(), "push"], &[]);
}

#[test]
fn the_server_audit_log_shows_pushes_by_name_and_env_label_and_verifies() {
    let server = server!();
    let a = first_home(&server);
    a.set("AUDITED", MARKER);
    ok(&a, &["push"], &[]);
    ok(&a, &["pull"], &[]);
    // A second env of the project: its first push lists the project's envs.
    a.ok(&["env", "create", "staging"]);
    ok(&a, &["-e", "staging", "push"], &[]);
    let shown = ok(&a, &["audit", "--remote"], &[]).stdout();
    assert!(shown.contains("AUDITED"), "{shown}");
    assert!(!shown.contains(MARKER), "{shown}");
    // The server logs env ids; the table shows this vault's names for them.
    assert!(shown.contains("app/dev"), "{shown}");
    // A project-wide read (listing its envs) names the project.
    let listing = shown.lines().find(|l| l.contains("list_envs"));
    assert!(listing.is_some_and(|l| l.contains(" app ")), "{shown}");
    let json = ok(&a, &["audit", "--remote", "--json"], &[]);
    let entries: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(entries.as_array().unwrap().len() >= 3, "{entries}");
    ok(&a, &["audit", "--remote", "--verify"], &[]);
    // An entry edited in the server's store breaks the chain where it was edited.
    server
        .db()
        .execute("UPDATE audit SET names = '[\"EDITED\"]' WHERE seq = 2", [])
        .unwrap();
    let broken = fails(&a, &["audit", "--remote", "--verify"], &[], 6);
    assert!(broken.stderr.contains("entry 2"), "{}", broken.stderr);
}

#[test]
fn a_second_home_cannot_split_a_project_by_pushing_its_own_of_the_same_name() {
    let server = server!();
    let a = first_home(&server);
    a.set("A", "1");
    ok(&a, &["push"], &[]);
    let b = second_home(&server, &a);
    b.set("B", "2");
    let r = fails(&b, &["push"], &[], 7);
    assert!(
        r.stderr.contains("already has another project"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("pull"), "{}", r.stderr);
}

#[test]
fn a_device_without_the_identity_gets_no_key_and_is_told_how_to_get_it() {
    let server = server!();
    let a = first_home(&server);
    a.set("A", "1");
    ok(&a, &["push"], &[]);
    let token = ok(&a, &["invite", "--self"], &[])
        .stdout()
        .trim()
        .to_string();
    let other = TestEnv::unlocked();
    ok(
        &other,
        &["login", &server.url(), "--name", "other"],
        &[("SECRETSCLI_TOKEN", &token)],
    );
    approve_on_server(&server, "other");
    let r = fails(&other, &["pull"], &[], 5);
    assert!(r.stderr.contains("no key version"), "{}", r.stderr);
    assert!(r.stderr.contains("identity import"), "{}", r.stderr);
}

/// What `inject` sets in `env` of `home`, as `NAME=value` lines of the given names.
fn injected(home: &TestEnv, env: &str, names: &[&str]) -> String {
    let script = names
        .iter()
        .map(|n| format!("echo {n}=${n}"))
        .collect::<Vec<_>>()
        .join("; ");
    ok(home, &["-e", env, "inject", "--", "sh", "-c", &script], &[]).stdout()
}

/// `shared` <- `staging` (inherits, and refers to an inherited value), in `home`.
fn inheriting_envs(home: &TestEnv) {
    home.ok(&["env", "create", "shared"]);
    home.ok_stdin(&["set", "-e", "shared", "SHARED"], "from-shared");
    home.ok(&["env", "create", "staging", "--inherits", "shared"]);
    home.ok_stdin(&["set", "-e", "staging", "OWN"], "${SHARED}-own");
}

#[test]
fn a_child_pushed_before_its_parent_reaches_the_second_machine_with_its_inheritance() {
    let server = server!();
    let a = first_home(&server);
    inheriting_envs(&a);
    // Only the child is asked for: its parent goes first, so the link can be recorded.
    let pushed = ok(&a, &["-e", "staging", "push"], &[]);
    assert!(pushed.stderr.contains("app/shared"), "{}", pushed.stderr);
    let b = second_home(&server, &a);
    // Only the child is asked for here too: the parent it needs comes along.
    ok(&b, &["-e", "staging", "pull"], &[]);
    let want = "SHARED=from-shared\nOWN=from-shared-own\n";
    assert_eq!(injected(&a, "staging", &["SHARED", "OWN"]), want);
    assert_eq!(injected(&b, "staging", &["SHARED", "OWN"]), want);
    let listed = b.ok(&["env", "list"]);
    assert!(listed.contains("shared"), "{listed}");
    ok(&b, &["-e", "staging", "diff"], &[]);
    ok(&a, &["-e", "staging", "diff"], &[]);
    // A change to the parent is a change to what inject resolves in the child.
    a.ok_stdin(&["set", "-e", "shared", "SHARED"], "changed");
    let d = fails(&a, &["-e", "staging", "diff"], &[], 1);
    assert!(d.stdout().contains("OWN"), "{}", d.stdout());
    assert!(d.stdout().contains("SHARED"), "{}", d.stdout());
}

#[test]
fn a_link_the_server_lost_shows_in_diff_and_the_next_push_restores_it() {
    let server = server!();
    let a = first_home(&server);
    inheriting_envs(&a);
    ok(&a, &["push"], &[]);
    // As an older client left it: the child on the server without its parent.
    server
        .db()
        .execute(
            "UPDATE envs SET parent_id = NULL WHERE name = 'staging'",
            [],
        )
        .unwrap();
    let d = fails(&a, &["-e", "staging", "diff"], &[], 1);
    let out = d.stdout();
    assert!(out.contains("SHARED") && out.contains("extra"), "{out}");
    assert!(out.contains("OWN") && out.contains("different"), "{out}");
    ok(&a, &["push"], &[]);
    ok(&a, &["-e", "staging", "diff"], &[]);
    // A second machine that pulled the child alone before gets the link on the next pull.
    let b = second_home(&server, &a);
    ok(&b, &["pull"], &[]);
    assert_eq!(
        injected(&b, "staging", &["SHARED", "OWN"]),
        "SHARED=from-shared\nOWN=from-shared-own\n"
    );
}

#[test]
fn push_and_pull_cover_the_whole_project_and_e_narrows_them() {
    let server = server!();
    let a = first_home(&server);
    a.set("DEV_ONLY", "d");
    inheriting_envs(&a);
    // The project's first push sends every environment.
    let pushed = ok(&a, &["push", "--json"], &[]);
    let reports: serde_json::Value = serde_json::from_slice(&pushed.stdout).unwrap();
    let envs: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["env"].as_str().unwrap())
        .collect();
    assert_eq!(
        envs,
        ["app/dev", "app/shared", "app/staging"],
        "parents first"
    );
    let b = second_home(&server, &a);
    ok(&b, &["pull"], &[]);
    assert_eq!(get(&b, "DEV_ONLY"), "d");
    assert_eq!(injected(&b, "staging", &["OWN"]), "OWN=from-shared-own\n");
    // -e narrows: only staging's change goes.
    a.set("DEV_ONLY", "d2");
    a.ok_stdin(&["set", "-e", "staging", "OWN"], "plain");
    let pushed = ok(&a, &["-e", "staging", "push"], &[]);
    assert!(!pushed.stderr.contains("app/dev"), "{}", pushed.stderr);
    let pulled = ok(&b, &["pull", "-e", "dev"], &[]);
    assert!(pulled.stderr.contains("0 updated"), "{}", pulled.stderr);
    ok(&a, &["push"], &[]);
    ok(&b, &["pull"], &[]);
    assert_eq!(get(&b, "DEV_ONLY"), "d2");
    assert_eq!(injected(&b, "staging", &["OWN"]), "OWN=plain\n");
}

#[test]
fn hints_after_a_narrowed_command_carry_its_flags() {
    let server = server!();
    let a = first_home(&server);
    a.ok(&["env", "create", "prod"]);
    a.ok_stdin(&["set", "-e", "prod", "X"], "base");
    ok(&a, &["push"], &[]);
    let b = second_home(&server, &a);
    ok(&b, &["pull"], &[]);
    a.ok_stdin(&["set", "-e", "prod", "X"], "from-a");
    ok(&a, &["push"], &[]);
    b.ok_stdin(&["set", "-e", "prod", "X"], "from-b");
    let refused = fails(&b, &["-e", "prod", "push"], &[], 7);
    assert!(
        refused
            .stderr
            .contains("`secretscli -e prod pull --theirs`"),
        "{}",
        refused.stderr
    );
    // Project-wide, the hint names the environment that conflicted.
    let refused = fails(&b, &["push"], &[], 7);
    assert!(
        refused
            .stderr
            .contains("`secretscli -e prod pull --theirs`"),
        "{}",
        refused.stderr
    );
    ok(&b, &["-e", "prod", "pull", "--theirs"], &[]);
    assert_eq!(b.ok(&["-e", "prod", "get", "X"]), "from-a");
    let removed = b.run(&["-e", "prod", "rm", "X"]);
    assert!(
        removed.stderr.contains("`secretscli -e prod restore X`"),
        "{}",
        removed.stderr
    );
    let gone = b.fails(&["-e", "prod", "get", "X"], 5);
    assert!(gone.contains("`secretscli -e prod restore X`"), "{gone}");
}

#[test]
fn an_item_deleted_from_the_file_stops_push_pull_and_diff_with_exit_6() {
    let server = server!();
    let a = first_home(&server);
    a.set("KEEP", "kept");
    a.set("GONE", "deleted behind our back");
    ok(&a, &["push"], &[]);
    a.set("KEEP", "changed, not pushed");
    a.sqlite()
        .execute_batch(
            "DELETE FROM versions WHERE item_id = (SELECT id FROM items WHERE name = 'GONE');
             DELETE FROM items WHERE name = 'GONE';",
        )
        .unwrap();
    for args in [&["push"][..], &["pull"], &["diff"]] {
        let r = fails(&a, args, &[], 6);
        assert!(
            r.stderr.contains("environment app/dev is damaged"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // Nothing of it reached the server: a second home sees the pushed state only.
    let b = second_home(&server, &a);
    ok(&b, &["pull"], &[]);
    assert_eq!(get(&b, "KEEP"), "kept");
    assert_eq!(get(&b, "GONE"), "deleted behind our back");
}
