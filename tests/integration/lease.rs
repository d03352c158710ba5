//! Dynamic PostgreSQL credentials (issue 16): `lease postgres` against the real
//! PostgreSQL. The child gets a login that works during the lease; after a revoke, after
//! its end, after its command exits, and after a kill -9 of secretscli followed by `lease
//! reap`, the login is gone and the sessions it had open are terminated.
//!
//! The test database trusts 127.0.0.1 (see rotation.rs), so `VALID UNTIL` (checked only by
//! password authentication) cannot be seen refusing a login here: the tests check the
//! stored `rolvaliduntil` instead, and that the login no longer exists once revoked.

use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::rotation::sql;
use crate::util::{TestEnv, skipped_without_postgres, test_database_url};

fn database() -> Option<String> {
    let url = test_database_url();
    if url.is_none() {
        skipped_without_postgres();
    }
    url
}

fn unique(kind: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "sc_lease_{kind}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A group role for one test (roles are cluster-wide), dropped at the end.
struct Group {
    admin: String,
    name: String,
}

impl Group {
    fn new(admin: &str) -> Group {
        let name = unique("grp");
        sql(admin, &format!("CREATE ROLE {name} NOLOGIN"));
        Group {
            admin: admin.to_string(),
            name,
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        sql(&self.admin, &format!("DROP ROLE IF EXISTS {}", self.name));
    }
}

/// A vault whose ADMIN item is `admin`.
fn lease_env(admin: &str) -> TestEnv {
    let env = TestEnv::unlocked();
    env.set("ADMIN", admin);
    env
}

fn role_exists(admin: &str, login: &str) -> bool {
    !sql(
        admin,
        &format!("SELECT 1 FROM pg_roles WHERE rolname = '{login}'"),
    )
    .is_empty()
}

/// Polls `cond` until it holds; fails the test after `limit`.
fn await_that(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The child's side: writes what it was given to `creds` (atomically), then waits for
/// the test to create `stop`, then exits with `code`. It also ends when `creds` is gone
/// (the test's directory removed): a child whose `lease` was killed with SIGKILL is an
/// orphan nobody stops, and would otherwise poll for ever.
const HOLD: &str = r#"printf '%s\n%s\n%s\n%s\n' "$PGUSER" "$PGPASSWORD" "$DATABASE_URL" "$PGHOST:$PGPORT/$PGDATABASE" > creds.tmp && mv creds.tmp creds
while [ ! -e stop ] && [ -e creds ]; do sleep 0.05; done
exit "${1:-0}""#;

/// A running `lease postgres` whose child holds until [`Held::release`].
struct Held<'a> {
    env: &'a TestEnv,
    process: Child,
    login: String,
    password: String,
    url: String,
    parts: String,
}

impl<'a> Held<'a> {
    fn start(env: &'a TestEnv, extra: &[&str]) -> Held<'a> {
        let _ = std::fs::remove_file(env.path().join("creds"));
        let _ = std::fs::remove_file(env.path().join("stop"));
        let mut args = vec!["lease", "postgres", "--admin", "ADMIN"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--", "sh", "-c", HOLD, "hold"]);
        let mut process = env
            .cmd(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let creds = env.path().join("creds");
        let deadline = Instant::now() + Duration::from_secs(20);
        while !creds.exists() {
            if let Some(status) = process.try_wait().unwrap() {
                let out = process.wait_with_output().unwrap();
                panic!(
                    "lease postgres exited {status}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            assert!(Instant::now() < deadline, "the child never started");
            std::thread::sleep(Duration::from_millis(50));
        }
        let text = std::fs::read_to_string(creds).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        Held {
            env,
            process,
            login: lines[0].to_string(),
            password: lines[1].to_string(),
            url: lines[2].to_string(),
            parts: lines[3].to_string(),
        }
    }

    fn id(&self) -> &str {
        self.login.strip_prefix("secretscli_lease_").unwrap()
    }

    /// Lets the child exit; the run's exit code and stderr.
    fn release(self) -> (i32, String) {
        std::fs::write(self.env.path().join("stop"), "").unwrap();
        let out = self.process.wait_with_output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// A session held open by the test, as the lease's login.
struct Session {
    rt: tokio::runtime::Runtime,
    client: tokio_postgres::Client,
}

impl Session {
    fn open(url: &str) -> Result<Session, String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = rt.block_on(async {
            let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .map_err(|e| message(&e))?;
            tokio::spawn(conn);
            Ok::<_, String>(client)
        })?;
        Ok(Session { rt, client })
    }

    fn user(&self) -> Result<String, String> {
        self.rt
            .block_on(self.client.query_one("SELECT current_user::text", &[]))
            .map(|r| r.get(0))
            .map_err(|e| message(&e))
    }
}

/// The server's message where there is one ("db error" alone says nothing).
fn message(e: &tokio_postgres::Error) -> String {
    e.as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_else(|| e.to_string())
}

fn lease_ids(env: &TestEnv) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["lease", "list", "--json"])).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_command_runs_with_a_login_granted_the_role_and_the_login_is_dropped_when_it_exits() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let check = format!(
        "psql -tA -c \"SELECT current_user, pg_has_role(current_user, '{}', 'MEMBER')\" && echo \"$PGUSER\" > login && exit 3",
        group.name
    );
    let run = env.run(&[
        "lease",
        "postgres",
        "--admin",
        "ADMIN",
        "--grant",
        &group.name,
        "--",
        "sh",
        "-c",
        &check,
    ]);
    assert_eq!(run.code, 3, "the child's exit code: {}", run.stderr);
    let login = std::fs::read_to_string(env.path().join("login")).unwrap();
    let login = login.trim();
    assert!(login.starts_with("secretscli_lease_"), "{login}");
    assert_eq!(run.stdout(), format!("{login}|t\n"));
    assert!(
        run.stderr.contains(&format!("login {login} dropped")),
        "{}",
        run.stderr
    );
    assert!(!role_exists(&admin, login));
    assert!(lease_ids(&env).is_empty());
    let audit = env.ok(&["audit"]);
    assert!(
        audit.contains("lease-create") && audit.contains("lease-revoke"),
        "{audit}"
    );
}

#[test]
fn the_child_gets_the_admin_urls_host_port_and_database_and_a_login_valid_until_the_end() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let held = Held::start(&env, &["--grant", &group.name, "--ttl", "10m"]);
    let a = url::Url::parse(&admin).unwrap();
    let expected = format!(
        "{}:{}/{}",
        a.host_str().unwrap(),
        a.port().unwrap_or(5432),
        a.path().trim_start_matches('/')
    );
    assert_eq!(held.parts, expected);
    let u = url::Url::parse(&held.url).unwrap();
    assert_eq!(
        (u.username(), u.password()),
        (held.login.as_str(), Some(held.password.as_str()))
    );
    assert_eq!(held.password.len(), 32);
    // VALID UNTIL is the lease's end, ten minutes from now (give or take the test's pace).
    let left = sql(
        &admin,
        &format!(
            "SELECT extract(epoch FROM rolvaliduntil - now())::int FROM pg_roles WHERE rolname = '{}'",
            held.login
        ),
    );
    let left: i64 = left[0][0].as_deref().unwrap().parse().unwrap();
    assert!((500..=600).contains(&left), "{left}");
    // `lease list --json`: one object per lease, these fields.
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["lease", "list", "--json"])).unwrap();
    let entry = list[0].as_object().unwrap();
    let keys: Vec<&str> = entry.keys().map(String::as_str).collect();
    let mut expected_keys = [
        "id",
        "login",
        "role",
        "admin_item",
        "env",
        "created",
        "expires",
        "max_expires",
        "state",
    ];
    expected_keys.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected_keys);
    assert_eq!(entry["login"], held.login.as_str());
    assert_eq!(entry["role"], group.name.as_str());
    assert_eq!(entry["admin_item"], "ADMIN");
    assert_eq!(entry["env"], "app/dev");
    assert_eq!(entry["state"], "active");
    // The vault records no password.
    let dump: String = env
        .sqlite()
        .query_row(
            "SELECT group_concat(id || login || admin_item || role) FROM leases",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!dump.contains(&held.password));
    let (code, stderr) = held.release();
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn after_lease_revoke_the_login_cannot_log_in_and_its_open_session_is_terminated() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let held = Held::start(&env, &["--grant", &group.name]);
    let session = Session::open(&held.url).unwrap();
    assert_eq!(session.user().unwrap(), held.login);
    assert_eq!(lease_ids(&env), [held.id()]);

    let run = env.run(&["lease", "revoke", held.id()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("lease {} revoked", held.id())),
        "{}",
        run.stderr
    );
    await_that(
        "the held session is terminated",
        Duration::from_secs(10),
        || session.user().is_err(),
    );
    let refused = Session::open(&held.url).err().unwrap();
    assert!(refused.contains("does not exist"), "{refused}");
    assert!(lease_ids(&env).is_empty());
    // The command's own end finds nothing left to revoke, and exits as the child did.
    let (code, stderr) = held.release();
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_lease_that_ends_while_its_command_runs_is_revoked_and_its_session_terminated() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let held = Held::start(&env, &["--grant", &group.name, "--ttl", "2s"]);
    let session = Session::open(&held.url).unwrap();
    assert_eq!(session.user().unwrap(), held.login);
    await_that(
        "the login is dropped at the lease's end",
        Duration::from_secs(15),
        || !role_exists(&admin, &held.login),
    );
    await_that(
        "the held session is terminated",
        Duration::from_secs(10),
        || session.user().is_err(),
    );
    assert!(Session::open(&held.url).is_err());
    let login = held.login.clone();
    let (code, stderr) = held.release();
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "expired while the command ran: login {login} dropped"
        )),
        "{stderr}"
    );
    let audit = env.ok(&["audit"]);
    assert!(audit.contains("lease-revoke"), "{audit}");
}

#[test]
fn a_kill_9_of_secretscli_mid_lease_leaves_a_record_that_lease_reap_drops() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let mut held = Held::start(&env, &["--grant", &group.name]);
    held.process.kill().unwrap();
    held.process.wait().unwrap();
    // The child lives on (it was not told), and so does its login, until a reap.
    assert!(role_exists(&admin, &held.login));
    let session = Session::open(&held.url).unwrap();
    let state: String = env
        .sqlite()
        .query_row(
            "SELECT state FROM leases WHERE login = ?1",
            [&held.login],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(state, "active");
    let run = env.run(&["lease", "reap"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("lease {} revoked", held.id())),
        "{}",
        run.stderr
    );
    assert!(!role_exists(&admin, &held.login));
    await_that(
        "the orphan's session is terminated",
        Duration::from_secs(10),
        || session.user().is_err(),
    );
    assert!(lease_ids(&env).is_empty());
    std::fs::write(env.path().join("stop"), "").unwrap();
    let again = env.run(&["lease", "reap"]);
    assert!(again.stderr.contains("nothing to reap"), "{}", again.stderr);
}

#[test]
fn the_next_lease_command_revokes_a_lease_whose_holder_is_gone() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let mut held = Held::start(&env, &["--grant", &group.name]);
    held.process.kill().unwrap();
    held.process.wait().unwrap();
    std::fs::write(env.path().join("stop"), "").unwrap();
    let run = env.run(&["lease", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("lease {} revoked", held.id())),
        "{}",
        run.stderr
    );
    assert!(!run.stdout().contains(held.id()), "{}", run.stdout());
    assert!(!role_exists(&admin, &held.login));
}

/// The start of the logins [`expired_leases`] makes in this test process.
fn login_prefix() -> String {
    format!("secretscli_lease_{:05}", std::process::id() % 100_000)
}

/// Writes `n` lease records that expired a second ago, with their logins, as a crashed
/// run of many leases would leave them (quicker than `n` runs of `lease postgres`).
fn expired_leases(env: &TestEnv, admin: &str, group: &str, n: usize, tag: u8) -> Vec<String> {
    let logins: Vec<String> = (0..n)
        .map(|i| format!("{}{tag}{i:06}", login_prefix()))
        .collect();
    let create: String = logins
        .iter()
        .map(|l| format!("CREATE ROLE {l} LOGIN VALID UNTIL '2000-01-01'; GRANT {group} TO {l};"))
        .collect();
    sql(admin, &create);
    let db = env.sqlite();
    let env_id: String = db
        .query_row("SELECT id FROM envs WHERE name = 'dev'", [], |r| r.get(0))
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    for l in &logins {
        db.execute(
            "INSERT INTO leases (id, env_id, login, admin_item, role, created_at, expires_at,
             max_expires_at, state) VALUES (?1, ?2, ?3, 'ADMIN', ?4, ?5, ?6, ?6, 'active')",
            rusqlite::params![
                l.strip_prefix("secretscli_lease_").unwrap(),
                env_id,
                l,
                group,
                now - 60_000,
                now - 1_000
            ],
        )
        .unwrap();
    }
    logins
}

#[test]
fn two_hundred_leases_expiring_together_are_reaped_in_batches_without_error() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let logins = expired_leases(&env, &admin, &group.name, 200, 0);
    let run = env.run(&["lease", "reap"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches(" revoked: login ").count(),
        200,
        "{}",
        run.stderr
    );
    let left = sql(
        &admin,
        &format!(
            "SELECT count(*) FROM pg_roles WHERE rolname LIKE '{}0%'",
            login_prefix()
        ),
    );
    assert_eq!(left[0][0].as_deref(), Some("0"));
    assert!(lease_ids(&env).is_empty());
    // Four batches of 50, each one audit entry.
    let audit = env.ok(&["audit"]);
    assert_eq!(audit.matches("lease-revoke").count(), 4, "{audit}");
    assert_eq!(logins.len(), 200);
}

#[test]
fn a_lease_record_edited_to_name_another_role_is_refused_as_damage_and_the_role_kept() {
    let Some(admin) = database() else { return };
    let victim = Group::new(&admin);
    let env = lease_env(&admin);
    let env_id: String = env
        .sqlite()
        .query_row("SELECT id FROM envs WHERE name = 'dev'", [], |r| r.get(0))
        .unwrap();
    env.sqlite()
        .execute(
            "INSERT INTO leases (id, env_id, login, admin_item, role, created_at, expires_at,
             max_expires_at, state) VALUES ('abcdefabcdef', ?1, ?2, 'ADMIN', 'x', 0, 1, 1, 'active')",
            rusqlite::params![env_id, victim.name],
        )
        .unwrap();
    let err = env.fails(&["lease", "reap"], 6);
    assert!(err.contains("the record of lease abcdefabcdef"), "{err}");
    assert!(role_exists(&admin, &victim.name));
}

#[test]
fn renew_moves_the_end_and_beyond_max_ttl_is_refused_with_the_maximum() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let held = Held::start(
        &env,
        &["--grant", &group.name, "--ttl", "1m", "--max-ttl", "10m"],
    );
    let valid_until = || {
        sql(
            &admin,
            &format!(
                "SELECT extract(epoch FROM rolvaliduntil - now())::int FROM pg_roles WHERE rolname = '{}'",
                held.login
            ),
        )[0][0]
            .as_deref()
            .unwrap()
            .parse::<i64>()
            .unwrap()
    };
    assert!(valid_until() <= 60);
    let err = env.fails(&["lease", "renew", held.id(), "--ttl", "1h"], 7);
    assert!(
        err.contains(&format!("lease {} cannot be renewed", held.id())),
        "{err}"
    );
    assert!(err.contains("its maximum end is"), "{err}");
    assert!(valid_until() <= 60);
    let run = env.run(&["lease", "renew", held.id(), "--ttl", "5m"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!((240..=300).contains(&valid_until()), "{}", valid_until());
    let err = env.fails(&["lease", "renew", "nosuchlease1", "--ttl", "1m"], 5);
    assert!(err.contains("lease list"), "{err}");
    let (code, stderr) = held.release();
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_grant_of_a_role_the_admin_is_not_a_member_of_is_refused_and_leaves_nothing() {
    let Some(superuser) = database() else { return };
    let group = Group::new(&superuser);
    let admin_role = unique("adm");
    sql(
        &superuser,
        &format!("CREATE ROLE {admin_role} LOGIN CREATEROLE"),
    );
    let mut url = url::Url::parse(&superuser).unwrap();
    url.set_username(&admin_role).unwrap();
    let env = lease_env(url.as_str());
    let run = env.run(&[
        "lease",
        "postgres",
        "--admin",
        "ADMIN",
        "--grant",
        &group.name,
        "--",
        "touch",
        "ran",
    ]);
    assert_eq!(run.code, 9, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "the admin {admin_role} may not grant role \"{}\": it is not a member of it",
            group.name
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("GRANT {} TO {admin_role}", group.name)),
        "{}",
        run.stderr
    );
    assert!(!env.path().join("ran").exists());
    assert!(lease_ids(&env).is_empty());
    let members = sql(
        &superuser,
        &format!(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = '{}'",
            group.name
        ),
    );
    assert!(members.is_empty(), "{members:?}");
    // Once the admin has the role, the same lease works (and a non-superuser admin
    // drops the login it made).
    sql(&superuser, &format!("GRANT {} TO {admin_role}", group.name));
    let run = env.run(&[
        "lease",
        "postgres",
        "--admin",
        "ADMIN",
        "--grant",
        &group.name,
        "--",
        "touch",
        "ran",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(env.path().join("ran").exists());
    assert!(run.stderr.contains("dropped"), "{}", run.stderr);
    sql(&superuser, &format!("DROP ROLE {admin_role}"));
}

#[test]
fn sigterm_reaches_the_command_and_the_lease_is_still_revoked() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let script = "trap 'exit 42' TERM; echo \"$PGUSER\" > login.tmp && mv login.tmp login; while :; do sleep 0.05; done";
    let process = env
        .cmd(&[
            "lease",
            "postgres",
            "--admin",
            "ADMIN",
            "--grant",
            &group.name,
            "--",
            "sh",
            "-c",
            script,
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let login_file = env.path().join("login");
    await_that("the child runs", Duration::from_secs(20), || {
        login_file.exists()
    });
    let login = std::fs::read_to_string(&login_file)
        .unwrap()
        .trim()
        .to_string();
    let pid = rustix::process::Pid::from_raw(process.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let out = process.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(42),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!role_exists(&admin, &login));
}

#[test]
fn a_command_killed_by_a_signal_gives_128_plus_the_signal() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let run = env.run(&[
        "lease",
        "postgres",
        "--admin",
        "ADMIN",
        "--grant",
        &group.name,
        "--",
        "sh",
        "-c",
        "kill -9 $$",
    ]);
    assert_eq!(run.code, 137, "{}", run.stderr);
    assert!(run.stderr.contains("dropped"), "{}", run.stderr);
}

#[test]
fn a_ttl_longer_than_max_ttl_is_refused_before_anything_is_created() {
    let env = TestEnv::unlocked();
    env.set("ADMIN", "postgres://nobody@127.0.0.1:1/none");
    let err = env.fails(
        &[
            "lease",
            "postgres",
            "--admin",
            "ADMIN",
            "--grant",
            "app",
            "--ttl",
            "2h",
            "--max-ttl",
            "1h",
            "--",
            "true",
        ],
        8,
    );
    assert!(err.contains("longer than --max-ttl 1h"), "{err}");
    assert!(lease_ids(&env).is_empty());
}

#[test]
fn a_vault_written_before_leases_existed_opens_and_has_no_leases() {
    let env = TestEnv::new();
    let fixture = crate::util::FixtureVault::copy(&env, 4);
    let run = fixture.run(&["lease", "list", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout().trim(), "[]");
    let tables: i64 = rusqlite::Connection::open(&fixture.path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'leases'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1, "migration 8 ran");
}

#[test]
fn a_revoke_that_fails_at_exit_keeps_the_commands_code_and_leaves_the_lease_to_reap() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    // The command points the admin item at a server that does not answer.
    let script = r#"printf 'postgres://nobody@127.0.0.1:1/none' | "$0" set ADMIN >/dev/null 2>&1 && echo "$PGUSER" > login && exit 4"#;
    let bin = env!("CARGO_BIN_EXE_secretscli");
    let run = env.run(&[
        "lease",
        "postgres",
        "--admin",
        "ADMIN",
        "--grant",
        &group.name,
        "--",
        "sh",
        "-c",
        script,
        bin,
    ]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    let login = std::fs::read_to_string(env.path().join("login")).unwrap();
    let login = login.trim();
    assert!(
        run.stderr.contains(&format!("login {login} NOT dropped")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("lease reap"), "{}", run.stderr);
    assert!(role_exists(&admin, login));
    env.set("ADMIN", &admin);
    let run = env.run(&["lease", "reap"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!role_exists(&admin, login));
}

/// A database of its own for one test, dropped at the end.
struct Database {
    admin: String,
    name: String,
}

impl Database {
    fn new(admin: &str) -> Database {
        let name = unique("db");
        sql(admin, &format!("CREATE DATABASE {name}"));
        Database {
            admin: admin.to_string(),
            name,
        }
    }

    fn url(&self) -> String {
        let mut url = url::Url::parse(&self.admin).unwrap();
        url.set_path(&self.name);
        url.into()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        sql(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {}", self.name),
        );
    }
}

#[test]
fn a_login_that_cannot_be_dropped_does_not_keep_the_rest_of_its_batch_alive() {
    let Some(admin) = database() else { return };
    let group = Group::new(&admin);
    let env = lease_env(&admin);
    let logins = expired_leases(&env, &admin, &group.name, 3, 1);
    // An object in another database: REASSIGN/DROP OWNED reach only the current one.
    let other = Database::new(&admin);
    let blocked = &logins[1];
    sql(
        &other.url(),
        &format!("CREATE TABLE kept (); ALTER TABLE kept OWNER TO {blocked}"),
    );
    let run = env.run(&["lease", "reap"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("revoking {blocked} failed")),
        "{}",
        run.stderr
    );
    assert!(!role_exists(&admin, &logins[0]));
    assert!(!role_exists(&admin, &logins[2]));
    assert!(role_exists(&admin, blocked));
    let state: String = env
        .sqlite()
        .query_row(
            "SELECT state FROM leases WHERE login = ?1",
            [blocked],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(state, "revoking");
    // Once the object is gone, the next reap finishes the job.
    sql(&other.url(), "DROP TABLE kept");
    let run = env.run(&["lease", "reap"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!role_exists(&admin, blocked));
    assert!(lease_ids(&env).is_empty());
}
