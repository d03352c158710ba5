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
fn a_value_printed_at_a_terminal_ends_its_line_and_a_pipe_gets_the_bytes_exactly() {
    let env = TestEnv::unlocked();
    env.set("NO_NEWLINE", "abc");
    env.set("OWN_NEWLINE", "xyz\n");
    // The terminal turns each "\n" into "\r\n".
    assert_eq!(on_tty(&env, &["get", "NO_NEWLINE"], &[]), "abc\r\n");
    assert_eq!(on_tty(&env, &["get", "OWN_NEWLINE"], &[]), "xyz\r\n");
    assert_eq!(env.get("NO_NEWLINE"), b"abc");
    assert_eq!(env.get("OWN_NEWLINE"), b"xyz\n");
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
    let text: String = (0..n).map(|i| format!("ITEM_{i}=value {i}\n")).collect();
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
            .map(|i| format!("ITEM_{i}=new {i}\n"))
            .collect::<String>(),
    );
    // indicatif draws only for a real terminal type, as every terminal sets.
    let out = on_tty(
        &env,
        &["import", file.to_str().unwrap()],
        &[("TERM", "xterm")],
    );
    // Progress is the bytes read (the item count is known only at the end).
    let size = std::fs::metadata(&file).unwrap().len().to_string();
    let grouped: Vec<&str> = size
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|chunk| std::str::from_utf8(chunk).unwrap())
        .collect();
    let total = format!("/{} bytes", grouped.join(","));
    assert!(out.contains(&total), "no progress bar: {out:?}");
    assert!(out.contains("0 created, 3000 updated"), "{out:?}");
}

/// Bar frames: indicatif redraws with `\r` and escape codes and counts with separators.
fn assert_no_bar(what: &str, stderr: &str) {
    for frame in ["\r", "\x1b", "/3,000", "items"] {
        assert!(
            !stderr.contains(frame),
            "{what} printed bar frames in a pipe ({frame:?}): {stderr:?}"
        );
    }
}

#[test]
fn large_push_pull_and_rotate_key_show_progress_on_a_terminal_only() {
    use crate::sync::{Server, first_home, second_home};
    if !Server::available() {
        eprintln!("skipped: this build has no `secretscli server` subcommand");
        return;
    }
    let server = Server::start();
    let a = first_home(&server);
    let tty = [("TERM", "xterm"), ("SECRETSCLI_RETRY_SECS", "2")];
    a.ok(&["import", big_dotenv(&a, 3000).to_str().unwrap()]);
    let out = on_tty(&a, &["push"], &tty);
    assert!(out.contains("sending"), "no push progress: {out:?}");
    assert!(out.contains("/3,000 items"), "no push progress: {out:?}");
    assert!(out.contains("3000 created"), "{out:?}");

    let b = second_home(&server, &a);
    let out = on_tty(&b, &["pull"], &tty);
    assert!(out.contains("/3,000 items"), "no pull progress: {out:?}");
    assert!(out.contains("3000 created"), "{out:?}");

    // The same work in a pipe: the summary, nothing else.
    let file = a.write(
        "big.env",
        (0..3000)
            .map(|i| format!("ITEM_{i}=new {i}\n"))
            .collect::<String>(),
    );
    a.ok(&["import", file.to_str().unwrap()]);
    let pushed = a.run(&["push"]);
    assert_eq!(pushed.code, 0, "{}", pushed.stderr);
    assert!(pushed.stderr.contains("3000 updated"), "{}", pushed.stderr);
    assert_no_bar("push", &pushed.stderr);
    let pulled = b.run(&["pull"]);
    assert_eq!(pulled.code, 0, "{}", pulled.stderr);
    assert!(pulled.stderr.contains("3000 updated"), "{}", pulled.stderr);
    assert_no_bar("pull", &pulled.stderr);

    // 6000 data keys (two versions of each item) rewrapped.
    let rotated = b.run(&["rotate-key", "--now"]);
    assert_eq!(rotated.code, 0, "{}", rotated.stderr);
    assert_eq!(
        rotated.stderr.trim_end(),
        "app/dev now uses key version 2; rewrapped 6000 data keys"
    );
    let out = on_tty(&a, &["rotate-key", "--now"], &tty);
    assert!(out.contains("rewrapping"), "no rotate progress: {out:?}");
    assert!(
        out.contains("/6,000 data keys"),
        "no rotate progress: {out:?}"
    );
}
