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
    let env = TestEnv::unlocked();
    env.set("A", "1");
    env.ok(&["lock"]);
    env.sqlite()
        .execute(
            "UPDATE audit SET names = '[\"B\"]' WHERE action = 'set'",
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
