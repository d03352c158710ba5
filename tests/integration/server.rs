//! `secretscli server` as a real process on an ephemeral loopback port, driven over HTTP:
//! bootstrap, login, push/pull round trips, conflicts, idempotent retries, tokens, limits,
//! restarts, `kill -9` mid-push, and what ends up in the server's database.
//!
//! Each case runs on SQLite; the ones marked `both` also run on PostgreSQL (a fresh schema
//! per server): `SECRETSCLI_TEST_DATABASE_URL`, else the local test database when it answers
//! (`util::test_database_url`); without one they print a `SKIPPED (no PostgreSQL)` line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use secretscli::wire::{
    ApiError, AuditPage, Change, InviteRequest, InviteResponse, ItemKind, ItemVersion, LogPage,
    LoginRequest, LoginResponse, PushRequest, PushResponse, PutEnv, PutEnvKey, PutProject,
    RemoteEnv, Snapshot, WhoAmI, WrappedKey,
};
use uuid::Uuid;

use crate::util::{DATABASE_URL_VAR as DB_VAR, skipped_without_postgres, test_database_url};

/// Where a test server keeps its state.
#[derive(Clone)]
pub enum Backend {
    Sqlite(PathBuf),
    Postgres(String),
}

/// A fresh store: a temp dir, or a new PostgreSQL schema (dropped with the guard).
pub struct Storage {
    pub backend: Backend,
    _dir: tempfile::TempDir,
    schema: Option<(String, String)>,
}

impl Storage {
    pub fn sqlite() -> Self {
        let dir = tempfile::Builder::new().prefix("scsrv").tempdir().unwrap();
        Storage {
            backend: Backend::Sqlite(dir.path().join("data")),
            _dir: dir,
            schema: None,
        }
    }

    /// `None` when there is no test database; then a skip line says so.
    pub fn postgres() -> Option<Self> {
        let Some(base) = test_database_url() else {
            skipped_without_postgres();
            return None;
        };
        let name = format!("t_{}", Uuid::new_v4().simple());
        psql(&base, &format!("CREATE SCHEMA {name}"));
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{name}");
        Some(Storage {
            backend: Backend::Postgres(url),
            _dir: tempfile::tempdir().unwrap(),
            schema: Some((base, name)),
        })
    }

    pub fn dir(&self) -> &Path {
        self._dir.path()
    }
}

impl Drop for Storage {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.schema {
            psql(base, &format!("DROP SCHEMA IF EXISTS {name} CASCADE"));
        }
    }
}

fn psql(url: &str, sql: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("the test database ({DB_VAR}) refuses: {e}"));
        let task = tokio::spawn(conn);
        client.batch_execute(sql).await.unwrap();
        drop(client);
        let _ = task.await;
    });
}

/// A running `secretscli server`.
pub struct TestServer {
    child: Child,
    pub addr: SocketAddr,
    pub url: String,
    /// Everything the server wrote to stderr so far.
    pub log: Arc<Mutex<String>>,
    /// The bootstrap token it printed, if any.
    pub printed_token: Option<String>,
}

impl TestServer {
    pub fn start(backend: &Backend, extra: &[&str]) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_secretscli"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", "/nonexistent")
            .env("SECRETSCLI_LOG", "info")
            .env("NO_COLOR", "1")
            .args(["server", "--listen", "127.0.0.1:0"]);
        match backend {
            Backend::Sqlite(dir) => cmd.arg("--data").arg(dir),
            Backend::Postgres(url) => cmd.env("SECRETSCLI_DATABASE_URL", url),
        };
        let mut child = cmd
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let log = Arc::new(Mutex::new(String::new()));
        let mut printed_token = None;
        let deadline = Instant::now() + Duration::from_secs(30);
        let addr = loop {
            assert!(Instant::now() < deadline, "server did not start");
            let Some(Ok(line)) = lines.next() else {
                let status = child.wait().unwrap();
                panic!(
                    "server exited ({status}) before listening:\n{}",
                    log.lock().unwrap()
                );
            };
            log.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(token) = line.trim().strip_prefix("sct_") {
                printed_token = Some(format!("sct_{token}"));
            }
            if let Some(rest) = line.strip_prefix("listening on ") {
                break rest.split_whitespace().next().unwrap().parse().unwrap();
            }
        };
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        TestServer {
            child,
            url: format!("http://{addr}"),
            addr,
            log,
            printed_token,
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// SIGTERM, then the exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let status = wait_timeout(&mut self.child, Duration::from_secs(40));
        std::mem::forget(self);
        status
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        std::mem::forget(self);
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_timeout(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// An HTTP client for one server with an optional bearer token.
pub struct Api {
    pub base: String,
    pub token: Option<String>,
    http: Client,
}

impl Api {
    pub fn new(server: &TestServer) -> Self {
        Api {
            base: server.url.clone(),
            token: None,
            http: Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
        }
    }

    /// A client of the server at `base` (`http://127.0.0.1:PORT`), without a token.
    pub fn at(base: &str) -> Self {
        Api {
            base: base.to_string(),
            token: None,
            http: Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
        }
    }

    pub fn with_token(&self, token: &str) -> Self {
        Api {
            base: self.base.clone(),
            token: Some(token.to_string()),
            http: self.http.clone(),
        }
    }

    fn req(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        let b = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(t) => b.bearer_auth(t),
            None => b,
        }
    }

    pub fn get(&self, path: &str) -> Response {
        self.req(reqwest::Method::GET, path).send().unwrap()
    }

    pub fn send<B: serde::Serialize>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &B,
    ) -> Response {
        self.req(method, path).json(body).send().unwrap()
    }

    /// Expects 2xx and decodes the body.
    pub fn ok<T: serde::de::DeserializeOwned>(&self, res: Response) -> T {
        let status = res.status();
        let text = res.text().unwrap();
        assert!(status.is_success(), "{status}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    pub fn login(&self, user: Option<&str>, device: &str) -> (LoginResponse, Api) {
        let req = LoginRequest {
            device_name: device.into(),
            recipient: format!("age1{device}"),
            user_name: user.map(str::to_string),
        };
        let login: LoginResponse = self.ok(self.send(reqwest::Method::POST, "/v1/login", &req));
        let api = self.with_token(&login.token);
        (login, api)
    }

    pub fn push(&self, env: Uuid, req: &PushRequest) -> Response {
        self.send(reqwest::Method::POST, &format!("/v1/envs/{env}/push"), req)
    }

    /// An invite for a new user, valid for `secs` seconds.
    pub fn invite(&self, secs: u64) -> InviteResponse {
        let req = InviteRequest {
            user_id: None,
            expires_in_secs: secs,
            grant: None,
        };
        self.ok(self.send(reqwest::Method::POST, "/v1/invites", &req))
    }
}

/// Status and error code of a failed response.
pub fn error(res: Response) -> (StatusCode, ApiError) {
    let status = res.status();
    let text = res.text().unwrap();
    let body =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not a JSON error ({e}): {text}"));
    (status, body)
}

pub fn version(name: &str, v: u64, ciphertext: Vec<u8>) -> Change {
    Change::Version(ItemVersion {
        name: name.into(),
        version: v,
        kind: ItemKind::Secret,
        literal: false,
        key_version: 1,
        wrapped_data_key: vec![9; 60],
        ciphertext,
        created_at: 1_700_000_000_000,
        author: "alice@laptop".into(),
        previous: None,
    })
}

pub fn push_req(base: i64, changes: Vec<Change>) -> PushRequest {
    PushRequest {
        served: Vec::new(),
        base_revision: base,
        idempotency_key: Uuid::new_v4(),
        force: false,
        changes,
    }
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .unwrap()
        .read_exact(&mut buf)
        .unwrap();
    buf
}

/// Logs in the first admin with the printed bootstrap token; makes a project and an env.
pub fn setup(server: &TestServer) -> (Api, Uuid, Uuid) {
    let token = server
        .printed_token
        .clone()
        .expect("a bootstrap token was printed");
    let (_, admin) = Api::new(server)
        .with_token(&token)
        .login(Some("alice"), "laptop");
    let (project, env) = (Uuid::new_v4(), Uuid::new_v4());
    admin.ok::<serde_json::Value>(admin.send(
        reqwest::Method::PUT,
        &format!("/v1/projects/{project}"),
        &PutProject { name: "app".into() },
    ));
    admin.ok::<RemoteEnv>(admin.send(
        reqwest::Method::PUT,
        &format!("/v1/envs/{env}"),
        &PutEnv {
            project_id: project,
            name: "dev".into(),
            parent_id: None,
        },
    ));
    (admin, project, env)
}

pub fn on_both(case: fn(&Storage)) {
    case(&Storage::sqlite());
    if let Some(pg) = Storage::postgres() {
        case(&pg);
    }
}

#[test]
fn bootstrap_push_pull_round_trip() {
    on_both(round_trip);
}

fn round_trip(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let anon = Api::new(&server);
    assert_eq!(anon.get("/healthz").status(), 200);
    assert_eq!(anon.get("/readyz").status(), 200);
    let doc: serde_json::Value = anon.ok(anon.get("/v1/openapi.json"));
    assert!(doc["paths"]["/v1/envs/{env_id}/push"]["post"].is_object());
    let (status, e) = error(anon.get("/v1/nope"));
    assert_eq!((status.as_u16(), e.code.as_str()), (404, "not_found"));

    let (admin, project, env) = setup(&server);
    let me: WhoAmI = admin.ok(admin.get("/v1/whoami"));
    assert!(me.admin);
    assert_eq!(me.user_name, "alice");
    // The bootstrap token is spent.
    let boot = anon.with_token(server.printed_token.as_ref().unwrap());
    let (status, e) = error(boot.send(
        reqwest::Method::POST,
        "/v1/login",
        &LoginRequest {
            device_name: "again".into(),
            recipient: "age1again".into(),
            user_name: Some("eve".into()),
        },
    ));
    assert_eq!((status.as_u16(), e.code.as_str()), (401, "unauthorized"));

    let res = admin.send(
        reqwest::Method::PUT,
        &format!("/v1/envs/{env}/keys/1"),
        &PutEnvKey {
            wraps: vec![WrappedKey {
                key_version: 1,
                recipient: "age1laptop".into(),
                wrapped: vec![7; 200],
            }],
        },
    );
    assert_eq!(res.status(), 204);

    let sent = vec![
        version("DATABASE_URL", 1, random_bytes(48)),
        version("API_KEY", 1, random_bytes(48)),
    ];
    let r: PushResponse = admin.ok(admin.push(env, &push_req(0, sent.clone())));
    assert_eq!((r.revision, r.accepted), (1, 2));
    let r: PushResponse = admin.ok(admin.push(
        env,
        &push_req(
            1,
            vec![Change::Delete {
                name: "API_KEY".into(),
            }],
        ),
    ));
    assert_eq!(r.revision, 2);

    // A second device of another user, invited, gets access through a key wrap.
    let invite = admin.invite(60);
    let (_, bob) = anon.with_token(&invite.token).login(Some("bob"), "desk");
    assert_eq!(error(bob.get(&format!("/v1/envs/{env}/snapshot"))).0, 403);
    let envs: Vec<RemoteEnv> = admin.ok(admin.get(&format!("/v1/projects/{project}/envs")));
    assert_eq!(envs.len(), 1);
    assert_eq!(envs[0].keys.len(), 1);

    let log: LogPage = admin.ok(admin.get(&format!("/v1/envs/{env}/log?since=0")));
    assert_eq!(log.revision, 2);
    assert_eq!(log.entries.len(), 3);
    assert_eq!(log.entries[0].change, sent[0]);
    let snap: Snapshot = admin.ok(admin.get(&format!("/v1/envs/{env}/snapshot")));
    assert_eq!(snap.revision, 2);
    assert_eq!(snap.items.len(), 1);
    assert_eq!(Change::Version(snap.items[0].clone()), sent[0]);
    let remote: RemoteEnv = admin.ok(admin.get(&format!("/v1/envs/{env}")));
    assert_eq!(remote.keys[0].wrapped, vec![7; 200]);

    // The audit trail names who did what, and its chain verifies.
    let audit: AuditPage = admin.ok(admin.get("/v1/audit?since=0"));
    let actions: Vec<(&str, bool)> = audit
        .entries
        .iter()
        .map(|e| (e.action.as_str(), e.allowed))
        .collect();
    for expected in [
        ("login", true),
        ("login", false),
        ("push", true),
        ("snapshot", false),
        ("pull", true),
        ("snapshot", true),
    ] {
        assert!(
            actions.contains(&expected),
            "{expected:?} not in {actions:?}"
        );
    }
    let denied = audit
        .entries
        .iter()
        .find(|e| e.action == "snapshot" && !e.allowed)
        .unwrap();
    assert_eq!(
        (denied.actor.as_str(), denied.env, denied.project),
        ("bob", Some(env), Some(project))
    );
    assert_eq!(denied.client, "127.0.0.1");
    assert_eq!(
        secretscli::wire::verify_audit_chain(
            &audit.entries,
            &hex::encode(secretscli::wire::AUDIT_GENESIS)
        ),
        Ok(())
    );
    assert_eq!(error(bob.get("/v1/audit")).0, 403);

    // Graceful stop; nothing secret in the log.
    assert!(server.log().contains("listening on"));
    let log = server.log();
    let status = server.terminate();
    assert!(status.success(), "{status}");
    assert!(!log.contains(&invite.token), "a token leaked into the log");
    assert!(!log.contains(admin.token.as_deref().unwrap()));
}

#[test]
fn conflicts_and_idempotent_retries() {
    on_both(conflicts);
}

fn conflicts(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, env) = setup(&server);
    let first = push_req(0, vec![version("A", 1, vec![1]), version("B", 1, vec![2])]);
    let r1: PushResponse = admin.ok(admin.push(env, &first));
    let r2: PushResponse = admin.ok(admin.push(env, &push_req(1, vec![version("A", 2, vec![3])])));
    assert_eq!((r1.revision, r2.revision), (1, 2));
    // Another device still at revision 1 changes A: 409 with the names.
    let (status, e) = error(admin.push(
        env,
        &push_req(1, vec![version("A", 3, vec![4]), version("C", 1, vec![5])]),
    ));
    assert_eq!((status.as_u16(), e.code.as_str()), (409, "conflict"));
    let conflict = e.conflict.unwrap();
    assert_eq!(
        (conflict.revision, conflict.names),
        (2, vec!["A".to_string()])
    );
    // A retry of an accepted push returns the stored answer and appends nothing.
    let again: PushResponse = admin.ok(admin.push(env, &first));
    assert_eq!(again, r1);
    let log: LogPage = admin.ok(admin.get(&format!("/v1/envs/{env}/log")));
    assert_eq!((log.revision, log.entries.len()), (2, 3));
    // The same key for a different push is refused.
    let mut reused = first.clone();
    reused.changes.pop();
    let (status, e) = error(admin.push(env, &reused));
    assert_eq!(
        (status.as_u16(), e.code.as_str()),
        (422, "idempotency_key_reused")
    );
    // Force skips the name check but never overwrites a version.
    let mut forced = push_req(0, vec![version("A", 2, vec![6])]);
    forced.force = true;
    let (status, e) = error(admin.push(env, &forced));
    assert_eq!((status.as_u16(), e.code.as_str()), (409, "version_exists"));
    let (status, e) = error(admin.push(env, &push_req(7, vec![])));
    assert_eq!((status.as_u16(), e.code.as_str()), (400, "bad_request"));
    let (status, e) = error(
        admin
            .req(reqwest::Method::POST, &format!("/v1/envs/{env}/push"))
            .body("{not json")
            .header("content-type", "application/json")
            .send()
            .unwrap(),
    );
    assert_eq!((status.as_u16(), e.code.as_str()), (400, "bad_request"));
}

#[test]
fn wrong_expired_and_revoked_tokens_get_401_then_429_while_valid_tokens_still_work() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, env) = setup(&server);
    let anon = Api::new(&server);
    let snapshot = format!("/v1/envs/{env}/snapshot");
    let unauthorized = |api: &Api| {
        let (status, e) = error(api.get(&snapshot));
        assert_eq!(
            (status.as_u16(), e.code.as_str()),
            (401, "unauthorized"),
            "{}",
            e.message
        );
        e.message
    };
    unauthorized(&anon);
    unauthorized(&anon.with_token("not-a-token"));
    // Right id, wrong secret.
    let id = admin
        .token
        .as_ref()
        .unwrap()
        .split('_')
        .nth(1)
        .unwrap()
        .to_string();
    let forged = format!("sct_{id}_{}", "A".repeat(43));
    unauthorized(&anon.with_token(&forged));
    // Expired invite.
    let invite = admin.invite(1);
    std::thread::sleep(Duration::from_millis(1100));
    let (status, e) = error(anon.with_token(&invite.token).send(
        reqwest::Method::POST,
        "/v1/login",
        &LoginRequest {
            device_name: "d".into(),
            recipient: "age1d".into(),
            user_name: Some("late".into()),
        },
    ));
    assert_eq!((status.as_u16(), e.code.as_str()), (401, "unauthorized"));
    assert!(e.message.contains("expired"), "{}", e.message);
    // A device token cannot log in another device.
    let (status, e) = error(admin.send(
        reqwest::Method::POST,
        "/v1/login",
        &LoginRequest {
            device_name: "d".into(),
            recipient: "age1d".into(),
            user_name: None,
        },
    ));
    assert_eq!((status.as_u16(), e.code.as_str()), (403, "forbidden"));
    // Revoked: a second device revokes its own token.
    let invite = admin.invite(60);
    let (login, bob) = anon.with_token(&invite.token).login(Some("bob"), "desk");
    let bob_id = login.token.split('_').nth(1).unwrap().to_string();
    assert_eq!(bob.get("/v1/whoami").status(), 200);
    assert_eq!(
        bob.req(reqwest::Method::DELETE, &format!("/v1/tokens/{bob_id}"))
            .send()
            .unwrap()
            .status(),
        204
    );
    let (status, e) = error(bob.get("/v1/whoami"));
    assert_eq!((status.as_u16(), e.code.as_str()), (401, "unauthorized"));
    assert!(e.message.contains("revoked"), "{}", e.message);
    // By now this address has failed 6 times; a few more and it is slowed down.
    let mut limited = None;
    for _ in 0..10 {
        let res = anon.with_token(&forged).get("/v1/whoami");
        if res.status() == 429 {
            limited = Some(res);
            break;
        }
    }
    let res = limited.expect("repeated failures were never rate limited");
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=5).contains(&retry), "{retry}");
    assert_eq!(error(res).1.code, "rate_limited");
    // Only failures are limited: a good token from the same address is served (others
    // behind one NAT must not be locked out by a guesser), and failures stay limited.
    assert_eq!(admin.get("/v1/whoami").status(), 200);
    assert_eq!(anon.with_token(&forged).get("/v1/whoami").status(), 429);
    assert_eq!(anon.get("/v1/whoami").status(), 429);
    // The log says why, without tokens.
    let log = server.log();
    assert!(log.contains("authentication failed"), "{log}");
    assert!(!log.contains(&forged) && !log.contains(admin.token.as_deref().unwrap()));
}

#[test]
fn bodies_over_the_cap_get_413() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &["--max-body", "64KiB"]);
    let (admin, _, env) = setup(&server);
    let big = push_req(0, vec![version("BIG", 1, random_bytes(100 * 1024))]);
    let (status, e) = error(admin.push(env, &big));
    assert_eq!((status.as_u16(), e.code.as_str()), (413, "too_large"));
    let small = push_req(0, vec![version("SMALL", 1, random_bytes(1024))]);
    assert_eq!(
        admin.ok::<PushResponse>(admin.push(env, &small)).revision,
        1
    );
}

#[test]
fn snapshots_read_again_show_every_push_and_every_read_is_audited() {
    on_both(snapshots_follow_pushes);
}

fn snapshots_follow_pushes(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, env) = setup(&server);
    let path = format!("/v1/envs/{env}/snapshot");
    admin.ok::<PushResponse>(admin.push(env, &push_req(0, vec![version("A", 1, vec![1])])));
    let first: Snapshot = admin.ok(admin.get(&path));
    let again: Snapshot = admin.ok(admin.get(&path));
    assert_eq!(first, again);
    assert_eq!((first.revision, first.items.len()), (1, 1));

    admin.ok::<PushResponse>(admin.push(env, &push_req(1, vec![version("A", 2, vec![2])])));
    let updated: Snapshot = admin.ok(admin.get(&path));
    assert_eq!(updated.revision, 2);
    assert_eq!(
        updated.items[0].ciphertext,
        vec![2],
        "the read after a push shows it"
    );

    let delete = Change::Delete { name: "A".into() };
    admin.ok::<PushResponse>(admin.push(env, &push_req(2, vec![delete])));
    let emptied: Snapshot = admin.ok(admin.get(&path));
    assert_eq!((emptied.revision, emptied.items.len()), (3, 0));

    // Someone without access is refused even right after others' reads.
    let anon = Api::new(&server);
    let invite = admin.invite(60);
    let (_, bob) = anon.with_token(&invite.token).login(Some("bob"), "desk");
    assert_eq!(error(bob.get(&path)).0, 403);

    let audit: AuditPage = admin.ok(admin.get("/v1/audit"));
    let reads: Vec<bool> = audit
        .entries
        .iter()
        .filter(|e| e.action == "snapshot")
        .map(|e| e.allowed)
        .collect();
    assert_eq!(reads, [true, true, true, true, false], "one entry per read");
}

#[test]
fn snapshots_read_while_pushes_land_never_go_back_and_match_their_revision() {
    on_both(snapshots_race_pushes);
}

/// Four readers fetch snapshots while a writer pushes A at versions 1..=40, one revision
/// each: a read never shows a revision older than the last push answered before it was
/// sent, and the item it shows is the one of the revision it claims.
fn snapshots_race_pushes(storage: &Storage) {
    use std::sync::atomic::{AtomicI64, Ordering};
    const PUSHES: u64 = 40;
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, env) = setup(&server);
    let path = format!("/v1/envs/{env}/snapshot");
    let landed = AtomicI64::new(0);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                while landed.load(Ordering::SeqCst) < PUSHES as i64 {
                    let before = landed.load(Ordering::SeqCst);
                    let snap: Snapshot = admin.ok(admin.get(&path));
                    assert!(snap.revision >= before, "{} after {before}", snap.revision);
                    let shown: Vec<u64> = snap.items.iter().map(|i| i.version).collect();
                    let expected: Vec<u64> = (snap.revision > 0)
                        .then_some(snap.revision as u64)
                        .into_iter()
                        .collect();
                    assert_eq!(shown, expected, "revision {}", snap.revision);
                }
            });
        }
        for v in 1..=PUSHES {
            let req = push_req(v as i64 - 1, vec![version("A", v, vec![v as u8])]);
            let r: PushResponse = admin.ok(admin.push(env, &req));
            landed.store(r.revision, Ordering::SeqCst);
        }
    });
}

#[test]
fn a_restart_keeps_everything_and_prints_no_new_token() {
    on_both(restart);
}

fn restart(storage: &Storage) {
    let token_file = storage.dir().join("bootstrap-token");
    let file_arg = token_file.to_str().unwrap();
    let server = TestServer::start(&storage.backend, &["--bootstrap-token-file", file_arg]);
    assert!(server.printed_token.is_none());
    assert!(server.log().contains("bootstrap token is in"));
    let token = std::fs::read_to_string(&token_file)
        .unwrap()
        .trim()
        .to_string();
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(
        std::fs::metadata(&token_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let (login, admin) = Api::new(&server)
        .with_token(&token)
        .login(Some("alice"), "laptop");
    let env = Uuid::new_v4();
    let project = Uuid::new_v4();
    admin.ok::<serde_json::Value>(admin.send(
        reqwest::Method::PUT,
        &format!("/v1/projects/{project}"),
        &PutProject { name: "app".into() },
    ));
    admin.ok::<RemoteEnv>(admin.send(
        reqwest::Method::PUT,
        &format!("/v1/envs/{env}"),
        &PutEnv {
            project_id: project,
            name: "dev".into(),
            parent_id: None,
        },
    ));
    admin.ok::<PushResponse>(admin.push(env, &push_req(0, vec![version("A", 1, vec![1, 2, 3])])));
    let before: Snapshot = admin.ok(admin.get(&format!("/v1/envs/{env}/snapshot")));
    let audit_before: AuditPage = admin.ok(admin.get("/v1/audit"));
    assert!(server.terminate().success());

    let server = TestServer::start(&storage.backend, &[]);
    assert!(
        server.printed_token.is_none(),
        "a store with users needs no bootstrap token"
    );
    let admin = Api::new(&server).with_token(&login.token);
    let after: Snapshot = admin.ok(admin.get(&format!("/v1/envs/{env}/snapshot")));
    assert_eq!(before, after);
    let me: WhoAmI = admin.ok(admin.get("/v1/whoami"));
    assert_eq!(me.server_id, login.server_id);
    let audit_after: AuditPage = admin.ok(admin.get("/v1/audit"));
    assert_eq!(
        audit_after.entries[..audit_before.entries.len()],
        audit_before.entries[..]
    );
    assert_eq!(
        secretscli::wire::verify_audit_chain(
            &audit_after.entries,
            &hex::encode(secretscli::wire::AUDIT_GENESIS)
        ),
        Ok(())
    );
}

#[test]
fn sigkill_during_pushes_then_the_retry_lands_exactly_once() {
    on_both(sigkill);
}

fn sigkill(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, env) = setup(&server);
    let token = admin.token.clone().unwrap();
    // A stream of pushes, each one item with its own key, until the server dies under it.
    let pushes: Vec<PushRequest> = (0..2000)
        .map(|i| push_req(i, vec![version(&format!("K{i:04}"), 1, random_bytes(32))]))
        .collect();
    let shared = Arc::new(pushes);
    let stream = {
        let (base, token, pushes) = (admin.base.clone(), token.clone(), shared.clone());
        std::thread::spawn(move || {
            let http = Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let mut acked = 0usize;
            for p in pushes.iter() {
                let res = http
                    .post(format!("{base}/v1/envs/{env}/push"))
                    .bearer_auth(&token)
                    .json(p)
                    .send();
                match res {
                    Ok(r) if r.status().is_success() => acked += 1,
                    _ => break,
                }
            }
            acked
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    server.kill9();
    let acked = stream.join().unwrap();
    assert!(
        acked > 0 && acked < shared.len(),
        "the kill did not land mid-stream ({acked})"
    );

    // The push that was in flight may or may not have landed; its retry must land once.
    let server = TestServer::start(&storage.backend, &[]);
    let admin = Api::new(&server).with_token(&token);
    let r: PushResponse = admin.ok(admin.push(env, &shared[acked]));
    assert_eq!(r.revision, acked as i64 + 1);
    let again: PushResponse = admin.ok(admin.push(env, &shared[acked]));
    assert_eq!(again, r);
    let log: LogPage = admin.ok(admin.get(&format!("/v1/envs/{env}/log?limit=10000")));
    assert_eq!(log.revision, acked as i64 + 1);
    let names: Vec<String> = log
        .entries
        .iter()
        .map(|e| e.change.name().to_string())
        .collect();
    let expected: Vec<String> = (0..=acked).map(|i| format!("K{i:04}")).collect();
    assert_eq!(
        names, expected,
        "every push exactly once, in order, none partial"
    );
    for (entry, p) in log.entries.iter().zip(shared.iter()) {
        assert_eq!(entry.change, p.changes[0]);
    }
}

#[test]
fn the_server_database_holds_only_what_clients_sent() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, env) = setup(&server);
    // What a client would have encrypted; the server only ever sees the random bytes.
    let plaintext = b"postgres://app:hunter2-very-secret@db/prod";
    let (cipher, wrapped_dk, wrapped_env) = (random_bytes(96), random_bytes(60), random_bytes(200));
    let mut v = version("DATABASE_URL", 1, cipher.clone());
    if let Change::Version(v) = &mut v {
        v.wrapped_data_key = wrapped_dk.clone();
    }
    let res = admin.send(
        reqwest::Method::PUT,
        &format!("/v1/envs/{env}/keys/1"),
        &PutEnvKey {
            wraps: vec![WrappedKey {
                key_version: 1,
                recipient: "age1laptop".into(),
                wrapped: wrapped_env.clone(),
            }],
        },
    );
    assert_eq!(res.status(), 204);
    admin.ok::<PushResponse>(admin.push(env, &push_req(0, vec![v])));
    assert!(server.terminate().success());

    let Backend::Sqlite(dir) = &storage.backend else {
        unreachable!()
    };
    let db = rusqlite::Connection::open(dir.join("server.db")).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut blobs = Vec::new();
    for table in &tables {
        let mut stmt = db.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let cols = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..cols {
                if let rusqlite::types::ValueRef::Blob(b) = row.get_ref(i).unwrap() {
                    blobs.push((table.clone(), b.to_vec()));
                }
            }
        }
    }
    // Every blob is one the client sent, or a 32-byte hash (token, idempotency record).
    for (table, blob) in &blobs {
        let sent = [&cipher, &wrapped_dk, &wrapped_env].contains(&blob);
        assert!(
            sent || blob.len() == 32,
            "{table} holds a {}-byte blob the client never sent",
            blob.len()
        );
    }
    for expected in [&cipher, &wrapped_dk, &wrapped_env] {
        assert!(
            blobs.iter().any(|(_, b)| b == expected),
            "a sent blob is missing"
        );
    }
    // No token in clear, and nothing resembling the value, anywhere in the files.
    let mut raw = std::fs::read(dir.join("server.db")).unwrap();
    raw.extend(std::fs::read(dir.join("server.db-wal")).unwrap_or_default());
    let contains = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(plaintext));
    assert!(!contains(b"hunter2"));
    let token = admin.token.as_deref().unwrap();
    let secret = token.rsplit('_').next().unwrap();
    assert!(
        !contains(secret.as_bytes()),
        "a token secret is stored in clear"
    );
}

#[test]
fn sigterm_lets_in_flight_requests_finish() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, env) = setup(&server);
    admin
        .ok::<PushResponse>(admin.push(env, &push_req(0, vec![version("A", 1, random_bytes(32))])));
    let path = format!("{}/v1/envs/{env}/snapshot", admin.base);
    let token = admin.token.clone().unwrap();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (path, token) = (path.clone(), token.clone());
            std::thread::spawn(move || {
                let http = Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()
                    .unwrap();
                let (mut ok, mut refused) = (0, 0);
                for _ in 0..400 {
                    match http.get(&path).bearer_auth(&token).send() {
                        Ok(r) => {
                            assert_eq!(r.status(), 200);
                            // A response that started must arrive whole.
                            let _: Snapshot = r.json().expect("a complete body");
                            ok += 1;
                        }
                        Err(_) => refused += 1,
                    }
                    if refused > 0 {
                        break;
                    }
                }
                (ok, refused)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let status = server.terminate();
    assert!(status.success(), "{status}");
    for w in workers {
        let (ok, _) = w.join().unwrap();
        assert!(ok > 0);
    }
}

#[test]
fn tls_with_rustls() {
    let storage = Storage::sqlite();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert_pem = storage.dir().join("cert.pem");
    let key_pem = storage.dir().join("key.pem");
    std::fs::write(&cert_pem, cert.cert.pem()).unwrap();
    std::fs::write(&key_pem, cert.signing_key.serialize_pem()).unwrap();
    let server = TestServer::start(
        &storage.backend,
        &[
            "--tls-cert",
            cert_pem.to_str().unwrap(),
            "--tls-key",
            key_pem.to_str().unwrap(),
        ],
    );
    assert!(server.log().contains("(https)"));
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let tcp = std::net::TcpStream::connect(server.addr).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    tls.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    let _ = tls.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains(r#"{"status":"ok"}"#), "{response}");
    // Plain HTTP to the TLS port does not get an answer.
    assert!(
        Client::new()
            .get(format!("http://{}/healthz", server.addr))
            .send()
            .map_or(true, |r| !r.status().is_success())
    );
}

/// The client address of the newest `snapshot` entry in the audit log.
fn last_snapshot_client(admin: &Api) -> String {
    let audit: AuditPage = admin.ok(admin.get("/v1/audit?since=0"));
    let entry = audit.entries.iter().rev().find(|e| e.action == "snapshot");
    entry.expect("a snapshot was audited").client.clone()
}

/// A snapshot read that claims to come through a proxy with these `X-Forwarded-For` lines.
fn forwarded_snapshot(api: &Api, env: Uuid, lines: &[&str]) -> StatusCode {
    let mut req = api.req(reqwest::Method::GET, &format!("/v1/envs/{env}/snapshot"));
    for line in lines {
        req = req.header("x-forwarded-for", *line);
    }
    req.send().unwrap().status()
}

/// Forged-token requests claiming `client` until one is rate limited; panics if none is.
fn fail_until_limited(anon: &Api, forged: &str, client: impl Fn(usize) -> String) {
    let api = anon.with_token(forged);
    let limited = (0..20).any(|i| {
        let res = api
            .req(reqwest::Method::GET, "/v1/whoami")
            .header("x-forwarded-for", client(i))
            .send()
            .unwrap();
        res.status() == 429
    });
    assert!(limited, "20 failed authentications were never rate limited");
}

fn forged_token(admin: &Api) -> String {
    let id = admin.token.as_ref().unwrap().split('_').nth(1).unwrap();
    format!("sct_{id}_{}", "A".repeat(43))
}

#[test]
fn with_trust_proxy_the_audit_names_the_address_the_proxy_appended() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &["--trust-proxy"]);
    let (admin, _, env) = setup(&server);
    // The right-most entry is the proxy's; what is left of it the client wrote.
    assert_eq!(
        forwarded_snapshot(&admin, env, &["203.0.113.7, 198.51.100.9"]),
        200
    );
    assert_eq!(last_snapshot_client(&admin), "198.51.100.9");
    // A proxy may append a header line of its own instead of extending the first.
    assert_eq!(
        forwarded_snapshot(&admin, env, &["203.0.113.7", "2001:db8::9"]),
        200
    );
    assert_eq!(last_snapshot_client(&admin), "2001:db8::9");
    // Absent or malformed: the peer address.
    assert_eq!(forwarded_snapshot(&admin, env, &[]), 200);
    assert_eq!(last_snapshot_client(&admin), "127.0.0.1");
    assert_eq!(
        forwarded_snapshot(&admin, env, &["198.51.100.9, not-an-ip"]),
        200
    );
    assert_eq!(last_snapshot_client(&admin), "127.0.0.1");
}

#[test]
fn with_trust_proxy_failures_are_counted_per_forwarded_address() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &["--trust-proxy"]);
    let (admin, _, env) = setup(&server);
    let forged = forged_token(&admin);
    fail_until_limited(&Api::new(&server), &forged, |_| "198.51.100.9".into());
    // That client's failures wait, its good tokens do not; others' failures are counted
    // apart.
    assert_eq!(forwarded_snapshot(&admin, env, &["198.51.100.9"]), 200);
    let guesser = Api::new(&server).with_token(&forged);
    assert_eq!(forwarded_snapshot(&guesser, env, &["198.51.100.9"]), 429);
    assert_eq!(forwarded_snapshot(&guesser, env, &["203.0.113.7"]), 401);
    assert_eq!(forwarded_snapshot(&admin, env, &["203.0.113.7"]), 200);
    assert_eq!(forwarded_snapshot(&admin, env, &[]), 200);
    let log = server.log();
    assert!(log.contains("client=198.51.100.9"), "{log}");
}

#[test]
fn without_trust_proxy_a_forwarded_address_is_ignored() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, env) = setup(&server);
    assert_eq!(forwarded_snapshot(&admin, env, &["198.51.100.9"]), 200);
    assert_eq!(last_snapshot_client(&admin), "127.0.0.1");
    // A guesser cannot dodge the limit by claiming a new address each time.
    let forged = forged_token(&admin);
    fail_until_limited(&Api::new(&server), &forged, |i| format!("198.51.100.{i}"));
    let guesser = Api::new(&server).with_token(&forged);
    assert_eq!(forwarded_snapshot(&guesser, env, &["203.0.113.7"]), 429);
    assert_eq!(forwarded_snapshot(&admin, env, &["203.0.113.7"]), 200);
    assert!(!server.log().contains("198.51.100."));
}

/// The status, code and message of a refused request, which must be 400 `invalid_field`
/// naming `field` and not echoing the value.
fn invalid_field(res: Response, field: &str) {
    let (status, e) = error(res);
    assert_eq!(
        (status.as_u16(), e.code.as_str()),
        (400, "invalid_field"),
        "{field}: {}",
        e.message
    );
    assert!(e.message.starts_with(field), "{field}: {}", e.message);
    assert!(!e.message.contains(['\0', '\x1b']), "{:?}", e.message);
}

#[test]
fn nul_and_control_characters_in_any_field_get_400_invalid_field_on_both_stores() {
    on_both(control_characters);
}

fn control_characters(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, project, env) = setup(&server);
    let invite = admin.invite(600);
    let invited = Api::new(&server).with_token(&invite.token);
    let login = |device: &str, recipient: &str, user: &str| {
        let req = LoginRequest {
            device_name: device.into(),
            recipient: recipient.into(),
            user_name: Some(user.into()),
        };
        invited.send(reqwest::Method::POST, "/v1/login", &req)
    };
    let put_key = |recipient: &str| {
        let wraps = vec![WrappedKey {
            key_version: 1,
            recipient: recipient.into(),
            wrapped: vec![7; 200],
        }];
        let path = format!("/v1/envs/{env}/keys/1");
        admin.send(reqwest::Method::PUT, &path, &PutEnvKey { wraps })
    };
    let authored = |author: &str| {
        let mut v = version("A", 1, vec![1; 40]);
        if let Change::Version(v) = &mut v {
            v.author = author.into();
        }
        v
    };
    for bad in ["A\0B", "\0", "A\u{1b}[2JB", "A\nB"] {
        invalid_field(login(bad, "age1x", "bob"), "device_name");
        invalid_field(login("d", "age1x", bad), "user_name");
        invalid_field(login("d", &format!("age1{bad}"), "bob"), "recipient");
        invalid_field(put_key(&format!("age1{bad}")), "wraps[0].recipient");
        let name = |n: &str| PutProject { name: n.into() };
        let path = format!("/v1/projects/{project}");
        invalid_field(admin.send(reqwest::Method::PUT, &path, &name(bad)), "name");
        let put_env = PutEnv {
            project_id: project,
            name: bad.into(),
            parent_id: None,
        };
        let path = format!("/v1/envs/{}", Uuid::new_v4());
        invalid_field(admin.send(reqwest::Method::PUT, &path, &put_env), "name");
        for (change, field) in [
            (version(bad, 1, vec![1; 40]), "changes[1].name"),
            (authored(bad), "changes[1].author"),
            (Change::Delete { name: bad.into() }, "changes[1].name"),
            (Change::Restore { name: bad.into() }, "changes[1].name"),
        ] {
            let req = push_req(0, vec![version("OK", 1, vec![1; 40]), change]);
            invalid_field(admin.push(env, &req), field);
        }
    }
    let gone = admin
        .req(reqwest::Method::DELETE, "/v1/tokens/%00")
        .send()
        .unwrap();
    invalid_field(gone, "token_id");
    // A path segment that is not UTF-8 gets the JSON error shape too.
    let (status, e) = error(admin.get("/v1/envs/%FF/snapshot"));
    assert_eq!((status.as_u16(), e.code.as_str()), (400, "bad_request"));
    // Lengths are bounded too.
    let long = "A".repeat(1025);
    invalid_field(
        admin.push(env, &push_req(0, vec![version(&long, 1, vec![1])])),
        "changes[0].name",
    );
    invalid_field(login(&"d".repeat(201), "age1x", "bob"), "device_name");
    invalid_field(
        put_key(&format!("age1{}", "q".repeat(200))),
        "wraps[0].recipient",
    );
    // Nothing was stored, nothing failed, and the invite is still good.
    let snapshot: Snapshot = admin.ok(admin.get(&format!("/v1/envs/{env}/snapshot")));
    assert!(snapshot.items.is_empty());
    invited.login(Some("bob"), "desk");
    let log = server.log();
    assert!(!log.contains("request failed"), "{log}");
}

#[test]
fn the_bearer_scheme_is_matched_without_regard_to_case() {
    let storage = Storage::sqlite();
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, _) = setup(&server);
    let token = admin.token.clone().unwrap();
    let anon = Api::new(&server);
    let whoami = |authorization: String| {
        let req = anon.req(reqwest::Method::GET, "/v1/whoami");
        req.header("authorization", authorization).send().unwrap()
    };
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let res = whoami(format!("{scheme} {token}"));
        assert_eq!(res.status(), 200, "{scheme}");
    }
    let (status, e) = error(whoami(format!("Basic {token}")));
    assert_eq!((status.as_u16(), e.code.as_str()), (401, "unauthorized"));
}

#[test]
fn a_500_answers_with_a_request_id_the_log_explains_on_both_stores() {
    on_both(internal_errors);
}

fn internal_errors(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (admin, _, _) = setup(&server);
    // Take a table away under the running server, as a broken migration or a DBA might.
    let rename = "ALTER TABLE projects RENAME TO projects_gone";
    match &storage.backend {
        Backend::Sqlite(dir) => {
            let db = rusqlite::Connection::open(dir.join("server.db")).unwrap();
            db.execute_batch(rename).unwrap();
        }
        Backend::Postgres(url) => psql(url, rename),
    }
    let res = admin.get("/v1/projects");
    let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    let (status, e) = error(res);
    assert_eq!((status.as_u16(), e.code.as_str()), (500, "internal"));
    assert!(!e.message.contains("projects"), "{}", e.message);
    let deadline = Instant::now() + Duration::from_secs(10);
    let explained = || {
        server.log().lines().any(|l| {
            l.contains(&format!("id={id}")) && l.contains("store failed") && l.contains("projects")
        })
    };
    while !explained() {
        assert!(
            Instant::now() < deadline,
            "no cause under {id}:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn server_no_color_writes_no_escapes_and_the_bootstrap_message_names_the_url() {
    use rexpect::process::Signal;
    let run = |args: &[&str]| {
        let data = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_secretscli"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", "/nonexistent")
            .env("SECRETSCLI_LOG", "info")
            .args(["server", "--listen", "127.0.0.1:0", "--data"])
            .arg(data.path())
            .args(args);
        let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
        let (before, listening) = p.exp_regex(r"listening on 127\.0\.0\.1:\d+").unwrap();
        p.process_mut().signal(Signal::SIGTERM).unwrap();
        let rest = p.exp_eof().unwrap();
        let port = listening.rsplit(':').next().unwrap().to_string();
        (format!("{before}{listening}{rest}"), port)
    };
    // On a terminal the log is coloured by default: the check below can see escapes.
    let (coloured, _) = run(&[]);
    assert!(coloured.contains('\x1b'), "{coloured:?}");
    let (plain, port) = run(&["--no-color"]);
    assert!(!plain.contains('\x1b'), "{plain:?}");
    assert!(plain.contains("shutting down"), "{plain}");
    // The bootstrap message gives the real URL and keeps the token off the command line.
    assert!(
        plain.contains(&format!("secretscli login http://127.0.0.1:{port}")),
        "{plain}"
    );
    assert!(plain.contains("SECRETSCLI_TOKEN"), "{plain}");
    assert!(
        !plain.contains("--token sct_") && !plain.contains(" URL "),
        "{plain}"
    );
}
