//! Context resolution: flags > SECRETSCLI_* variables > nearest .secretscli.toml > global config.

use crate::util::TestEnv;

fn setup() -> TestEnv {
    let env = TestEnv::unlocked();
    for name in ["staging", "prod", "qa"] {
        env.ok(&["env", "create", name]);
    }
    env
}

fn show(
    env: &TestEnv,
    dir: &std::path::Path,
    vars: &[(&str, &str)],
    flags: &[&str],
) -> serde_json::Value {
    let mut args = vec!["context", "show", "--json"];
    args.extend_from_slice(flags);
    let mut cmd = env.cmd(&args);
    cmd.current_dir(dir);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn precedence_is_flag_then_variable_then_local_file_then_global() {
    let env = setup();
    env.ok(&["context", "set", "-e", "qa"]);
    let project_dir = env.path().join("work/app");
    let nested = project_dir.join("src/deep");
    std::fs::create_dir_all(&nested).unwrap();
    let out = env
        .cmd(&["context", "set", "--here", "-e", "staging"])
        .current_dir(&project_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let global = show(&env, env.path(), &[], &[]);
    assert_eq!(global["env"], "qa");
    assert!(
        global["env_source"]
            .as_str()
            .unwrap()
            .contains("global config")
    );

    let local = show(&env, &nested, &[], &[]);
    assert_eq!(local["env"], "staging");
    assert!(
        local["env_source"]
            .as_str()
            .unwrap()
            .ends_with("work/app/.secretscli.toml")
    );

    let var = show(&env, &nested, &[("SECRETSCLI_ENV", "prod")], &[]);
    assert_eq!(var["env"], "prod");
    assert_eq!(var["env_source"], "environment variable SECRETSCLI_ENV");

    let flag = show(&env, &nested, &[("SECRETSCLI_ENV", "prod")], &["-e", "dev"]);
    assert_eq!(flag["env"], "dev");
    assert_eq!(flag["env_source"], "command-line flag");
}

#[test]
fn commands_use_the_context_environment() {
    let env = setup();
    env.ok_stdin(&["set", "WHERE", "-e", "prod"], "in prod");
    env.ok(&["context", "set", "-e", "prod"]);
    assert_eq!(env.get("WHERE"), b"in prod");
    env.ok(&["context", "clear"]);
    env.fails(&["get", "WHERE"], 5);
}

#[test]
fn context_set_refuses_an_unknown_environment_with_a_suggestion() {
    let env = setup();
    let err = env.fails(&["context", "set", "-e", "prdo"], 5);
    assert!(err.contains("did you mean \"prod\""), "{err}");
}

#[test]
fn relative_paths_in_variables_are_refused() {
    let env = TestEnv::new();
    let out = env
        .cmd(&["status"])
        .env("SECRETSCLI_VAULT", "relative/vault.db")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("must be an absolute path"), "{stderr}");
    assert!(
        stderr.contains("hint: set SECRETSCLI_VAULT to an absolute path"),
        "{stderr}"
    );
}

#[test]
fn path_errors_say_where_the_path_came_from() {
    let env = TestEnv::unlocked();
    let vault = env.vault_path();
    let vault = vault.to_str().unwrap();
    // A variable left over from an earlier demo: init and open both name it.
    let out = env
        .cmd(&["init"])
        .env("SECRETSCLI_VAULT", vault)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("from $SECRETSCLI_VAULT"), "{stderr}");
    assert!(stderr.contains("unset SECRETSCLI_VAULT"), "{stderr}");
    let err = env.fails(&["init"], 7);
    assert!(err.contains("the path is the default"), "{err}");
    let missing = env.path().join("none.db");
    let err = env.fails(&["--vault", missing.to_str().unwrap(), "list"], 5);
    assert!(
        err.contains("no vault at") && err.contains("from --vault"),
        "{err}"
    );
    assert!(
        err.contains("hint: create one with `secretscli --vault"),
        "{err}"
    );
    // A relative passphrase file is read from the cwd, and the hint says so.
    let err = env.fails(&["--passphrase-file", "nope.txt", "passwd"], 1);
    assert!(err.contains("hint: the path is relative"), "{err}");
}

/// A command's help split at its "Global options:" heading: its own options, the global ones.
fn own_and_global_options(help: &str) -> (&str, &str) {
    help.split_once("Global options:")
        .expect("a Global options heading")
}

#[test]
fn help_puts_global_options_under_their_own_heading() {
    let env = TestEnv::new();
    let help = env.ok(&["push", "--help"]);
    let (own, global) = own_and_global_options(&help);
    assert!(
        own.contains("--dry-run") && !own.contains("--vault"),
        "{help}"
    );
    assert!(
        global.contains("--vault") && global.contains("--env"),
        "{help}"
    );
    assert!(!help.contains("diff takes two"), "{help}");
}

#[test]
fn server_help_lists_only_the_global_options_a_server_obeys() {
    let env = TestEnv::new();
    let help = env.ok(&["server", "--help"]);
    let (own, global) = own_and_global_options(&help);
    assert!(own.contains("--listen") && own.contains("--data"), "{help}");
    assert!(
        global.contains("--no-color") && global.contains("--verbose"),
        "{help}"
    );
    // The server has no vault: flags that pick one would be silently ignored.
    for ignored in ["--vault", "--passphrase-file", "--project", "--env"] {
        assert!(
            !help.contains(ignored),
            "server --help lists {ignored}:\n{help}"
        );
    }
}

#[test]
fn the_inject_man_page_carries_references_blocked_variables_masking_and_watch() {
    let env = TestEnv::new();
    let dir = env.path().join("man");
    env.ok(&["man", "--dir", dir.to_str().unwrap()]);
    let page = std::fs::read_to_string(dir.join("secretscli-inject.1")).unwrap();
    for needle in [
        "NAME:\\-default",
        "LD_*",
        "NODE_OPTIONS",
        "GLIBC_TUNABLES",
        "concealed by secretscli",
        "SIGKILL",
        "\\-\\-grace",
    ] {
        assert!(
            page.contains(needle),
            "no {needle:?} in the man page:\n{page}"
        );
    }
    let help = env.ok(&["inject", "--help"]);
    assert!(help.contains("Blocked variables"), "{help}");
}

#[test]
fn errors_that_had_no_hint_have_one() {
    let env = TestEnv::unlocked();
    let err = env.fails(&["env", "create", "dev"], 7);
    assert!(err.contains("hint: use it as it is"), "{err}");
    env.ok(&["env", "create", "staging", "--inherits", "dev"]);
    let err = env.fails(&["env", "inherit", "dev", "staging"], 7);
    assert!(
        err.contains("cycle") && err.contains("hint: pick a base"),
        "{err}"
    );
    let err = env.fails(&["set", "bad name=1"], 8);
    assert!(err.contains("hint: rename it"), "{err}");
    let err = env.fails(&["inject", "npm", "start"], 2);
    assert!(
        err.contains("hint: put the command after `--`: `secretscli inject -- npm start`"),
        "{err}"
    );
}

#[test]
fn init_with_vault_suggests_next_commands_with_that_vault() {
    let env = TestEnv::new();
    let vault = env.path().join("other.db");
    let vault = vault.to_str().unwrap();
    let run = env.run_stdin(
        &[
            "--vault",
            vault,
            "init",
            "--kdf-memory",
            "8",
            "--kdf-iterations",
            "1",
        ],
        crate::util::PASS,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("`secretscli --vault {vault} unlock`")),
        "{}",
        run.stderr
    );
}
