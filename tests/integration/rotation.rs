//! Rotation (issue 16): `next`/`previous` aliases with `stage`, `promote`, `get KEY@ALIAS`
//! and `inject --alias next`, and `rotate postgres` against the real PostgreSQL, crashed
//! after each step and resumed.
//!
//! The test database's pg_hba.conf says `trust` for 127.0.0.1, so PostgreSQL accepts any
//! password there: "the old password no longer works" cannot be shown by a failed login.
//! These tests check what the database stores instead: the SCRAM verifier in `pg_authid`
//! is recomputed from the password the vault holds (RFC 5802 Hi with the stored salt and
//! iteration count), and a locked login has `rolcanlogin` false and no password.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::util::{TestEnv, skipped_without_postgres, test_database_url};

fn staged(env: &TestEnv, key: &str, value: &str) {
    env.ok_stdin(&["stage", key], value);
}

#[test]
fn stage_sets_next_and_promote_makes_it_current_and_the_old_one_previous() {
    let env = TestEnv::unlocked();
    env.set("DB", "one");
    staged(&env, "DB", "two");
    assert_eq!(env.get("DB"), b"one");
    assert_eq!(env.ok(&["get", "DB@next"]), "two");
    let history = env.ok(&["history", "DB"]);
    assert!(history.contains("2 (next)"), "{history}");
    assert!(history.contains("1 (current)"), "{history}");
    let run = env.run(&["promote", "DB"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("version 2 is current, version 1 is previous"),
        "{}",
        run.stderr
    );
    assert_eq!(env.get("DB"), b"two");
    assert_eq!(env.ok(&["get", "DB@previous"]), "one");
    let history = env.ok(&["history", "DB", "--json"]);
    assert!(history.contains(r#""alias": "previous""#), "{history}");
}

#[test]
fn promote_without_a_staged_value_fails_and_says_how_to_stage_one() {
    let env = TestEnv::unlocked();
    env.set("DB", "one");
    let err = env.fails(&["promote", "DB"], 5);
    assert!(
        err.contains("\"DB\" in app/dev has no next version"),
        "{err}"
    );
    assert!(err.contains("secretscli stage DB"), "{err}");
    let err = env.fails(&["get", "DB@previous"], 5);
    assert!(err.contains("has no previous version"), "{err}");
    assert_eq!(env.get("DB"), b"one");
}

#[test]
fn stage_refuses_an_item_that_does_not_exist_yet() {
    let env = TestEnv::unlocked();
    let run = env.run_stdin(&["stage", "NEW"], "v");
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(run.stderr.contains("NEW"), "{}", run.stderr);
}

#[test]
fn inject_alias_next_takes_staged_values_where_there_are_and_current_ones_elsewhere() {
    let env = TestEnv::unlocked();
    env.set("A", "a1");
    env.set("B", "b1");
    staged(&env, "A", "a2");
    let show = ["--", "sh", "-c", "echo $A $B"];
    let next = [&["inject", "--alias", "next"][..], &show[..]].concat();
    assert_eq!(env.ok(&next), "a2 b1\n");
    let current = [&["inject"][..], &show[..]].concat();
    assert_eq!(env.ok(&current), "a1 b1\n");
}

#[test]
fn rollback_after_promote_is_a_new_version_and_keeps_the_aliases_readable() {
    let env = TestEnv::unlocked();
    env.set("DB", "one");
    staged(&env, "DB", "two");
    env.ok(&["promote", "DB"]);
    env.ok(&["rollback", "DB", "--version", "1"]);
    assert_eq!(env.get("DB"), b"one");
    assert_eq!(env.ok(&["get", "DB", "--version", "3"]), "one");
    assert_eq!(env.ok(&["get", "DB@previous"]), "one");
}

#[test]
fn an_alias_pointer_changed_outside_secretscli_is_damage() {
    let env = TestEnv::unlocked();
    env.set("DB", "one");
    env.set("DB", "two");
    staged(&env, "DB", "three");
    env.ok(&["promote", "DB"]);
    // `previous` moved from version 2 to version 1: a pointer the tags never saw.
    env.sqlite()
        .execute(
            "UPDATE items SET previous_version = 1 WHERE name = 'DB'",
            [],
        )
        .unwrap();
    let err = env.fails(&["get", "DB@previous"], 6);
    assert!(err.contains("app/dev"), "{err}");
    env.fails(&["inject", "--", "true"], 6);
}

#[test]
fn a_staged_value_removed_outside_secretscli_is_damage() {
    let env = TestEnv::unlocked();
    env.set("DB", "one");
    staged(&env, "DB", "two");
    env.sqlite()
        .execute("UPDATE items SET next_version = NULL WHERE name = 'DB'", [])
        .unwrap();
    env.fails(&["inject", "--alias", "next", "--", "true"], 6);
    env.fails(&["get", "DB@next"], 6);
}

// ---- rotate postgres ----------------------------------------------------------------

/// Runs SQL on the test database as its (superuser) owner.
pub(crate) fn sql(url: &str, query: &str) -> Vec<Vec<Option<String>>> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        let task = tokio::spawn(conn);
        let mut out = Vec::new();
        for msg in client.simple_query(query).await.unwrap() {
            if let tokio_postgres::SimpleQueryMessage::Row(row) = msg {
                out.push(
                    (0..row.len())
                        .map(|i| row.get(i).map(str::to_string))
                        .collect(),
                );
            }
        }
        drop(client);
        let _ = task.await;
        out
    })
}

/// A login unique to one test (roles are cluster-wide), dropped with its `_alt` at the end
/// even when the test fails.
struct Role {
    admin: String,
    name: String,
}

impl Role {
    fn new(admin: &str) -> Role {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "sc_rot_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        sql(
            admin,
            &format!("CREATE ROLE {name} LOGIN PASSWORD 'initial-password'"),
        );
        Role {
            admin: admin.to_string(),
            name,
        }
    }

    /// `rolcanlogin` and `rolpassword` of `login`.
    fn stored(&self, login: &str) -> (bool, Option<String>) {
        let rows = sql(
            &self.admin,
            &format!("SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = '{login}'"),
        );
        let row = &rows[0];
        (row[0].as_deref() == Some("t"), row[1].clone())
    }
}

impl Drop for Role {
    fn drop(&mut self) {
        let n = &self.name;
        sql(
            &self.admin,
            &format!("DROP ROLE IF EXISTS {n}; DROP ROLE IF EXISTS {n}_alt"),
        );
    }
}

/// Whether `verifier` (PostgreSQL's `SCRAM-SHA-256$iter:salt$stored:server`) was made
/// from `password`: ServerKey = HMAC(Hi(password, salt, iter), "Server Key"), RFC 5802.
fn verifier_fits(verifier: &str, password: &str) -> bool {
    use base64::Engine as _;
    use hmac::{Hmac, Mac as _};
    type H = Hmac<sha2::Sha256>;
    let b64 = base64::engine::general_purpose::STANDARD;
    let rest = verifier.strip_prefix("SCRAM-SHA-256$").unwrap();
    let (params, keys) = rest.split_once('$').unwrap();
    let (iter, salt) = params.split_once(':').unwrap();
    let (_, server_key) = keys.split_once(':').unwrap();
    let iter: u32 = iter.parse().unwrap();
    let salt = b64.decode(salt).unwrap();
    let hmac = |key: &[u8], msg: &[u8]| {
        let mut m = H::new_from_slice(key).unwrap();
        m.update(msg);
        m.finalize().into_bytes()
    };
    let mut u = hmac(
        password.as_bytes(),
        &[&salt[..], &1u32.to_be_bytes()].concat(),
    );
    let mut salted = u;
    for _ in 1..iter {
        u = hmac(password.as_bytes(), &u);
        salted.iter_mut().zip(u.iter()).for_each(|(s, x)| *s ^= x);
    }
    b64.encode(hmac(&salted, b"Server Key")) == server_key
}

/// The password and user in a stored postgres:// URL.
fn credential(env: &TestEnv, key: &str) -> (String, String) {
    let url = String::from_utf8(env.get(key)).unwrap();
    let url = url::Url::parse(&url).unwrap();
    (
        url.username().to_string(),
        url.password().unwrap().to_string(),
    )
}

/// A vault whose DB item is `role`'s login on the test database and whose ADMIN item is
/// the test database's own URL.
fn rotation_env(admin: &str, role: &Role) -> TestEnv {
    let env = TestEnv::unlocked();
    let mut url = url::Url::parse(admin).unwrap();
    url.set_username(&role.name).unwrap();
    url.set_password(Some("initial-password")).unwrap();
    env.set("DB", url.as_str());
    env.set("ADMIN", admin);
    env
}

fn database() -> Option<String> {
    let url = test_database_url();
    if url.is_none() {
        skipped_without_postgres();
    }
    url
}

#[test]
fn rotate_postgres_alternates_logins_keeps_the_previous_one_until_finish_then_locks_it() {
    let Some(admin) = database() else { return };
    let role = Role::new(&admin);
    let env = rotation_env(&admin, &role);
    let run = env.run(&["rotate", "postgres", "DB", "--admin", "ADMIN"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for step in ["create done", "set done", "test done", "finish done"] {
        assert!(run.stderr.contains(step), "{step}: {}", run.stderr);
    }
    let alt = format!("{}_alt", role.name);
    let (user, password) = credential(&env, "DB");
    assert_eq!(user, alt);
    let (can_login, verifier) = role.stored(&alt);
    assert!(can_login);
    assert!(verifier_fits(&verifier.unwrap(), &password));
    // The overlap: the previous login still logs in with its old password.
    let (old_user, old_password) = credential(&env, "DB@previous");
    assert_eq!(
        (old_user.as_str(), old_password.as_str()),
        (role.name.as_str(), "initial-password")
    );
    let (can_login, verifier) = role.stored(&role.name);
    assert!(can_login && verifier_fits(&verifier.unwrap(), "initial-password"));

    env.ok(&["rotate", "postgres", "DB", "--admin", "ADMIN", "--finish"]);
    assert_eq!(role.stored(&role.name), (false, None));
    let audit = env.ok(&["audit"]);
    assert!(audit.contains("rotate-finish"), "{audit}");

    // The next rotation turns back to the first login and lets it log in again.
    env.ok(&["rotate", "postgres", "DB", "--admin", "ADMIN"]);
    let (user, password) = credential(&env, "DB");
    assert_eq!(user, role.name);
    let (can_login, verifier) = role.stored(&role.name);
    assert!(can_login && verifier_fits(&verifier.unwrap(), &password));
}

#[test]
fn rotate_postgres_single_changes_the_password_in_place_and_the_old_one_stops_fitting() {
    let Some(admin) = database() else { return };
    let role = Role::new(&admin);
    let env = rotation_env(&admin, &role);
    env.ok(&[
        "rotate",
        "postgres",
        "DB",
        "--admin",
        "ADMIN",
        "--strategy",
        "single",
    ]);
    let (user, password) = credential(&env, "DB");
    assert_eq!(user, role.name);
    assert_ne!(password, "initial-password");
    let (_, verifier) = role.stored(&role.name);
    let verifier = verifier.unwrap();
    assert!(verifier_fits(&verifier, &password));
    assert!(!verifier_fits(&verifier, "initial-password"));
    let err = env.fails(
        &["rotate", "postgres", "DB", "--admin", "ADMIN", "--finish"],
        7,
    );
    assert!(err.contains("same login"), "{err}");
}

#[test]
fn a_crash_after_any_step_resumes_and_the_vault_holds_the_password_the_database_has() {
    let Some(admin) = database() else { return };
    for step in ["staged", "create", "set", "test"] {
        let role = Role::new(&admin);
        let env = rotation_env(&admin, &role);
        let run = env.run_with(
            &["rotate", "postgres", "DB", "--admin", "ADMIN"],
            "",
            &[("SECRETSCLI_TEST_ABORT_AFTER", step)],
        );
        // Killed by SIGABRT: no exit code, like kill -9.
        assert_eq!(run.code, -1, "{step}: {}", run.stderr);
        // Nothing current changed yet; a second start is refused with the way out.
        assert_eq!(credential(&env, "DB").1, "initial-password", "{step}");
        let err = env.fails(&["rotate", "postgres", "DB", "--admin", "ADMIN"], 7);
        assert!(err.contains("rotate --resume"), "{step}: {err}");

        let run = env.run(&["rotate", "--resume"]);
        assert_eq!(run.code, 0, "{step}: {}", run.stderr);
        let (user, password) = credential(&env, "DB");
        assert_eq!(user, format!("{}_alt", role.name), "{step}");
        let (can_login, verifier) = role.stored(&user);
        assert!(can_login, "{step}");
        assert!(verifier_fits(&verifier.unwrap(), &password), "{step}");
        let again = env.run(&["rotate", "--resume"]);
        assert!(
            again.stderr.contains("nothing to resume"),
            "{}",
            again.stderr
        );
    }
}

#[test]
fn a_rotation_record_edited_to_aim_at_another_role_is_refused_as_damage() {
    let Some(admin) = database() else { return };
    let role = Role::new(&admin);
    let env = rotation_env(&admin, &role);
    let before = role.stored(&role.name);
    let run = env.run_with(
        &[
            "rotate",
            "postgres",
            "DB",
            "--admin",
            "ADMIN",
            "--strategy",
            "single",
        ],
        "",
        &[("SECRETSCLI_TEST_ABORT_AFTER", "staged")],
    );
    assert_eq!(run.code, -1, "{}", run.stderr);
    let victim = format!("{}_alt", role.name);
    sql(&admin, &format!("CREATE ROLE {victim} LOGIN"));
    env.sqlite()
        .execute(&format!("UPDATE rotations SET new_login = '{victim}'"), [])
        .unwrap();
    let err = env.fails(&["rotate", "--resume"], 6);
    assert!(err.contains("rotation record of DB"), "{err}");
    assert_eq!(role.stored(&victim), (true, None));
    assert_eq!(role.stored(&role.name), before);
}

/// A vault whose DB item is `role`'s login as a JSON object (no host: the admin's is used)
/// with a field of its own that must survive the rotation.
fn json_rotation_env(admin: &str, role: &Role) -> TestEnv {
    let env = TestEnv::unlocked();
    let login = serde_json::json!({
        "engine": "postgres",
        "username": role.name,
        "password": "initial-password",
    });
    env.set("DB", login.to_string());
    env.set("ADMIN", admin);
    env
}

/// The user and password of a JSON login item, and its `engine` field.
fn json_credential(env: &TestEnv, key: &str) -> (String, String, String) {
    let v: serde_json::Value = serde_json::from_slice(&env.get(key)).unwrap();
    let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    (field("username"), field("password"), field("engine"))
}

#[test]
fn a_json_login_rotates_in_its_own_form_and_resumes_after_a_crash() {
    let Some(admin) = database() else { return };
    let role = Role::new(&admin);
    let env = json_rotation_env(&admin, &role);
    let run = env.run_with(
        &["rotate", "postgres", "DB", "--admin", "ADMIN"],
        "",
        &[("SECRETSCLI_TEST_ABORT_AFTER", "set")],
    );
    assert_eq!(run.code, -1, "{}", run.stderr);
    assert_eq!(json_credential(&env, "DB").1, "initial-password");
    let run = env.run(&["rotate", "--resume"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let alt = format!("{}_alt", role.name);
    let (user, password, engine) = json_credential(&env, "DB");
    assert_eq!((user.as_str(), engine.as_str()), (alt.as_str(), "postgres"));
    let (can_login, verifier) = role.stored(&alt);
    assert!(can_login && verifier_fits(&verifier.unwrap(), &password));
    let (old_user, old_password, _) = json_credential(&env, "DB@previous");
    assert_eq!(
        (old_user.as_str(), old_password.as_str()),
        (role.name.as_str(), "initial-password")
    );
    env.ok(&["rotate", "postgres", "DB", "--admin", "ADMIN", "--finish"]);
    assert_eq!(role.stored(&role.name), (false, None));
}

#[test]
fn a_json_login_without_a_password_is_refused_without_touching_the_database() {
    let Some(admin) = database() else { return };
    let role = Role::new(&admin);
    let env = TestEnv::unlocked();
    env.set("DB", format!(r#"{{"username":"{}"}}"#, role.name));
    env.set("ADMIN", &admin);
    let err = env.fails(&["rotate", "postgres", "DB", "--admin", "ADMIN"], 8);
    assert!(
        err.contains("item DB does not hold a PostgreSQL login"),
        "{err}"
    );
    assert!(err.contains("no \"password\""), "{err}");
    assert!(err.contains("secretscli set DB"), "{err}");
    let again = env.run(&["rotate", "--resume"]);
    assert!(
        again.stderr.contains("nothing to resume"),
        "{}",
        again.stderr
    );
}
