//! `inject`: the child sees exactly the right variables, and nothing touches disk.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;

use crate::util::TestEnv;

/// The child's environment as reported by `env -0`.
fn child_env(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut all = vec!["inject"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--", "env", "-0"]);
    let mut cmd = env.cmd(&all);
    cmd.envs(vars.iter().copied());
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .split(|&b| b == 0)
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let kv = String::from_utf8(kv.to_vec()).unwrap();
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn parent_env(env: &TestEnv, vars: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut cmd = env.cmd(&[]);
    cmd.envs(vars.iter().copied());
    cmd.get_envs()
        .filter_map(|(k, v)| Some((k.to_str()?.to_string(), v?.to_str()?.to_string())))
        .collect()
}

#[test]
fn the_child_sees_exactly_the_parent_environment_plus_the_items() {
    let env = TestEnv::unlocked();
    env.set("DB_USER", "app");
    env.set("DB_PASS", "pa$word");
    env.set("multi", "line\none");
    let got = child_env(&env, &[], &[("EXTRA", "from parent")]);
    let mut want = parent_env(&env, &[("EXTRA", "from parent")]);
    want.insert("DB_USER".into(), "app".into());
    want.insert("DB_PASS".into(), "pa$word".into());
    want.insert("multi".into(), "line\none".into());
    assert_eq!(got, want);
}

#[test]
fn a_removed_item_is_not_injected_and_does_not_hide_the_parents() {
    let env = TestEnv::unlocked();
    env.set("SHARED", "from dev");
    env.set("GONE", "old");
    env.ok(&["rm", "GONE"]);
    env.ok(&["env", "create", "staging", "--inherits", "dev"]);
    env.ok_stdin(&["set", "SHARED", "-e", "staging"], "from staging");
    env.ok(&["rm", "SHARED", "-e", "staging"]);
    let dev = child_env(&env, &[], &[]);
    assert_eq!(dev.get("SHARED").map(String::as_str), Some("from dev"));
    assert!(!dev.contains_key("GONE"));
    let staging = child_env(&env, &["-e", "staging"], &[]);
    assert_eq!(staging.get("SHARED").map(String::as_str), Some("from dev"));
    assert!(!staging.contains_key("GONE"));
}

#[test]
fn references_expand_but_bare_dollars_and_literal_items_do_not() {
    let env = TestEnv::unlocked();
    let dotenv = "DB_USER=app\nDB_PASS=pa$word\nDATABASE_URL=\"postgres://${DB_USER}:${DB_PASS}@db/app\"\nRAW='${DB_USER} stays'\nFALLBACK=${NOPE:-dflt}\n";
    env.ok_stdin(&["import", "-"], dotenv);
    let got = child_env(&env, &[], &[]);
    assert_eq!(got["DATABASE_URL"], "postgres://app:pa$word@db/app");
    assert_eq!(got["RAW"], "${DB_USER} stays");
    assert_eq!(got["FALLBACK"], "dflt");
}

#[test]
fn an_unknown_reference_warns_and_strict_refuses() {
    let env = TestEnv::unlocked();
    env.set("URL", "http://${HOSTNAME_NOT_SET}/x");
    let run = env.run(&["inject", "--", "printenv", "URL"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout(), "http:///x\n");
    assert!(run.stderr.contains("HOSTNAME_NOT_SET"), "{}", run.stderr);
    let err = env.fails(&["inject", "--strict", "--", "true"], 8);
    assert!(
        err.contains("URL") && err.contains("HOSTNAME_NOT_SET"),
        "{err}"
    );
}

#[test]
fn a_reference_cycle_is_an_error_naming_the_items() {
    let env = TestEnv::unlocked();
    env.set("A", "${B}");
    env.set("B", "${A}");
    let err = env.fails(&["inject", "--", "true"], 8);
    assert!(err.contains("A -> B -> A"), "{err}");
}

#[test]
fn exit_codes_and_signal_deaths_are_the_childs_own() {
    let env = TestEnv::unlocked();
    for code in [0, 1, 42] {
        let run = env.run(&["inject", "--", "sh", "-c", &format!("exit {code}")]);
        assert_eq!(run.code, code);
    }
    let status = env
        .cmd(&["inject", "--", "sh", "-c", "kill -TERM $$"])
        .status()
        .unwrap();
    assert_eq!(status.signal(), Some(15));
    assert_eq!(env.run(&["inject", "--", "/nonexistent/cmd"]).code, 127);
}

#[test]
fn the_child_holds_no_descriptor_of_the_vault_and_the_vault_is_whole_after_any_exec() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    // inject leaves SQLite open for the exec to release: the child must not inherit it.
    let run = env.run(&["inject", "--", "sh", "-c", "ls -l /proc/$$/fd/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fds = run.stdout();
    let vault = env.vault_path().display().to_string();
    assert!(fds.contains(" -> "), "no descriptor listed: {fds}");
    assert!(
        !fds.contains(&vault),
        "the child holds the vault open:\n{fds}"
    );
    // After a successful and a failed exec alike, the next writer and reader find it whole.
    assert_eq!(env.run(&["inject", "--", "/nonexistent/cmd"]).code, 127);
    env.set("B", "2");
    assert_eq!(env.get("A"), b"1");
    assert_eq!(env.get("B"), b"2");
    env.ok(&["audit", "--verify"]);
}

#[test]
fn commands_are_found_on_path_like_a_shell_finds_them() {
    let env = TestEnv::unlocked();
    env.set("GREETING", "hello");
    let bin = env.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    // No `#!` line: the kernel refuses it (ENOEXEC) and, as with execvp, /bin/sh runs it.
    let script = bin.join("greet");
    std::fs::write(&script, "printf '%s %s' \"$GREETING\" \"$1\"\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(bin.join("not-executable"), "exit 0\n").unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let vars = [("PATH", path.as_str())];
    let run = env.run_with(&["inject", "--", "greet", "world"], "", &vars);
    assert_eq!(
        (run.code, run.stdout().as_str()),
        (0, "hello world"),
        "{}",
        run.stderr
    );
    let denied = env.run_with(&["inject", "--", "not-executable"], "", &vars);
    assert_eq!(denied.code, 126, "{}", denied.stderr);
    let missing = env.run_with(&["inject", "--", "no-such-command-anywhere"], "", &vars);
    assert_eq!(missing.code, 127, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("no-such-command-anywhere"),
        "{}",
        missing.stderr
    );
}

#[test]
fn dangerous_variables_are_refused_unless_allowed_by_name() {
    let env = TestEnv::unlocked();
    env.ok_stdin(
        &[
            "set",
            "LD_PRELOAD=/tmp/evil.so",
            "NODE_OPTIONS=--require evil",
            "SAFE=1",
        ],
        "",
    );
    let run = env.run(&["inject", "--", "env"]);
    assert!(!run.stdout().contains("LD_PRELOAD") && !run.stdout().contains("NODE_OPTIONS"));
    assert!(run.stdout().contains("SAFE=1"));
    assert!(
        run.stderr.contains("LD_PRELOAD") && run.stderr.contains("NODE_OPTIONS"),
        "{}",
        run.stderr
    );
    let got = child_env(&env, &["--allow-dangerous", "NODE_OPTIONS"], &[]);
    assert_eq!(got["NODE_OPTIONS"], "--require evil");
    assert!(!got.contains_key("LD_PRELOAD"));
}

#[test]
fn existing_variables_win_unless_override() {
    let env = TestEnv::unlocked();
    env.set("MODE", "vault");
    let run = env
        .cmd(&["inject", "--", "printenv", "MODE"])
        .env("MODE", "shell")
        .output()
        .unwrap();
    assert_eq!(run.stdout, b"shell\n");
    assert!(String::from_utf8_lossy(&run.stderr).contains("--override"));
    let got = child_env(&env, &["--override"], &[("MODE", "shell")]);
    assert_eq!(got["MODE"], "vault");
}

#[test]
fn only_prefix_and_name_transform_shape_the_names() {
    let env = TestEnv::unlocked();
    env.ok_stdin(
        &["import", "-", "--format", "json"],
        r#"{"database": {"host": "db", "port": 5432}, "other": "x"}"#,
    );
    let got = child_env(
        &env,
        &[
            "--only",
            "database.host,database.port",
            "--name-transform",
            "upper",
            "--prefix",
            "APP_",
        ],
        &[],
    );
    assert_eq!(got["APP_DATABASE_HOST"], "db");
    assert_eq!(got["APP_DATABASE_PORT"], "5432");
    assert!(
        !got.keys()
            .any(|k| k.contains("OTHER") || k.contains("other"))
    );
    let tf = child_env(
        &env,
        &["--name-transform", "tf-var", "--only", "other"],
        &[],
    );
    assert_eq!(tf["TF_VAR_other"], "x");
}

#[test]
fn shell_mode_starts_the_shell_with_the_variables_and_a_marker() {
    let env = TestEnv::unlocked();
    env.set("GREETING", "hello");
    env.set("not.an.identifier", "x");
    let run = env.run_with(
        &["inject", "--shell"],
        "echo \"$GREETING from $SECRETSCLI_SHELL\"\n",
        &[("SHELL", "/bin/sh")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout(), "hello from app/dev\n");
    assert!(run.stderr.contains("not.an.identifier"), "{}", run.stderr);
}

#[test]
fn a_locked_vault_fails_fast_without_a_terminal() {
    let env = TestEnv::new();
    env.init();
    let err = env.fails(&["inject", "--", "true"], 3);
    assert!(err.contains("secretscli unlock"), "{err}");
}

#[test]
fn every_inject_is_audited_with_names_and_command_but_no_values() {
    let env = TestEnv::unlocked();
    env.set("TOKEN", "audit-me-not-12345");
    env.ok(&["inject", "--", "true"]);
    let log = env.ok(&["audit", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&log).unwrap();
    let last = json.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "inject");
    assert_eq!(last["names"], serde_json::json!(["TOKEN"]));
    assert_eq!(last["detail"], "true");
    assert!(!log.contains("audit-me-not-12345"));
}

#[test]
fn no_file_under_home_or_tmp_holds_a_value_after_a_run() {
    let env = TestEnv::unlocked();
    let marker = "INJECTED-PLAINTEXT-5b9e27";
    env.set("TOKEN", marker);
    let started = std::time::SystemTime::now();
    for extra in [&[][..], &["--mask"][..]] {
        let mut args = vec!["inject"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--", "sh", "-c", "test -n \"$TOKEN\" && echo \"$TOKEN\""]);
        let run = env.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let mut hits = Vec::new();
    scan(env.path(), marker.as_bytes(), None, &mut hits);
    scan(
        std::path::Path::new("/tmp"),
        marker.as_bytes(),
        Some(started),
        &mut hits,
    );
    assert!(hits.is_empty(), "plaintext found in {hits:?}");
}

/// Collects files under `dir` containing `needle` (only those modified since `since`, if given).
fn scan(
    dir: &std::path::Path,
    needle: &[u8],
    since: Option<std::time::SystemTime>,
    hits: &mut Vec<std::path::PathBuf>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        let path = entry.path();
        if meta.is_dir() {
            scan(&path, needle, since, hits);
        } else if meta.is_file() && meta.len() < 64 << 20 {
            let recent = since.is_none_or(|t| meta.modified().is_ok_and(|m| m >= t));
            if recent
                && std::fs::read(&path).is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle))
            {
                hits.push(path);
            }
        }
    }
}
