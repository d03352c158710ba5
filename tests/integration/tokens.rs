//! Service tokens (issue 12, docs/tokens.md) against the real `secretscli server`, on SQLite
//! and PostgreSQL: alice (admin) pushes app/prod and app/staging and makes tokens; a CI job
//! uses one from an empty HOME with only `SECRETSCLI_TOKEN`. Checks read the server's
//! database: which wraps exist, that revocation forgets the share, that neither the token
//! nor its share is ever stored, logged or audited.

use std::path::Path;
use std::process::{Command, Stdio};

use secretscli::crypto::SecretKey;
use secretscli::token::ServiceToken;
use secretscli::wire::token::TokenGrant;

use crate::server::{Backend, Storage};
use crate::sync::{Server, first_home, ok, run};
use crate::util::{Run, TestEnv};

/// A server, alice's home (logged in, app/prod and app/staging pushed), the store.
pub(crate) struct Setup {
    pub(crate) server: Server,
    pub(crate) alice: TestEnv,
    db: Db,
}

enum Db {
    Sqlite,
    Postgres { url: String, _schema: Storage },
}

pub(crate) fn on_both(case: fn(&Setup)) {
    if !Server::available() {
        eprintln!("skipped: this build has no `secretscli server` subcommand");
        return;
    }
    case(&setup(Db::Sqlite));
    if let Some(storage) = Storage::postgres() {
        let Backend::Postgres(url) = storage.backend.clone() else {
            unreachable!("a PostgreSQL storage")
        };
        case(&setup(Db::Postgres {
            url,
            _schema: storage,
        }));
    }
}

fn setup(db: Db) -> Setup {
    let server = Server::start_with(match &db {
        Db::Sqlite => None,
        Db::Postgres { url, .. } => Some(url.clone()),
    });
    let alice = first_home(&server);
    alice.ok(&["env", "create", "prod"]);
    alice.ok(&["env", "create", "staging"]);
    for (env, name, value) in [
        ("prod", "auth.key", "prod-auth-secret"),
        ("prod", "billing.key", "prod-billing-secret"),
        ("prod", "DATABASE_URL", "postgres://prod"),
        ("staging", "STAGING_ONLY", "staging-secret"),
    ] {
        alice.ok_stdin(&["set", "-e", env, name], value);
    }
    ok(&alice, &["push"], &[]);
    Setup { server, alice, db }
}

impl Setup {
    /// `token create NAME -e ENV... EXTRA...` by alice; the token text.
    pub(crate) fn create(&self, name: &str, envs: &[&str], extra: &[&str]) -> String {
        let mut args = vec!["token", "create", name];
        for e in envs {
            args.extend(["-e", e]);
        }
        args.extend_from_slice(extra);
        let r = ok(&self.alice, &args, &[]);
        let token = r.stdout().trim().to_string();
        assert!(token.starts_with("scs_"), "{token}");
        assert!(r.stderr.contains("shown once"), "{}", r.stderr);
        token
    }

    /// Numbers from `sql` (one column) on the server's store; `?1` is `param`.
    fn numbers(&self, sql: &str, param: &str) -> Vec<i64> {
        match &self.db {
            Db::Sqlite => {
                let db = self.server.db();
                let mut stmt = db.prepare(sql).unwrap();
                stmt.query_map([param], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Db::Postgres { url, .. } => {
                crate::teams::pg_rows(url, &sql.replace("?1", "$1"), &[param])
                    .iter()
                    .map(|r| r.get(0))
                    .collect()
            }
        }
    }

    /// Every text and byte the store holds in the tables a token touches, concatenated.
    pub(crate) fn store_bytes(&self) -> Vec<u8> {
        match &self.db {
            Db::Sqlite => {
                // The whole file and its WAL: whatever any table holds.
                let mut all = Vec::new();
                for entry in walk(&self.server.data.path().join("store")) {
                    all.extend(std::fs::read(entry).unwrap_or_default());
                }
                all
            }
            Db::Postgres { url, .. } => {
                let mut all = Vec::new();
                for sql in [
                    "SELECT concat_ws('|', id, name, recipient, encode(verifier, 'base64'), encode(coalesce(share, ''::bytea), 'base64'), names, cidrs) FROM service_tokens",
                    "SELECT concat_ws('|', actor, action, names, client, coalesce(target, '')) FROM audit",
                    "SELECT encode(wrapped, 'base64') FROM service_token_keys",
                    "SELECT concat_ws('|', name, coalesce(value, '')) FROM config_values",
                ] {
                    for row in crate::teams::pg_rows(url, sql, &[]) {
                        all.extend(row.get::<_, String>(0).into_bytes());
                    }
                }
                all
            }
        }
    }

    /// The audit entries of token uses: (actor, names, allowed, client).
    pub(crate) fn token_audit(&self) -> Vec<(String, String, bool, String)> {
        let sql = "SELECT actor, names, allowed, client FROM audit WHERE action = 'token_use' ORDER BY seq";
        match &self.db {
            Db::Sqlite => {
                let db = self.server.db();
                let mut stmt = db.prepare(sql).unwrap();
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Db::Postgres { url, .. } => crate::teams::pg_rows(url, sql, &[])
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
                .collect(),
        }
    }

    /// The audit entries of `action`: (actor, names, allowed).
    pub(crate) fn audit_of(&self, action: &str) -> Vec<(String, String, bool)> {
        let sql = "SELECT actor, names, allowed FROM audit WHERE action = ?1 ORDER BY seq";
        match &self.db {
            Db::Sqlite => {
                let db = self.server.db();
                let mut stmt = db.prepare(sql).unwrap();
                stmt.query_map([action], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Db::Postgres { url, .. } => {
                crate::teams::pg_rows(url, &sql.replace("?1", "$1"), &[action])
                    .iter()
                    .map(|r| (r.get(0), r.get(1), r.get(2)))
                    .collect()
            }
        }
    }

    /// The one number `sql` (no parameter) answers on the server's store.
    pub(crate) fn count(&self, sql: &str) -> i64 {
        match &self.db {
            Db::Sqlite => self.server.db().query_row(sql, [], |r| r.get(0)).unwrap(),
            Db::Postgres { url, .. } => crate::teams::pg_rows(url, sql, &[])[0].get(0),
        }
    }

    fn execute(&self, sql: &str, param: &str) {
        match &self.db {
            Db::Sqlite => {
                let db = self.server.db();
                db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
                db.execute(sql, [param]).unwrap();
            }
            Db::Postgres { url, .. } => {
                crate::teams::pg_rows(
                    url,
                    &format!("{} RETURNING 1", sql.replace("?1", "$1")),
                    &[param],
                );
            }
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Runs the binary as a CI job would: a fresh, empty HOME, no vault, no config, only the
/// variables given. Returns what it printed and everything left in HOME afterwards.
pub(crate) fn ci(
    args: &[&str],
    vars: &[(&str, &str)],
    stdin: &str,
) -> (Run, Vec<std::path::PathBuf>) {
    let home = tempfile::Builder::new().prefix("ci").tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_secretscli"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("NO_COLOR", "1")
        .envs(vars.iter().copied())
        .current_dir(home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    }
    let run: Run = child.wait_with_output().unwrap().into();
    (run, walk(home.path()))
}

fn with_token(token: &str) -> Vec<(&str, &str)> {
    vec![("SECRETSCLI_TOKEN", token)]
}

#[test]
fn a_ci_job_injects_with_only_the_token_and_writes_nothing() {
    on_both(ci_inject);
}

fn ci_inject(s: &Setup) {
    let token = s.create("deploy", &["prod"], &[]);
    let (r, left) = ci(
        &[
            "inject",
            "--",
            "sh",
            "-c",
            "printf '%s|%s' \"$DATABASE_URL\" \"$STAGING_ONLY\"",
        ],
        &with_token(&token),
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout(), "postgres://prod|");
    assert!(left.is_empty(), "the run left files in HOME: {left:?}");
    for args in [
        vec!["get", "auth.key"],
        vec!["export", "--format", "json"],
        vec!["list", "--json"],
    ] {
        let (r, left) = ci(&args, &with_token(&token), "");
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(left.is_empty(), "{args:?} left files in HOME: {left:?}");
        if args[0] != "list" {
            assert!(
                r.stdout().contains("prod-auth-secret"),
                "{args:?}: {}",
                r.stdout()
            );
        } else {
            assert!(r.stdout().contains("billing.key"), "{}", r.stdout());
            assert!(
                !r.stdout().contains("prod-billing-secret"),
                "{}",
                r.stdout()
            );
        }
    }
    // From a file, and from stdin, the same.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let (r, _) = ci(
        &["get", "auth.key"],
        &[("SECRETSCLI_TOKEN_FILE", file.to_str().unwrap())],
        "",
    );
    assert_eq!(
        (r.code, r.stdout()),
        (0, "prod-auth-secret".into()),
        "{}",
        r.stderr
    );
    let (r, _) = ci(&["get", "--token-stdin", "auth.key"], &[], &token);
    assert_eq!(
        (r.code, r.stdout()),
        (0, "prod-auth-secret".into()),
        "{}",
        r.stderr
    );
    // Every use is audited with the token's name, the names served and the address.
    let audit = s.token_audit();
    assert_eq!(audit.len(), 6, "{audit:?}");
    let (actor, names, allowed, client) = &audit[0];
    assert_eq!(actor, "token:deploy");
    assert!(
        names.contains("auth.key") && names.contains("DATABASE_URL"),
        "{names}"
    );
    assert!(*allowed);
    assert_eq!(client, "127.0.0.1");
}

#[test]
fn a_read_only_token_is_refused_on_set_push_and_import_and_opens_its_envs_encrypted_file() {
    on_both(read_only);
}

fn read_only(s: &Setup) {
    let token = s.create("reader", &["prod"], &[]);
    for args in [vec!["set", "NEW=1"], vec!["push"], vec!["import", "-"]] {
        let (r, left) = ci(&args, &with_token(&token), "A=1\n");
        assert_eq!(r.code, 9, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("is read-only"), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("token create NAME -e ENV --write"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(left.is_empty(), "{args:?} left {left:?}");
    }
    // An encrypted env file of the token's environment opens with the token's keys, in an
    // empty HOME; one of another environment is refused by name.
    let dotenv = s.alice.write(".env", "FROM_FILE=sealed-in-git\n");
    ok(
        &s.alice,
        &["-e", "prod", "file", "encrypt", dotenv.to_str().unwrap()],
        &[],
    );
    let enc = s.alice.path().join(".env.prod.enc");
    let args = [
        "inject",
        "--file",
        enc.to_str().unwrap(),
        "--",
        "printenv",
        "FROM_FILE",
    ];
    let (r, left) = ci(&args, &with_token(&token), "");
    assert_eq!(
        (r.code, r.stdout()),
        (0, "sealed-in-git\n".into()),
        "{}",
        r.stderr
    );
    assert!(left.is_empty(), "left {left:?}");
    ok(
        &s.alice,
        &["-e", "staging", "file", "encrypt", dotenv.to_str().unwrap()],
        &[],
    );
    let other = s.alice.path().join(".env.staging.enc");
    let args = ["inject", "--file", other.to_str().unwrap(), "--", "true"];
    let (r, _) = ci(&args, &with_token(&token), "");
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains("sealed for another environment"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_prod_token_holds_no_key_of_staging_and_names_globs_filter_what_is_served() {
    on_both(scoped);
}

fn scoped(s: &Setup) {
    let token = s.create("auth-svc", &["prod"], &["--names", "auth.*"]);
    let id = ServiceToken::parse(&token).unwrap().id;
    let per_env = s.numbers(
        "SELECT COUNT(*) FROM service_token_keys k JOIN envs e ON e.id = k.env_id
         WHERE k.token_id = ?1 GROUP BY e.name ORDER BY e.name",
        &id,
    );
    assert_eq!(per_env, [1], "only prod's key is wrapped to the token");
    let staging = s.numbers(
        "SELECT COUNT(*) FROM service_token_keys k JOIN envs e ON e.id = k.env_id
         WHERE k.token_id = ?1 AND e.name = 'staging'",
        &id,
    );
    assert_eq!(staging, [0]);
    let (r, _) = ci(&["list", "--json"], &with_token(&token), "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&r.stdout).unwrap();
    let names: Vec<&str> = listed.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["auth.key"]);
    let (r, _) = ci(&["get", "billing.key"], &with_token(&token), "");
    assert_eq!(r.code, 5, "{}", r.stderr);
    let (r, _) = ci(
        &["get", "-e", "staging", "STAGING_ONLY"],
        &with_token(&token),
        "",
    );
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot read environment \"staging\""),
        "{}",
        r.stderr
    );
    let audit = s.token_audit();
    assert_eq!(audit.last().unwrap().1, r#"["auth.key"]"#);
}

#[test]
fn cidr_max_uses_and_expiry_are_refused_with_what_to_do() {
    on_both(limits);
}

fn limits(s: &Setup) {
    let far = s.create("far", &["prod"], &["--cidr", "10.0.0.0/8,192.0.2.7"]);
    let (r, _) = ci(&["get", "auth.key"], &with_token(&far), "");
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(
        r.stderr.contains("may not be used from 127.0.0.1"),
        "{}",
        r.stderr
    );
    let near = s.create("near", &["prod"], &["--cidr", "127.0.0.0/8"]);
    assert_eq!(ci(&["get", "auth.key"], &with_token(&near), "").0.code, 0);

    let twice = s.create("twice", &["prod"], &["--max-uses", "2"]);
    for _ in 0..2 {
        let (r, _) = ci(&["get", "auth.key"], &with_token(&twice), "");
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let (r, _) = ci(&["get", "auth.key"], &with_token(&twice), "");
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("used the 2 times"), "{}", r.stderr);

    let old = s.create("old", &["prod"], &["--expires", "30d"]);
    assert_eq!(ci(&["get", "auth.key"], &with_token(&old), "").0.code, 0);
    // Time is not waited for: the expiry is moved into the past in the store.
    s.execute(
        "UPDATE service_tokens SET expires_at = 1000 WHERE name = ?1",
        "old",
    );
    let (r, _) = ci(&["get", "auth.key"], &with_token(&old), "");
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(
        r.stderr.contains("expired at 1970-01-01T00:00:01Z")
            && r.stderr.contains("secretscli token create old"),
        "{}",
        r.stderr
    );
    // Refusals are audited too, with the token's name.
    let refused: Vec<String> = s
        .token_audit()
        .into_iter()
        .filter(|(_, _, allowed, _)| !allowed)
        .map(|(actor, ..)| actor)
        .collect();
    assert_eq!(refused, ["token:far", "token:twice", "token:old"]);
    let listed = ok(&s.alice, &["token", "list", "--json"], &[]);
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    let twice = listed.iter().find(|t| t["name"] == "twice").unwrap();
    assert_eq!(twice["uses"], 2);
    assert_eq!(twice["scope"]["max_uses"], 2);
    // Without a limit a use is a read whose count rides with its audit entry: counted
    // before the answer all the same.
    let near = listed.iter().find(|t| t["name"] == "near").unwrap();
    assert_eq!(near["uses"], 1, "{near}");
    assert!(near["last_used_at"].is_i64(), "{near}");
}

#[test]
fn after_revocation_a_copy_of_the_token_and_captured_ciphertexts_open_nothing() {
    on_both(revocation);
}

fn revocation(s: &Setup) {
    let token = s.create("leaky", &["prod"], &[]);
    let parsed = ServiceToken::parse(&token).unwrap();
    // What an eavesdropper on the server's side could keep: the wraps and ciphertexts.
    let grant: TokenGrant = reqwest::blocking::Client::new()
        .post(format!("{}/v1/use-token", s.server.url()))
        .bearer_auth(parsed.credential().expose_str().unwrap())
        .send()
        .unwrap()
        .json()
        .unwrap();
    let real = SecretKey::from_slice(&grant.share).unwrap();
    let wrap = grant.envs[0].keys[0].wrapped.clone();
    assert!(parsed.identity(&real).unwrap_key(&wrap).is_ok());

    let r = ok(&s.alice, &["token", "revoke", "leaky"], &[]);
    assert!(
        r.stderr.contains("revoked service token leaky"),
        "{}",
        r.stderr
    );
    let (r, _) = ci(&["get", "auth.key"], &with_token(&token), "");
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("was revoked at"), "{}", r.stderr);
    // The server forgot its share and the wraps: nothing is left to release.
    assert_eq!(
        s.numbers(
            "SELECT COUNT(*) FROM service_tokens WHERE id = ?1 AND share IS NOT NULL",
            &parsed.id
        ),
        [0]
    );
    assert_eq!(
        s.numbers(
            "SELECT COUNT(*) FROM service_token_keys WHERE token_id = ?1",
            &parsed.id
        ),
        [0]
    );
    // The token alone (any guess at the share) does not open what was captured.
    for guess in [[0u8; 32], [1u8; 32]] {
        let guess = SecretKey::from_slice(&guess).unwrap();
        assert!(parsed.identity(&guess).unwrap_key(&wrap).is_err());
    }
    // The name may be used again; the old token stays dead.
    let again = s.create("leaky", &["prod"], &[]);
    assert_ne!(again, token);
    assert_eq!(ci(&["get", "auth.key"], &with_token(&token), "").0.code, 9);
    assert_eq!(ci(&["get", "auth.key"], &with_token(&again), "").0.code, 0);
    // --rotate also starts a new key version, so values pushed later are closed to anyone
    // who kept the token's key; a token made afterwards gets the new version and reads.
    let survivor = s.create("survivor", &["prod"], &[]);
    let r = ok(&s.alice, &["token", "revoke", "leaky", "--rotate"], &[]);
    assert!(r.stderr.contains("now uses key version 2"), "{}", r.stderr);
    ok(
        &s.alice,
        &["set", "-e", "prod", "auth.key=rotated-secret"],
        &[],
    );
    ok(&s.alice, &["push"], &[]);
    // A live token made before the rotation received the new key version from alice's
    // device (which made it); the revoked one received nothing.
    let (r, _) = ci(&["get", "auth.key"], &with_token(&survivor), "");
    assert_eq!(
        (r.code, r.stdout()),
        (0, "rotated-secret".into()),
        "{}",
        r.stderr
    );
    assert_eq!(
        s.numbers(
            "SELECT COUNT(*) FROM service_token_keys WHERE token_id = ?1",
            &parsed.id
        ),
        [0]
    );
    let fresh = s.create("fresh", &["prod"], &[]);
    let (r, _) = ci(&["get", "auth.key"], &with_token(&fresh), "");
    assert_eq!(
        (r.code, r.stdout()),
        (0, "rotated-secret".into()),
        "{}",
        r.stderr
    );
}

#[test]
fn the_token_and_its_share_are_never_in_the_servers_store_log_or_audit() {
    on_both(never_stored);
}

fn never_stored(s: &Setup) {
    let token = s.create("quiet", &["prod"], &[]);
    let (r, _) = ci(&["get", "auth.key"], &with_token(&token), "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let wrong = format!("{}x", &token[..token.len() - 1]);
    let _ = ci(&["get", "auth.key"], &with_token(&wrong), "");
    let parsed = ServiceToken::parse(&token).unwrap();
    let share_b64 = token.split('.').nth(2).unwrap().to_string();
    let auth = parsed.credential().expose_str().unwrap().to_string();
    let auth_secret = auth.rsplit('_').next().unwrap().to_string();
    let store = s.store_bytes();
    let log: Vec<String> = s.server.lines.as_ref().unwrap().try_iter().collect();
    let log = log.join("\n");
    for (what, needle) in [
        ("token", token.as_str()),
        ("token's share", share_b64.as_str()),
        ("auth secret", auth_secret.as_str()),
    ] {
        assert!(
            !store.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "the {what} is in the server's store"
        );
        assert!(!log.contains(needle), "the {what} is in the server's log");
    }
    let audit = s.token_audit();
    assert!(
        audit
            .iter()
            .all(|(a, n, _, c)| !format!("{a}{n}{c}").contains(&share_b64))
    );
}

#[test]
fn a_token_for_two_environments_needs_e_to_pick_one() {
    on_both(two_envs);
}

fn two_envs(s: &Setup) {
    let token = s.create("both", &["prod", "staging"], &[]);
    assert!(token.starts_with("scs_prod+staging."), "{token}");
    let (r, _) = ci(&["get", "STAGING_ONLY"], &with_token(&token), "");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("choose one"), "{}", r.stderr);
    let (r, _) = ci(
        &["-e", "staging", "get", "STAGING_ONLY"],
        &with_token(&token),
        "",
    );
    assert_eq!(
        (r.code, r.stdout()),
        (0, "staging-secret".into()),
        "{}",
        r.stderr
    );
    // An environment this vault does not have is named, not guessed.
    let r = run(&s.alice, &["token", "create", "x", "-e", "nope"], &[]);
    assert_eq!(r.code, 5, "{}", r.stderr);
}

/// A loopback "server" that answers every request with `head` (status line and headers)
/// and then `body_len` bytes of `x`, on its own thread; its URL.
fn oversized_server(head: &'static str, body_len: usize) -> String {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut buf = [0u8; 8192];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(head.as_bytes());
            let chunk = vec![b'x'; 1 << 20];
            let mut left = body_len;
            while left > 0 {
                let n = left.min(chunk.len());
                if stream.write_all(&chunk[..n]).is_err() {
                    break;
                }
                left -= n;
            }
        }
    });
    url
}

#[test]
fn an_answer_larger_than_the_client_reads_is_refused_naming_the_server_and_the_limit() {
    // One that declares a huge body, and one that streams past the limit without a length.
    let declared = oversized_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1099511627776\r\n\r\n",
        16,
    );
    let streamed = oversized_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
        257 << 20,
    );
    for url in [declared, streamed] {
        let token = ServiceToken::generate(&["prod"], &url).token;
        let text = token.expose_text();
        let (r, left) = ci(
            &["get", "auth.key"],
            &with_token(text.expose_str().unwrap()),
            "",
        );
        assert_eq!(r.code, 1, "{url}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "the server at {url} sent an answer larger than 256 MiB"
            )),
            "{url}: {}",
            r.stderr
        );
        assert!(left.is_empty(), "left {left:?}");
    }
}

/// The key versions of `env` the token `id` holds on the server.
fn token_versions(s: &Setup, id: &str, env: &str) -> Vec<i64> {
    s.numbers(
        &format!(
            "SELECT k.key_version FROM service_token_keys k JOIN envs e ON e.id = k.env_id
             WHERE k.token_id = ?1 AND e.name = '{env}' ORDER BY k.key_version"
        ),
        id,
    )
}

#[test]
fn a_new_key_version_reaches_live_tokens_made_here_and_not_a_recipient_the_server_adds() {
    on_both(new_key_versions);
}

fn new_key_versions(s: &Setup) {
    let token = s.create("rot", &["prod"], &[]);
    let id = ServiceToken::parse(&token).unwrap().id;
    // The server plants a token of its own holding prod's keys: its recipient was never
    // pinned by a device, so it must get no new key version.
    let planted = ServiceToken::generate(&["prod"], "http://127.0.0.1:1");
    let planted_recipient = planted.token.identity(&planted.server_share).recipient();
    let planted_id = planted.token.id.clone();
    s.execute(
        &format!(
            "INSERT INTO service_tokens (id, name, recipient, verifier, share, can_write, names,
                 cidrs, max_uses, expires_at, created_by, created_at)
             SELECT ?1, 'planted', '{planted_recipient}', verifier, share, can_write, names,
                 cidrs, max_uses, expires_at, created_by, created_at
             FROM service_tokens WHERE name = 'rot'"
        ),
        &planted_id,
    );
    s.execute(
        "INSERT INTO service_token_keys (token_id, env_id, key_version, wrapped)
         SELECT ?1, env_id, key_version, wrapped FROM service_token_keys
         WHERE token_id = (SELECT id FROM service_tokens WHERE name = 'rot')",
        &planted_id,
    );
    let revoked = s.create("gone", &["prod"], &[]);
    let revoked_id = ServiceToken::parse(&revoked).unwrap().id;
    ok(&s.alice, &["token", "revoke", "gone"], &[]);

    ok(&s.alice, &["rotate-key", "-e", "prod"], &[]);
    ok(
        &s.alice,
        &[
            "set",
            "-e",
            "prod",
            "DATABASE_URL=postgres://after-rotation",
        ],
        &[],
    );
    let r = ok(&s.alice, &["push"], &[]);
    assert!(
        r.stderr
            .contains("gave service token rot the keys of app/prod: key version 2"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "service token planted lacks key version 2 of app/prod: it was not made on this device"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(token_versions(s, &id, "prod"), [1, 2]);
    assert_eq!(token_versions(s, &planted_id, "prod"), [1]);
    assert!(token_versions(s, &revoked_id, "prod").is_empty());
    let (r, _) = ci(
        &["inject", "--", "printenv", "DATABASE_URL"],
        &with_token(&token),
        "",
    );
    assert_eq!(
        (r.code, r.stdout()),
        (0, "postgres://after-rotation\n".into()),
        "{}",
        r.stderr
    );
    let (r, _) = ci(&["get", "auth.key"], &with_token(&revoked), "");
    assert_eq!(r.code, 9, "{}", r.stderr);
}

#[test]
fn a_token_for_an_inheriting_environment_sees_what_a_vault_inject_sees() {
    on_both(inheritance);
}

fn inheritance(s: &Setup) {
    s.alice.ok(&["env", "create", "base"]);
    s.alice
        .ok(&["env", "create", "child", "--inherits", "base"]);
    for (env, name, value) in [
        ("base", "SHARED", "from-base"),
        ("base", "OVERRIDDEN", "base-value"),
        ("base", "auth.base", "base-auth"),
        ("child", "OVERRIDDEN", "child-value"),
        ("child", "OWN", "child-own"),
    ] {
        s.alice.ok_stdin(&["set", "-e", env, name], value);
    }
    // New environments once others are on the server: pushed by name (base with child).
    ok(&s.alice, &["push", "-e", "child"], &[]);
    let token = s.create("kid", &["child"], &[]);
    let id = ServiceToken::parse(&token).unwrap().id;
    // The base's keys are wrapped to the token, but the token reads only child.
    assert_eq!(token_versions(s, &id, "base"), [1]);
    assert_eq!(
        s.numbers(
            "SELECT COUNT(*) FROM service_token_envs WHERE token_id = ?1",
            &id
        ),
        [1]
    );
    let show = "printf '%s|%s|%s|%s' \"$SHARED\" \"$OVERRIDDEN\" \"$OWN\" \"$auth_base\"";
    let vault = ok(
        &s.alice,
        &["inject", "-e", "child", "--", "sh", "-c", show],
        &[],
    );
    assert_eq!(vault.stdout(), "from-base|child-value|child-own|");
    let (r, _) = ci(&["inject", "--", "sh", "-c", show], &with_token(&token), "");
    assert_eq!((r.code, r.stdout()), (0, vault.stdout()), "{}", r.stderr);
    let from_vault = ok(
        &s.alice,
        &["export", "-e", "child", "--format", "json"],
        &[],
    );
    let (r, _) = ci(&["export", "--format", "json"], &with_token(&token), "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout(), from_vault.stdout());
    let (r, _) = ci(&["-e", "base", "get", "SHARED"], &with_token(&token), "");
    assert_eq!(r.code, 5, "{}", r.stderr);
    // --names applies to inherited items too.
    let narrow = s.create("narrow", &["child"], &["--names", "auth.*"]);
    let (r, _) = ci(&["list", "--json"], &with_token(&narrow), "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&r.stdout).unwrap();
    let names: Vec<&str> = listed.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["auth.base"]);
    // The use is audited with the inherited names served.
    let audit = s.token_audit();
    assert_eq!(audit.last().unwrap().1, r#"["auth.base"]"#);
}

/// The audit entries of `action`: (actor, names, allowed, client).
fn audit_of(s: &Setup, action: &str) -> Vec<(String, String, bool, String)> {
    let sql = format!(
        "SELECT actor, names, allowed, client FROM audit WHERE action = '{action}' ORDER BY seq"
    );
    match &s.db {
        Db::Sqlite => {
            let db = s.server.db();
            let mut stmt = db.prepare(&sql).unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        }
        Db::Postgres { url, .. } => crate::teams::pg_rows(url, &sql, &[])
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect(),
    }
}

#[test]
fn a_write_token_sets_and_imports_only_names_its_globs_match_into_an_unprotected_env() {
    on_both(writes);
}

fn writes(s: &Setup) {
    let token = s.create("writer", &["prod"], &["--write", "--names", "auth.*,NEW_*"]);
    let (r, left) = ci(&["set", "auth.key"], &with_token(&token), "written-by-ci\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("updated auth.key in app/prod (version 2) with service token writer"),
        "{}",
        r.stderr
    );
    assert!(left.is_empty(), "set left {left:?}");
    let (r, left) = ci(
        &["import", "-"],
        &with_token(&token),
        "NEW_ONE=1\nNEW_TWO=two\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("created NEW_TWO in app/prod (version 1)"),
        "{}",
        r.stderr
    );
    assert!(left.is_empty(), "import left {left:?}");
    // The token reads what it wrote, and so does a device after a pull.
    let (r, _) = ci(&["get", "NEW_TWO"], &with_token(&token), "");
    assert_eq!((r.code, r.stdout()), (0, "two".into()), "{}", r.stderr);
    ok(&s.alice, &["pull"], &[]);
    assert_eq!(
        s.alice.ok(&["get", "-e", "prod", "auth.key"]),
        "written-by-ci"
    );
    // A name outside its globs is refused, and nothing of that push lands.
    let (r, _) = ci(
        &["import", "-"],
        &with_token(&token),
        "NEW_THREE=3\nbilling.key=x\n",
    );
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(
        r.stderr.contains("may not write \"billing.key\""),
        "{}",
        r.stderr
    );
    let (r, _) = ci(&["get", "NEW_THREE"], &with_token(&token), "");
    assert_eq!(r.code, 5, "{}", r.stderr);
    // Audited with the token's name, the names written and the client address.
    let audit = audit_of(s, "token_write");
    assert_eq!(audit.len(), 3, "{audit:?}");
    assert_eq!(
        audit[0],
        (
            "token:writer".to_string(),
            r#"["auth.key"]"#.to_string(),
            true,
            "127.0.0.1".to_string()
        )
    );
    assert!(!audit[2].2, "{audit:?}");
    // A protected environment takes proposals from people only: the token is refused.
    ok(&s.alice, &["env", "protect", "prod"], &[]);
    let (r, _) = ci(&["set", "auth.key"], &with_token(&token), "again\n");
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("is protected"), "{}", r.stderr);
    let (r, _) = ci(&["get", "auth.key"], &with_token(&token), "");
    assert_eq!(r.stdout(), "written-by-ci");
}

#[test]
fn a_token_follows_its_envs_feed_by_its_names_and_is_refused_elsewhere_and_at_once_when_revoked() {
    on_both(token_feed);
}

/// `GET /v1/envs/{env}/changes?since&wait` with `credential` as the bearer: status and body.
fn feed_get(s: &Setup, credential: &str, env: &str, since: i64, wait: u64) -> (u16, String) {
    let url = format!(
        "{}/v1/envs/{env}/changes?since={since}&wait={wait}",
        s.server.url()
    );
    let r = reqwest::blocking::Client::new()
        .get(url)
        .bearer_auth(credential)
        .timeout(std::time::Duration::from_secs(60))
        .send()
        .unwrap();
    (r.status().as_u16(), r.text().unwrap())
}

fn token_feed(s: &Setup) {
    let token = s.create(
        "watcher",
        &["prod"],
        &["--names", "auth.*", "--max-uses", "1"],
    );
    let credential = ServiceToken::parse(&token).unwrap().credential();
    let credential = std::str::from_utf8(credential.expose())
        .unwrap()
        .to_string();
    s.create("staging-job", &["staging"], &[]);
    let listed = ok(&s.alice, &["token", "list", "--json"], &[]);
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout).unwrap();
    let id_of = |env: &str| {
        listed
            .iter()
            .flat_map(|t| t["envs"].as_array().unwrap())
            .find(|e| e["env"] == env)
            .and_then(|e| e["env_id"].as_str())
            .unwrap_or_else(|| panic!("no id for {env} in {listed:?}"))
            .to_string()
    };
    let (prod, staging) = (id_of("prod"), id_of("staging"));

    let (status, body) = feed_get(s, &credential, &prod, 0, 0);
    assert_eq!(status, 200, "{body}");
    let page: secretscli::wire::feed::FeedPage = serde_json::from_str(&body).unwrap();
    let names = page.names();
    assert_eq!(names, ["auth.key"], "only the names auth.* matches: {body}");

    let (status, body) = feed_get(s, &credential, &staging, 0, 0);
    assert_eq!(status, 403, "staging is not the token's: {body}");
    assert!(body.contains("holds no keys of this environment"), "{body}");
    let (status, _) = feed_get(s, "scsa_00000000000000000000000000000000_AAAA", &prod, 0, 0);
    assert_eq!(status, 401);

    // Watching is not a use: the one use --max-uses allows is left for the CI job.
    let (r, _) = ci(&["get", "auth.key"], &[("SECRETSCLI_TOKEN", &token)], "");
    assert_eq!(r.code, 0, "{}", r.stderr);

    // A long-poll held at the head is answered 401 when the token is revoked, not at the
    // end of its wait (25 s, after which, with nothing new, it would answer 200). Should
    // the request reach the server only after the revocation, it is refused at once.
    let held = {
        let (server, credential, prod) = (s.server.url(), credential.clone(), prod.clone());
        let revision = page.revision;
        std::thread::spawn(move || {
            let url = format!("{server}/v1/envs/{prod}/changes?since={revision}&wait=25");
            let r = reqwest::blocking::Client::new()
                .get(url)
                .bearer_auth(credential)
                .send()
                .unwrap();
            r.status().as_u16()
        })
    };
    ok(&s.alice, &["token", "revoke", "watcher"], &[]);
    assert_eq!(
        held.join().unwrap(),
        401,
        "the held long-poll was refused once revoked"
    );
    let (status, body) = feed_get(s, &credential, &prod, 0, 0);
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("revoked"), "{body}");
}

#[test]
fn inject_watch_with_a_token_restarts_once_after_a_push_of_a_used_name_and_writes_nothing() {
    on_both(token_inject_watch);
}

fn token_inject_watch(s: &Setup) {
    let token = s.create("service", &["prod"], &[]);
    let home = tempfile::Builder::new().prefix("svc").tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let log = out.path().join("starts.log");
    let script = format!(
        "echo \"start $DATABASE_URL\" >> '{}'; exec sleep 600",
        log.display()
    );
    let child = Command::new(env!("CARGO_BIN_EXE_secretscli"))
        .args([
            "inject",
            "--watch",
            "--only",
            "DATABASE_URL",
            "--grace",
            "300ms",
        ])
        .args(["--", "sh", "-c", &script])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("SECRETSCLI_TOKEN", &token)
        .current_dir(home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    crate::feed::wait_for_line(&log, |l| l == "start postgres://prod");
    // A push of a name the command does not use, then of one it uses: one restart.
    s.alice
        .ok_stdin(&["set", "-e", "prod", "billing.key"], "new-billing");
    ok(&s.alice, &["push"], &[]);
    s.alice
        .ok_stdin(&["set", "-e", "prod", "DATABASE_URL"], "postgres://rotated");
    ok(&s.alice, &["push"], &[]);
    let lines = crate::feed::wait_for_line(&log, |l| l == "start postgres://rotated");
    assert_eq!(lines, ["start postgres://prod", "start postgres://rotated"]);
    let done = crate::feed::terminate(child);
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(stderr.contains("DATABASE_URL changed"), "{stderr}");
    assert!(!stderr.contains("rotated"), "a value leaked: {stderr}");
    let left = walk(home.path());
    assert!(left.is_empty(), "the watcher left files in HOME: {left:?}");
}
