//! What people see on a terminal and scripts never do: colour only on a TTY and never
//! with `--no-color`/`NO_COLOR`, `--verbose` error detail, progress bars only on a TTY.

use rexpect::session::spawn_command;

use crate::util::TestEnv;

const TIMEOUT_MS: Option<u64> = Some(30_000);

/// Everything `args` printed on a pseudo-terminal (stdout and stderr together).
fn on_tty(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> String {
    let mut cmd = env.tty_cmd(args);
    cmd.envs(vars.iter().copied());
    let mut p = spawn_command(cmd, TIMEOUT_MS).unwrap();
    p.exp_eof().unwrap()
}

#[test]
fn errors_are_coloured_only_on_a_terminal_and_never_when_asked_not_to() {
    let env = TestEnv::unlocked();
    let coloured = on_tty(&env, &["get", "NOPE"], &[]);
    assert!(coloured.contains("\x1b[1;31merror:"), "{coloured:?}");

    for (args, vars) in [
        (&["--no-color", "get", "NOPE"][..], &[][..]),
        (&["get", "NOPE", "--no-color"][..], &[][..]),
        (&["get", "NOPE"][..], &[("NO_COLOR", "1")][..]),
        // clap's own usage errors and help obey it too.
        (&["--no-color", "frobnicate"][..], &[][..]),
        (&["--no-color", "--help"][..], &[][..]),
        (&["frobnicate"][..], &[("NO_COLOR", "1")][..]),
    ] {
        let out = on_tty(&env, args, vars);
        assert!(
            !out.contains('\x1b'),
            "{args:?} {vars:?} printed colour: {out:?}"
        );
        assert!(out.contains("error") || out.contains("Usage"), "{out}");
    }

    let piped = env.run(&["get", "NOPE"]);
    assert!(!piped.stderr.contains('\x1b'), "{:?}", piped.stderr);
    assert!(piped.stderr.starts_with("error: "), "{}", piped.stderr);
}

#[test]
fn verbose_errors_list_causes_context_and_the_exit_code() {
    let env = TestEnv::unlocked();
    let quiet = env.fails(&["-e", "nope", "list"], 5);
    assert_eq!(quiet.lines().count(), 2, "{quiet}");
    let verbose = env.fails(&["-e", "nope", "list", "--verbose"], 5);
    assert!(
        verbose.starts_with("error: no environment named \"nope\""),
        "{verbose}"
    );
    assert!(
        verbose.contains("using: env nope (from command-line flag)"),
        "{verbose}"
    );
    assert!(verbose.contains("using: vault /"), "{verbose}");
    assert!(
        verbose.contains("exit code: 5, unknown project, environment, key or version"),
        "{verbose}"
    );
    env.ok(&["lock"]);
    let missing = env.path().join("missing");
    let verbose = env.fails(
        &[
            "-v",
            "get",
            "A",
            "--passphrase-file",
            missing.to_str().unwrap(),
        ],
        1,
    );
    assert!(verbose.contains("\ncaused by: No such file"), "{verbose}");
}

fn big_dotenv(env: &TestEnv, n: usize) -> std::path::PathBuf {
    let text: String = (0..n).map(|i| format!("KEY_{i}=value {i}\n")).collect();
    env.write("big.env", text)
}

#[test]
fn a_large_import_shows_progress_on_a_terminal_only() {
    let env = TestEnv::unlocked();
    let file = big_dotenv(&env, 3000);
    let path = file.to_str().unwrap();
    let piped = env.run(&["import", path]);
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert_eq!(
        piped.stderr.trim_end(),
        format!("{path} -> app/dev: 3000 created, 0 updated, 0 unchanged"),
        "a pipe got more than the summary"
    );

    // Again on a terminal: all 3000 compared and rewritten with new values.
    let file = env.write(
        "big.env",
        (0..3000)
            .map(|i| format!("KEY_{i}=new {i}\n"))
            .collect::<String>(),
    );
    // indicatif draws only for a real terminal type, as every terminal sets.
    let out = on_tty(
        &env,
        &["import", file.to_str().unwrap()],
        &[("TERM", "xterm")],
    );
    assert!(out.contains("/3,000 items"), "no progress bar: {out:?}");
    assert!(out.contains("0 created, 3000 updated"), "{out:?}");
}
