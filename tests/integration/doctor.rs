//! `secretscli doctor`: each check's verdict, its hint, the exit code, and that it never
//! changes the vault or needs the passphrase.

use crate::util::TestEnv;

fn report(env: &TestEnv, vars: &[(&str, &str)]) -> (i32, serde_json::Value) {
    let run = env.run_with(&["doctor", "--json"], "", vars);
    let json = serde_json::from_slice(&run.stdout)
        .unwrap_or_else(|e| panic!("doctor --json printed no JSON ({e}): {}", run.stdout()));
    (run.code, json)
}

fn check<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {json}"))
}

#[test]
fn a_healthy_locked_vault_passes_every_check() {
    let env = TestEnv::unlocked();
    env.set("DB_PASS", "x");
    env.ok(&["lock"]);
    let out = env.ok(&["doctor"]);
    for name in ["vault", "integrity", "audit", "key cache", "context"] {
        let line = out
            .lines()
            .find(|l| l.split("  ").any(|w| w.trim() == name))
            .unwrap_or_else(|| panic!("no {name} line in:\n{out}"));
        assert!(line.starts_with("ok "), "{line}");
    }
    assert!(out.contains("1 items in 1 project"), "{out}");
    assert!(out.contains("locked"), "{out}");
    assert!(!out.contains('\x1b'), "colour on a pipe: {out}");
    let (code, json) = report(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(json["ok"], true);
    assert_eq!(
        check(&json, "context")["message"],
        "project app, env dev (both from global config ".to_string()
            + &env
                .path()
                .join(".config/secretscli/config.toml")
                .display()
                .to_string()
            + ")"
    );
}

#[test]
fn an_unlocked_vault_says_until_when() {
    let env = TestEnv::unlocked();
    let (_, json) = report(&env, &[]);
    let msg = check(&json, "key cache")["message"].as_str().unwrap();
    assert!(
        msg.contains("unlocked until") && msg.contains("(agent)"),
        "{msg}"
    );
}

#[test]
fn a_missing_vault_fails_with_the_command_that_creates_one() {
    let env = TestEnv::new();
    let run = env.run(&["doctor"]);
    assert_eq!(run.code, 1);
    let out = run.stdout();
    assert!(out.contains("FAIL  vault"), "{out}");
    assert!(
        out.contains("hint: create one with `secretscli init`"),
        "{out}"
    );
    assert!(
        run.stderr.contains("doctor found 1 problem"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_project_or_env_in_the_context_is_named_with_a_suggestion() {
    let env = TestEnv::unlocked();
    let (code, json) = report(&env, &[("SECRETSCLI_PROJECT", "ap")]);
    assert_eq!(code, 1);
    assert_eq!(json["ok"], false);
    let c = check(&json, "context");
    assert_eq!(c["status"], "fail");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("SECRETSCLI_PROJECT"),
        "{c}"
    );
    assert!(
        c["hint"].as_str().unwrap().contains("did you mean \"app\""),
        "{c}"
    );

    let (code, json) = report(&env, &[("SECRETSCLI_ENV", "stagin")]);
    assert_eq!(code, 1);
    assert!(
        check(&json, "context")["message"]
            .as_str()
            .unwrap()
            .contains("stagin")
    );
}

#[test]
fn a_broken_audit_chain_fails_and_doctor_changes_nothing() {
    // Left unlocked: the chain is keyed, so doctor checks entry content with the cached
    // key (a locked doctor checks positions and links only).
    let env = TestEnv::unlocked();
    env.set("A", "1");
    env.sqlite()
        .execute(
            "UPDATE audit SET detail = 'edited' WHERE action = 'set'",
            [],
        )
        .unwrap();
    // Names, sizes and a hash of every file beside the vault (the -shm index aside).
    let files = |env: &TestEnv| -> Vec<(String, usize, u64)> {
        let dir = env.vault_path().parent().unwrap().to_path_buf();
        let mut all: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| !e.file_name().to_string_lossy().ends_with("-shm"))
            // A read-only SQLite reader may create an empty WAL; that changes no data.
            .filter(|e| {
                !(e.file_name().to_string_lossy().ends_with("-wal")
                    && e.metadata().unwrap().len() == 0)
            })
            .map(|e| {
                let bytes = std::fs::read(e.path()).unwrap();
                let mut h = std::hash::DefaultHasher::new();
                std::hash::Hash::hash(&bytes, &mut h);
                let name = e.file_name().to_string_lossy().into_owned();
                (name, bytes.len(), std::hash::Hasher::finish(&h))
            })
            .collect();
        all.sort();
        all
    };
    let before = files(&env);
    assert!(
        before
            .iter()
            .all(|(n, ..)| !n.starts_with(".vault.db.init")),
        "init left its staging files: {before:?}"
    );
    let (code, json) = report(&env, &[]);
    assert_eq!(code, 1);
    let audit = check(&json, "audit");
    assert_eq!(audit["status"], "fail");
    assert!(
        audit["message"].as_str().unwrap().contains("modified"),
        "{audit}"
    );
    assert_eq!(check(&json, "vault")["status"], "ok");
    assert_eq!(files(&env), before, "doctor wrote to the vault");
}

#[test]
fn a_bad_key_cache_setting_fails() {
    let env = TestEnv::unlocked();
    let (code, json) = report(&env, &[("SECRETSCLI_KEY_CACHE", "sometimes")]);
    assert_eq!(code, 1);
    let c = check(&json, "key cache");
    assert_eq!(c["status"], "fail");
    assert!(c["message"].as_str().unwrap().contains("sometimes"), "{c}");
}

#[test]
fn a_group_readable_vault_is_a_warning_not_a_failure() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::unlocked();
    std::fs::set_permissions(env.vault_path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, json) = report(&env, &[]);
    assert_eq!(code, 0);
    let c = check(&json, "permissions");
    assert_eq!(c["status"], "warn");
    assert!(
        c["hint"].as_str().unwrap().starts_with("run `chmod 600"),
        "{c}"
    );
}

// ---- sync servers -----------------------------------------------------------------------

use crate::sync::{Server, first_home};

/// A started server, or `None` (and a note) in a build without `secretscli server`.
fn server() -> Option<Server> {
    if Server::available() {
        Some(Server::start())
    } else {
        eprintln!("skipped: this build has no `secretscli server` subcommand");
        None
    }
}

/// Every check about `name` ("server", "token", "tls").
fn all<'a>(json: &'a serde_json::Value, name: &str) -> Vec<&'a serde_json::Value> {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["check"] == name)
        .collect()
}

#[test]
fn a_healthy_server_and_an_accepted_token_pass_and_a_locked_vault_only_warns() {
    let Some(server) = server() else { return };
    let home = first_home(&server);
    let (code, json) = report(&home, &[]);
    assert_eq!(code, 0, "{json}");
    let s = check(&json, "server");
    assert_eq!(s["status"], "ok", "{s}");
    assert_eq!(s["server"], server.url(), "{s}");
    let msg = s["message"].as_str().unwrap();
    assert!(msg.contains("database is ready"), "{msg}");
    assert!(msg.contains("context's server"), "{msg}");
    let t = check(&json, "token");
    assert_eq!(t["status"], "ok", "{t}");
    assert!(
        t["message"]
            .as_str()
            .unwrap()
            .contains("accepts this device's token"),
        "{t}"
    );
    // The shape the after_help documents, and no token anywhere in it.
    let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["check", "message", "server", "status"], "{t}");
    assert!(!json.to_string().contains("sct_"), "{json}");

    home.ok(&["lock"]);
    let (code, json) = report(&home, &[]);
    assert_eq!(code, 0, "a locked vault is no failure: {json}");
    let t = check(&json, "token");
    assert_eq!(t["status"], "warn", "{t}");
    assert!(t["message"].as_str().unwrap().contains("locked"), "{t}");
    assert!(
        t["hint"].as_str().unwrap().contains("secretscli unlock"),
        "{t}"
    );
    let text = home.ok(&["doctor"]);
    assert!(text.contains("ok    server"), "{text}");
}

#[test]
fn a_stopped_server_fails_quickly_with_a_hint_to_check_the_url() {
    let Some(mut server) = server() else { return };
    let home = first_home(&server);
    server.stop();
    let started = std::time::Instant::now();
    let (code, json) = report(&home, &[]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "doctor took {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{json}");
    assert_eq!(json["ok"], false);
    let s = check(&json, "server");
    assert_eq!(s["status"], "fail", "{s}");
    assert!(
        s["message"].as_str().unwrap().contains("unreachable"),
        "{s}"
    );
    assert!(
        s["hint"].as_str().unwrap().contains("context set --server"),
        "{s}"
    );
    assert_eq!(check(&json, "token")["status"], "warn", "{json}");
    let run = home.run(&["doctor"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout().contains("FAIL  server"), "{}", run.stdout());
    assert!(
        run.stderr.contains("doctor found 1 problem"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_revoked_token_fails_with_a_hint_to_log_in_again() {
    let Some(server) = server() else { return };
    let home = first_home(&server);
    // A vault backup from before `logout` holds the token logout revoked.
    let backup = home.path().join("vault-backup.db");
    home.sqlite()
        .execute("VACUUM INTO ?1", [backup.to_str().unwrap()])
        .unwrap();
    home.ok(&["logout"]);
    for suffix in ["-wal", "-shm"] {
        let mut p = home.vault_path().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    std::fs::copy(&backup, home.vault_path()).unwrap();
    let (code, json) = report(&home, &[]);
    assert_eq!(code, 1, "{json}");
    assert_eq!(check(&json, "server")["status"], "ok", "{json}");
    let t = check(&json, "token");
    assert_eq!(t["status"], "fail", "{t}");
    assert!(t["message"].as_str().unwrap().contains("refused"), "{t}");
    let hint = t["hint"].as_str().unwrap();
    assert!(
        hint.contains(&format!("secretscli login {} --token", server.url())),
        "{hint}"
    );
}

#[test]
fn a_context_server_without_a_login_is_named_and_probed() {
    let home = TestEnv::unlocked();
    let (code, json) = report(&home, &[]);
    assert_eq!(code, 0);
    assert!(
        check(&json, "server")["message"]
            .as_str()
            .unwrap()
            .contains("no sync server"),
        "{json}"
    );
    // Port 9 on loopback: nothing listens, the connection is refused at once.
    let (code, json) = report(&home, &[("SECRETSCLI_SERVER", "http://127.0.0.1:9")]);
    assert_eq!(code, 1, "{json}");
    let checks = all(&json, "server");
    assert_eq!(checks.len(), 2, "{json}");
    assert_eq!(checks[0]["status"], "warn");
    assert!(
        checks[0]["message"]
            .as_str()
            .unwrap()
            .contains("SECRETSCLI_SERVER"),
        "{json}"
    );
    assert!(
        checks[0]["hint"]
            .as_str()
            .unwrap()
            .contains("secretscli login http://127.0.0.1:9"),
        "{json}"
    );
    assert_eq!(checks[1]["status"], "fail");
    assert!(all(&json, "token").is_empty(), "{json}");
}

#[test]
fn plain_http_to_another_host_is_refused_and_gets_a_tls_warning() {
    let home = TestEnv::unlocked();
    let (code, json) = report(&home, &[("SECRETSCLI_SERVER", "http://sync.invalid:8484")]);
    assert_eq!(code, 1, "{json}");
    let refused = all(&json, "server")
        .into_iter()
        .find(|c| c["status"] == "fail")
        .unwrap_or_else(|| panic!("no failing server check: {json}"));
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("refusing plain http://"),
        "{refused}"
    );
    assert!(
        refused["hint"].as_str().unwrap().contains("https://"),
        "{refused}"
    );
    let tls = check(&json, "tls");
    assert_eq!(tls["status"], "warn", "{tls}");
    assert!(
        tls["hint"].as_str().unwrap().contains("--tls-cert"),
        "{tls}"
    );
}
