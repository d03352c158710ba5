//! inject's supervised mode (`--mask`, `--watch`): masking, restarts, signals, exit codes.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use rexpect::session::spawn_command;

use crate::util::TestEnv;

/// Waits until `path` holds at least `lines` lines (a condition, bounded by 20 s).
fn wait_lines(path: &Path, lines: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let got: Vec<String> = text.lines().map(String::from).collect();
        if got.len() >= lines {
            return got;
        }
        assert!(
            Instant::now() < deadline,
            "waited 20 s for {lines} lines in {}, have {got:?}",
            path.display()
        );
        std::thread::yield_now();
    }
}

fn watch(env: &TestEnv, script: &str, extra: &[&str]) -> Child {
    let mut args = vec!["inject", "--watch", "--grace", "300ms"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--", "sh", "-c", script]);
    env.cmd(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn kill(child: &Child, signal: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, signal).unwrap();
}

#[test]
fn masking_catches_a_secret_split_across_two_writes() {
    let env = TestEnv::unlocked();
    env.set("TOKEN", "abcd-secret-efgh");
    env.ok_stdin(&["set", "PORT", "--config"], "8080-config-value");
    let run = env.run(&[
        "inject",
        "--mask",
        "--",
        "sh",
        "-c",
        "printf 'x abcd-sec'; printf 'ret-efgh y\\n'; echo \"$PORT\" >&2",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout(), "x <concealed by secretscli> y\n");
    assert!(
        run.stderr.contains("8080-config-value"),
        "config items are not masked: {}",
        run.stderr
    );
}

#[test]
fn masking_is_on_by_default_in_ci_and_off_with_no_mask() {
    let env = TestEnv::unlocked();
    env.set("TOKEN", "ci-secret-value");
    let in_ci = env
        .cmd(&["inject", "--", "printenv", "TOKEN"])
        .env("CI", "true")
        .output()
        .unwrap();
    assert_eq!(in_ci.stdout, b"<concealed by secretscli>\n");
    let off = env
        .cmd(&["inject", "--no-mask", "--", "printenv", "TOKEN"])
        .env("CI", "true")
        .output()
        .unwrap();
    assert_eq!(off.stdout, b"ci-secret-value\n");
}

#[test]
fn supervised_exit_codes_are_the_childs_or_128_plus_signal() {
    let env = TestEnv::unlocked();
    env.set("TOKEN", "some-secret");
    for (script, code) in [
        ("exit 0", 0),
        ("exit 42", 42),
        ("kill -9 $$", 137),
        ("kill -TERM $$", 143),
    ] {
        assert_eq!(
            env.run(&["inject", "--mask", "--", "sh", "-c", script])
                .code,
            code,
            "{script}"
        );
    }
}

#[test]
fn a_closed_output_pipe_ends_a_masked_run() {
    let env = TestEnv::unlocked();
    env.set("TOKEN", "some-secret");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' inject --mask -- yes | head -1",
            env!("CARGO_BIN_EXE_secretscli")
        ))
        .envs(
            env.cmd(&[])
                .get_envs()
                .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned()))),
        )
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"y\n");
}

#[test]
fn watch_restarts_on_a_change_to_a_used_item_and_not_on_unrelated_writes() {
    let env = TestEnv::unlocked();
    env.set("VALUE", "one");
    env.ok(&["env", "create", "other"]);
    let log = env.path().join("starts.log");
    let script = format!("echo \"$VALUE\" >> '{}'; exec sleep 60", log.display());
    let child = watch(&env, &script, &[]);
    assert_eq!(wait_lines(&log, 1), ["one"]);

    env.ok_stdin(&["set", "UNRELATED", "-e", "other"], "x");
    env.ok(&["list"]);
    env.get("VALUE");
    let changed_at = Instant::now();
    env.set("VALUE", "two");
    let lines = wait_lines(&log, 2);
    eprintln!(
        "restart seen {} ms after `set` returned",
        changed_at.elapsed().as_millis()
    );
    assert_eq!(lines, ["one", "two"]);

    kill(&child, rustix::process::Signal::TERM);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("VALUE changed"), "{stderr}");
    assert!(
        !stderr.contains("two") && !stderr.contains("one"),
        "values leaked: {stderr}"
    );
    assert_eq!(std::fs::read_to_string(&log).unwrap().lines().count(), 2);
}

#[test]
fn sigterm_to_secretscli_in_watch_mode_reaches_the_child() {
    let env = TestEnv::unlocked();
    env.set("VALUE", "v");
    let log = env.path().join("term.log");
    let script = format!(
        "trap 'echo got-TERM >> \"{0}\"; exit 7' TERM; echo up >> '{0}'; while :; do sleep 1; done",
        log.display()
    );
    let child = watch(&env, &script, &[]);
    wait_lines(&log, 1);
    kill(&child, rustix::process::Signal::TERM);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(7),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(wait_lines(&log, 2), ["up", "got-TERM"]);
}

#[test]
fn a_child_ignoring_sigterm_is_killed_after_the_grace_period_on_restart() {
    let env = TestEnv::unlocked();
    env.set("VALUE", "stubborn");
    let log = env.path().join("grace.log");
    let script = format!(
        "if [ \"$VALUE\" = stubborn ]; then trap '' TERM; fi; echo \"$VALUE\" >> '{}'; exec sleep 60",
        log.display()
    );
    let child = watch(&env, &script, &[]);
    wait_lines(&log, 1);
    env.set("VALUE", "polite");
    assert_eq!(wait_lines(&log, 2), ["stubborn", "polite"]);
    kill(&child, rustix::process::Signal::TERM);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ignored SIGTERM") && stderr.contains("killed"),
        "{stderr}"
    );
}

#[test]
fn ctrl_c_on_a_terminal_reaches_a_supervised_child_once() {
    let env = TestEnv::unlocked();
    env.set("TOKEN", "some-secret");
    let script = "trap 'echo INT-received; exit 5' INT; echo ready; while :; do sleep 1; done";
    // A suite run as a background job of a script starts with SIGINT ignored; inject keeps
    // an ignored signal ignored for its child, and sh cannot trap a signal ignored on
    // entry. So the terminal session starts with SIGINT at its default, as at a prompt.
    let cmd = env.tty_cmd_under(
        &["env", "--default-signal=INT"],
        &["inject", "--mask", "--", "sh", "-c", script],
    );
    let mut p = spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_string("ready").unwrap();
    p.send_control('c').unwrap();
    let rest = p.exp_eof().unwrap();
    assert_eq!(rest.matches("INT-received").count(), 1, "{rest}");
}

#[test]
fn on_change_with_a_signal_the_process_ignores_warns_that_the_command_inherits_it() {
    let env = TestEnv::unlocked();
    env.set("VALUE", "one");
    let bin = env!("CARGO_BIN_EXE_secretscli");
    let run = |signal: &str| {
        env.program("nohup")
            .args([bin, "inject", "--watch", "--on-change", signal, "--"])
            .args(["sh", "-c", "exit 3"])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };

    let hup = run("signal:HUP");
    let usr1 = run("signal:USR1");

    assert_eq!(hup.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&hup.stderr);
    assert!(
        stderr.contains("signal 1, which this process ignores (started under nohup?)")
            && stderr.contains("signal:USR1"),
        "{stderr}"
    );
    assert_eq!(usr1.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&usr1.stderr);
    assert!(!stderr.contains("ignores"), "{stderr}");
}
